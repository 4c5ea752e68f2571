/**
 * Measures collectFleet against the emulator (not a test: the numbers depend on the machine).
 *
 *   npx tsx test/collection/measure-collection.ts [S M L demo] [--latency-ms 20] [--jitter-ms 5]
 *        [--concurrency N] [--no-incremental]
 *
 * The emulator runs in this process (it has to: the incremental pass needs its clock moved a
 * day, which the API cannot do); the collector runs in a SEPARATE child process, bundled with
 * esbuild and run by plain node, so its peak RSS and heap are the collector's alone (no tsx,
 * no emulator, no scenario). Per scenario:
 * 1. full: a full collection with a day cache (written to a temp file, as the trend store keeps it);
 * 2. the emulator's clock moves one day (the scenario adds that day's runs);
 * 3. incremental: the same window one day later, with the cache of step 1;
 * 4. full again, without a cache: its FleetData must equal the incremental one (hash compared).
 *
 * The lower bound printed is the shortest time the requests of the full pass can take with
 * unlimited client concurrency, under the emulator's limits (token buckets that start full:
 * 60/s per resource with a burst of 60, 250,000/min per user) and the mean latency:
 *   dependency chain (actor list → run-list probe → run-list pages → run detail → dataset →
 *   statistics: 6 round trips) + the time the busiest resource needs beyond its burst
 *   ((count − 60) / 60 s) + (requests beyond the per-user burst) / 4,166 per s.
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MS_PER_DAY } from '../../shared/metrics/day-periods.js';

const FULL_TOKEN = 'apify_api_demo_full';
const PER_RESOURCE_PER_SEC = 60;
const PER_USER_PER_MIN = 250_000;

interface ChildInput {
    url: string;
    token: string;
    from: string;
    to: string;
    now: string;
    cachePath: string | null;
    concurrency: number | null;
}

interface ChildOutput {
    wallMs: number;
    requests: number;
    requestsByKind: Record<string, number>;
    peakRssMb: number;
    peakHeapMb: number;
    /** Peaks of process.memoryUsage() parts, sampled every 20 ms: where RSS outside the heap goes. */
    peakExternalMb: number;
    peakArrayBuffersMb: number;
    peakHeapTotalMb: number;
    /** CPU the collector process used (user + system). */
    cpuMs: number;
    dataHash: string;
    /** Size of the FleetData as JSON: what the collection must hand over, whatever it streams. */
    dataJsonMb: number;
    actors: number;
    strategy: string;
    reusedDays: number;
    fetchedDays: number;
}

// ---------------------------------------------------------------------------------------- child
async function childMain(inputJson: string): Promise<void> {
    const input = JSON.parse(inputJson) as ChildInput;
    const { ApifyClient } = await import('apify-client');
    const { collectFleet } = await import('../../actor/engine/collection/collect-fleet.js');
    let peakHeapBytes = 0;
    const peaks = { external: 0, arrayBuffers: 0, heapTotal: 0 };
    const sample = (): void => {
        const usage = process.memoryUsage();
        peakHeapBytes = Math.max(peakHeapBytes, usage.heapUsed);
        peaks.external = Math.max(peaks.external, usage.external);
        peaks.arrayBuffers = Math.max(peaks.arrayBuffers, usage.arrayBuffers);
        peaks.heapTotal = Math.max(peaks.heapTotal, usage.heapTotal);
    };
    const sampler = setInterval(sample, 20);
    const cache = new Map<string, unknown>();
    if (input.cachePath) {
        try {
            const stored = JSON.parse(await readFile(input.cachePath, 'utf8')) as Record<string, unknown>;
            for (const [id, entry] of Object.entries(stored)) cache.set(id, entry);
        } catch {
            /* no cache yet */
        }
    }
    const client = new ApifyClient({
        token: input.token,
        baseUrl: input.url,
        maxRetries: 8,
        minDelayBetweenRetriesMillis: 50,
    });
    const started = performance.now();
    const data = await collectFleet({
        client,
        window: { from: new Date(input.from), to: new Date(input.to) },
        now: new Date(input.now),
        ...(input.concurrency ? { concurrency: input.concurrency } : {}),
        ...(input.cachePath
            ? {
                  dayCache: {
                      get: async (id: string) => cache.get(id),
                      put: async (entry: { actorId: string }) => {
                          cache.set(entry.actorId, entry);
                      },
                  },
              }
            : {}),
    });
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    sample();
    // Serialised part by part: one string of the whole cache or FleetData (two-byte as soon as
    // one readme has a non-Latin-1 character) would itself need hundreds of MB on L.
    if (input.cachePath) {
        const file = await open(input.cachePath, 'w');
        try {
            let separator = '{';
            for (const [id, entry] of cache) {
                await file.write(`${separator}${JSON.stringify(id)}:${JSON.stringify(entry)}`);
                separator = ',';
            }
            await file.write(separator === '{' ? '{}' : '}');
        } finally {
            await file.close();
        }
    }
    const { collection, actors, ...rest } = data;
    const hash = createHash('sha256').update(JSON.stringify(rest));
    let dataJsonBytes = Buffer.byteLength(JSON.stringify(rest));
    for (const actor of actors) {
        const json = JSON.stringify(actor);
        hash.update(json);
        dataJsonBytes += Buffer.byteLength(json);
    }
    const output: ChildOutput = {
        wallMs,
        requests: collection.apiRequests,
        requestsByKind: collection.requestsByKind,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        peakHeapMb: peakHeapBytes / 1_048_576,
        peakExternalMb: peaks.external / 1_048_576,
        peakArrayBuffersMb: peaks.arrayBuffers / 1_048_576,
        peakHeapTotalMb: peaks.heapTotal / 1_048_576,
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
        dataHash: hash.digest('hex').slice(0, 16),
        dataJsonMb: dataJsonBytes / 1_048_576,
        actors: data.actors.length,
        strategy: collection.runListStrategy ?? 'none',
        reusedDays: collection.reusedDays,
        fetchedDays: collection.fetchedDays,
    };
    process.stdout.write(`RESULT ${JSON.stringify(output)}\n`);
}

// --------------------------------------------------------------------------------------- parent
async function bundleChild(): Promise<string> {
    const esbuild = await import('esbuild');
    const outfile = path.resolve(`node_modules/.cache/measure-collection/child-${process.pid}.cjs`);
    await esbuild.build({
        entryPoints: [path.resolve('test/collection/measure-collection.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        packages: 'external',
        logLevel: 'warning',
    });
    return outfile;
}

async function runChild(childFile: string, input: ChildInput): Promise<ChildOutput> {
    return new Promise((resolve, reject) => {
        // e.g. MEASURE_COLLECTOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the collector.
        const nodeArgs = (process.env.MEASURE_COLLECTOR_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
        const child = spawn(process.execPath, [...nodeArgs, childFile, '--child', JSON.stringify(input)], {
            stdio: ['ignore', 'pipe', 'inherit'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
        });
        child.on('error', reject);
        child.on('exit', (code) => {
            const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
            if (code !== 0 || !line) reject(new Error(`collector child exited with ${code}: ${stdout.slice(-2000)}`));
            else resolve(JSON.parse(line.slice(7)) as ChildOutput);
        });
    });
}

function lowerBoundMs(
    entries: ReadonlyArray<{ endpointId: string | null; resourceIds: Record<string, string | undefined> }>,
    latencyMs: number,
): number {
    const perResource = new Map<string, number>();
    for (const e of entries) {
        const key = `${e.endpointId}:${Object.values(e.resourceIds)[0] ?? ''}`;
        perResource.set(key, (perResource.get(key) ?? 0) + 1);
    }
    const busiest = Math.max(0, ...perResource.values());
    const resourceMs = (Math.max(0, busiest - PER_RESOURCE_PER_SEC) / PER_RESOURCE_PER_SEC) * 1000;
    const userMs = (Math.max(0, entries.length - PER_USER_PER_MIN) / (PER_USER_PER_MIN / 60)) * 1000;
    return 6 * latencyMs + resourceMs + userMs;
}

async function parentMain(): Promise<void> {
    const { values, positionals } = parseArgs({
        args: process.argv.slice(2),
        options: {
            'latency-ms': { type: 'string', default: '20' },
            'jitter-ms': { type: 'string', default: '5' },
            concurrency: { type: 'string' },
            'no-incremental': { type: 'boolean', default: false },
        },
        allowPositionals: true,
    });
    const scenarios = positionals.length > 0 ? positionals : ['S', 'M'];
    const latencyMs = Number(values['latency-ms']);
    const concurrency = values.concurrency ? Number(values.concurrency) : null;
    const childFile = await bundleChild();
    const { startEmulator } = await import('../emulator/index.js');
    const rows: string[][] = [
        [
            'scenario',
            'mode',
            'wall s',
            'lower bound s',
            'ratio',
            'collector CPU s',
            'emulator CPU s',
            'requests',
            'served',
            '429s',
            'peak RSS MB',
            'peak heap MB',
            'strategy',
            'data',
        ],
    ];
    for (const scenario of scenarios) {
        const emulator = await startEmulator({
            scenario: scenario as 'S' | 'M' | 'L' | 'demo',
            port: 0,
            latencyMs,
            jitterMs: Number(values['jitter-ms']),
            rateLimits: true,
        });
        const dir = await mkdtemp(path.join(tmpdir(), 'measure-collection-'));
        try {
            const cachePath = path.join(dir, 'cache.json');
            const windowAt = (now: Date): { from: string; to: string; now: string } => {
                const to = Math.floor(now.getTime() / MS_PER_DAY) * MS_PER_DAY;
                return {
                    from: new Date(to - 28 * MS_PER_DAY).toISOString(),
                    to: new Date(to).toISOString(),
                    now: now.toISOString(),
                };
            };
            const pass = async (mode: string, withCache: boolean): Promise<ChildOutput> => {
                emulator.accessLog.clear();
                const cpuBefore = process.cpuUsage();
                const out = await runChild(childFile, {
                    url: emulator.url,
                    token: FULL_TOKEN,
                    ...windowAt(emulator.state.clock.now()),
                    cachePath: withCache ? cachePath : null,
                    concurrency,
                });
                const emulatorCpu = process.cpuUsage(cpuBefore);
                const log = emulator.accessLog.entries();
                const throttled = log.filter((e) => e.status === 429).length;
                const answered = log.filter((e) => e.status !== 429);
                const bound = lowerBoundMs(answered as never, latencyMs);
                rows.push([
                    scenario,
                    mode,
                    (out.wallMs / 1000).toFixed(2),
                    (bound / 1000).toFixed(2),
                    (out.wallMs / bound).toFixed(2),
                    (out.cpuMs / 1000).toFixed(2),
                    ((emulatorCpu.user + emulatorCpu.system) / 1e6).toFixed(2),
                    String(out.requests),
                    String(log.length),
                    String(throttled),
                    out.peakRssMb.toFixed(0),
                    out.peakHeapMb.toFixed(0),
                    out.strategy,
                    out.dataHash,
                ]);
                console.error(`${scenario} ${mode}: ${JSON.stringify(out)}`);
                return out;
            };
            const full = await pass('full', true);
            if (!values['no-incremental']) {
                emulator.advanceClock(MS_PER_DAY);
                const incremental = await pass('incremental', true);
                const fresh = await pass('full+1d', false);
                rows.push([
                    scenario,
                    'incr/full',
                    ((incremental.wallMs / fresh.wallMs) * 100).toFixed(1) + ' %',
                    '',
                    '',
                    '',
                    '',
                    ((incremental.requests / fresh.requests) * 100).toFixed(1) + ' %',
                    '',
                    '',
                    '',
                    '',
                    '',
                    incremental.dataHash === fresh.dataHash ? 'identical' : 'DIFFERENT',
                ]);
                void full;
            }
        } finally {
            await emulator.stop();
            await rm(dir, { recursive: true, force: true });
        }
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
    childMain(process.argv[childIndex + 1] ?? '{}').catch((error: unknown) => {
        console.error(error);
        process.exit(1);
    });
} else {
    parentMain().catch((error: unknown) => {
        console.error(error);
        process.exit(1);
    });
}
