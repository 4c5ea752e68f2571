/**
 * What the browser suites of the dashboard share (test/webview/dashboard-ui.test.ts,
 * test/faults/hostile-fleet.test.ts): the webview bundle built into a private folder, its
 * static files served safely, and Debian's Chromium launched the way this machine allows.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The same options as scripts/build.mjs's webview target, into `assetsDir` (other suites may
 * rebuild dist/ at the same time), plus the codicon font the page loads.
 */
export async function buildWebviewAssets(assetsDir: string): Promise<void> {
    await esbuild.build({
        entryPoints: { webview: 'extension/webview/main.ts' },
        outdir: assetsDir,
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        loader: { '.css': 'text' },
        minify: true,
        logLevel: 'warning',
    });
    await mkdir(join(assetsDir, 'codicons'));
    for (const file of ['codicon.css', 'codicon.ttf'])
        await copyFile(join('node_modules/@vscode/codicons/dist', file), join(assetsDir, 'codicons', file));
}

const CONTENT_TYPES: Readonly<Record<string, string>> = { js: 'text/javascript', css: 'text/css', ttf: 'font/ttf' };

/** Answers a request for a file of `assetsDir` (no `..`, no odd characters), 404 otherwise. */
export async function serveWebviewAsset(res: ServerResponse, assetsDir: string, pathname: string): Promise<void> {
    const file = pathname.replace(/^\/+/, '');
    if (!/^[\w/.-]+$/.test(file) || file.includes('..')) {
        res.writeHead(404).end();
        return;
    }
    try {
        const body = await readFile(join(assetsDir, file));
        res.writeHead(200, {
            'content-type': CONTENT_TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream',
        }).end(body);
    } catch {
        res.writeHead(404).end();
    }
}

/** Headless Chromium with the flags this closed network needs (no background connections). */
export function launchTestChromium(profileDir: string): Promise<BrowserContext> {
    return chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
        ],
        viewport: { width: 1280, height: 900 },
    });
}
