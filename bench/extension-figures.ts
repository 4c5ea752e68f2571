/**
 * Extension figures for the bench table:
 * - bundle sizes: the extension host code and the webview as users download them — built here
 *   with the settings of `node scripts/build.mjs --production` (minified, no sourcemaps) into
 *   bench/.out, so the shared dist/ others rebuild is never touched; plus the codicon files
 *   the build copies into dist/webview. Raw and gzip bytes.
 * - activation time and dashboard first render (2,000-Actor report): measured in the real
 *   VS Code test host, not here. TODO(extension-host harness): write
 *   test-results/extension-metrics.json as {"activationMs": n, "firstRenderMs": n,
 *   "reportActors": 2000}; this reads it when present and says "not measured" otherwise.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { z } from 'zod';

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(__dirname, '.out', 'bundles');
export const EXTENSION_METRICS_PATH = join(ROOT, 'test-results', 'extension-metrics.json');
/** The same path as results and notes print it: relative to the repository, never this machine's. */
const EXTENSION_METRICS_LABEL = 'test-results/extension-metrics.json';

export interface BundleSize {
    file: string;
    bytes: number;
    gzipBytes: number;
}

export interface ExtensionFigures {
    bundles: BundleSize[];
    /** null = the entry point does not exist yet. */
    extensionHostBytes: number | null;
    webviewBytes: number | null;
    activationMs: number | null;
    firstRenderMs: number | null;
    firstRenderActors: number | null;
    /** Where the activation/first-render figures came from, or why they are missing. */
    hostMetricsNote: string;
}

const extensionMetricsSchema = z
    .object({
        activationMs: z.number().nonnegative(),
        firstRenderMs: z.number().nonnegative(),
        reportActors: z.number().int().positive().optional(),
    })
    .passthrough();

async function sizeOf(path: string, label: string): Promise<BundleSize> {
    const content = await readFile(path);
    return { file: label, bytes: content.byteLength, gzipBytes: gzipSync(content).byteLength };
}

async function buildProduction(entry: string, outfile: string, platform: 'node' | 'browser'): Promise<void> {
    await build({
        entryPoints: [join(ROOT, entry)],
        outfile,
        bundle: true,
        minify: true,
        sourcemap: false,
        logLevel: 'warning',
        ...(platform === 'node'
            ? { platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] }
            : { platform: 'browser', format: 'iife', target: 'es2022', loader: { '.css': 'text' } }),
    });
}

export async function measureExtensionFigures(): Promise<ExtensionFigures> {
    const bundles: BundleSize[] = [];
    let extensionHostBytes: number | null = null;
    let webviewBytes: number | null = null;
    if (existsSync(join(ROOT, 'extension/extension.ts'))) {
        const out = join(OUT_DIR, 'extension.js');
        await buildProduction('extension/extension.ts', out, 'node');
        const size = await sizeOf(out, 'dist/extension/extension.js');
        bundles.push(size);
        extensionHostBytes = size.bytes;
    }
    if (existsSync(join(ROOT, 'extension/webview/main.ts'))) {
        const out = join(OUT_DIR, 'webview.js');
        await buildProduction('extension/webview/main.ts', out, 'browser');
        const size = await sizeOf(out, 'dist/webview/webview.js');
        bundles.push(size);
        webviewBytes = size.bytes;
        for (const file of ['codicon.css', 'codicon.ttf']) {
            const source = join(ROOT, 'node_modules/@vscode/codicons/dist', file);
            if (!existsSync(source)) continue;
            const codicon = await sizeOf(source, `dist/webview/codicons/${file}`);
            bundles.push(codicon);
            webviewBytes += codicon.bytes;
        }
    }

    let activationMs: number | null = null;
    let firstRenderMs: number | null = null;
    let firstRenderActors: number | null = null;
    let hostMetricsNote = `not measured: ${EXTENSION_METRICS_LABEL} is absent (the VS Code test host writes it)`;
    if (existsSync(EXTENSION_METRICS_PATH)) {
        const parsed = extensionMetricsSchema.safeParse(JSON.parse(await readFile(EXTENSION_METRICS_PATH, 'utf8')));
        if (parsed.success) {
            activationMs = parsed.data.activationMs;
            firstRenderMs = parsed.data.firstRenderMs;
            firstRenderActors = parsed.data.reportActors ?? null;
            hostMetricsNote = `from ${EXTENSION_METRICS_LABEL} (written ${(await stat(EXTENSION_METRICS_PATH)).mtime.toISOString()})`;
        } else {
            hostMetricsNote = `not measured: ${EXTENSION_METRICS_LABEL} does not match {activationMs, firstRenderMs, reportActors?}`;
        }
    }
    return {
        bundles,
        extensionHostBytes,
        webviewBytes,
        activationMs,
        firstRenderMs,
        firstRenderActors,
        hostMetricsNote,
    };
}
