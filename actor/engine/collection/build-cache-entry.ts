/**
 * What the next analysis may reuse of one Actor (collection-cache.ts): the days from the
 * window start up to the first day that is not over or has unfinished runs, the details and
 * dataset metadata of sampled runs on those days, the Actor detail while `modifiedAt` holds,
 * and the builds while the build count holds.
 */
import { ACTOR_CACHE_VERSION, type ActorCacheEntry, type CachedRunDetail } from './collection-cache.js';
import type { ActorProfileResult, MissingPart, RunSampleResult } from './collect-actor.js';
import type { ActorDay } from './collection-context.js';
import type { ActorListItem } from './fleet-api.js';
import { dayEndIso } from './run-aggregation.js';

export interface CacheEntryInput {
    item: ActorListItem;
    days: readonly ActorDay[];
    profile: ActorProfileResult;
    sampledRuns: RunSampleResult['sampledRuns'];
    previous: ActorCacheEntry | undefined;
    missingParts: ReadonlyArray<MissingPart['part']>;
    /** Sampled runs whose detail was not read (sampled for their dataset only). */
    datasetOnlyRunIds: ReadonlySet<string>;
    window: { from: string };
    windowFromDay: string;
    windowToDay: string;
    originsKey: string;
    nowIso: string;
}

/** Covered = from the window start up to the first day that is not over or has unfinished runs. */
export function completeThroughDay(input: {
    days: readonly ActorDay[];
    windowFromDay: string;
    windowToDay: string;
    nowIso: string;
}): string {
    const byDay = new Map(input.days.map((d) => [d.aggregate.day, d]));
    let completeThrough = input.windowFromDay;
    while (completeThrough < input.windowToDay && dayEndIso(completeThrough) <= input.nowIso) {
        const entry = byDay.get(completeThrough);
        if (entry && !entry.aggregate.isComplete) break;
        completeThrough = dayEndIso(completeThrough).slice(0, 10);
    }
    return completeThrough;
}

/** Sampled runs of covered days, fresh ones first, then the previous entry's still in the window. */
function cachedRuns(
    input: CacheEntryInput,
    completeThrough: string,
): Pick<ActorCacheEntry, 'runDetails' | 'runDatasets'> {
    const runDetails: Record<string, CachedRunDetail> = {};
    const runDatasets: ActorCacheEntry['runDatasets'] = {};
    if (input.missingParts.includes('run-details') || input.missingParts.includes('datasets'))
        return { runDetails, runDatasets };
    const isKept = (startedAt: string): boolean =>
        startedAt >= input.window.from && startedAt.slice(0, 10) < completeThrough;
    for (const run of input.sampledRuns) {
        if (run.startedAt.slice(0, 10) >= completeThrough) continue;
        if (input.datasetOnlyRunIds.has(run.id)) {
            runDatasets[run.id] = { startedAt: run.startedAt, dataset: run.dataset };
        } else {
            const { sampledBecause: _reason, ...detail } = run;
            runDetails[run.id] = detail;
        }
    }
    for (const [id, detail] of Object.entries(input.previous?.runDetails ?? {})) {
        if (!(id in runDetails) && isKept(detail.startedAt)) runDetails[id] = detail;
    }
    for (const [id, cached] of Object.entries(input.previous?.runDatasets ?? {})) {
        if (!(id in runDatasets) && !(id in runDetails) && isKept(cached.startedAt)) runDatasets[id] = cached;
    }
    return { runDetails, runDatasets };
}

export function buildCacheEntry(input: CacheEntryInput): ActorCacheEntry {
    const { item, profile } = input;
    const completeThrough = completeThroughDay(input);
    const totalBuilds = item.stats?.totalBuilds;
    return {
        version: ACTOR_CACHE_VERSION,
        actorId: item.id,
        originsKey: input.originsKey,
        coveredFrom: input.windowFromDay,
        completeThrough,
        days: input.days.filter((d) => d.aggregate.day < completeThrough),
        ...cachedRuns(input, completeThrough),
        metadata:
            profile.metadataFromDetail && item.modifiedAt !== null
                ? { modifiedAt: item.modifiedAt, actor: profile.actor }
                : null,
        builds:
            profile.builds !== null && typeof totalBuilds === 'number' && totalBuilds >= 0
                ? { totalBuilds, latest: profile.builds.latest, previous: profile.builds.previous }
                : null,
    };
}
