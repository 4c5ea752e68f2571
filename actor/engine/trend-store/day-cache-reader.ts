/**
 * Reads the day cache's records (day-cache-layout.ts) for one analysis: the index once, each
 * chunk once, and — in a store without an index — the per-Actor records of the previous
 * layout. A record that cannot be read or parsed reads as absent: a cache only saves requests.
 */
import {
    actorIdOf,
    dayCacheChunkSchema,
    dayCacheIndexKey,
    dayCacheIndexSchema,
    dayCacheKey,
    dayCachePrefix,
    isLegacyDayCacheKey,
    type DayCacheIndex,
} from './day-cache-layout.js';
import type { TrendStoreAdapter } from './trend-store-adapter.js';
import { mapWithConcurrency } from '../map-with-concurrency.js';

/** One chunk's entries by Actor id. */
export type ChunkEntries = Map<string, unknown>;

export class DayCacheReader {
    private index: Promise<DayCacheIndex | null> | null = null;
    /** Chunk key by Actor id, from the index. */
    private readonly chunkKeyByActorId = new Map<string, string>();
    /** Loaded chunks; an entry is removed once handed out (the collection asks once per Actor). */
    private readonly chunks = new Map<string, Promise<ChunkEntries>>();
    private readonly handedOut = new Set<string>();
    private legacyKeys: Promise<Set<string>> | null = null;

    constructor(
        private readonly store: TrendStoreAdapter,
        private readonly originsKey: string,
    ) {}

    readIndex(): Promise<DayCacheIndex | null> {
        this.index ??= this.store
            .getJson(dayCacheIndexKey(this.originsKey))
            .then((raw) => {
                const parsed = dayCacheIndexSchema.safeParse(raw);
                if (!parsed.success) return null;
                for (const chunk of parsed.data.chunks)
                    for (const actorId of chunk.actorIds) this.chunkKeyByActorId.set(actorId, chunk.key);
                return parsed.data;
            })
            // A cache that cannot be read only costs requests: collect in full.
            .catch(() => null);
        return this.index;
    }

    /** `isFresh`: read the record again even if it was loaded before. */
    readChunk(key: string, isFresh = false): Promise<ChunkEntries> {
        let promise = isFresh ? undefined : this.chunks.get(key);
        if (!promise) {
            promise = this.store
                .getJson(key)
                .then((raw) => {
                    const parsed = dayCacheChunkSchema.safeParse(raw);
                    const byActor: ChunkEntries = new Map();
                    for (const entry of parsed.success ? parsed.data.entries : []) {
                        const actorId = actorIdOf(entry);
                        if (actorId !== null) byActor.set(actorId, entry);
                    }
                    return byActor;
                })
                .catch((): ChunkEntries => new Map());
            this.chunks.set(key, promise);
        }
        return promise;
    }

    /** Records of the per-Actor layout, listed once. */
    listLegacyKeys(): Promise<Set<string>> {
        this.legacyKeys ??= this.store
            .listKeys(dayCachePrefix(this.originsKey))
            .then((keys) => new Set(keys.filter((key) => isLegacyDayCacheKey(this.originsKey, key))))
            .catch(() => new Set<string>());
        return this.legacyKeys;
    }

    async readEntry(actorId: string): Promise<unknown> {
        const index = await this.readIndex();
        if (index === null) {
            const legacyKey = dayCacheKey(this.originsKey, actorId);
            if (!(await this.listLegacyKeys()).has(legacyKey)) return undefined;
            return this.store.getJson(legacyKey);
        }
        const chunkKey = this.chunkKeyByActorId.get(actorId);
        if (chunkKey === undefined) return undefined;
        const byActor = await this.readChunk(chunkKey);
        const entry = byActor.get(actorId);
        // Handed out once (the collection asks once per Actor): not kept twice in memory.
        byActor.delete(actorId);
        this.handedOut.add(actorId);
        return entry;
    }

    /**
     * Entries of `index` for Actors not in `replaced`: carried over. Chunks read during the
     * collection still hold the entries nobody asked for; a chunk whose entry for such an Actor
     * was already handed out (asked for, then not collected) is read again.
     */
    async readCarryOver(
        index: DayCacheIndex | null,
        replaced: ReadonlySet<string> | ReadonlyMap<string, unknown>,
        concurrency: number,
    ): Promise<unknown[]> {
        if (index === null) return [];
        const chunksToRead = index.chunks.filter((chunk) => chunk.actorIds.some((id) => !replaced.has(id)));
        const loaded = new Map<string, ChunkEntries>();
        await mapWithConcurrency(chunksToRead, concurrency, async (chunk) => {
            let byActor = await this.readChunk(chunk.key);
            if (chunk.actorIds.some((id) => !replaced.has(id) && this.handedOut.has(id)))
                byActor = await this.readChunk(chunk.key, true);
            loaded.set(chunk.key, byActor);
        });
        const carried: unknown[] = [];
        for (const chunk of chunksToRead) {
            for (const actorId of chunk.actorIds) {
                if (replaced.has(actorId)) continue;
                const entry = loaded.get(chunk.key)?.get(actorId);
                if (entry !== undefined) carried.push(entry);
            }
        }
        return carried;
    }
}
