// Compiles the extension-host tests (test/extension-host/{suite,hostile-folder}/**/*.test.ts) to
// CommonJS in out/extension-host-tests/<same folder>/, one bundle per test file, for mocha inside VS Code's extension
// host. `vscode` is provided by the host; mocha's globals (suite/test) by test-cli's runner.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const testsRoot = 'test/extension-host';
// One folder per .vscode-test.mjs configuration group (each opens its own workspace).
const suiteDirs = ['suite', 'hostile-folder'].map((dir) => join(testsRoot, dir));
const outDir = 'out/extension-host-tests';

const entryPoints = suiteDirs.flatMap((suiteDir) =>
    readdirSync(suiteDir, { recursive: true })
        .map(String)
        .filter((file) => file.endsWith('.test.ts'))
        .map((file) => join(suiteDir, file)),
);
if (entryPoints.length === 0) throw new Error(`no *.test.ts files under ${suiteDirs.join(', ')}`);

// A deleted test must not keep running from a stale bundle.
rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
    entryPoints,
    outdir: outDir,
    outbase: testsRoot,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
});
console.log(`built ${entryPoints.length} extension-host test file(s) into ${outDir}`);
