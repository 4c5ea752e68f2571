/**
 * The collection's per-Actor cache (actor/engine/collection/collection-cache.ts) kept in the trend
 * store, a few records for the whole fleet:
 *
 *   DAYS-<origins>-INDEX        which chunk holds which Actor (written last: the commit point)
 *   DAYS-<origins>-CHUNK-0000…  up to ~4 MB of JSON each: `{ version, entries: [entry, …] }`
 *
 * Why chunks: key-value record operations are limited to 200/s per store, so one record per
 * Actor meant ≥ 10 s of reads and ≥ 10 s of writes on a 2,000-Actor fleet; ~30 chunks take a
 * fraction of a second. The record limit is 9 MB: chunks are packed to ~4 MB (measured on the
 * serialised entry), an Actor whose entry alone is larger gets a chunk of its own.
 *
 * One origins filter, one set of records, so an analysis narrowed to SCHEDULER runs never
 * reuses aggregates built from every origin. Entries of Actors the analysis did not collect
 * (an include/exclude change) are carried over into the new chunks, as separate per-Actor
 * records used to survive.
 *
 * Safety: entries are self-describing (actorId, originsKey, version) and validated by the
 * collection, so a chunk that does not hold what the index says (a crash between the chunk
 * writes and the index, two analyses flushing at once) only costs requests: that Actor is
 * collected in full. Stores written by the per-Actor layout (`DAYS-<origins>-<actorId>`)
 * are still read when there is no index, and their records are removed after the first flush.
 *
 * Writes are buffered until `flush()`: the pipeline flushes only after the analysis is known
 * to be valid (e.g. every include pattern matched an Actor), so a failed run leaves the
 * trend store as it was.
 */
import type { ActorCacheEntry, DayCacheAdapter } from '../collection/collection-cache.js';
import { writeChunks } from './day-cache-chunks.js';
import { DAY_CACHE_CHUNK_TARGET_BYTES, dayCacheIndexKey, type DayCacheIndex } from './day-cache-layout.js';
import { DayCacheReader } from './day-cache-reader.js';
import { mapWithConcurrency } from '../map-with-concurrency.js';
import type { TrendStoreAdapter } from './trend-store-adapter.js';

export {
    DAY_CACHE_CHUNK_TARGET_BYTES,
    DAY_CACHE_KEY_PREFIX,
    DAY_CACHE_LAYOUT_VERSION,
    dayCacheChunkKey,
    dayCacheChunkSchema,
    dayCacheIndexKey,
    dayCacheIndexSchema,
    dayCacheKey,
    dayCachePrefix,
    type DayCacheIndex,
} from './day-cache-layout.js';

export interface BufferedDayCache extends DayCacheAdapter {
    /** Entries waiting to be written. */
    readonly pendingCount: number;
    /** Writes the chunks, then the index; returns the number of Actors whose entry was written now. */
    flush(): Promise<number>;
    /** Drops pending writes (the analysis failed). */
    discard(): void;
}

export interface TrendStoreDayCacheOptions {
    originsKey: string;
    /** False (input `useDailyCache: false`): read nothing, still write, so the next run can be incremental. */
    isReadEnabled: boolean;
    /** Parallel record writes/reads; KV record operations allow 200/s per store. */
    flushConcurrency?: number;
    /** Overrides DAY_CACHE_CHUNK_TARGET_BYTES (tests). */
    chunkTargetBytes?: number;
}

/** Records the new index no longer refers to: chunks past the new count, and per-Actor ones. */
async function staleKeysAfter(
    reader: DayCacheReader,
    previousIndex: DayCacheIndex | null,
    index: DayCacheIndex,
): Promise<string[]> {
    const keptKeys = new Set(index.chunks.map((chunk) => chunk.key));
    if (previousIndex === null) return [...(await reader.listLegacyKeys())];
    return previousIndex.chunks.map((chunk) => chunk.key).filter((key) => !keptKeys.has(key));
}

/**
 * Writes `pending` with the previous index's other entries carried over: the chunks, then the
 * index (the commit point), then removes the records nobody refers to. Reads even when reading
 * is disabled: only to keep other Actors' entries.
 */
async function flushEntries(
    store: TrendStoreAdapter,
    reader: DayCacheReader,
    pending: Map<string, ActorCacheEntry>,
    options: { originsKey: string; concurrency: number; targetBytes: number },
): Promise<void> {
    const previousIndex = await reader.readIndex();
    const carried = await reader.readCarryOver(previousIndex, pending, options.concurrency);
    const entries: unknown[] = [...pending.values(), ...carried];
    pending.clear();
    const index = await writeChunks(store, options, entries);
    await store.setJson(dayCacheIndexKey(options.originsKey), index);
    const staleKeys = await staleKeysAfter(reader, previousIndex, index);
    await mapWithConcurrency(staleKeys, options.concurrency, (key) => store.deleteRecord(key).catch(() => undefined));
}

export function createTrendStoreDayCache(
    store: TrendStoreAdapter,
    options: TrendStoreDayCacheOptions,
): BufferedDayCache {
    const flushOptions = {
        originsKey: options.originsKey,
        concurrency: options.flushConcurrency ?? 20,
        targetBytes: options.chunkTargetBytes ?? DAY_CACHE_CHUNK_TARGET_BYTES,
    };
    /** Pending entries by Actor id. */
    const pending = new Map<string, ActorCacheEntry>();
    let reader = new DayCacheReader(store, options.originsKey);
    return {
        get pendingCount() {
            return pending.size;
        },
        async get(actorId) {
            if (!options.isReadEnabled) return undefined;
            try {
                return await reader.readEntry(actorId);
            } catch {
                return undefined;
            }
        },
        async put(entry) {
            pending.set(entry.actorId, entry);
        },
        async flush() {
            const written = pending.size;
            if (written === 0) return 0;
            await flushEntries(store, reader, pending, flushOptions);
            // Later reads see the store as written now.
            reader = new DayCacheReader(store, options.originsKey);
            return written;
        },
        discard() {
            pending.clear();
        },
    };
}
