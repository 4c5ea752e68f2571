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

interface PlanWindow {
    nowIso: string;
    fromIso: string;
    toIso: string;
    fromDay: string;
    toDay: string;
}

type SampledInfo = { id: string; startedAt: string; detail: boolean; dataset: boolean; statistics: boolean };
type ActorPlanDraft = Omit<PlannedActor, 'sampledRuns'> & { sampled: SampledInfo[] };

/** The day the cache an analysis leaves behind covers up to (see completeThroughDay in build-cache-entry.ts). */
function completeThroughOf(runs: ReadonlyArray<{ status: string; startedAt: string }>, w: PlanWindow): string {
    const inProgressDays = new Set(runs.filter((r) => IN_PROGRESS.has(r.status)).map((r) => r.startedAt.slice(0, 10)));
    let completeThroughDay = w.fromDay;
    while (
        completeThroughDay < w.toDay &&
        dayEndIso(completeThroughDay) <= w.nowIso &&
        !inProgressDays.has(completeThroughDay)
    ) {
        completeThroughDay = dayEndIso(completeThroughDay).slice(0, 10);
    }
    return completeThroughDay;
}

/** One Actor's share of the plan: what it costs, what it leaves in the cache, its shape. */
function planActor(
    state: EmulatorState,
    actor: ReturnType<EmulatorState['listActors']>[number],
    index: number,
    w: PlanWindow,
    before: ActorObservation | undefined,
): {
    allRunCount: number;
    runsInWindow: number;
    observation: ActorObservation;
    fetchFromIso: string | null;
    draft: ActorPlanDraft;
    shape: FleetShape['actors'][number];
} {
    const { fromIso, toIso, fromDay, toDay } = w;
    const allRuns = state.listRuns({ actId: actor.id, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
    const runs = allRuns.filter((r) => r.startedAt >= fromIso && r.startedAt < toIso);
    const partial: RunsPartial = {};
    for (const run of runs) addRun(partial, toListItem(run), { fromIso, toIso, origins: new Set() });
    const days = partial[actor.id] ?? {};
    const candidates = new Map<string, DayCandidates>(Object.entries(days).map(([day, p]) => [day, p.candidates]));
    const sample = selectSample(candidates);

    const completeThroughDay = completeThroughOf(runs, w);
    const observation: ActorObservation = {
        completeThroughDay,
        cachedSampleIds: new Set(
            sample.filter((s) => s.ref.startedAt.slice(0, 10) < completeThroughDay).map((s) => s.ref.id),
        ),
    };
    const isCached = before !== undefined && before.completeThroughDay > fromDay;
    const fetchFromIso = isCached
        ? `${before.completeThroughDay < toDay ? before.completeThroughDay : toDay}T00:00:00.000Z`
        : fromIso;
    const toFetch = runs.filter((r) => r.startedAt >= fetchFromIso).length;

    const builds = state.listBuilds(actor.id);
    const newest = [...builds].reverse().slice(0, BUILDS_LIST_LIMIT);
    const finishedRecentBuilds = newest.filter((b) => b.status === 'SUCCEEDED').length;
    const sampleInfo = sample.map((s): SampledInfo => {
        const dataset = wantsDataset(s.ref);
        const itemCount =
            dataset && s.ref.defaultDatasetId !== null ? (state.getDataset(s.ref.defaultDatasetId)?.itemCount ?? 0) : 0;
        return {
            id: s.ref.id,
            startedAt: s.ref.startedAt,
            detail: s.detail,
            dataset,
            statistics: dataset && itemCount > 0,
        };
    });
    return {
        allRunCount: allRuns.length,
        runsInWindow: runs.length,
        observation,
        fetchFromIso: toFetch > 0 ? fetchFromIso : null,
        draft: {
            id: actor.id,
            actorListPage: Math.floor(index / PAGE_SIZE),
            runPages: pagesFor(toFetch),
            detail: !isCached,
            buildsList: !isCached && builds.length > 0,
            buildGets: !isCached && builds.length > 0 ? Math.min(2, finishedRecentBuilds) : 0,
            sampled: sampleInfo.filter((s) => !(isCached && before.cachedSampleIds.has(s.id))),
        },
        shape: {
            runsInWindow: runs.length,
            totalBuilds: builds.length,
            finishedRecentBuilds,
            sampledRuns: sample.filter((s) => s.detail).length,
            sampledDatasets: sample.filter((s) => wantsDataset(s.ref)).length,
            sampledDatasetsWithItems: sampleInfo.filter((s) => s.statistics).length,
        },
    };
}

/**
 * Where each sampled run sits in the run pages: its Actor's own list and the account-wide
 * list, both from the earliest day any Actor still needs. null = known without a run page.
 */
function placeSampledRuns(
    drafts: readonly ActorPlanDraft[],
    accountRuns: ReadonlyArray<{ id: string; actId: string; startedAt: string }>,
    fetchFromByActor: ReadonlyMap<string, string>,
): Pick<CollectionPlan, 'accountRunPages' | 'actors'> {
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
    const pageOf = (position: number | undefined): number | null =>
        position === undefined ? null : Math.floor(position / PAGE_SIZE);
    return {
        accountRunPages: pagesFor(accountList.length),
        actors: drafts.map(({ sampled, ...actor }): PlannedActor => {
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
}

/**
 * The plan of an analysis at the emulator's current time; with `previous` (the observations
 * of an earlier analysis), the incremental plan.
 */
export function planFromState(state: EmulatorState, previous?: Map<string, ActorObservation>): FleetPlanResult {
    const now = state.clock.now();
    const window = computeAnalysisWindow(now, LOOKBACK_DAYS);
    const fromIso = window.from.toISOString();
    const toIso = window.to.toISOString();
    const w: PlanWindow = {
        nowIso: now.toISOString(),
        fromIso,
        toIso,
        fromDay: fromIso.slice(0, 10),
        toDay: toIso.slice(0, 10),
    };
    const actors = state.listActors();
    // Where each run of the window sits in the account-wide list (ascending, as the collector reads it).
    const accountRuns = state
        .listRuns({ startedAfter: fromIso, offset: 0, limit: Number.MAX_SAFE_INTEGER })
        .items.filter((r) => r.startedAt >= fromIso && r.startedAt < toIso);

    const observations = new Map<string, ActorObservation>();
    const fetchFromByActor = new Map<string, string>();
    const drafts: ActorPlanDraft[] = [];
    const shapeActors: FleetShape['actors'][number][] = [];
    let naiveRequests = pagesFor(actors.length);
    let runsInWindow = 0;
    actors.forEach((actor, index) => {
        const planned = planActor(state, actor, index, w, previous?.get(actor.id));
        runsInWindow += planned.runsInWindow;
        naiveRequests += Math.max(1, pagesFor(planned.allRunCount)) + planned.runsInWindow;
        observations.set(actor.id, planned.observation);
        if (planned.fetchFromIso !== null) fetchFromByActor.set(actor.id, planned.fetchFromIso);
        drafts.push(planned.draft);
        shapeActors.push(planned.shape);
    });
    const plan: CollectionPlan = {
        actorListPages: pagesFor(actors.length),
        ...placeSampledRuns(drafts, accountRuns, fetchFromByActor),
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
