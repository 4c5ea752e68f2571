// Installs dist/apify-fleet-analytics.vsix (from `npm run package`) into a fresh extensions
// folder with code-server, then runs test/extension-host/vsix/vsix-check.cjs in the test host
// with that folder and no development copy of the extension.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const vsix = resolve('dist/apify-fleet-analytics.vsix');
if (!existsSync(vsix)) throw new Error('dist/apify-fleet-analytics.vsix is missing: run `npm run package` first');
const hostDir = resolve(process.env.FLEET_TEST_HOST_DIR ?? '.cache/test-host');
const entry = join(hostDir, 'code-server-4.100.3/node_modules/code-server/out/node/entry.js');
const temp = mkdtempSync(join(tmpdir(), 'fleet-vsix-'));
const extensionsDir = join(temp, 'extensions');
try {
    const install = spawnSync(
        process.execPath,
        [entry, '--extensions-dir', extensionsDir, '--user-data-dir', join(temp, 'user'), '--install-extension', vsix],
        {
            stdio: 'inherit',
            env: { ...process.env, XDG_DATA_HOME: join(temp, 'xdg-data'), XDG_CONFIG_HOME: join(temp, 'xdg-config') },
        },
    );
    if (install.status !== 0) throw new Error(`code-server --install-extension failed (${install.status})`);
    // The web workbench runs extension tests only next to a development extension: an empty one
    // (a different id), so the Apify Fleet extension itself comes from the installed .vsix.
    const carrier = join(temp, 'carrier');
    mkdirSync(carrier);
    writeFileSync(
        join(carrier, 'package.json'),
        JSON.stringify({
            name: 'vsix-check-carrier',
            publisher: 'test',
            version: '0.0.0',
            engines: { vscode: '^1.100.0' },
        }),
    );
    // An empty folder: the test fixtures hold .actor/actor.json, whose workspaceContains event
    // would activate the extension at start-up and hide whether activation is lazy.
    const workspace = join(temp, 'workspace');
    mkdirSync(workspace);
    const run = spawnSync(
        process.execPath,
        [
            'test/extension-host/launcher.mjs',
            `--extensionDevelopmentPath=${carrier}`,
            `--extensionTestsPath=${resolve('test/extension-host/vsix/vsix-check.cjs')}`,
            workspace,
        ],
        {
            stdio: 'inherit',
            env: {
                ...process.env,
                FLEET_TEST_HOST_EXTENSIONS_DIR: extensionsDir,
                FLEET_VSIX_EXTENSIONS_DIR: extensionsDir,
            },
        },
    );
    process.exitCode = run.status ?? 1;
    console.log(run.status === 0 ? '1 passed, 0 failed' : '0 passed, 1 failed');
} finally {
    rmSync(temp, { recursive: true, force: true });
}
