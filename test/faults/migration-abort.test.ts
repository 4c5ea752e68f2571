/**
 * Migrations and aborts of the Actor on the emulated platform, at several points of a run:
 * - `migrating` early (as soon as the process listens for events), during the collection, and
 *   near the end (once OUTPUT has been written) → the run resumes and SUCCEEDS, its OUTPUT is
 *   the one an undisturbed analysis of the same store at the same time gives, and the trend
 *   store holds exactly one snapshot for it;
 * - abort (hard, and graceful at full scale) → the trend store is left clean: every record in
 *   it is whole and valid, ACKS untouched; the next run on that store is correct.
 *
 * `migrating` during the collection: the restarted process gets a new crawlee client key, so
 * the units the killed process had locked in the run's request queue are released first (the
 * task runner calls `POST /v2/request-queues/{id}/requests/unlock`, which frees the same run's
 * locks; crawlee issue #2870), otherwise the resumed run would wait for them to expire.
 *
 * "Correct" is computed, not assumed: the same analysis run in process, at the run's start
 * time, on a copy of the trend store as it was before the run.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { createRunExecutor, type PlatformRunExecutor } from '../emulator/platform/run-executor.js';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createMemoryTrendStore } from '../../actor/engine/trend-store/trend-store-adapter.js';
import { actorCacheEntrySchema } from '../../actor/engine/collection/collection-cache.js';
import { dayCacheChunkSchema, dayCacheIndexSchema } from '../../actor/engine/trend-store/day-cache.js';
import { acksRecordSchema, ACKS_RECORD_KEY, type AcksRecord } from '../../shared/analysis/acknowledgements.js';
import { snapshotSchema } from '../../shared/analysis/snapshot.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { comparableReport } from '../support/report-comparison.js';
import { findForeignDatasetItemReads } from '../support/dataset-privacy.js';
import {
    createPlatformActorHarness,
    ensureActorBundleBuilt,
    type PlatformActorHarness,
} from '../support/platform-actor.js';
import { trackUnhandledRejections, type UnhandledRejectionTracker } from '../support/unhandled-rejections.js';
import { ReliabilityLedger } from './reliability-ledger.js';
import { SCALE } from './fault-scale.js';

const FULL_TOKEN = 'apify_api_demo_full';
const BASE_INPUT = { excludeActors: ['fleet-analytics'], useDailyCache: false };
const POINT_TIMEOUT_MILLIS = 90_000;
/** Each case runs the Actor once or twice as a child process; on a loaded 2-core machine that can take a minute. */
const CASE_TIMEOUT_MILLIS = 300_000;
/** Acknowledged before the runs, so a run that clobbered ACKS would show. */
const SEEDED_ACKS: AcksRecord = {
    schemaVersion: 1,
    acks: {
        'core:test-seeded-ack:nobody': {
            at: '2026-11-01T00:00:00.000Z',
            by: 'fault-suite',
            metricValue: 0.5,
            expiresAt: null,
            note: 'seeded by the fault suite',
        },
    },
};

type RunPoint = 'early' | 'collecting' | 'near-end';

const ledger = new ReliabilityLedger();
let emulator: RunningEmulator;
let executor: PlatformRunExecutor;
let client: ApifyClient;
let harness: PlatformActorHarness;
let rejections: UnhandledRejectionTracker;
let storeCounter = 0;

beforeAll(async () => {
    ensureActorBundleBuilt();
    rejections = trackUnhandledRejections();
    emulator = await startEmulator({
        scenario: 'demo',
        rateLimits: false,
        // A little latency so a point in the middle of the collection can be hit.
        latencyMs: 3,
        createRunExecutor: (deps) =>
            (executor = createRunExecutor({
                ...deps,
                timing: { persistStateIntervalMillis: 500, migrationGraceMillis: 10_000, abortGraceMillis: 5_000 },
            })),
    });
    client = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 4 });
    harness = createPlatformActorHarness(emulator, client, () => executor);
});

afterAll(async () => {
    rejections?.uninstall();
    await emulator?.stop();
    ledger.flush();
});

async function createSeededStore(purpose: string): Promise<string> {
    storeCounter += 1;
    const name = `t-${purpose}-${storeCounter}`;
    const store = await client.keyValueStores().getOrCreate(name);
    await client.keyValueStore(store.id).setRecord({ key: ACKS_RECORD_KEY, value: SEEDED_ACKS as never });
    return name;
}

/** Every record of a named store, parsed (all are JSON). */
function readStore(name: string): Map<string, unknown> {
    const records = new Map<string, unknown>();
    for (const [key, record] of emulator.state.getKeyValueStore(name)?.records ?? [])
        records.set(key, JSON.parse(record.body.toString('utf8')));
    return records;
}

/** The undisturbed analysis at `startedAt` on a copy of the store's records. */
async function expectedReport(startedAt: Date, records: Map<string, unknown>): Promise<FleetReport> {
    const store = createMemoryTrendStore();
    for (const [key, value] of records) store.records.set(key, structuredClone(value));
    const result = await runFleetAnalysis({
        fleetClient: client,
        input: parseActorInput(BASE_INPUT),
        trendStore: store,
        now: startedAt,
        isDemo: false,
        runId: null,
    });
    return result.report;
}

/** Problems that would make a store unusable: records that are not whole and valid. */
function storeProblems(records: Map<string, unknown>): string[] {
    const problems: string[] = [];
    for (const [key, value] of records) {
        if (key.startsWith('SNAPSHOT-') && !snapshotSchema.safeParse(value).success)
            problems.push(`${key} is not a valid snapshot`);
        // The day cache: an index and chunks of per-Actor entries (actor/engine/trend-store/day-cache.ts).
        if (key.startsWith('DAYS-') && key.endsWith('-INDEX') && !dayCacheIndexSchema.safeParse(value).success)
            problems.push(`${key} is not a valid day cache index`);
        if (key.startsWith('DAYS-') && key.includes('-CHUNK-')) {
            const chunk = dayCacheChunkSchema.safeParse(value);
            if (!chunk.success || !chunk.data.entries.every((entry) => actorCacheEntrySchema.safeParse(entry).success))
                problems.push(`${key} is not a valid day cache chunk`);
        }
        if (key.startsWith('DAYS-') && !key.endsWith('-INDEX') && !key.includes('-CHUNK-'))
            problems.push(`${key} is not a day cache record`);
    }
    const acks = acksRecordSchema.safeParse(records.get(ACKS_RECORD_KEY));
    if (!acks.success || JSON.stringify(acks.data) !== JSON.stringify(SEEDED_ACKS))
        problems.push('ACKS changed or is not valid');
    return problems;
}

const fleetReadsOf = (runId: string) =>
    emulator.accessLog.count(
        (entry) =>
            entry.tokenId === `run:${runId}` &&
            (entry.endpointId === 'run-get' ||
                entry.endpointId === 'actor-runs-list' ||
                entry.endpointId === 'runs-list' ||
                entry.endpointId === 'dataset-get'),
    );

/** Resolves when the run reaches the point (by what the emulator saw it do), false on timeout. */
async function reachPoint(runId: string, point: RunPoint): Promise<boolean> {
    if (!(await executor.waitForEventsConnection(runId, POINT_TIMEOUT_MILLIS))) return false;
    if (point === 'early') return true;
    const defaultStoreId = (await client.run(runId).get())!.defaultKeyValueStoreId;
    const isReached =
        point === 'collecting'
            ? () => fleetReadsOf(runId) >= 60
            : () =>
                  emulator.accessLog.count(
                      (entry) =>
                          entry.endpointId === 'kvs-record-put' &&
                          entry.resourceIds.storeId === defaultStoreId &&
                          entry.resourceIds.recordKey === 'OUTPUT',
                  ) > 0;
    const deadline = Date.now() + POINT_TIMEOUT_MILLIS;
    while (!isReached()) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return true;
}

describe('migration at several points of a run', () => {
    it.each(SCALE.migrationPoints.map((point) => [point]))(
        'migrating %s → resumes, the undisturbed OUTPUT, one snapshot',
        async (point) => {
            const trendStoreName = await createSeededStore(`migrate-${point}`);
            const before = readStore(trendStoreName);
            const started = await harness.start({ ...BASE_INPUT, trendStoreName });
            let isLost = true;
            try {
                expect(await reachPoint(started.id, point), `the run never reached "${point}"`).toBe(true);
                executor.sendEvent(started.id, 'migrating');
                const { run, log } = await harness.waitForRun(started.id);
                if (process.env.FAULTS_DEBUG) console.log(log);
                expect(run.status, log.slice(-3000)).toBe('SUCCEEDED');
                // Near the end the Actor may finish its last writes and exit within the
                // migration's grace period, as a real run can: then it is not restarted. Earlier,
                // work remains, so the run must have been restarted exactly once.
                const migrationCount = executor.getRunCounters(started.id)?.migrationCount ?? 0;
                if (point === 'near-end') expect(migrationCount).toBeLessThanOrEqual(1);
                else expect(migrationCount).toBe(1);
                const after = readStore(trendStoreName);
                expect([...after.keys()].filter((key) => key.startsWith('SNAPSHOT-'))).toEqual([
                    expect.stringContaining(started.id),
                ]);
                expect(storeProblems(after)).toEqual([]);
                const report = await harness.readOutput(run.defaultKeyValueStoreId);
                const expected = await expectedReport(new Date(run.startedAt), before);
                expect(comparableReport(report, { ignoreTrendStore: 'all' })).toEqual(
                    comparableReport(expected, { ignoreTrendStore: 'all' }),
                );
                isLost = false;
            } finally {
                ledger.record({
                    id: `migration/${point}`,
                    what: `\`migrating\` sent ${point === 'early' ? 'at the start' : point === 'collecting' ? 'during the collection' : 'after OUTPUT was written'}`,
                    tried: 1,
                    lost: isLost ? 1 : 0,
                    detail: 'lost = failed run, different OUTPUT, or not exactly one snapshot',
                });
            }
        },
        CASE_TIMEOUT_MILLIS,
    );
});

describe('abort', () => {
    const cases = SCALE.abortPoints.map((point) => ({ point, gracefully: point === 'near-end' }));
    it.each(cases)(
        '$point (graceful: $gracefully) → a clean store, and the next run is correct',
        async ({ point, gracefully }) => {
            const trendStoreName = await createSeededStore(`abort-${point}`);
            const started = await harness.start({ ...BASE_INPUT, trendStoreName });
            let isLost = true;
            try {
                expect(await reachPoint(started.id, point), `the run never reached "${point}"`).toBe(true);
                await executor.abort(started.id, gracefully);
                const aborted = await harness.waitForRun(started.id);
                expect(['ABORTED', 'SUCCEEDED']).toContain(aborted.run.status);
                const afterAbort = readStore(trendStoreName);
                expect(storeProblems(afterAbort)).toEqual([]);
                // A snapshot only if the run got all the way (its OUTPUT is then complete too).
                const abortedSnapshots = [...afterAbort.keys()].filter((key) => key.startsWith('SNAPSHOT-'));
                expect(abortedSnapshots.length).toBeLessThanOrEqual(1);

                const next = await harness.runActor({ ...BASE_INPUT, trendStoreName });
                expect(next.run.status, next.log.slice(-3000)).toBe('SUCCEEDED');
                const afterNext = readStore(trendStoreName);
                expect(storeProblems(afterNext)).toEqual([]);
                expect([...afterNext.keys()].filter((key) => key.startsWith('SNAPSHOT-'))).toEqual(
                    [...abortedSnapshots, expect.stringContaining(next.run.id)].sort(),
                );
                const report = await harness.readOutput(next.run.defaultKeyValueStoreId);
                const expected = await expectedReport(new Date(next.run.startedAt), afterAbort);
                expect(comparableReport(report, { ignoreTrendStore: 'all' })).toEqual(
                    comparableReport(expected, { ignoreTrendStore: 'all' }),
                );
                isLost = false;
            } finally {
                ledger.record({
                    id: `abort/${point}`,
                    what: `${gracefully ? 'graceful' : 'hard'} abort ${point === 'early' ? 'at the start' : point === 'collecting' ? 'during the collection' : 'after OUTPUT was written'}, then the next run`,
                    tried: 1,
                    lost: isLost ? 1 : 0,
                    detail: 'lost = a half-written or invalid record, ACKS changed, or a wrong next run',
                });
            }
        },
        CASE_TIMEOUT_MILLIS,
    );
});

describe('privacy and the process', () => {
    it("no dataset items were read but the Actor's own, and no rejection went unhandled", () => {
        const { foreign, itemReads } = findForeignDatasetItemReads(emulator);
        expect(foreign).toEqual([]);
        expect(rejections.reasons).toEqual([]);
        ledger.record({
            id: 'privacy/migration-abort',
            what: 'dataset item reads of foreign datasets (migration/abort runs)',
            tried: itemReads,
            lost: foreign.length,
            detail: 'item reads seen / of datasets the analysis did not create',
        });
    });
});
