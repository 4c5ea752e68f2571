#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron would download (these machines
// cannot download it). test-cli's `useInstallation.fromPath` points here, so this script accepts
// the desktop executable's flags and runs the same extension tests in code-server (VS Code 1.100.3
// server + a real Node extension host) whose web workbench is driven by headless Chromium.
// See test/extension-host/README.md for why and how.
//
// Flags understood: --extensionTestsPath=P, --extensionDevelopmentPath=P (repeatable),
// --disable-extensions, [folder]. --user-data-dir and --extensions-dir are ignored on purpose:
// test-cli always passes shared defaults under .vscode-test/, and every run gets fresh ones so
// SecretStorage, globalState, caches and installed .vsix files never leak between runs or
// between parallel runs. Other flags (--no-sandbox, --skip-welcome, ...) are desktop-only.
//
// Env: FLEET_TEST_HOST_EXTENSIONS_DIR (use this extensions folder instead of a fresh one, e.g.
// one a .vsix was installed into with `code-server --install-extension`),
// FLEET_TEST_HOST_TIMEOUT_MS (hard limit for the whole run, default 10 min),
// FLEET_TEST_HOST_DIR (install folder, default <repo>/.cache/test-host),
// FLEET_TEST_HOST_VERBOSE=1 (stream code-server's and the page's own logs),
// FLEET_TEST_HOST_WORKSPACE_TRUST=1 (workspace trust on: the folder opens untrusted, in
// Restricted Mode; default off, i.e. every folder is trusted),
// CHROMIUM_PATH (default /usr/bin/chromium). Every other variable (e.g. FLEET_EMULATOR_URL)
// is passed to code-server, whose extension host inherits it.
//
// UI probe: tests run in the extension host and cannot see the workbench's DOM, so the launcher
// serves a small HTTP endpoint on 127.0.0.1 (URL in FLEET_TEST_UI_PROBE_URL, which the extension
// host inherits) that searches every frame of the page for an element: see ui-probe.mjs.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { startUiProbe } from './ui-probe.mjs';

const CODE_SERVER_VERSION = '4.100.3';
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const HEALTH_TIMEOUT_MS = 60_000;
const HOST = '127.0.0.1'; // must equal the authority in the payload URIs exactly

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const installDir = join(
    process.env.FLEET_TEST_HOST_DIR ?? join(repoRoot, '.cache/test-host'),
    `code-server-${CODE_SERVER_VERSION}`,
);
const entryJs = join(installDir, 'node_modules/code-server/out/node/entry.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const verbose = process.env.FLEET_TEST_HOST_VERBOSE === '1';
const timeoutMs = Number(process.env.FLEET_TEST_HOST_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    console.error(
        `[test-host] FLEET_TEST_HOST_TIMEOUT_MS must be a positive number of milliseconds, got "${process.env.FLEET_TEST_HOST_TIMEOUT_MS}"`,
    );
    process.exit(2);
}

const isWorkspaceTrustOn = process.env.FLEET_TEST_HOST_WORKSPACE_TRUST === '1';

const WORKBENCH_SETTINGS = {
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': isWorkspaceTrustOn,
    // Restricted Mode without the startup dialog: the tests run behind the workbench either way.
    'security.workspace.trust.startupPrompt': 'never',
};

const log = (...args) => console.error('[test-host]', ...args);

/** Parses the subset of the desktop executable's command line that matters in a browser host. */
function parseArgs(argv) {
    const parsed = {
        extensionDevelopmentPaths: [],
        extensionTestsPath: undefined,
        disableExtensions: false,
        folder: undefined,
    };
    for (const arg of argv) {
        const [flag, ...rest] = arg.split('=');
        const value = rest.join('=');
        if (flag === '--extensionDevelopmentPath') parsed.extensionDevelopmentPaths.push(resolve(value));
        else if (flag === '--extensionTestsPath') parsed.extensionTestsPath = resolve(value);
        else if (flag === '--disable-extensions') parsed.disableExtensions = true;
        else if (!arg.startsWith('-')) parsed.folder = resolve(arg);
        // Everything else is a desktop/Electron flag with no meaning here.
    }
    return parsed;
}

/** The environment for code-server: ours, minus variables that would make it act as a CLI of another VS Code. */
function serverEnv(tempDir) {
    const env = { ...process.env };
    for (const key of Object.keys(env)) {
        // VSCODE_IPC_HOOK_CLI (set in VS Code's terminal) makes code-server hand the folder to that
        // window instead of serving; keep only test-cli's options.
        if ((key.startsWith('VSCODE_') && key !== 'VSCODE_TEST_OPTIONS') || key === 'ELECTRON_RUN_AS_NODE')
            delete env[key];
    }
    // Without these code-server writes its config and logs into the home folder, and parallel
    // instances share the "last opened" folder.
    env.XDG_DATA_HOME = join(tempDir, 'xdg-data');
    env.XDG_CONFIG_HOME = join(tempDir, 'xdg-config');
    env.XDG_CACHE_HOME = join(tempDir, 'xdg-cache');
    // code-server defaults to the open-vsx gallery; offline that only yields ENOTFOUND noise.
    // An empty service URL disables the gallery (tests install extensions from .vsix files).
    env.EXTENSIONS_GALLERY ??= JSON.stringify({ serviceUrl: '' });
    return env;
}

const remoteUri = (port, absPath) => `vscode-remote://${HOST}:${port}${pathToFileURL(absPath).pathname}`;

async function waitForHealth(port, serverExited) {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    while (Date.now() < deadline) {
        if (serverExited()) throw new Error('code-server exited before it became healthy');
        try {
            const response = await fetch(`http://${HOST}:${port}/healthz`);
            if (response.ok) return;
        } catch {
            /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`code-server did not answer /healthz within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    if (!args.extensionTestsPath)
        throw new Error('--extensionTestsPath=<path> is required (this launcher only runs extension tests)');
    if (!existsSync(entryJs))
        throw new Error(
            `code-server ${CODE_SERVER_VERSION} is not installed at ${installDir}; run: bash scripts/install-test-host.sh`,
        );
    if (!existsSync(chromiumPath))
        throw new Error(
            `Chromium not found at ${chromiumPath}; run: bash scripts/install-test-host.sh (or set CHROMIUM_PATH)`,
        );

    const tempDir = mkdtempSync(join(tmpdir(), 'fleet-test-host-'));
    const cleanups = [];
    // One shutdown, whoever asks first (tests done, timeout, signal, error): its exit code wins,
    // and later callers wait for the same cleanup instead of exiting half-way through it.
    let shutdown;
    const finish = (code) => {
        shutdown ??= (async () => {
            while (cleanups.length > 0) {
                try {
                    await cleanups.pop()();
                } catch (error) {
                    log('cleanup step failed:', error?.message ?? error);
                }
            }
            rmSync(tempDir, { recursive: true, force: true });
            process.exit(code);
        })();
        return shutdown;
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
        process.on(signal, () => {
            log(`received ${signal}, stopping`);
            void finish(130);
        });
    const hardTimer = setTimeout(() => {
        log(`timed out after ${timeoutMs / 1000} s (FLEET_TEST_HOST_TIMEOUT_MS); stopping`);
        void finish(124);
    }, timeoutMs);
    hardTimer.unref();

    try {
        const userDataDir = join(tempDir, 'user-data');
        const extensionsDir = process.env.FLEET_TEST_HOST_EXTENSIONS_DIR
            ? resolve(process.env.FLEET_TEST_HOST_EXTENSIONS_DIR)
            : join(tempDir, 'extensions');
        const configPath = join(tempDir, 'config.yaml');
        mkdirSync(extensionsDir, { recursive: true });
        // Offline and quiet: no gallery queries, update checks, recommendations or welcome pages.
        mkdirSync(join(userDataDir, 'User'), { recursive: true });
        writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(WORKBENCH_SETTINGS, null, 2));
        writeFileSync(configPath, 'auth: none\ncert: false\n');

        // Port 0: code-server binds a free port and prints it; no race with a pre-picked port.
        const serverArgs = [
            entryJs,
            '--auth',
            'none',
            '--bind-addr',
            `${HOST}:0`,
            '--disable-telemetry',
            '--disable-update-check',
            ...(isWorkspaceTrustOn ? [] : ['--disable-workspace-trust']),
            '--disable-getting-started-override',
            '--ignore-last-opened',
            '--user-data-dir',
            userDataDir,
            '--extensions-dir',
            extensionsDir,
            '--config',
            configPath,
        ];
        let resolvePage;
        const pageReady = new Promise((r) => {
            resolvePage = r;
        });
        const probe = await startUiProbe({ pageReady, screenshotDir: join(repoRoot, 'test-results', 'screenshots') });
        cleanups.push(() => probe.close());
        const env = { ...serverEnv(tempDir), FLEET_TEST_UI_PROBE_URL: probe.url };
        const serverLogPath = join(tempDir, 'code-server.log');
        const serverLog = createWriteStream(serverLogPath);
        const server = spawn(process.execPath, serverArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let serverExitCode = null;
        let stoppingServer = false;
        server.on('exit', (code, signal) => {
            serverExitCode = code ?? signal;
        });
        // Last line of defence (e.g. a timeout while a cleanup step is still being registered):
        // never leave a server group behind. Playwright does the same for its browser.
        process.on('exit', () => {
            if (serverExitCode === null)
                try {
                    process.kill(-server.pid, 'SIGKILL');
                } catch {
                    /* gone */
                }
        });
        cleanups.push(async () => {
            if (serverExitCode !== null) return;
            stoppingServer = true;
            // Own process group: the extension host, file watcher and pty host die with it.
            try {
                process.kill(-server.pid, 'SIGTERM');
            } catch {
                return;
            }
            const exited = new Promise((r) => server.once('exit', r));
            const killTimer = setTimeout(() => {
                try {
                    process.kill(-server.pid, 'SIGKILL');
                } catch {
                    /* gone */
                }
            }, 3000);
            await exited;
            clearTimeout(killTimer);
        });
        const port = await new Promise((resolvePort, reject) => {
            let buffered = '';
            const onData = (chunk) => {
                serverLog.write(chunk);
                if (verbose) process.stderr.write(chunk);
                buffered += chunk.toString();
                const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(buffered);
                if (match) resolvePort(Number(match[1]));
            };
            server.stdout.on('data', onData);
            server.stderr.on('data', onData);
            server.once('exit', () =>
                reject(new Error(`code-server exited (${serverExitCode}) before listening; its log:\n${buffered}`)),
            );
        });
        await waitForHealth(port, () => serverExitCode !== null);

        const payload = [
            ...args.extensionDevelopmentPaths.map((p) => ['extensionDevelopmentPath', remoteUri(port, p)]),
            ['extensionTestsPath', remoteUri(port, args.extensionTestsPath)],
            ['skipWelcome', 'true'],
            ['skipReleaseNotes', 'true'],
            // code-server rejects the flag itself; the web workbench takes it from the payload.
            ...(args.disableExtensions ? [['disableExtensions', 'true']] : []),
        ];
        const url = new URL(`http://${HOST}:${port}/`);
        // A .code-workspace file opens as a (multi-root) workspace, anything else as a folder.
        if (args.folder?.endsWith('.code-workspace')) url.searchParams.set('workspace', args.folder);
        else if (args.folder) url.searchParams.set('folder', args.folder);
        else url.searchParams.set('ew', 'true'); // empty window
        url.searchParams.set('payload', JSON.stringify(payload));

        const { chromium } = await import('playwright-core');
        const context = await chromium.launchPersistentContext(join(tempDir, 'chromium-profile'), {
            executablePath: chromiumPath,
            headless: true,
            args: [
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
            ],
            viewport: { width: 1600, height: 1000 },
            // Our own signal handlers stop everything in order and remove the temp dir.
            handleSIGINT: false,
            handleSIGTERM: false,
            handleSIGHUP: false,
        });
        cleanups.push(() => context.close());
        const page = context.pages()[0] ?? (await context.newPage());

        let resolveExit;
        const exitCode = new Promise((r) => {
            resolveExit = r;
        });
        page.on('crash', () => {
            log('the workbench page crashed');
            resolveExit(1);
        });
        server.once('exit', () => {
            if (!stoppingServer) {
                log(`code-server exited unexpectedly (${serverExitCode})`);
                resolveExit(1);
            }
        });
        // The workbench calls these two in test mode: the raw console arguments of the extension
        // host (and of itself), and the exit code once the test module's run() has settled.
        let reportedByWorkbench = false;
        await page.exposeFunction('codeAutomationExit', (code) => {
            reportedByWorkbench = true;
            resolveExit(Number(code));
        });
        await page.exposeFunction('codeAutomationLog', (_type, args) => {
            process.stdout.write(`${format(...(Array.isArray(args) ? args : [args]))}\n`);
        });
        if (verbose) page.on('console', (message) => log(`page ${message.type()}: ${message.text()}`));
        page.on('pageerror', (error) => {
            if (verbose) log('page error:', error.message);
        });

        resolvePage(page);
        await page.goto(url.toString());
        const code = await exitCode;
        // Test failures speak for themselves; a host failure needs the server's side of the story.
        if (!reportedByWorkbench && !verbose)
            log(
                `the host failed; last lines of code-server's log:\n${readFileSync(serverLogPath, 'utf8').split('\n').slice(-20).join('\n')}`,
            );
        await finish(code);
    } catch (error) {
        // Errors thrown because a timeout or signal is already tearing things down are expected.
        if (!shutdown) log(error?.stack ?? error);
        await finish(1);
    }
}

main().catch((error) => {
    // Only set-up problems reach here (missing install, bad flags); they need a message, not a trace.
    log(error?.message ?? error);
    process.exit(1);
});
