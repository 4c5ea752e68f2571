/**
 * Stage 4 of collectFleet: per Actor, its days (cached ones and freshly aggregated ones) and
 * its bounded run sample (sampling.ts) with run details, dataset metadata and field statistics
 * — never items. One unit per Actor; it needs the Actor's final sample, i.e. every run-list
 * page, so it runs after the run stage.
 */
import { collectRunSample, type RunSampleResult } from './collect-actor.js';
import type { ActorCacheEntry } from './collection-cache.js';
import { dayStartIso, reportProgress, type ActorDay, type CollectionContext } from './collection-context.js';
import type { ActorListItem } from './fleet-api.js';
import type { RunFetchPlan } from './plan-run-fetch.js';
import { finaliseDay, type RunsPartial } from './run-aggregation.js';
import { selectSample, type SampleEntry } from './sampling.js';
import type { CollectionUnit } from './task-runner.js';

/**
 * Sample units (one Actor's sampled runs) in progress at once. Each holds its runs' details
 * and dataset metadata until its last statistics request returns, and all their requests
 * queue in the RateLimiter together: with every Actor's unit started at once (2,000 on L,
 * ~40,000 runs) the whole sample sat in memory waiting, and L no longer fitted a 380 MB heap.
 * 200 units of up to 35 runs still queue thousands of requests, far more than the ~200 in
 * flight that the per-user rate needs at API latencies up to a second.
 */
export const SAMPLE_UNITS_IN_PROGRESS = 200;

export interface ActorDays {
    /** Per selected Actor, its days in the window in day order (none when its runs are forbidden). */
    daysByActor: Map<string, ActorDay[]>;
    reusedDays: number;
    fetchedDays: number;
}

/** One Actor's sample and what its unit returned. */
export interface ActorSample {
    item: ActorListItem;
    sample: SampleEntry[];
    cached: ActorCacheEntry | undefined;
    result: RunSampleResult;
}

/**
 * Cached days before the first fetched instant, then the fetched days. Consumes `runs`: each
 * Actor's partials are dropped once its days are built, so the two never sit in memory whole.
 */
export function assembleActorDays(input: {
    selected: readonly ActorListItem[];
    caches: ReadonlyMap<string, ActorCacheEntry>;
    plan: RunFetchPlan;
    runs: RunsPartial;
    runsForbidden: ReadonlySet<string>;
    windowFromDay: string;
    nowIso: string;
}): ActorDays {
    const { runs } = input;
    const daysByActor = new Map<string, ActorDay[]>();
    let reusedDays = 0;
    let fetchedDays = 0;
    for (const item of input.selected) {
        const days: ActorDay[] = [];
        if (!input.runsForbidden.has(item.id)) {
            const from = input.plan.fetchFromIso.get(item.id)!;
            for (const entry of input.caches.get(item.id)?.days ?? []) {
                if (entry.aggregate.day >= input.windowFromDay && dayStartIso(entry.aggregate.day) < from) {
                    days.push(entry);
                    reusedDays += 1;
                }
            }
            for (const [day, partial] of Object.entries(runs[item.id] ?? {})) {
                days.push({ aggregate: finaliseDay(day, partial, input.nowIso), candidates: partial.candidates });
                fetchedDays += 1;
            }
            days.sort((a, b) => (a.aggregate.day < b.aggregate.day ? -1 : 1));
        }
        daysByActor.set(item.id, days);
        delete runs[item.id];
    }
    return { daysByActor, reusedDays, fetchedDays };
}

type SampleUnitPayload = Omit<ActorSample, 'result'>;

export function sampleUnits(input: {
    selected: readonly ActorListItem[];
    caches: ReadonlyMap<string, ActorCacheEntry>;
    daysByActor: ReadonlyMap<string, ActorDay[]>;
    runsForbidden: ReadonlySet<string>;
    /** Part of the unit id: a resumed collection never mixes samples of another window or origin filter. */
    unitKey: string;
}): Array<CollectionUnit<SampleUnitPayload>> {
    return input.selected.map((item) => {
        const days = input.daysByActor.get(item.id)!;
        const sample = input.runsForbidden.has(item.id)
            ? []
            : selectSample(new Map(days.map((d) => [d.aggregate.day, d.candidates])));
        return {
            id: `actor:${item.id}:${input.unitKey}`,
            payload: { item, sample, cached: input.caches.get(item.id) },
        };
    });
}

/** Runs the sample units; the result is in selection order. */
export async function collectSamples(
    context: CollectionContext,
    units: ReadonlyArray<CollectionUnit<SampleUnitPayload>>,
): Promise<ActorSample[]> {
    const results = new Map<string, RunSampleResult>();
    await context.runner.run(
        'actors',
        units,
        async (unit) => collectRunSample(context.api, unit.payload),
        (id, result) => results.set(id, result),
        {
            signal: context.signal,
            maxUnitsInProgress: SAMPLE_UNITS_IN_PROGRESS,
            onUnitDone: (done, total) =>
                reportProgress(context, 'details', done, total, `Collected sampled runs of ${done}/${total} Actors…`),
        },
    );
    return units.map((unit) => {
        const result = results.get(unit.id);
        if (!result)
            throw new Error(`Internal error: the task runner returned no result for Actor ${unit.payload.item.id}.`);
        return { ...unit.payload, result };
    });
}
