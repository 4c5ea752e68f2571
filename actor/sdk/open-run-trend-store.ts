/**
 * Which trend store a platform run uses: the named store, opened with the run's own token;
 * when that token may not create it (a run started with a scoped token), the snapshots in
 * the default stores of this Actor's previous successful runs; when even those cannot be
 * listed, none (the report says so; the analysis itself still runs).
 */
import type { ApifyClient } from 'apify-client';
import { openFallbackTrendStore, openNamedTrendStore } from '../engine/trend-store/apify-client-trend-store.js';
import { createUnavailableTrendStore, type TrendStoreAdapter } from '../engine/trend-store/trend-store-adapter.js';

export interface OpenRunTrendStoreOptions {
    ownClient: ApifyClient;
    fleetClient: ApifyClient;
    name: string;
    actorId: string;
    runId: string;
    defaultKeyValueStoreId: string;
}

export async function openRunTrendStore(options: OpenRunTrendStoreOptions): Promise<TrendStoreAdapter> {
    const named = await openNamedTrendStore(options.ownClient, options.name);
    if (named) return named;
    try {
        return await openFallbackTrendStore({
            name: options.name,
            readClient: options.fleetClient,
            writeClient: options.ownClient,
            actorId: options.actorId,
            currentRunId: options.runId,
            defaultKeyValueStoreId: options.defaultKeyValueStoreId,
            reason: "this run's token may not create or open named storages",
        });
    } catch (error) {
        return createUnavailableTrendStore(
            options.name,
            `The trend store "${options.name}" could not be opened and previous runs could not be read ` +
                `(${(error as { statusCode?: number }).statusCode ?? 'error'}): no week-over-week history in this report.`,
        );
    }
}
