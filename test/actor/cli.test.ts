/**
 * The local flow (`npm start` / the `apify-fleet-analytics` command): without a token, the
 * demo on the in-process emulator, clearly labelled, with OUTPUT, REPORT and the dataset
 * written in the SDK's local layout; the bundled command without a token (no test code in
 * the bundle) explains how to get the demo instead of failing obscurely.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetReportSchema } from '../../shared/contracts/fleet-report.js';
import { truncateScore } from '../../shared/scoring/grade.js';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
let storageDir: string;

/** The child gets no Apify variables of the developer's shell: the demo must not depend on them. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env))
        if (!/^(APIFY_|ACTOR_|CRAWLEE_)/.test(key)) env[key] = value;
    return { ...env, ...extra };
}

beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'fleet-cli-'));
    if (!existsSync(join(ROOT, 'dist/actor/cli.js'))) await run(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

afterAll(async () => {
    await rm(storageDir, { recursive: true, force: true });
});

describe('npm start without a token', () => {
    it('analyses the demo fleet, labels it DEMO and says where OUTPUT and REPORT are', async () => {
        const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
        const { stdout } = await run(tsx, ['actor/engine/cli.ts'], {
            cwd: ROOT,
            env: cleanEnv({ CRAWLEE_STORAGE_DIR: storageDir }),
            timeout: 120_000,
        });
        expect(stdout).toMatch(/^DEMO — a built-in sample fleet/);
        expect(stdout).toMatch(/Fleet Health Score: \d+\/100 \(grade [A-F]\)/);
        expect(stdout).toContain('Worst Actors:');
        expect(stdout).toContain('Top fixes:');
        const outputPath = join(storageDir, 'key_value_stores', 'default', 'OUTPUT.json');
        expect(stdout).toContain(`OUTPUT:  ${outputPath}`);
        const report = fleetReportSchema.parse(JSON.parse(readFileSync(outputPath, 'utf8')));
        expect(report.isDemo).toBe(true);
        expect(stdout).toContain(`Fleet Health Score: ${truncateScore(report.fleet.healthScore)}/100`);
        expect(stdout).toContain(report.fleet.attention.summary.replace(/^./, (c) => c.toUpperCase()));
        expect(readFileSync(join(storageDir, 'key_value_stores', 'default', 'REPORT.html'), 'utf8')).toContain(
            'DEMO: a built-in sample fleet',
        );
        expect(await readdir(join(storageDir, 'datasets', 'default'))).toHaveLength(report.actors.length);
        // The demo keeps its own history, apart from a real account's trend store.
        expect(
            (await readdir(join(storageDir, 'key_value_stores', 'fleet-analytics-trends-demo'))).some((f) =>
                f.startsWith('SNAPSHOT-'),
            ),
        ).toBe(true);
        expect(stdout).not.toContain('apify_api_demo_full');
    });
});

describe('the bundled command', () => {
    it('does not contain the emulator and explains how to get the demo', async () => {
        const bundle = readFileSync(join(ROOT, 'dist/actor/cli.js'), 'utf8');
        expect(bundle.startsWith('#!/usr/bin/env node')).toBe(true);
        expect(bundle).not.toContain('createEmulatorApp');
        const result = await run(process.execPath, [join(ROOT, 'dist/actor/cli.js')], {
            cwd: storageDir,
            env: cleanEnv({}),
        }).catch((error: { code: number; stderr: string }) => error);
        expect((result as { code: number }).code).toBe(2);
        expect((result as { stderr: string }).stderr).toContain('No APIFY_TOKEN set');
    });

    it('rejects an invalid input file with the field and the fix', async () => {
        const inputPath = join(storageDir, 'bad-input.json');
        await import('node:fs/promises').then((fs) => fs.writeFile(inputPath, JSON.stringify({ lookbackDays: 0 })));
        const result = await run(process.execPath, [join(ROOT, 'dist/actor/cli.js'), '--input', inputPath], {
            cwd: storageDir,
            env: cleanEnv({}),
        }).catch((error: { code: number; stderr: string }) => error);
        expect((result as { code: number }).code).toBe(1);
        expect((result as { stderr: string }).stderr).toContain(
            'lookbackDays: The look-back window must be at least 1 day.',
        );
    });
});
