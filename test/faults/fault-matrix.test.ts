/**
 * The fault matrix: the same analysis of the `demo` fleet under 5xx errors, 429 storms,
 * truncated bodies, connection resets and slow responses must finish and produce an OUTPUT
 * identical to the undisturbed one (only timestamps and request counts may differ). In
 * process through `runFleetAnalysis` (fast, several seeds at full scale), and once as the
 * Actor on the emulated platform, where the Actor's own storage writes see faults too.
 */
import { ApifyClient, type ApifyClientOptions } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../emulator/index.js';
import { createRunExecutor, type PlatformRunExecutor } from '../emulator/platform/run-executor.js';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createMemoryTrendStore } from '../../actor/engine/trend-store/trend-store-adapter.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { comparableReport } from '../support/report-comparison.js';
import { findForeignDatasetItemReads } from '../support/dataset-privacy.js';
import { silenceApifyClientRetryWarnings } from '../support/quiet-apify-log.js';
import { trackUnhandledRejections, type UnhandledRejectionTracker } from '../support/unhandled-rejections.js';
import { createPlatformActorHarness, ensureActorBundleBuilt } from '../support/platform-actor.js';
import { ReliabilityLedger } from './reliability-ledger.js';
import { SCALE } from './fault-scale.js';

const FULL_TOKEN = 'apify_api_demo_full';
/** The orchestrator's own runs change between analyses: every analysis leaves it out. */
const ANALYSIS_INPUT = { excludeActors: ['fleet-analytics'] };
/** The endpoints the collection reads the fleet through. */
const FLEET_READ_ENDPOINTS = [
    'actors-list',
    'actor-get',
    'actor-runs-list',
    'runs-list',
    'run-get',
    'actor-builds-list',
    'build-get',
    'dataset-get',
    'dataset-statistics',
];

interface FaultCase {
    id: string;
    what: string;
    emulator: Pick<StartEmulatorOptions, 'faults' | 'rateLimits' | 'latencyMs' | 'jitterMs'>;
    /** Client settings that make the fault bite (a timeout shorter than the slow responses). */
    client?: Partial<ApifyClientOptions>;
    /** How the access log shows that the fault fired. */
    fired: (emulator: RunningEmulator) => number;
}

const countFaults =
    (kinds: readonly string[]) =>
    (emulator: RunningEmulator): number =>
        emulator.accessLog.count((entry) => entry.fault !== undefined && kinds.includes(entry.fault));

const FAULT_CASES: FaultCase[] = [
    {
        id: 'faults/5xx-10pct',
        what: '10 % 5xx (500, 502, 503) on every request',
        emulator: { faults: '*:500:0.034,*:502:0.034,*:503:0.034' },
        fired: countFaults(['500', '502', '503']),
    },
    {
        // Buckets start full (one minute's worth): 660/min lets ~2/3 of the analysis through at
        // once, then every request competes for 11/s — a storm of 429s until it is done.
        id: 'faults/429-storm',
        what: '429 storm (per-user limit 660/min, per-resource 5/s)',
        emulator: { rateLimits: { perUserPerMin: 660, defaultPerResourcePerSec: 5 } },
        // The product's real retry timing for 429s (apify-client's defaults).
        client: { minDelayBetweenRetriesMillis: 500 },
        fired: (emulator) => emulator.accessLog.count((entry) => entry.status === 429),
    },
    {
        id: 'faults/truncate-1pct',
        what: '1 % truncated response bodies',
        emulator: { faults: '*:truncate:0.01' },
        fired: countFaults(['truncate']),
    },
    {
        id: 'faults/reset-2pct',
        what: '2 % connection resets',
        emulator: { faults: '*:reset:0.02' },
        fired: countFaults(['reset']),
    },
    {
        id: 'faults/slow-3pct',
        what: '3 % slow responses (1.5 s, client timeout 1 s)',
        emulator: { faults: '*:slow:0.03:1500' },
        client: { timeoutSecs: 1 },
        fired: countFaults(['slow']),
    },
    {
        id: 'faults/combined',
        what: 'all at once, with 5 ± 5 ms latency',
        emulator: {
            faults: '*:503:0.05,*:502:0.03,*:reset:0.01,*:truncate:0.01,*:slow:0.01:1500',
            rateLimits: { perUserPerMin: 900 },
            latencyMs: 5,
            jitterMs: 5,
        },
        // The product's real retry timing (apify-client's 500 ms base), as in the 429 storm: the
        // test default of 50 ms gives a ~13 s retry budget that a rate-limited storm outlasts.
        client: { timeoutSecs: 1, minDelayBetweenRetriesMillis: 500 },
        fired: (emulator) => emulator.accessLog.count((entry) => entry.fault !== undefined || entry.status === 429),
    },
];

const ledger = new ReliabilityLedger();
/** Generous: a storm-throttled analysis of the demo fleet takes ~40–90 s on a loaded machine. */
const FAULT_CASE_TIMEOUT_MILLIS = 240_000;
let rejections: UnhandledRejectionTracker;
/**
 * The emulator's seed drives the fault sequence AND the generated fleet, so every seed gets
 * its own undisturbed reference. `undefined` = the default demo fleet (also the platform's).
 */
const referenceBySeed = new Map<number | undefined, Promise<FleetReport>>();
let analysisTime: Date;

function referenceFor(seed: number | undefined): Promise<FleetReport> {
    let reference = referenceBySeed.get(seed);
    if (!reference) {
        referenceBySeed.set(
            seed,
            (reference = (async () => {
                const undisturbed = await startEmulator({
                    scenario: 'demo',
                    rateLimits: false,
                    ...(seed === undefined ? {} : { seed }),
                });
                try {
                    const report = await analyse(undisturbed);
                    expect(undisturbed.accessLog.count((entry) => entry.status >= 400)).toBe(0);
                    return report;
                } finally {
                    await undisturbed.stop();
                }
            })()),
        );
    }
    return reference;
}

async function analyse(
    emulator: RunningEmulator,
    clientOptions: Partial<ApifyClientOptions> = {},
): Promise<FleetReport> {
    const client = new ApifyClient({
        token: FULL_TOKEN,
        baseUrl: emulator.url,
        maxRetries: 8,
        minDelayBetweenRetriesMillis: 50,
        ...clientOptions,
    });
    const result = await runFleetAnalysis({
        fleetClient: client,
        input: parseActorInput(ANALYSIS_INPUT),
        trendStore: createMemoryTrendStore(),
        now: analysisTime,
        isDemo: false,
        runId: null,
    });
    return result.report;
}

beforeAll(async () => {
    silenceApifyClientRetryWarnings();
    rejections = trackUnhandledRejections();
    // Every scenario seed shares the scenario's fixed "now".
    const clockProbe = await startEmulator({ scenario: 'demo', rateLimits: false });
    analysisTime = clockProbe.state.clock.now();
    await clockProbe.stop();
});

afterAll(() => {
    rejections?.uninstall();
    ledger.flush();
});

describe('in-process analysis under faults', () => {
    // The default fleet first; more fleets (and fault sequences) at full scale.
    const seeds: Array<number | undefined> = [
        undefined,
        ...Array.from({ length: SCALE.faultSeeds - 1 }, (_, index) => 101 + index),
    ];
    describe.each(FAULT_CASES)('$what', (faultCase) => {
        it.each(seeds)(
            'seed %s: finishes with the undisturbed OUTPUT',
            async (seed) => {
                const reference = await referenceFor(seed);
                const emulator = await startEmulator({
                    scenario: 'demo',
                    ...(seed === undefined ? {} : { seed }),
                    rateLimits: false,
                    ...faultCase.emulator,
                });
                let isIdentical = false;
                let fired = 0;
                try {
                    const report = await analyse(emulator, faultCase.client);
                    fired = faultCase.fired(emulator);
                    isIdentical =
                        JSON.stringify(comparableReport(report)) === JSON.stringify(comparableReport(reference));
                    expect(fired, 'the fault never fired: the case proves nothing').toBeGreaterThan(0);
                    expect(comparableReport(report)).toEqual(comparableReport(reference));
                    expect(findForeignDatasetItemReads(emulator).foreign).toEqual([]);
                } finally {
                    ledger.record({
                        id: faultCase.id,
                        what: faultCase.what,
                        tried: 1,
                        lost: isIdentical ? 0 : 1,
                        detail: 'lost = an analysis that failed or whose OUTPUT differed from the undisturbed one',
                    });
                    ledger.record({
                        id: `${faultCase.id}/fired`,
                        what: `  … faults injected (${faultCase.id.split('/')[1]})`,
                        tried: fired,
                        lost: 0,
                        detail: 'requests that got the fault; all retried',
                    });
                    await emulator.stop();
                }
                // A 429 storm is slow by design (the storm throttles the whole analysis to ~11
                // requests/s), so each case gets more than vitest's 60 s default.
            },
            FAULT_CASE_TIMEOUT_MILLIS,
        );
    });
});

describe('the Actor on the emulated platform under faults', () => {
    let emulator: RunningEmulator;
    let executor: PlatformRunExecutor;

    beforeAll(async () => {
        ensureActorBundleBuilt();
        const reads = FLEET_READ_ENDPOINTS.map(
            (endpoint) => `${endpoint}:503:0.1,${endpoint}:reset:0.01,${endpoint}:truncate:0.01`,
        );
        // The Actor's own storage traffic (records, request queue) gets 5xx and resets too;
        // no truncation there: a truncated POST has already been applied, so it tests
        // idempotency of the emulator rather than of this Actor.
        const storage = ['kvs-*:503:0.05', 'kvs-*:reset:0.01', 'rq-*:503:0.05', 'dataset-items-push:503:0.05'];
        emulator = await startEmulator({
            scenario: 'demo',
            rateLimits: false,
            faults: [...reads, ...storage].join(','),
            createRunExecutor: (deps) => (executor = createRunExecutor(deps)),
        });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    it('a run started through the API under 10 % 5xx, resets and truncations writes the undisturbed OUTPUT', async () => {
        const client = new ApifyClient({
            token: FULL_TOKEN,
            baseUrl: emulator.url,
            maxRetries: 8,
            minDelayBetweenRetriesMillis: 50,
        });
        const harness = createPlatformActorHarness(emulator, client, () => executor);
        const { run, log } = await harness.runActor({ ...ANALYSIS_INPUT, trendStoreName: 'faulty-platform' });
        const reference = await referenceFor(undefined);
        let isIdentical = false;
        try {
            expect(run.status, log.slice(-3000)).toBe('SUCCEEDED');
            const report = await harness.readOutput(run.defaultKeyValueStoreId);
            // The run's analysis time is its start on the emulator clock: the same day-aligned window.
            isIdentical =
                JSON.stringify(comparableReport(report, { ignoreTrendStore: 'all' })) ===
                JSON.stringify(comparableReport(reference, { ignoreTrendStore: 'all' }));
            expect(comparableReport(report, { ignoreTrendStore: 'all' })).toEqual(
                comparableReport(reference, { ignoreTrendStore: 'all' }),
            );
            expect(await harness.namedStoreKeys('faulty-platform', 'SNAPSHOT-')).toEqual([
                expect.stringContaining(run.id),
            ]);
            expect(emulator.accessLog.count((entry) => entry.fault !== undefined)).toBeGreaterThan(0);
            expect(findForeignDatasetItemReads(emulator).foreign).toEqual([]);
        } finally {
            ledger.record({
                id: 'faults/platform',
                what: 'Actor on the emulated platform: 10 % 5xx + 1 % resets + 1 % truncations on reads, 5xx/resets on its own storages',
                tried: 1,
                lost: isIdentical ? 0 : 1,
                detail: `${emulator.accessLog.count((entry) => entry.fault !== undefined)} faults injected`,
            });
        }
    });
});

describe('the process', () => {
    it('saw no unhandled rejection', () => {
        expect(rejections.reasons).toEqual([]);
        ledger.record({
            id: 'faults/unhandled-rejections',
            what: 'unhandled rejections during the fault matrix',
            tried: 1,
            lost: rejections.reasons.length,
            detail: '',
        });
    });
});
