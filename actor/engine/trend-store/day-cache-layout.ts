/**
 * The records of the day cache (day-cache.ts) in the trend store: their keys and the shape of
 * the index and of a chunk.
 */
import { z } from 'zod';

export const DAY_CACHE_KEY_PREFIX = 'DAYS-';
export const DAY_CACHE_LAYOUT_VERSION = 1 as const;
/** Serialised JSON per chunk; the record limit is 9 MB, this leaves room for estimate error. */
export const DAY_CACHE_CHUNK_TARGET_BYTES = 4_000_000;

const INDEX_SUFFIX = 'INDEX';
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

/** Whether `key` is a record of the per-Actor layout (neither the index nor a chunk). */
export function isLegacyDayCacheKey(originsKey: string, key: string): boolean {
    return key !== dayCacheIndexKey(originsKey) && !key.startsWith(`${dayCachePrefix(originsKey)}${CHUNK_SUFFIX}`);
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

/** The Actor id an entry claims, null for anything that is not an entry. */
export function actorIdOf(entry: unknown): string | null {
    const actorId = (entry as { actorId?: unknown } | null)?.actorId;
    return typeof entry === 'object' && entry !== null && typeof actorId === 'string' ? actorId : null;
}
