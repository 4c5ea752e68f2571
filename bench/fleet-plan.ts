/**
 * Reads a fleet's shape straight from the emulator's state (not through the API) and turns it
 * into the CollectionPlan of the lower-bound model and the FleetShape of
 * `estimateMinimumRequests`, using the collection's own rules for what the report needs:
 * the window (computeAnalysisWindow), the run sample (selectSample over the same per-day
 * candidates, built with the same addRun), dataset metadata only for sampled SUCCEEDED runs,
 * field statistics only when that dataset has items, the two latest SUCCEEDED builds among
 * the newest ten.
 *
 * The incremental plan ("one day later") models what a collector with the previous
 * analysis's per-Actor cache must still fetch: run list pages from the first day that was not
 * over or still had unfinished runs, details of sampled runs it has not seen, and no Actor
 * detail or builds (neither changes in the scenarios between the two analyses).
 */
import { computeAnalysisWindow } from '../actor/engine/analysis-pipeline.js';
import type { FleetShape } from '../actor/engine/collection/run-list-strategy.js';
import { BUILDS_LIST_LIMIT } from '../actor/engine/collection/collect-actor.js';
import type { RunListItem } from '../actor/engine/collection/fleet-api.js';
import { addRun, dayEndIso, type DayCandidates, type RunsPartial } from '../actor/engine/collection/run-aggregation.js';
import { selectSample, wantsDataset } from '../actor/engine/collection/sampling.js';
import type { EmulatorState } from '../test/emulator/index.js';
import type { CollectionPlan, PlannedActor, PlannedSampledRun } from './lower-bound.js';

const PAGE_SIZE = 1000;
const LOOKBACK_DAYS = 28;
const IN_PROGRESS = new Set(['READY', 'RUNNING', 'TIMING-OUT', 'ABORTING']);

type RunFixture = ReturnType<EmulatorState['listRuns']>['items'][number];

/** The run as the API lists it, from the emulator's state (field by field, as the collection reads one). */
function toListItem(run: RunFixture): RunListItem {
    return {
        id: run.id,
        actId: run.actId,
        status: run.status,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        buildNumber: run.buildNumber,
        meta: { origin: run.origin },
        usageTotalUsd: run.usageTotalUsd ?? null,
        defaultDatasetId: run.defaultDatasetId,
    };
}

function pagesFor(count: number): number {
    return count === 0 ? 0 : Math.ceil(count / PAGE_SIZE);
}

/** What one analysis saw of one Actor; the next analysis's cache is derived from it. */
export interface ActorObservation {
    /** First day that was not over, or had unfinished runs, when the analysis ran. */
    completeThroughDay: string;
    /** Sampled run ids kept in the cache (started before completeThroughDay). */
    cachedSampleIds: ReadonlySet<string>;
}

export interface FleetPlanResult {
    window: { from: Date; to: Date };
    plan: CollectionPlan;
    /** For estimateMinimumRequests (full analysis only). */
    shape: FleetShape;
    observations: Map<string, ActorObservation>;
    runsInWindow: number;
    /** Requests the naive collector needs: Actor pages, every run list page, a GET per run in the window. */
    naiveRequests: number;
}

/**
 * The plan of an analysis at the emulator's current time; with `previous` (the observations
 * of an earlier analysis), the incremental plan.
 */
export function planFromState(state: EmulatorState, previous?: Map<string, ActorObservation>): FleetPlanResult {
    const now = state.clock.now();
    const nowIso = now.toISOString();
    const window = computeAnalysisWindow(now, LOOKBACK_DAYS);
    const fromIso = window.from.toISOString();
    const toIso = window.to.toISOString();
    const fromDay = fromIso.slice(0, 10);
    const toDay = toIso.slice(0, 10);
    const actors = state.listActors();

    // Where each run of the window sits in the account-wide list (ascending, as the collector reads it).
    const accountRuns = state
        .listRuns({ startedAfter: fromIso, offset: 0, limit: Number.MAX_SAFE_INTEGER })
        .items.filter((r) => r.startedAt >= fromIso && r.startedAt < toIso);

    const observations = new Map<string, ActorObservation>();
    const fetchFromByActor = new Map<string, string>();
    const planned: Array<
        Omit<PlannedActor, 'sampledRuns'> & {
            sampled: Array<{ id: string; startedAt: string; detail: boolean; dataset: boolean; statistics: boolean }>;
        }
    > = [];
    const shapeActors: FleetShape['actors'][number][] = [];
    let naiveRequests = pagesFor(actors.length);
    let runsInWindow = 0;

    actors.forEach((actor, index) => {
        const allRuns = state.listRuns({ actId: actor.id, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
        const runs = allRuns.filter((r) => r.startedAt >= fromIso && r.startedAt < toIso);
        runsInWindow += runs.length;
        naiveRequests += Math.max(1, pagesFor(allRuns.length)) + runs.length;

        const partial: RunsPartial = {};
        for (const run of runs) addRun(partial, toListItem(run), { fromIso, toIso, origins: new Set() });
        const days = partial[actor.id] ?? {};
        const candidates = new Map<string, DayCandidates>(Object.entries(days).map(([day, p]) => [day, p.candidates]));
        const sample = selectSample(candidates);

        // The cache this analysis leaves behind (see buildCacheEntry in collect-fleet.ts).
        const inProgressDays = new Set(
            runs.filter((r) => IN_PROGRESS.has(r.status)).map((r) => r.startedAt.slice(0, 10)),
        );
        let completeThroughDay = fromDay;
        while (
            completeThroughDay < toDay &&
            dayEndIso(completeThroughDay) <= nowIso &&
            !inProgressDays.has(completeThroughDay)
        ) {
            completeThroughDay = dayEndIso(completeThroughDay).slice(0, 10);
        }
        observations.set(actor.id, {
            completeThroughDay,
            cachedSampleIds: new Set(
                sample.filter((s) => s.ref.startedAt.slice(0, 10) < completeThroughDay).map((s) => s.ref.id),
            ),
        });

        const before = previous?.get(actor.id);
        const isCached = before !== undefined && before.completeThroughDay > fromDay;
        const fetchFromIso = isCached
            ? `${before.completeThroughDay < toDay ? before.completeThroughDay : toDay}T00:00:00.000Z`
            : fromIso;
        const toFetch = runs.filter((r) => r.startedAt >= fetchFromIso).length;
        if (toFetch > 0) fetchFromByActor.set(actor.id, fetchFromIso);

        const builds = state.listBuilds(actor.id);
        const newest = [...builds].reverse().slice(0, BUILDS_LIST_LIMIT);
        const finishedRecentBuilds = newest.filter((b) => b.status === 'SUCCEEDED').length;
        const sampleInfo = sample.map((s) => {
            const dataset = wantsDataset(s.ref);
            const itemCount =
                dataset && s.ref.defaultDatasetId !== null
                    ? (state.getDataset(s.ref.defaultDatasetId)?.itemCount ?? 0)
                    : 0;
            return {
                id: s.ref.id,
                startedAt: s.ref.startedAt,
                detail: s.detail,
                dataset,
                statistics: dataset && itemCount > 0,
            };
        });
        const sampled = sampleInfo.filter((s) => !(isCached && before.cachedSampleIds.has(s.id)));
        planned.push({
            id: actor.id,
            actorListPage: Math.floor(index / PAGE_SIZE),
            runPages: pagesFor(toFetch),
            detail: !isCached,
            buildsList: !isCached && builds.length > 0,
            buildGets: !isCached && builds.length > 0 ? Math.min(2, finishedRecentBuilds) : 0,
            sampled,
        });
        shapeActors.push({
            runsInWindow: runs.length,
            totalBuilds: builds.length,
            finishedRecentBuilds,
            sampledRuns: sample.filter((s) => s.detail).length,
            sampledDatasets: sample.filter((s) => wantsDataset(s.ref)).length,
            sampledDatasetsWithItems: sampleInfo.filter((s) => s.statistics).length,
        });
    });

    // The account-wide list from the earliest day any Actor still needs.
    const accountFromIso = [...fetchFromByActor.values()].sort()[0];
    const accountList = accountFromIso === undefined ? [] : accountRuns.filter((r) => r.startedAt >= accountFromIso);
    const accountPosition = new Map<string, number>();
    const ownPositionByActor = new Map<string, Map<string, number>>();
    accountList.forEach((run, i) => {
        accountPosition.set(run.id, i);
        const from = fetchFromByActor.get(run.actId);
        if (from === undefined || run.startedAt < from) return;
        let own = ownPositionByActor.get(run.actId);
        if (!own) ownPositionByActor.set(run.actId, (own = new Map()));
        own.set(run.id, own.size);
    });
    // null = the run is known without reading a run page (its day came from the cache).
    const pageOf = (position: number | undefined): number | null =>
        position === undefined ? null : Math.floor(position / PAGE_SIZE);
    const plan: CollectionPlan = {
        actorListPages: pagesFor(actors.length),
        accountRunPages: pagesFor(accountList.length),
        actors: planned.map(({ sampled, ...actor }): PlannedActor => {
            const ownPosition = ownPositionByActor.get(actor.id);
            return {
                ...actor,
                sampledRuns: sampled.map((s): PlannedSampledRun => ({
                    perActorPage: pageOf(ownPosition?.get(s.id)),
                    accountPage: pageOf(accountPosition.get(s.id)),
                    detail: s.detail,
                    dataset: s.dataset,
                    statistics: s.statistics,
                })),
            };
        }),
    };
    return {
        window,
        plan,
        shape: { ownedActorCount: actors.length, accountRunsInWindow: accountRuns.length, actors: shapeActors },
        observations,
        runsInWindow,
        naiveRequests,
    };
}
