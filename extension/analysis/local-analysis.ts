/**
 * "Run analysis locally": the same collection and analysis the Actor runs
 * (actor/engine/analysis-pipeline.ts), inside the extension host, with the user's token for reads.
 * History (snapshots, day cache) lives in globalStorage; acknowledgements are the trend
 * store's ACKS on Apify (when readable) merged with the ones kept on this machine.
 */
import type { ApifyClient } from 'apify-client';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createInMemoryTaskRunner } from '../../actor/engine/collection/task-runner.js';
import { createFileSystemTrendStore } from '../../actor/engine/trend-store/file-system-trend-store.js';
import type { TrendStoreAdapter } from '../../actor/engine/trend-store/trend-store-adapter.js';
import { ACKS_RECORD_KEY, mergeAcksRecords, type AcksRecord } from '../../shared/analysis/acknowledgements.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';

/** Requests in flight: gentle on a laptop's connection and the API's rate limits. */
const LOCAL_CONCURRENCY = 4;

/** The local store, with ACKS read from the merged record instead of the file. */
export function withAcksOverlay(store: TrendStoreAdapter, acks: AcksRecord | null): TrendStoreAdapter {
    return {
        info: store.info,
        listKeys: (prefix) => store.listKeys(prefix),
        getJson: async (key) => (key === ACKS_RECORD_KEY ? (acks ?? undefined) : store.getJson(key)),
        setJson: (key, value) => store.setJson(key, value),
        deleteRecord: (key) => store.deleteRecord(key),
    };
}

export interface LocalAnalysisOptions {
    client: ApifyClient;
    input: Record<string, unknown>;
    storageDir: string;
    trendStoreName: string;
    remoteAcks: AcksRecord | null;
    localAcks: AcksRecord | null;
    now: Date;
    signal: AbortSignal;
    onStatus(message: string): void;
    log: { info(message: string): void; warning(message: string): void };
}

export async function runAnalysisLocally(options: LocalAnalysisOptions): Promise<FleetReport> {
    const input = parseActorInput(options.input);
    const files = createFileSystemTrendStore(options.storageDir, options.trendStoreName);
    const trendStore = withAcksOverlay(files, mergeAcksRecords(options.remoteAcks, options.localAcks));
    const result = await runFleetAnalysis({
        fleetClient: options.client,
        input,
        trendStore,
        now: options.now,
        isDemo: false,
        runId: null,
        onStatus: options.onStatus,
        signal: options.signal,
        taskRunner: createInMemoryTaskRunner(LOCAL_CONCURRENCY),
        concurrency: LOCAL_CONCURRENCY,
        log: options.log,
    });
    return result.report;
}
