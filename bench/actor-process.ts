/**
 * Runs the real Actor (actor/sdk/main.ts, bundled like `npm run build` does) as a separate Node
 * process against the emulator, with the Apify SDK's local environment:
 *   APIFY_TOKEN + APIFY_API_BASE_URL  → the fleet is read from the emulator;
 *   CRAWLEE_STORAGE_DIR               → INPUT, OUTPUT and the named trend store on disk, kept
 *                                       between the full and the incremental run;
 *   ACTOR_STARTED_AT                  → "now" is the emulator's clock, not the wall clock.
 * Measures wall time (spawn to exit) and peak RSS (getrusage in the child via rss-probe.cjs,
 * with /proc/<pid>/status VmHWM samples as a fallback).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const BENCH_DIR = resolve(__dirname);
const OUT_DIR = join(BENCH_DIR, '.out');
const RSS_PROBE = join(BENCH_DIR, 'rss-probe.cjs');
const VMHWM_SAMPLE_INTERVAL_MS = 50;

/** Bundles the Actor the way scripts/build.mjs does (CJS, node20, npm packages external), into bench/.out. */
export async function buildActorBundle(): Promise<string> {
    await mkdir(OUT_DIR, { recursive: true });
    const outfile = join(OUT_DIR, 'actor-main.js');
    await build({
        entryPoints: [join(BENCH_DIR, '..', 'actor', 'main.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        packages: 'external',
        logLevel: 'warning',
    });
    return outfile;
}

export interface ActorRunOptions {
    bundlePath: string;
    apiBaseUrl: string;
    /** The emulator's full-access demo token (a published test credential). */
    token: string;
    storageDir: string;
    startedAt: Date;
    input: Record<string, unknown>;
    logPath: string;
    timeoutMs: number;
    /** Write a V8 CPU profile of the Actor process into this directory (`--cpu-prof`). */
    cpuProfileDir?: string;
}

export interface ActorRunResult {
    exitCode: number | null;
    wallMs: number;
    /** Epoch ms of spawn and exit, to place the API requests of the access log in the run. */
    spawnedAtMs: number;
    exitedAtMs: number;
    peakRssMb: number;
    peakRssSource: 'getrusage' | 'proc-vmhwm';
    output: unknown;
}

async function readVmHwmKb(pid: number): Promise<number | null> {
    try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
        return match ? Number(match[1]) : null;
    } catch {
        return null;
    }
}

export async function runActorProcess(options: ActorRunOptions): Promise<ActorRunResult> {
    const inputDir = join(options.storageDir, 'key_value_stores', 'default');
    await mkdir(inputDir, { recursive: true });
    await writeFile(join(inputDir, 'INPUT.json'), JSON.stringify(options.input));
    const rssFile = join(options.storageDir, `rss-${Date.now()}.json`);

    // A clean environment: nothing of the harness (NODE_OPTIONS, tsx loaders, VITEST) leaks in.
    const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        APIFY_TOKEN: options.token,
        APIFY_API_BASE_URL: options.apiBaseUrl,
        CRAWLEE_STORAGE_DIR: options.storageDir,
        ACTOR_STARTED_AT: options.startedAt.toISOString(),
        APIFY_LOG_LEVEL: 'INFO',
        BENCH_RSS_FILE: rssFile,
    };
    const { createWriteStream } = await import('node:fs');
    const log = createWriteStream(options.logPath);
    const startedMs = performance.now();
    const spawnedAtMs = Date.now();
    const profileArgs = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
    const child = spawn(process.execPath, [...profileArgs, '--require', RSS_PROBE, options.bundlePath], {
        cwd: join(BENCH_DIR, '..'),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Each line prefixed with the seconds since spawn: where the wall time goes.
    const stamp = (chunk: Buffer): void => {
        const at = ((performance.now() - startedMs) / 1000).toFixed(3).padStart(8);
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') log.write(`${at}s ${line}\n`);
    };
    child.stdout.on('data', stamp);
    child.stderr.on('data', stamp);
    let sampledKb = 0;
    const sampler = setInterval(() => {
        if (child.pid === undefined) return;
        void readVmHwmKb(child.pid).then((kb) => {
            if (kb !== null) sampledKb = Math.max(sampledKb, kb);
        });
    }, VMHWM_SAMPLE_INTERVAL_MS);
    const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const exitCode = await new Promise<number | null>((resolvePromise, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolvePromise(code));
    });
    const wallMs = performance.now() - startedMs;
    const exitedAtMs = Date.now();
    clearInterval(sampler);
    clearTimeout(timeout);
    await new Promise<void>((resolvePromise) => log.end(() => resolvePromise()));

    let peakKb = sampledKb;
    let peakRssSource: ActorRunResult['peakRssSource'] = 'proc-vmhwm';
    try {
        const probe = JSON.parse(await readFile(rssFile, 'utf8')) as { maxRssKb: number };
        peakKb = probe.maxRssKb;
        peakRssSource = 'getrusage';
    } catch {
        // Killed before exit: the sampled high-water mark is all there is.
    }
    let output: unknown = null;
    try {
        output = JSON.parse(await readFile(join(inputDir, 'OUTPUT.json'), 'utf8'));
    } catch {
        output = null;
    }
    return { exitCode, wallMs, spawnedAtMs, exitedAtMs, peakRssMb: peakKb / 1024, peakRssSource, output };
}
