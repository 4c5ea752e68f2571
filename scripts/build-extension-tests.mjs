// Compiles the extension-host tests (test/extension-host/suite/**/*.test.ts) to CommonJS in
// out/extension-host-tests/, one bundle per test file, for mocha inside VS Code's extension
// host. `vscode` is provided by the host; mocha's globals (suite/test) by test-cli's runner.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const suiteDir = 'test/extension-host/suite';
const outDir = 'out/extension-host-tests';

const entryPoints = readdirSync(suiteDir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(suiteDir, file));
if (entryPoints.length === 0) throw new Error(`no *.test.ts files under ${suiteDir}`);

// A deleted test must not keep running from a stale bundle.
rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
    entryPoints,
    outdir: outDir,
    outbase: suiteDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
});
console.log(`built ${entryPoints.length} extension-host test file(s) into ${outDir}`);
