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
import { z } from 'zod';
import type { ActorCacheEntry, DayCacheAdapter } from '../collection/collection-cache.js';
import type { TrendStoreAdapter } from './trend-store-adapter.js';
import { mapWithConcurrency } from '../map-with-concurrency.js';

export const DAY_CACHE_KEY_PREFIX = 'DAYS-';
export const DAY_CACHE_LAYOUT_VERSION = 1 as const;
/** Serialised JSON per chunk; the record limit is 9 MB, this leaves room for estimate error. */
export const DAY_CACHE_CHUNK_TARGET_BYTES = 4_000_000;

const INDEX_SUFFIX = 'INDEX';
/** Chunk writes in flight during a flush (each up to the target size in memory). */
const CHUNK_WRITES_IN_FLIGHT = 4;
const CHUNK_SUFFIX = 'CHUNK-';

function originsPartOf(originsKey: string): string {
    return originsKey === '' ? 'all' : originsKey.split(',').join('.');
}

function sanitiseKey(key: string): string {
    return key.replace(/[^a-zA-Z0-9!\-_.'()]/g, '_');
}

/** Prefix of every record of one origins filter. Origins are upper-case words; `all` when unfiltered. */
export function dayCachePrefix(originsKey: string): string {
    return sanitiseKey(`${DAY_CACHE_KEY_PREFIX}${originsPartOf(originsKey)}-`);
}

/** The per-Actor record of the previous layout (read when a store has no index yet). */
export function dayCacheKey(originsKey: string, actorId: string): string {
    return sanitiseKey(`${DAY_CACHE_KEY_PREFIX}${originsPartOf(originsKey)}-${actorId}`);
}

export function dayCacheIndexKey(originsKey: string): string {
    return `${dayCachePrefix(originsKey)}${INDEX_SUFFIX}`;
}

export function dayCacheChunkKey(originsKey: string, chunkNumber: number): string {
    return `${dayCachePrefix(originsKey)}${CHUNK_SUFFIX}${String(chunkNumber).padStart(4, '0')}`;
}

export const dayCacheIndexSchema = z
    .object({
        version: z.literal(DAY_CACHE_LAYOUT_VERSION),
        chunks: z.array(z.object({ key: z.string(), actorIds: z.array(z.string()) }).strict()),
    })
    .strict();
export type DayCacheIndex = z.infer<typeof dayCacheIndexSchema>;

/** The envelope only: each entry is validated by the collection (parseCacheEntry) when used. */
export const dayCacheChunkSchema = z
    .object({
        version: z.literal(DAY_CACHE_LAYOUT_VERSION),
        entries: z.array(z.unknown()),
    })
    .strict();

function actorIdOf(entry: unknown): string | null {
    const actorId = (entry as { actorId?: unknown } | null)?.actorId;
    return typeof entry === 'object' && entry !== null && typeof actorId === 'string' ? actorId : null;
}

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

export function createTrendStoreDayCache(
    store: TrendStoreAdapter,
    options: TrendStoreDayCacheOptions,
): BufferedDayCache {
    const concurrency = options.flushConcurrency ?? 20;
    const targetBytes = options.chunkTargetBytes ?? DAY_CACHE_CHUNK_TARGET_BYTES;
    /** Pending entries by Actor id. */
    const pending = new Map<string, ActorCacheEntry>();

    let indexPromise: Promise<DayCacheIndex | null> | null = null;
    /** Chunk key by Actor id, from the index. */
    const chunkKeyByActorId = new Map<string, string>();
    const readIndex = (): Promise<DayCacheIndex | null> => {
        indexPromise ??= store
            .getJson(dayCacheIndexKey(options.originsKey))
            .then((raw) => {
                const parsed = dayCacheIndexSchema.safeParse(raw);
                if (!parsed.success) return null;
                for (const chunk of parsed.data.chunks)
                    for (const actorId of chunk.actorIds) chunkKeyByActorId.set(actorId, chunk.key);
                return parsed.data;
            })
            // A cache that cannot be read only costs requests: collect in full.
            .catch(() => null);
        return indexPromise;
    };
    /** Loaded chunks: entries by Actor id, removed once handed out (the collection asks once). */
    const chunkPromises = new Map<string, Promise<Map<string, unknown>>>();
    const handedOut = new Set<string>();
    const readChunk = (key: string, isFresh = false): Promise<Map<string, unknown>> => {
        let promise = isFresh ? undefined : chunkPromises.get(key);
        if (!promise) {
            promise = store
                .getJson(key)
                .then((raw) => {
                    const parsed = dayCacheChunkSchema.safeParse(raw);
                    const byActor = new Map<string, unknown>();
                    if (parsed.success) {
                        for (const entry of parsed.data.entries) {
                            const actorId = actorIdOf(entry);
                            if (actorId !== null) byActor.set(actorId, entry);
                        }
                    }
                    return byActor;
                })
                .catch(() => new Map<string, unknown>());
            chunkPromises.set(key, promise);
        }
        return promise;
    };
    /** Records of the per-Actor layout, listed once when the store has no index. */
    let legacyKeysPromise: Promise<Set<string>> | null = null;
    const listLegacyKeys = (): Promise<Set<string>> => {
        legacyKeysPromise ??= store
            .listKeys(dayCachePrefix(options.originsKey))
            .then(
                (keys) =>
                    new Set(
                        keys.filter(
                            (key) =>
                                key !== dayCacheIndexKey(options.originsKey) &&
                                !key.startsWith(`${dayCachePrefix(options.originsKey)}${CHUNK_SUFFIX}`),
                        ),
                    ),
            )
            .catch(() => new Set<string>());
        return legacyKeysPromise;
    };

    async function readEntry(actorId: string): Promise<unknown> {
        const index = await readIndex();
        if (index === null) {
            const legacyKey = dayCacheKey(options.originsKey, actorId);
            if (!(await listLegacyKeys()).has(legacyKey)) return undefined;
            return store.getJson(legacyKey);
        }
        const chunkKey = chunkKeyByActorId.get(actorId);
        if (chunkKey === undefined) return undefined;
        const byActor = await readChunk(chunkKey);
        const entry = byActor.get(actorId);
        // Handed out once (the collection asks once per Actor): not kept twice in memory.
        byActor.delete(actorId);
        handedOut.add(actorId);
        return entry;
    }

    /**
     * Entries of the current index for Actors this analysis did not put: carried over. Chunks
     * read during the collection still hold the entries nobody asked for; a chunk whose entry
     * for such an Actor was already handed out (asked for, then not collected) is read again.
     */
    async function collectCarryOver(index: DayCacheIndex | null): Promise<unknown[]> {
        if (index === null) return [];
        const chunksToRead = index.chunks.filter((chunk) => chunk.actorIds.some((id) => !pending.has(id)));
        const loaded = new Map<string, Map<string, unknown>>();
        await mapWithConcurrency(chunksToRead, concurrency, async (chunk) => {
            let byActor = await readChunk(chunk.key);
            if (chunk.actorIds.some((id) => !pending.has(id) && handedOut.has(id)))
                byActor = await readChunk(chunk.key, true);
            loaded.set(chunk.key, byActor);
        });
        const carried: unknown[] = [];
        for (const chunk of chunksToRead) {
            for (const actorId of chunk.actorIds) {
                if (pending.has(actorId)) continue;
                const entry = loaded.get(chunk.key)?.get(actorId);
                if (entry !== undefined) carried.push(entry);
            }
        }
        return carried;
    }

    /**
     * Serialises the entries one by one into chunks (greedy, in order; an entry larger than the
     * target gets a chunk of its own) and writes each chunk as soon as it is full, a few at a
     * time: at most those chunks' text is in memory, not the whole fleet's (~200 MB on L).
     */
    async function writeChunks(entries: readonly unknown[]): Promise<DayCacheIndex> {
        const index: DayCacheIndex = { version: DAY_CACHE_LAYOUT_VERSION, chunks: [] };
        const inFlight = new Set<Promise<void>>();
        let firstError: unknown = null;
        let texts: string[] = [];
        let actorIds: string[] = [];
        let bytes = 0;
        const emit = async (): Promise<void> => {
            const key = dayCacheChunkKey(options.originsKey, index.chunks.length);
            index.chunks.push({ key, actorIds });
            const text = `{"version":${DAY_CACHE_LAYOUT_VERSION},"entries":[${texts.join(',')}]}`;
            texts = [];
            actorIds = [];
            bytes = 0;
            const write = (store.setJsonText ? store.setJsonText(key, text) : store.setJson(key, JSON.parse(text)))
                .catch((error: unknown) => {
                    firstError ??= error;
                })
                .finally(() => inFlight.delete(write));
            inFlight.add(write);
            if (inFlight.size >= CHUNK_WRITES_IN_FLIGHT) await Promise.race(inFlight);
        };
        for (const entry of entries) {
            const actorId = actorIdOf(entry);
            if (actorId === null) continue;
            const text = JSON.stringify(entry);
            if (texts.length > 0 && bytes + text.length > targetBytes) await emit();
            texts.push(text);
            actorIds.push(actorId);
            bytes += text.length + 1;
        }
        if (texts.length > 0) await emit();
        await Promise.all(inFlight);
        if (firstError !== null) throw firstError;
        return index;
    }

    return {
        get pendingCount() {
            return pending.size;
        },
        async get(actorId) {
            if (!options.isReadEnabled) return undefined;
            try {
                return await readEntry(actorId);
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
            // Reading is allowed here even with isReadEnabled false: only to keep other Actors' entries.
            const previousIndex = await readIndex();
            const carried = await collectCarryOver(previousIndex);
            const entries: unknown[] = [...pending.values(), ...carried];
            pending.clear();
            const index = await writeChunks(entries);
            await store.setJson(dayCacheIndexKey(options.originsKey), index);
            // Records the new index no longer refers to: chunks past the new count, per-Actor ones.
            const keptKeys = new Set(index.chunks.map((chunk) => chunk.key));
            const staleKeys = [
                ...(previousIndex?.chunks.map((chunk) => chunk.key).filter((key) => !keptKeys.has(key)) ?? []),
                ...(previousIndex === null ? await listLegacyKeys() : []),
            ];
            await mapWithConcurrency(staleKeys, concurrency, (key) => store.deleteRecord(key).catch(() => undefined));
            // Later reads see the store as written now.
            indexPromise = null;
            legacyKeysPromise = null;
            chunkKeyByActorId.clear();
            chunkPromises.clear();
            handedOut.clear();
            return written;
        },
        discard() {
            pending.clear();
        },
    };
}
