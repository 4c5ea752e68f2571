// @vscode/test-cli configuration. VS Code cannot be downloaded on our machines, so the
// "installation" is test/extension-host/launcher.mjs, which runs the tests in code-server
// (VS Code 1.100.3) driven by headless Chromium. `npm run test:extension` installs that host
// (scripts/install-test-host.sh), builds the extension and the tests, then runs this.
import { defineConfig } from '@vscode/test-cli';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const common = {
    useInstallation: { fromPath: here('./test/extension-host/launcher.mjs') },
    extensionDevelopmentPath: here('.'),
    mocha: {
        ui: 'tdd',
        timeout: 60_000,
        // Spec output plus the `N passed, N failed` line CI reads.
        reporter: here('./test/extension-host/summary-reporter.cjs'),
    },
};

// A hostile folder (an Actor repository whose .vscode/settings.json points the token elsewhere):
// once trusted, once in Restricted Mode (workspace trust on; the folder is not trusted).
const hostileFolder = here('./test/extension-host/fixtures/hostile-folder');

export default defineConfig([
    {
        ...common,
        label: 'extension-host',
        files: 'out/extension-host-tests/suite/**/*.test.js',
        // Multi-root: two Actor folders of the demo fleet (workspace awareness, diagnostics).
        workspaceFolder: here('./test/extension-host/fixtures/fleet.code-workspace'),
    },
    {
        ...common,
        label: 'hostile-folder-trusted',
        files: 'out/extension-host-tests/hostile-folder/trusted-*.test.js',
        workspaceFolder: hostileFolder,
    },
    {
        ...common,
        label: 'hostile-folder-untrusted',
        files: 'out/extension-host-tests/hostile-folder/untrusted-*.test.js',
        workspaceFolder: hostileFolder,
        env: { FLEET_TEST_HOST_WORKSPACE_TRUST: '1' },
    },
]);
