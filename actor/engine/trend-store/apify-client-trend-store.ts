/**
 * Trend stores over the Apify API (apify-client): the named store, and the fallback that
 * reads snapshots from the default key-value stores of this Actor's previous successful runs
 * when the named store cannot be opened (a run started with a scoped token gets a scoped run
 * token, and scoped tokens cannot create storages).
 *
 * SDK-free: the extension uses the same code with the user's token.
 */
import type { ApifyClient, KeyValueStoreRecord } from 'apify-client';
import { assertValidRecordKey, type TrendStoreAdapter } from './trend-store-adapter.js';

/** One page of keys is up to 1,000 (API cap); a store with a year of daily runs needs one. */
const KEYS_PAGE_LIMIT = 1000;

/** How many previous successful runs' default stores the fallback reads snapshots from. */
export const FALLBACK_PREVIOUS_RUNS_LIMIT = 40;

function isPermissionError(error: unknown): boolean {
    const e = error as { statusCode?: number; type?: string };
    return e?.statusCode === 403 || e?.statusCode === 401 || e?.type === 'insufficient-permissions';
}

async function listAllKeys(client: ApifyClient, storeId: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let exclusiveStartKey: string | undefined;
    for (;;) {
        const page = await client
            .keyValueStore(storeId)
            .listKeys({ prefix, limit: KEYS_PAGE_LIMIT, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) });
        // Older API versions ignore `prefix`: filter again so the contract holds either way.
        keys.push(...page.items.map((item) => item.key).filter((key) => key.startsWith(prefix)));
        if (!page.isTruncated || !page.nextExclusiveStartKey) break;
        exclusiveStartKey = page.nextExclusiveStartKey;
    }
    return keys.sort();
}

async function getJsonRecord(client: ApifyClient, storeId: string, key: string): Promise<unknown> {
    const record = await client.keyValueStore(storeId).getRecord(key);
    if (!record) return undefined;
    const value = record.value as unknown;
    // Records written as JSON come back parsed; tolerate a stored string or Buffer of JSON.
    if (typeof value === 'string') return JSON.parse(value);
    if (Buffer.isBuffer(value)) return JSON.parse(value.toString('utf8'));
    return value;
}

export function createStoreByIdTrendStore(
    client: ApifyClient,
    storeId: string,
    info: TrendStoreAdapter['info'],
): TrendStoreAdapter {
    return {
        info,
        listKeys: (prefix) => listAllKeys(client, storeId, prefix),
        getJson: (key) => getJsonRecord(client, storeId, key),
        setJson: async (key, value) => {
            assertValidRecordKey(key);
            await client.keyValueStore(storeId).setRecord({
                key,
                value: value as KeyValueStoreRecord<never>['value'],
                contentType: 'application/json; charset=utf-8',
            });
        },
        // apify-client sends a string body as it is (gzipped from 1 KB); the content type makes it JSON.
        setJsonText: async (key, jsonText) => {
            assertValidRecordKey(key);
            await client
                .keyValueStore(storeId)
                .setRecord({ key, value: jsonText, contentType: 'application/json; charset=utf-8' });
        },
        deleteRecord: async (key) => {
            await client.keyValueStore(storeId).deleteRecord(key);
        },
    };
}

/**
 * Opens (creating it if needed) the named store. Returns null when the token may not create
 * or open it (403), so the caller can fall back; other errors propagate.
 */
export async function openNamedTrendStore(client: ApifyClient, name: string): Promise<TrendStoreAdapter | null> {
    try {
        const store = await client.keyValueStores().getOrCreate(name);
        return createStoreByIdTrendStore(client, store.id, { name, mode: 'named', note: null });
    } catch (error) {
        if (isPermissionError(error)) return null;
        throw error;
    }
}

export interface FallbackTrendStoreOptions {
    name: string;
    /** Reads the previous runs and their default stores (the fleet token: Actor runs: Read, Key-value stores: Read). */
    readClient: ApifyClient;
    /** Writes this run's snapshot into its own default store (the run token can always do that). */
    writeClient: ApifyClient;
    actorId: string;
    currentRunId: string;
    defaultKeyValueStoreId: string;
    reason: string;
}

/**
 * Snapshots of previous runs live in their default stores, found by listing this Actor's
 * SUCCEEDED runs. Kept only as long as the platform keeps unnamed storages, which the note
 * says. ACKS cannot be shared this way (no common store): the note says so too.
 */
export async function openFallbackTrendStore(options: FallbackTrendStoreOptions): Promise<TrendStoreAdapter> {
    const { readClient, writeClient } = options;
    const storeIds: string[] = [options.defaultKeyValueStoreId];
    try {
        const runs = await readClient
            .actor(options.actorId)
            .runs()
            .list({ status: 'SUCCEEDED', desc: true, limit: FALLBACK_PREVIOUS_RUNS_LIMIT });
        for (const run of runs.items) {
            if (run.id !== options.currentRunId && run.defaultKeyValueStoreId)
                storeIds.push(run.defaultKeyValueStoreId);
        }
    } catch (error) {
        if (!isPermissionError(error)) throw error;
    }
    const note =
        `The named trend store "${options.name}" could not be opened (${options.reason}). ` +
        "History is read from the default key-value stores of this Actor's previous successful runs, which the platform keeps only as long as it keeps unnamed storages; " +
        'acknowledgements (ACKS) are not available. To keep history and acknowledgements, run the Actor with a token that can create storages ' +
        '(start it from Console or a schedule, or give the Actor full permissions) and pass the scoped token as the "apifyToken" input instead.';
    /** Which store each listed key came from (the newest run wins for equal keys). */
    const keyOwner = new Map<string, string>();
    return {
        info: { name: options.name, mode: 'fallback-default-stores', note },
        listKeys: async (prefix) => {
            for (const storeId of [...storeIds].reverse()) {
                try {
                    const client = storeId === options.defaultKeyValueStoreId ? writeClient : readClient;
                    for (const key of await listAllKeys(client, storeId, prefix)) keyOwner.set(key, storeId);
                } catch (error) {
                    // A store deleted by retention or not readable: its history is simply gone.
                    if (!isPermissionError(error) && (error as { statusCode?: number }).statusCode !== 404) throw error;
                }
            }
            return [...keyOwner.keys()].filter((key) => key.startsWith(prefix)).sort();
        },
        getJson: async (key) => {
            const storeId = keyOwner.get(key) ?? options.defaultKeyValueStoreId;
            const client = storeId === options.defaultKeyValueStoreId ? writeClient : readClient;
            try {
                return await getJsonRecord(client, storeId, key);
            } catch (error) {
                if (isPermissionError(error) || (error as { statusCode?: number }).statusCode === 404) return undefined;
                throw error;
            }
        },
        setJson: async (key, value) => {
            assertValidRecordKey(key);
            await writeClient.keyValueStore(options.defaultKeyValueStoreId).setRecord({
                key,
                value: value as KeyValueStoreRecord<never>['value'],
                contentType: 'application/json; charset=utf-8',
            });
            keyOwner.set(key, options.defaultKeyValueStoreId);
        },
        setJsonText: async (key, jsonText) => {
            assertValidRecordKey(key);
            await writeClient
                .keyValueStore(options.defaultKeyValueStoreId)
                .setRecord({ key, value: jsonText, contentType: 'application/json; charset=utf-8' });
            keyOwner.set(key, options.defaultKeyValueStoreId);
        },
        // Other runs' stores are not ours to edit; the platform's retention removes them.
        deleteRecord: async (key) => {
            if (keyOwner.get(key) === options.defaultKeyValueStoreId)
                await writeClient.keyValueStore(options.defaultKeyValueStoreId).deleteRecord(key);
        },
    };
}
