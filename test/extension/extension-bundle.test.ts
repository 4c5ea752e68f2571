// The extension host bundle must not carry the Apify SDK (or the Actor's SDK side): it is built
// here exactly as scripts/build.mjs builds it, and esbuild's metafile lists every input file.
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('extension bundle', () => {
    it('contains no code from the apify package or actor/sdk', async () => {
        const result = await esbuild.build({
            entryPoints: ['extension/extension.ts'],
            bundle: true,
            platform: 'node',
            format: 'cjs',
            target: 'node20',
            external: ['vscode'],
            write: false,
            metafile: true,
            logLevel: 'silent',
            outfile: 'out/extension-bundle-check.js',
        });
        const inputs = Object.keys(result.metafile.inputs);
        expect(inputs.some((path) => path.startsWith('extension/'))).toBe(true);
        expect(inputs.some((path) => path.includes('node_modules/apify-client/'))).toBe(true);
        expect(inputs.filter((path) => /node_modules\/apify\//.test(path) || path.startsWith('actor/sdk/'))).toEqual(
            [],
        );
    });
});
