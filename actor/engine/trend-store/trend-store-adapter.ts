/**
 * The trend store as the analysis sees it: a flat key → JSON record space with prefix
 * listing. SDK-free, so the Actor (apify-client, or local files) and the VS Code extension
 * (apify-client with the user's token, or local files) plug in their own implementation.
 *
 * Layout (see trend-history.ts): `SNAPSHOT-<time>-<runId>` one compact snapshot per run,
 * `DAYS-…` cached daily aggregates for incremental analyses, `ACKS` acknowledgements.
 */
export type TrendStoreMode = 'named' | 'fallback-default-stores' | 'unavailable' | 'local';

export interface TrendStoreInfo {
    /** The store's name as the user configured it (`trendStoreName`). */
    name: string;
    mode: TrendStoreMode;
    /** Shown in the report when the mode is not the normal one: what happened and what to do. */
    note: string | null;
}

export interface TrendStoreAdapter {
    readonly info: TrendStoreInfo;
    /** Every key starting with `prefix`, ascending. */
    listKeys(prefix: string): Promise<string[]>;
    /** The parsed JSON record, or undefined when there is none. */
    getJson(key: string): Promise<unknown>;
    setJson(key: string, value: unknown): Promise<void>;
    /**
     * Stores JSON the caller already serialised (the day cache measures its chunks that way,
     * so megabytes are not serialised twice). Optional: callers fall back to setJson.
     */
    setJsonText?(key: string, jsonText: string): Promise<void>;
    /** Deleting a missing key is not an error. */
    deleteRecord(key: string): Promise<void>;
}

/**
 * Key-value store keys allow `a-zA-Z0-9!-_.'()` and at most 256 characters (Apify API);
 * every key this product writes goes through this check so a bad key fails loudly here
 * instead of as an opaque 400 from the API.
 */
const RECORD_KEY_REGEX = /^[a-zA-Z0-9!\-_.'()]{1,256}$/;

export function assertValidRecordKey(key: string): void {
    if (!RECORD_KEY_REGEX.test(key)) {
        throw new Error(
            `"${key.slice(0, 80)}" is not a valid key-value store key (allowed: a-z A-Z 0-9 ! - _ . ' ( ), at most 256 characters).`,
        );
    }
}

/** Used when no store can be opened at all: reads find nothing, writes are dropped. */
export function createUnavailableTrendStore(name: string, note: string): TrendStoreAdapter {
    return {
        info: { name, mode: 'unavailable', note },
        listKeys: async () => [],
        getJson: async () => undefined,
        setJson: async () => undefined,
        deleteRecord: async () => undefined,
    };
}

/** An in-memory store for tests and for the extension's dry runs. */
export function createMemoryTrendStore(
    name = 'memory',
    mode: TrendStoreMode = 'local',
): TrendStoreAdapter & { records: Map<string, unknown> } {
    const records = new Map<string, unknown>();
    return {
        info: { name, mode, note: null },
        records,
        listKeys: async (prefix) => [...records.keys()].filter((k) => k.startsWith(prefix)).sort(),
        getJson: async (key) => structuredClone(records.get(key)),
        setJson: async (key, value) => {
            assertValidRecordKey(key);
            records.set(key, structuredClone(value));
        },
        setJsonText: async (key, jsonText) => {
            assertValidRecordKey(key);
            records.set(key, JSON.parse(jsonText));
        },
        deleteRecord: async (key) => {
            records.delete(key);
        },
    };
}
