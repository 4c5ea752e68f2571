/**
 * `npm run bench [-- --scenario S|M|L] [--skip-naive] [--naive-cap-secs 300]`
 *
 * Per scenario (default: S, M and L):
 *  1. the Apify API emulator in this process (20 ms latency + 0..10 ms jitter, the API's rate
 *     limits), so this harness owns its clock and its access log;
 *  2. a FULL analysis: the real Actor bundle as a separate process (wall time, peak RSS),
 *     requests by endpoint and 429s from the access log;
 *  3. the naive collector (naive-collector.ts) on the same fleet, up to a time cap;
 *  4. the clock advanced by one day (the scenario adds that day's runs) and an INCREMENTAL
 *     analysis against the same trend store;
 *  5. next to each: the lower bound (lower-bound.ts over the plan from fleet-plan.ts) and the
 *     minimum request count (estimateMinimumRequests for full analyses).
 * Prints a table and writes bench/results/<date>-<scenario>.json (an array: the full and the
 * incremental record) and bench/results/<date>-extension.json. Targets are reported, never
 * asserted.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { estimateMinimumRequests } from '../actor/engine/collection/run-list-strategy.js';
import { startEmulator, type RunningEmulator } from '../test/emulator/index.js';
import { buildActorBundle, runActorProcess, type ActorRunResult } from './actor-process.js';
import { estimateRunCost, USD_PER_COMPUTE_UNIT, USD_PER_COMPUTE_UNIT_SOURCE } from './cost.js';
import { measureExtensionFigures, type ExtensionFigures } from './extension-figures.js';
import { planFromState, type FleetPlanResult } from './fleet-plan.js';
import { apiLimits, computeLowerBound, type LowerBound } from './lower-bound.js';
import { NAIVE_REQUESTS_PER_SECOND, runNaiveCollector, type NaiveResult } from './naive-collector.js';
import { MS_PER_DAY } from '../shared/metrics/day-periods.js';
import { formatPercent } from '../shared/format/number-format.js';

const SCENARIOS = ['S', 'M', 'L'] as const;
type Scenario = (typeof SCENARIOS)[number];
/** The scenarios' full-access token: a published test credential of the emulator, not a secret. */
const DEMO_TOKEN = 'apify_api_demo_full';
/** Token buckets refill within a second: each phase starts with the limits at rest. */
const PAUSE_BETWEEN_PHASES_MS = 1500;
const RESULTS_DIR = resolve(__dirname, 'results');
/** The Actor's own logs of the last bench run (not committed). */
const LOGS_DIR = resolve(__dirname, '.out', 'logs');
const PROFILES_DIR = resolve(__dirname, '.out', 'profiles');

const TARGETS = {
    fullToLowerBound: 1.2,
    incrementalToFull: 0.1,
    requestsToMinimum: 1.1,
    peakRssMb: { S: null, M: 256, L: 512 } as Record<Scenario, number | null>,
};

const argsSchema = z
    .object({
        scenario: z
            .array(z.string())
            .default([])
            .transform((values, ctx) => {
                const names = values
                    .flatMap((v) => v.split(','))
                    .map((v) => v.trim().toUpperCase())
                    .filter((v) => v !== '');
                for (const name of names) {
                    if (!(SCENARIOS as readonly string[]).includes(name)) {
                        ctx.addIssue({ code: 'custom', message: `unknown scenario "${name}"; use S, M or L` });
                        return z.NEVER;
                    }
                }
                return names.length === 0 ? [...SCENARIOS] : ([...new Set(names)] as Scenario[]);
            }),
        'skip-naive': z.boolean().default(false),
        'naive-cap-secs': z.coerce.number().nonnegative().default(300),
        'latency-ms': z.coerce.number().nonnegative().default(20),
        'jitter-ms': z.coerce.number().nonnegative().default(10),
        'actor-timeout-secs': z.coerce.number().positive().default(3600),
        'skip-extension': z.boolean().default(false),
        'cpu-prof': z.boolean().default(false),
    })
    .strict();
type BenchArgs = z.infer<typeof argsSchema>;

const USAGE = `Usage: npm run bench -- [--scenario S|M|L[,…]] [--skip-naive] [--naive-cap-secs 300]
                      [--latency-ms 20] [--jitter-ms 10] [--actor-timeout-secs 3600] [--skip-extension] [--cpu-prof]
  --cpu-prof  V8 CPU profiles of the Actor runs in bench/.out/profiles (open in Chrome DevTools)`;

function parseBenchArgs(argv: string[]): BenchArgs {
    try {
        const { values } = parseArgs({
            args: argv,
            options: {
                scenario: { type: 'string', multiple: true },
                'skip-naive': { type: 'boolean' },
                'naive-cap-secs': { type: 'string' },
                'latency-ms': { type: 'string' },
                'jitter-ms': { type: 'string' },
                'actor-timeout-secs': { type: 'string' },
                'skip-extension': { type: 'boolean' },
                'cpu-prof': { type: 'boolean' },
            },
            strict: true,
            allowPositionals: false,
        });
        const parsed = argsSchema.safeParse(values);
        if (!parsed.success)
            throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
        return parsed.data;
    } catch (error) {
        process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
        process.exit(2);
    }
}

export interface BenchRecord {
    scenario: Scenario;
    mode: 'full' | 'incremental';
    date: string;
    actors: number;
    runsInWindow: number;
    exitCode: number | null;
    /** Spawn to exit of the Actor process (includes Node start-up and writing outputs). */
    wallMs: number;
    /** First request arriving at the emulator to the last one answered: the collection's API time. */
    apiSpanMs: number;
    /**
     * Where the wall time goes: spawn → first request (Node, SDK, storages), the API span, last response → exit
     * (analysis, outputs, trend store).
     */
    phases: { startupMs: number; apiSpanMs: number; afterApiMs: number };
    /** Shortest schedule under the rate limits (per-user limit as a sustained rate). */
    lowerBoundMs: number;
    /** The same with the per-user limit's one-minute burst credit (what the emulator's bucket allows). */
    lowerBoundBurstMs: number;
    lowerBoundStrategy: string;
    /** The naive collector's time; `naiveProjected` says whether it was projected rather than measured to the end. */
    naiveMs: number | null;
    naiveProjected: boolean;
    naiveRequests: number;
    requests: number;
    requestsByEndpoint: Record<string, number>;
    status429: number;
    /** Full: estimateMinimumRequests; incremental: the model's count given the previous analysis's cache. */
    minRequests: number;
    peakRssMb: number;
    peakRssSource: ActorRunResult['peakRssSource'];
    memoryTierMb: number;
    computeUnits: number;
    costUsd: number;
    usdPerComputeUnit: number;
    /** The Actor's own count (OUTPUT.collection.apiRequests) and cache use, when OUTPUT was written. */
    actorReported: { apiRequests: number | null; reusedDays: number | null; fetchedDays: number | null };
    ratios: {
        wallToLowerBound: number;
        apiSpanToLowerBound: number;
        wallToNaive: number | null;
        requestsToMinimum: number;
        incrementalToFull: number | null;
    };
    targets: {
        fullWithin1_2xLowerBound: boolean | null;
        incrementalWithin10PercentOfFull: boolean | null;
        requestsWithin1_1xMinimum: boolean;
        peakRssWithinTarget: boolean | null;
    };
    environment: { latencyMs: number; jitterMs: number; node: string; cpus: number; usdPerComputeUnitSource: string };
}

interface AccessLogSummary {
    requests: number;
    byEndpoint: Record<string, number>;
    status429: number;
    apiSpanMs: number;
    firstRequestAtMs: number;
    lastResponseAtMs: number;
}

function summariseAccessLog(emulator: RunningEmulator): AccessLogSummary {
    const entries = emulator.accessLog.entries();
    const byEndpoint: Record<string, number> = {};
    let status429 = 0;
    let firstMs = Infinity;
    let lastMs = -Infinity;
    for (const entry of entries) {
        const kind = entry.endpointId ?? 'unknown-route';
        byEndpoint[kind] = (byEndpoint[kind] ?? 0) + 1;
        if (entry.status === 429) status429 += 1;
        const receivedMs = Date.parse(entry.receivedAt);
        firstMs = Math.min(firstMs, receivedMs);
        lastMs = Math.max(lastMs, receivedMs + entry.latencyMs);
    }
    const sorted = Object.fromEntries(Object.entries(byEndpoint).sort(([a], [b]) => (a < b ? -1 : 1)));
    return {
        requests: entries.length,
        byEndpoint: sorted,
        status429,
        apiSpanMs: entries.length === 0 ? 0 : lastMs - firstMs,
        firstRequestAtMs: firstMs,
        lastResponseAtMs: lastMs,
    };
}

function readCollectionFacts(output: unknown): BenchRecord['actorReported'] {
    const facts = z
        .object({
            collection: z
                .object({
                    apiRequests: z.number().optional(),
                    reusedDays: z.number().optional(),
                    fetchedDays: z.number().optional(),
                })
                .passthrough(),
        })
        .passthrough()
        .safeParse(output);
    const c = facts.success ? facts.data.collection : {};
    return { apiRequests: c.apiRequests ?? null, reusedDays: c.reusedDays ?? null, fetchedDays: c.fetchedDays ?? null };
}

const sleep = async (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function log(message: string): void {
    process.stderr.write(`[bench] ${message}\n`);
}

async function benchScenario(
    scenario: Scenario,
    args: BenchArgs,
    bundlePath: string,
    date: string,
): Promise<BenchRecord[]> {
    log(
        `${scenario}: starting the emulator (${args['latency-ms']} ms + 0..${args['jitter-ms']} ms latency, rate limits on)…`,
    );
    const emulator = await startEmulator({
        scenario,
        latencyMs: args['latency-ms'],
        jitterMs: args['jitter-ms'],
        rateLimits: true,
    });
    const storageDir = await mkdtemp(join(tmpdir(), `bench-${scenario}-`));
    await mkdir(LOGS_DIR, { recursive: true });
    const limits = apiLimits(args['latency-ms']);
    const records: BenchRecord[] = [];
    try {
        const fullPlan = planFromState(emulator.state);
        const fullMinimum = estimateMinimumRequests(fullPlan.shape);
        const fullBound = computeLowerBound(fullPlan.plan, limits);
        if (fullBound.minRequests !== fullMinimum) {
            log(
                `${scenario}: note: the lower-bound plan counts ${fullBound.minRequests} requests, estimateMinimumRequests ${fullMinimum} (the two models disagree).`,
            );
        }
        log(
            `${scenario}: ${emulator.state.listActors().length} Actors, ${fullPlan.runsInWindow} runs in the window; full analysis…`,
        );
        /** One analysis as an Actor process on the emulator, its access log counted from a clean slate. */
        const runAnalysisPhase = async (phase: 'full' | 'incremental') => {
            emulator.accessLog.clear();
            const result = await runActorProcess({
                bundlePath,
                apiBaseUrl: emulator.url,
                token: DEMO_TOKEN,
                storageDir,
                startedAt: emulator.state.clock.now(),
                input: {},
                logPath: join(LOGS_DIR, `${scenario}-${phase}.log`),
                timeoutMs: args['actor-timeout-secs'] * 1000,
                ...(args['cpu-prof'] ? { cpuProfileDir: join(PROFILES_DIR, `${scenario}-${phase}`) } : {}),
            });
            const accessLog = summariseAccessLog(emulator);
            if (result.exitCode !== 0)
                log(
                    `${scenario}: the ${phase} analysis exited with ${result.exitCode}; its log: ${join(LOGS_DIR, `${scenario}-${phase}.log`)}`,
                );
            return { result, accessLog };
        };
        const { result: full, accessLog: fullLog } = await runAnalysisPhase('full');

        let naive: NaiveResult | null = null;
        if (!args['skip-naive']) {
            await sleep(PAUSE_BETWEEN_PHASES_MS);
            log(
                `${scenario}: naive collector (${NAIVE_REQUESTS_PER_SECOND} requests/s, cap ${args['naive-cap-secs']} s, ~${Math.round(fullPlan.naiveRequests / NAIVE_REQUESTS_PER_SECOND)} s needed)…`,
            );
            emulator.accessLog.clear();
            naive = await runNaiveCollector({
                apiBaseUrl: emulator.url,
                token: DEMO_TOKEN,
                window: fullPlan.window,
                capMs: args['naive-cap-secs'] * 1000,
                expectedRequests: fullPlan.naiveRequests,
            });
        }

        emulator.advanceClock(MS_PER_DAY);
        const incrementalPlan = planFromState(emulator.state, fullPlan.observations);
        const incrementalBound = computeLowerBound(incrementalPlan.plan, limits);
        await sleep(PAUSE_BETWEEN_PHASES_MS);
        log(`${scenario}: one day later (${incrementalPlan.runsInWindow} runs in the window); incremental analysis…`);
        const { result: incremental, accessLog: incrementalLog } = await runAnalysisPhase('incremental');

        // The naive collector keeps no cache: one day later it does everything again.
        const naiveMsPerRequest = naive ? naive.naiveMs / naive.requestsNeeded : 1000 / NAIVE_REQUESTS_PER_SECOND;
        const naiveFull = naive
            ? { ms: naive.naiveMs, projected: !naive.completed, requests: naive.requestsNeeded }
            : { ms: null, projected: true, requests: fullPlan.naiveRequests };
        const naiveIncremental = {
            ms: naive ? naiveMsPerRequest * incrementalPlan.naiveRequests : null,
            projected: true,
            requests: incrementalPlan.naiveRequests,
        };

        const make = (
            mode: BenchRecord['mode'],
            run: ActorRunResult,
            accessLog: AccessLogSummary,
            plan: FleetPlanResult,
            bound: LowerBound,
            minRequests: number,
            naiveFigures: { ms: number | null; projected: boolean; requests: number },
        ): BenchRecord => {
            const cost = estimateRunCost(run.peakRssMb, run.wallMs);
            const rssTarget = TARGETS.peakRssMb[scenario];
            const lowerBoundBurstMs = computeLowerBound(plan.plan, {
                ...limits,
                perUserBurst: limits.perUserPerMin,
            }).lowerBoundMs;
            return {
                scenario,
                mode,
                date,
                actors: emulator.state.listActors().length,
                runsInWindow: plan.runsInWindow,
                exitCode: run.exitCode,
                wallMs: Math.round(run.wallMs),
                apiSpanMs: Math.round(accessLog.apiSpanMs),
                phases: {
                    startupMs: Math.round(accessLog.firstRequestAtMs - run.spawnedAtMs),
                    apiSpanMs: Math.round(accessLog.apiSpanMs),
                    afterApiMs: Math.round(run.exitedAtMs - accessLog.lastResponseAtMs),
                },
                lowerBoundMs: Math.round(bound.lowerBoundMs),
                lowerBoundBurstMs: Math.round(lowerBoundBurstMs),
                lowerBoundStrategy: bound.lowerBoundStrategy,
                naiveMs: naiveFigures.ms === null ? null : Math.round(naiveFigures.ms),
                naiveProjected: naiveFigures.projected,
                naiveRequests: naiveFigures.requests,
                requests: accessLog.requests,
                requestsByEndpoint: accessLog.byEndpoint,
                status429: accessLog.status429,
                minRequests,
                peakRssMb: Math.round(run.peakRssMb * 10) / 10,
                peakRssSource: run.peakRssSource,
                memoryTierMb: cost.memoryTierMb,
                computeUnits: cost.computeUnits,
                costUsd: cost.costUsd,
                usdPerComputeUnit: USD_PER_COMPUTE_UNIT,
                actorReported: readCollectionFacts(run.output),
                ratios: {
                    wallToLowerBound: run.wallMs / bound.lowerBoundMs,
                    apiSpanToLowerBound: accessLog.apiSpanMs / bound.lowerBoundMs,
                    wallToNaive: naiveFigures.ms === null ? null : run.wallMs / naiveFigures.ms,
                    requestsToMinimum: accessLog.requests / minRequests,
                    incrementalToFull: mode === 'incremental' ? run.wallMs / full.wallMs : null,
                },
                targets: {
                    fullWithin1_2xLowerBound:
                        mode === 'full' ? run.wallMs <= TARGETS.fullToLowerBound * bound.lowerBoundMs : null,
                    incrementalWithin10PercentOfFull:
                        mode === 'incremental' ? run.wallMs <= TARGETS.incrementalToFull * full.wallMs : null,
                    requestsWithin1_1xMinimum: accessLog.requests <= TARGETS.requestsToMinimum * minRequests,
                    peakRssWithinTarget: rssTarget === null ? null : run.peakRssMb <= rssTarget,
                },
                environment: {
                    latencyMs: args['latency-ms'],
                    jitterMs: args['jitter-ms'],
                    node: process.version,
                    cpus: cpus().length,
                    usdPerComputeUnitSource: USD_PER_COMPUTE_UNIT_SOURCE,
                },
            };
        };
        records.push(make('full', full, fullLog, fullPlan, fullBound, fullMinimum, naiveFull));
        records.push(
            make(
                'incremental',
                incremental,
                incrementalLog,
                incrementalPlan,
                incrementalBound,
                incrementalBound.minRequests,
                naiveIncremental,
            ),
        );
        await mkdir(RESULTS_DIR, { recursive: true });
        const file = join(RESULTS_DIR, `${date}-${scenario}.json`);
        await writeFile(file, `${JSON.stringify(records, null, 2)}\n`);
        log(`${scenario}: wrote ${file}`);
        return records;
    } finally {
        await emulator.stop();
        await rm(storageDir, { recursive: true, force: true });
    }
}

// --- Printing ------------------------------------------------------------------------------

const secs = (ms: number | null): string => (ms === null ? '—' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
const ratio = (x: number | null): string => (x === null ? '—' : `${x.toFixed(x < 10 ? 2 : 0)}×`);

export function formatTable(records: readonly BenchRecord[]): string {
    const header = [
        'Scenario',
        'Mode',
        'Wall s',
        'Start s',
        'API s',
        'After s',
        'Bound s',
        'Wall/bound',
        'API/bound',
        'Naive s',
        'Wall/naive',
        'Requests',
        'Min',
        'Req/min',
        '429s',
        'Peak RSS MB',
        'Memory',
        'Cost $',
    ];
    const rows = records.map((r) => [
        r.scenario,
        r.mode,
        secs(r.wallMs),
        secs(r.phases.startupMs),
        secs(r.apiSpanMs),
        secs(r.phases.afterApiMs),
        secs(r.lowerBoundMs),
        ratio(r.ratios.wallToLowerBound),
        ratio(r.ratios.apiSpanToLowerBound),
        r.naiveMs === null ? '—' : `${r.naiveProjected ? '≈' : ''}${secs(r.naiveMs)}`,
        r.ratios.wallToNaive === null
            ? '—'
            : `${(r.ratios.wallToNaive * 100).toFixed(r.ratios.wallToNaive < 0.01 ? 2 : 1)}%`,
        String(r.requests),
        String(r.minRequests),
        ratio(r.ratios.requestsToMinimum),
        String(r.status429),
        r.peakRssMb.toFixed(0),
        `${r.memoryTierMb} MB`,
        r.costUsd.toFixed(5),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function formatTargets(records: readonly BenchRecord[]): string {
    const lines: string[] = ['Targets (reported, not asserted):'];
    const mark = (ok: boolean | null): string => (ok === null ? 'n/a' : ok ? 'met' : 'NOT met');
    for (const r of records) {
        const parts = [`requests ≤ 1.1× min: ${mark(r.targets.requestsWithin1_1xMinimum)}`];
        if (r.mode === 'full') parts.unshift(`wall ≤ 1.2× bound: ${mark(r.targets.fullWithin1_2xLowerBound)}`);
        else
            parts.unshift(
                `incremental ≤ 10 % of full: ${mark(r.targets.incrementalWithin10PercentOfFull)} (${formatPercent(r.ratios.incrementalToFull ?? 0, 0)})`,
            );
        if (r.targets.peakRssWithinTarget !== null)
            parts.push(`peak RSS ≤ ${TARGETS.peakRssMb[r.scenario]} MB: ${mark(r.targets.peakRssWithinTarget)}`);
        if (r.naiveProjected && r.naiveMs !== null) parts.push(`naive ${r.mode === 'full' ? '> cap, ' : ''}projected`);
        lines.push(`  ${r.scenario} ${r.mode}: ${parts.join('; ')}`);
    }
    return lines.join('\n');
}

function formatExtension(figures: ExtensionFigures): string {
    const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
    const lines = ['Extension:'];
    for (const b of figures.bundles) lines.push(`  ${b.file}: ${kb(b.bytes)} (${kb(b.gzipBytes)} gzip)`);
    if (figures.bundles.length === 0) lines.push('  no extension entry points yet');
    lines.push(
        figures.activationMs === null
            ? `  activation / first render: ${figures.hostMetricsNote}`
            : `  activation ${figures.activationMs.toFixed(0)} ms; dashboard first render ${figures.firstRenderMs?.toFixed(0)} ms` +
                  `${figures.firstRenderActors ? ` (${figures.firstRenderActors}-Actor report)` : ''} — ${figures.hostMetricsNote}`,
    );
    return lines.join('\n');
}

async function main(): Promise<void> {
    const args = parseBenchArgs(process.argv.slice(2));
    const date = new Date().toISOString().slice(0, 10);
    log('bundling the Actor (actor/sdk/main.ts → bench/.out/actor-main.js)…');
    const bundlePath = await buildActorBundle();
    const records: BenchRecord[] = [];
    for (const scenario of args.scenario) records.push(...(await benchScenario(scenario, args, bundlePath, date)));

    process.stdout.write(`\n${formatTable(records)}\n\n${formatTargets(records)}\n`);
    process.stdout.write(
        `Lower bound: per-user limit as a sustained 4,167 requests/s; with its one-minute burst credit: ${records.map((r) => `${r.scenario} ${r.mode} ${secs(r.lowerBoundBurstMs)} s`).join(', ')}.\n`,
    );
    process.stdout.write(
        `Cost: peak RSS rounded up to an Apify memory tier × wall time, ${USD_PER_COMPUTE_UNIT_SOURCE}.\n`,
    );
    if (!args['skip-extension']) {
        const figures = await measureExtensionFigures();
        await mkdir(RESULTS_DIR, { recursive: true });
        await writeFile(
            join(RESULTS_DIR, `${date}-extension.json`),
            `${JSON.stringify({ date, ...figures }, null, 2)}\n`,
        );
        process.stdout.write(`\n${formatExtension(figures)}\n`);
    }
}

if (require.main === module) {
    main().catch((error: unknown) => {
        process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
        process.exitCode = 1;
    });
}
