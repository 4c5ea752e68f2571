/**
 * The collection's per-Actor cache (actor/collection/collection-cache.ts) kept in the trend
 * store under `DAYS-<origins>-<actorId>`. One record per Actor and origins filter, so an
 * analysis narrowed to SCHEDULER runs never reuses aggregates built from every origin.
 *
 * Writes are buffered until `flush()`: the pipeline flushes only after the analysis is known
 * to be valid (e.g. every include pattern matched an Actor), so a failed run leaves the
 * trend store as it was.
 */
import type { ActorCacheEntry, DayCacheAdapter } from '../collection/collection-cache.js';
import type { TrendStoreAdapter } from './trend-store-adapter.js';

export const DAY_CACHE_KEY_PREFIX = 'DAYS-';

/** Origins are upper-case words; `all` when unfiltered. Keys allow letters, digits, `.` and `-`. */
export function dayCacheKey(originsKey: string, actorId: string): string {
    const originsPart = originsKey === '' ? 'all' : originsKey.split(',').join('.');
    return `${DAY_CACHE_KEY_PREFIX}${originsPart}-${actorId}`.replace(/[^a-zA-Z0-9!\-_.'()]/g, '_');
}

export interface BufferedDayCache extends DayCacheAdapter {
    /** Entries waiting to be written. */
    readonly pendingCount: number;
    flush(): Promise<number>;
    /** Drops pending writes (the analysis failed). */
    discard(): void;
}

export interface TrendStoreDayCacheOptions {
    originsKey: string;
    /** False (input `useDailyCache: false`): read nothing, still write, so the next run can be incremental. */
    isReadEnabled: boolean;
    /** Parallel writes on flush; KV record writes allow 200/s per store. */
    flushConcurrency?: number;
}

export function createTrendStoreDayCache(store: TrendStoreAdapter, options: TrendStoreDayCacheOptions): BufferedDayCache {
    const pending = new Map<string, ActorCacheEntry>();
    return {
        get pendingCount() {
            return pending.size;
        },
        async get(actorId) {
            if (!options.isReadEnabled) return undefined;
            try {
                return await store.getJson(dayCacheKey(options.originsKey, actorId));
            } catch {
                // A cache that cannot be read only costs requests: collect that Actor in full.
                return undefined;
            }
        },
        async put(entry) {
            pending.set(dayCacheKey(entry.originsKey, entry.actorId), entry);
        },
        async flush() {
            const entries = [...pending.entries()];
            pending.clear();
            const concurrency = options.flushConcurrency ?? 20;
            let next = 0;
            const lane = async (): Promise<void> => {
                while (next < entries.length) {
                    const [key, entry] = entries[next]!;
                    next += 1;
                    await store.setJson(key, entry);
                }
            };
            await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, lane));
            return entries.length;
        },
        discard() {
            pending.clear();
        },
    };
}
