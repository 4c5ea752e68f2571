/**
 * Two and five orchestrator analyses at once on ONE trend store (the named store over the
 * API, as on the platform), while an extension-like writer acknowledges signals the way the
 * extension does: read ACKS, add one, write it back. Afterwards: one valid snapshot per
 * analysis (none lost), every acknowledgement present and ACKS valid, every analysis the
 * undisturbed OUTPUT, and the day cache they all flushed still gives the same report.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createStoreByIdTrendStore } from '../../actor/engine/trend-store/apify-client-trend-store.js';
import { createMemoryTrendStore, type TrendStoreAdapter } from '../../actor/engine/trend-store/trend-store-adapter.js';
import { acksRecordSchema, ACKS_RECORD_KEY, type AcksRecord } from '../../shared/analysis/acknowledgements.js';
import { snapshotSchema } from '../../shared/analysis/snapshot.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { comparableReport } from '../support/report-comparison.js';
import { findForeignDatasetItemReads } from '../support/dataset-privacy.js';
import { trackUnhandledRejections, type UnhandledRejectionTracker } from '../support/unhandled-rejections.js';
import { ReliabilityLedger } from './reliability-ledger.js';
import { SCALE } from './fault-scale.js';

const FULL_TOKEN = 'apify_api_demo_full';
const INPUT = parseActorInput({ excludeActors: ['fleet-analytics'] });

const ledger = new ReliabilityLedger();
let emulator: RunningEmulator;
let client: ApifyClient;
let now: Date;
let reference: FleetReport;
let rejections: UnhandledRejectionTracker;

beforeAll(async () => {
    rejections = trackUnhandledRejections();
    emulator = await startEmulator({ scenario: 'demo', jitterMs: 2 });
    client = new ApifyClient({
        token: FULL_TOKEN,
        baseUrl: emulator.url,
        maxRetries: 8,
        minDelayBetweenRetriesMillis: 50,
    });
    now = emulator.state.clock.now();
    reference = (
        await runFleetAnalysis({
            fleetClient: client,
            input: INPUT,
            trendStore: createMemoryTrendStore(),
            now,
            isDemo: false,
            runId: null,
        })
    ).report;
});

afterAll(async () => {
    rejections?.uninstall();
    await emulator?.stop();
    ledger.flush();
});

async function openStore(name: string): Promise<TrendStoreAdapter> {
    const store = await client.keyValueStores().getOrCreate(name);
    return createStoreByIdTrendStore(client, store.id, { name, mode: 'named', note: null });
}

/** What the extension does on "Acknowledge": read-modify-write of the ACKS record. */
async function acknowledge(store: TrendStoreAdapter, fingerprint: string): Promise<void> {
    const raw = await store.getJson(ACKS_RECORD_KEY);
    const current: AcksRecord = raw === undefined ? { schemaVersion: 1, acks: {} } : acksRecordSchema.parse(raw);
    current.acks[fingerprint] = {
        at: now.toISOString(),
        by: 'fault-suite',
        metricValue: null,
        expiresAt: null,
        note: null,
    };
    await store.setJson(ACKS_RECORD_KEY, current);
}

describe.each(SCALE.concurrency.map((n) => [n]))('%i analyses at once on one trend store', (analysisCount) => {
    it('keeps every snapshot and every acknowledgement, and every OUTPUT is the undisturbed one', async () => {
        const storeName = `concurrent-${analysisCount}`;
        const store = await openStore(storeName);
        const analyses = Array.from({ length: analysisCount }, (_, index) =>
            runFleetAnalysis({
                fleetClient: client,
                input: INPUT,
                trendStore: store,
                now,
                isDemo: false,
                runId: `concurrent-run-${index}`,
            }),
        );
        const acknowledged: string[] = [];
        const writer = (async () => {
            for (let index = 0; index < SCALE.ackWrites; index += 1) {
                const fingerprint = `fault-suite:ack:${analysisCount}-${index}`;
                await acknowledge(store, fingerprint);
                acknowledged.push(fingerprint);
            }
        })();
        const [results] = await Promise.all([Promise.all(analyses), writer]);

        const keys = await store.listKeys('SNAPSHOT-');
        const snapshotsValid = await Promise.all(
            keys.map(async (key) => snapshotSchema.safeParse(await store.getJson(key)).success),
        );
        const acks = acksRecordSchema.safeParse(await store.getJson(ACKS_RECORD_KEY));
        const lostAcks = acks.success
            ? acknowledged.filter((fingerprint) => !Object.hasOwn(acks.data.acks, fingerprint))
            : acknowledged;
        const differing = results.filter(
            (result) =>
                JSON.stringify(comparableReport(result.report, { ignoreTrendStore: 'all' })) !==
                JSON.stringify(comparableReport(reference, { ignoreTrendStore: 'all' })),
        );
        ledger.record({
            id: `concurrency/${analysisCount}`,
            what: `${analysisCount} analyses at once on one trend store + ${SCALE.ackWrites} ACKS read-modify-writes`,
            tried: 1,
            lost:
                analysisCount -
                keys.length +
                snapshotsValid.filter((ok) => !ok).length +
                lostAcks.length +
                differing.length,
            detail: 'lost = missing or invalid snapshots + lost acknowledgements + OUTPUTs that differ',
        });

        expect(keys).toHaveLength(analysisCount);
        expect(keys.map((key) => key.replace(/^SNAPSHOT-\d{8}T\d{9}Z-/, '')).sort()).toEqual(
            results.map((_, index) => `concurrent-run-${index}`).sort(),
        );
        expect(snapshotsValid.every(Boolean)).toBe(true);
        expect(acks.success, acks.success ? '' : acks.error.message).toBe(true);
        expect(lostAcks).toEqual([]);
        // No analysis ever saw a half-written ACKS (it would say so in the trend-store note).
        for (const { report } of results) expect(report.collection.trendStore.note ?? '').not.toMatch(/ACKS/);
        for (const { report } of results)
            expect(comparableReport(report, { ignoreTrendStore: 'all' })).toEqual(
                comparableReport(reference, { ignoreTrendStore: 'all' }),
            );

        // The day cache all of them flushed at once still gives the same report, incrementally.
        const incremental = await runFleetAnalysis({
            fleetClient: client,
            input: INPUT,
            trendStore: store,
            now,
            isDemo: false,
            runId: 'after-concurrency',
        });
        expect(incremental.report.collection.reusedDays).toBeGreaterThan(0);
        expect(comparableReport(incremental.report, { ignoreTrendStore: 'all' })).toEqual(
            comparableReport(reference, { ignoreTrendStore: 'all' }),
        );
    });
});

describe('privacy and the process', () => {
    it('no foreign dataset items were read, no rejection went unhandled', () => {
        expect(findForeignDatasetItemReads(emulator).foreign).toEqual([]);
        expect(rejections.reasons).toEqual([]);
    });
});
