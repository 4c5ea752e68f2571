/**
 * `npm run emulator` as a new user runs it: a built-in scenario drawn relative to the current
 * time (its clock is real time), so an analysis from another process sees today's runs;
 * `--now` keeps a fixed, reproducible moment; bad `--now` values are refused with the usage.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetReportSchema } from '../../shared/contracts/fleet-report.js';
import { DEMO_TOKENS } from './scenarios/index.js';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);
const DAY_MILLIS = 86_400_000;
const started: ChildProcess[] = [];

/** The child gets no Apify variables of the developer's shell. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env))
        if (!/^(APIFY_|ACTOR_|CRAWLEE_)/.test(key)) env[key] = value;
    return { ...env, ...extra };
}

/** Starts the emulator CLI on a free port and resolves with its banner once it listens. */
async function startCli(args: string[]): Promise<{ url: string; banner: string }> {
    const child = spawn(TSX, ['test/emulator/cli.ts', '--port', '0', ...args], { cwd: ROOT, env: cleanEnv() });
    started.push(child);
    let banner = '';
    return await new Promise((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
            banner += chunk.toString('utf8');
            const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
            if (url && banner.includes('Tokens:')) resolve({ url, banner });
        });
        child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${banner}`)));
    });
}

async function latestRunStartedAt(url: string): Promise<number> {
    const response = await fetch(`${url}/v2/actor-runs?desc=1&limit=1`, {
        headers: { Authorization: `Bearer ${DEMO_TOKENS.full}` },
    });
    const body = (await response.json()) as { data: { items: Array<{ startedAt: string }> } };
    return Date.parse(body.data.items[0]!.startedAt);
}

afterAll(() => {
    for (const child of started) child.kill('SIGTERM');
});

describe('npm run emulator', () => {
    it('runs the demo on real time: the banner prints the clock and an analysis sees today\u2019s runs', async () => {
        const before = Date.now();
        const { url, banner } = await startCli([]);
        const clock = Date.parse(/Clock: (\S+) \(real time/.exec(banner)?.[1] ?? '');
        expect(clock).toBeGreaterThanOrEqual(before - 1000);
        expect(clock).toBeLessThanOrEqual(Date.now() + 1000);
        // The demo starts runs every few minutes: its latest one is from the last hours.
        expect(before - (await latestRunStartedAt(url))).toBeLessThan(DAY_MILLIS / 4);

        const storageDir = await mkdtemp(join(tmpdir(), 'fleet-emulator-cli-'));
        try {
            await run(TSX, ['actor/engine/cli.ts'], {
                cwd: ROOT,
                env: cleanEnv({
                    APIFY_TOKEN: DEMO_TOKENS.full,
                    APIFY_API_BASE_URL: url,
                    CRAWLEE_STORAGE_DIR: storageDir,
                }),
                timeout: 240_000,
            });
            const report = fleetReportSchema.parse(
                JSON.parse(readFileSync(join(storageDir, 'key_value_stores', 'default', 'OUTPUT.json'), 'utf8')),
            );
            expect(report.isDemo).toBe(false);
            const today = new Date(before).toISOString().slice(0, 10);
            expect(report.window.to > today).toBe(true);
            const ranToday = report.actors.filter((actor) => actor.lastRunAt?.startsWith(today));
            expect(ranToday.length).toBeGreaterThan(10);
        } finally {
            await rm(storageDir, { recursive: true, force: true });
        }
    }, 300_000);

    it('keeps a fixed moment with --now', async () => {
        const { url, banner } = await startCli(['--now', '2026-11-20T12:00:00Z']);
        expect(banner).toMatch(/Clock: 2026-11-20T12:00:0\d\.\d{3}Z \(fixed start/);
        const latest = await latestRunStartedAt(url);
        expect(latest).toBeLessThanOrEqual(Date.parse('2026-11-20T12:00:00Z'));
        expect(latest).toBeGreaterThan(Date.parse('2026-11-20T06:00:00Z'));
    }, 120_000);

    it('refuses a --now that is not a date-time, with the usage and exit code 2', async () => {
        const failure = await run(TSX, ['test/emulator/cli.ts', '--now', 'yesterday'], {
            cwd: ROOT,
            env: cleanEnv(),
        }).catch((error: { code: number; stderr: string }) => error);
        expect((failure as { code: number }).code).toBe(2);
        expect((failure as { stderr: string }).stderr).toContain('--now: must be an ISO date-time');
        expect((failure as { stderr: string }).stderr).toContain('Usage: npm run emulator');
    }, 60_000);
});
