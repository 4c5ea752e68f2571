import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('shared/activity', () => {
    it('bundles for the browser (the webview bundles shared/) without any Node built-in', async () => {
        const result = await esbuild.build({
            entryPoints: ['shared/activity/index.ts'],
            bundle: true,
            platform: 'browser',
            format: 'esm',
            write: false,
            logLevel: 'silent',
            metafile: true,
        });
        expect(result.errors).toEqual([]);
        const inputs = Object.keys(result.metafile.inputs);
        expect(inputs.some((input) => input.includes('@noble/hashes'))).toBe(true);
        expect(inputs.filter((input) => /^node:|^(crypto|fs|path|os)$/.test(input))).toEqual([]);
        expect(result.outputFiles[0]!.text).not.toMatch(/require\(["'](node:)?crypto["']\)/);
    });
});
