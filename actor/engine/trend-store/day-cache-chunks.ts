/**
 * Writing the day cache's chunks (day-cache-layout.ts): the entries are serialised one by one
 * into chunks (greedy, in order; an entry larger than the target gets a chunk of its own) and
 * each chunk is written as soon as it is full, a few at a time: at most those chunks' text is
 * in memory, not the whole fleet's (~200 MB on L).
 */
import { actorIdOf, dayCacheChunkKey, DAY_CACHE_LAYOUT_VERSION, type DayCacheIndex } from './day-cache-layout.js';
import type { TrendStoreAdapter } from './trend-store-adapter.js';

/** Chunk writes in flight during a flush (each up to the target size in memory). */
const CHUNK_WRITES_IN_FLIGHT = 4;

export interface PackedChunk {
    actorIds: string[];
    /** The chunk record's JSON text. */
    text: string;
}

/** The chunks, lazily: the next one is serialised only when the caller asks for it. */
export function* packChunks(entries: Iterable<unknown>, targetBytes: number): Generator<PackedChunk> {
    let texts: string[] = [];
    let actorIds: string[] = [];
    let bytes = 0;
    const take = (): PackedChunk => {
        const chunk = { actorIds, text: `{"version":${DAY_CACHE_LAYOUT_VERSION},"entries":[${texts.join(',')}]}` };
        texts = [];
        actorIds = [];
        bytes = 0;
        return chunk;
    };
    for (const entry of entries) {
        const actorId = actorIdOf(entry);
        if (actorId === null) continue;
        const text = JSON.stringify(entry);
        if (texts.length > 0 && bytes + text.length > targetBytes) yield take();
        texts.push(text);
        actorIds.push(actorId);
        bytes += text.length + 1;
    }
    if (texts.length > 0) yield take();
}

/** Writes the chunks; returns the index that names them. Throws the first failed write's error, after all settle. */
export async function writeChunks(
    store: TrendStoreAdapter,
    options: { originsKey: string; targetBytes: number },
    entries: Iterable<unknown>,
): Promise<DayCacheIndex> {
    const index: DayCacheIndex = { version: DAY_CACHE_LAYOUT_VERSION, chunks: [] };
    const inFlight = new Set<Promise<void>>();
    let firstError: unknown = null;
    for (const { actorIds, text } of packChunks(entries, options.targetBytes)) {
        const key = dayCacheChunkKey(options.originsKey, index.chunks.length);
        index.chunks.push({ key, actorIds });
        const write = (store.setJsonText ? store.setJsonText(key, text) : store.setJson(key, JSON.parse(text)))
            .catch((error: unknown) => {
                firstError ??= error;
            })
            .finally(() => inFlight.delete(write));
        inFlight.add(write);
        if (inFlight.size >= CHUNK_WRITES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (firstError !== null) throw firstError;
    return index;
}
