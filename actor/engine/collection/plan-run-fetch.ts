/**
 * Stage 2 of collectFleet: what the previous analysis already holds. Per Actor, the covered,
 * finished days of its cache entry are reused and its runs are fetched only from the first day
 * that is not covered; an Actor whose list item shows no run since then needs no run request.
 */
import type { ActorCacheEntry, DayCacheAdapter } from './collection-cache.js';
import { parseCacheEntry } from './collection-cache.js';
import { dayStartIso } from './collection-context.js';
import type { ActorListItem } from './fleet-api.js';

export interface RunFetchPlan {
    /** First instant whose runs must be fetched, per selected Actor. */
    fetchFromIso: ReadonlyMap<string, string>;
    /** Selected Actors that can have runs from that instant on, in selection order. */
    needsRuns: ActorListItem[];
}

/** The cache entries that cover the window's first day, by Actor id (none without a cache). */
export async function readCachedEntries(input: {
    dayCache: DayCacheAdapter | undefined;
    selected: readonly ActorListItem[];
    originsKey: string;
    windowFromDay: string;
}): Promise<Map<string, ActorCacheEntry>> {
    const caches = new Map<string, ActorCacheEntry>();
    const { dayCache, originsKey, windowFromDay } = input;
    if (!dayCache) return caches;
    const entries = await Promise.all(
        input.selected.map(
            async (item) => [item.id, parseCacheEntry(await dayCache.get(item.id), item.id, originsKey)] as const,
        ),
    );
    for (const [id, entry] of entries) {
        if (entry && entry.coveredFrom <= windowFromDay && entry.completeThrough > windowFromDay) caches.set(id, entry);
    }
    return caches;
}

function fetchFromDay(cached: ActorCacheEntry | undefined, windowFromDay: string, windowToDay: string): string {
    if (!cached || cached.completeThrough <= windowFromDay) return windowFromDay;
    return cached.completeThrough < windowToDay ? cached.completeThrough : windowToDay;
}

export function planRunFetch(input: {
    selected: readonly ActorListItem[];
    caches: ReadonlyMap<string, ActorCacheEntry>;
    windowFromDay: string;
    windowToDay: string;
    /** The window's end (exclusive), ISO. */
    windowToIso: string;
}): RunFetchPlan {
    const fetchFromIso = new Map<string, string>();
    const needsRuns: ActorListItem[] = [];
    for (const item of input.selected) {
        const fromIso = dayStartIso(fetchFromDay(input.caches.get(item.id), input.windowFromDay, input.windowToDay));
        fetchFromIso.set(item.id, fromIso);
        if (fromIso >= input.windowToIso) continue;
        const stats = item.stats;
        const last = stats?.lastRunStartedAt ?? null;
        if (stats && last === null && stats.totalRuns === 0) continue;
        if (last !== null && last < fromIso) continue;
        needsRuns.push(item);
    }
    return { fetchFromIso, needsRuns };
}
