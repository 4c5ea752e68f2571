/**
 * Stage 3 of collectFleet, the parts both run-list strategies share (collect-runs-per-actor.ts,
 * collect-runs-account-wide.ts): the run-list pages and one profile unit per Actor (metadata
 * and builds, which need only the Actor list) run side by side in ONE runner stage. The pages
 * are the critical path (one list is one resource: 60 requests/s); the profiles fill the time
 * they leave. Run-list pages are streamed into per-day partials (run-aggregation.ts).
 */
import { collectActorProfile, type ActorProfileResult } from './collect-actor.js';
import type { ActorCacheEntry } from './collection-cache.js';
import { reportProgress, type CollectionContext } from './collection-context.js';
import { PermissionDeniedError, type ActorListItem, type RunListItem } from './fleet-api.js';
import { addRun, mergeRunsPartial, type RunsPartial } from './run-aggregation.js';
import type { RunFetchPlan } from './plan-run-fetch.js';
import type { RunListStrategy } from './run-list-strategy.js';
import type { CollectionUnit } from './task-runner.js';

/** What the run-and-profile units need to know; the same for both strategies. */
export interface RunStageInput {
    /** In selection order (the profile units' order). */
    selected: readonly ActorListItem[];
    selectedById: ReadonlyMap<string, ActorListItem>;
    caches: ReadonlyMap<string, ActorCacheEntry>;
    accountUsername: string | null;
    plan: RunFetchPlan;
    /** The window's end (exclusive), ISO. */
    windowToIso: string;
    /** The list query's inclusive upper bound: 1 ms before the window's end. */
    startedBefore: string;
    /** Empty = every origin. */
    origins: ReadonlySet<string>;
    strategy: RunListStrategy;
}

/** What the stage has gathered; a strategy creates it, folds its units' results in and returns it. */
export interface RunStageResult {
    runs: RunsPartial;
    /** Actors whose run list the token may not read. */
    runsForbidden: Set<string>;
    profiles: Map<string, ActorProfileResult>;
}

export interface RunsUnitPayload {
    /** null = account-wide. */
    actorId: string | null;
    offset: number;
    startedAfter: string;
    startedBefore: string;
}

interface RunsUnitResult {
    partial: RunsPartial;
    total: number;
    forbidden: boolean;
}

/** Units of the runs-and-profiles stage. */
export type RunStagePayload = ({ kind: 'runs' } & RunsUnitPayload) | { kind: 'profile'; actorId: string };
export type RunStageUnitResult = ({ kind: 'runs' } & RunsUnitResult) | ({ kind: 'profile' } & ActorProfileResult);

const PROFILE_UNIT_PREFIX = 'actor-profile:';

export function emptyRunStageResult(): RunStageResult {
    return { runs: {}, runsForbidden: new Set(), profiles: new Map() };
}

/**
 * Profiles (metadata, builds) go first in the unit list: with a runner of fewer lanes than
 * units, pages queued first would fill every lane while waiting for the run list's 60/s.
 */
export function profileUnits(selected: readonly ActorListItem[]): Array<CollectionUnit<RunStagePayload>> {
    return selected.map((item) => ({
        id: `${PROFILE_UNIT_PREFIX}${item.id}`,
        payload: { kind: 'profile', actorId: item.id },
    }));
}

export async function runProfileUnit(
    context: CollectionContext,
    input: RunStageInput,
    actorId: string,
): Promise<RunStageUnitResult> {
    const item = input.selectedById.get(actorId);
    if (item === undefined) throw new Error(`Internal error: no list item for Actor ${actorId}.`);
    const payload = { item, accountUsername: input.accountUsername, cached: input.caches.get(actorId) };
    return { kind: 'profile', ...(await collectActorProfile(context.api, payload)) };
}

/** Folds one run-list page into `partial`; runs of Actors not selected (or not owned) are dropped. */
export function foldRunListPage(partial: RunsPartial, items: readonly RunListItem[], input: RunStageInput): void {
    for (const run of items) {
        const from = input.plan.fetchFromIso.get(run.actId);
        if (from === undefined) continue;
        addRun(partial, run, { fromIso: from, toIso: input.windowToIso, origins: input.origins });
    }
}

/** Reads a run list with `read`; a 403 makes the unit's result `forbidden` instead of failing the stage. */
export async function readRunList(read: (partial: RunsPartial) => Promise<number>): Promise<RunStageUnitResult> {
    const partial: RunsPartial = {};
    try {
        const total = await read(partial);
        return { kind: 'runs', partial, total, forbidden: false };
    } catch (error) {
        if (error instanceof PermissionDeniedError) return { kind: 'runs', partial, total: 0, forbidden: true };
        throw error;
    }
}

/**
 * Folds one unit's result into `state`. `actorId` is the Actor of a per-Actor list unit, null
 * for an account-wide page: a forbidden account-wide page marks every Actor to fetch.
 */
export function recordRunStageResult(
    state: RunStageResult,
    input: RunStageInput,
    unit: { id: string; actorId: string | null; result: RunStageUnitResult },
): void {
    const { result, actorId } = unit;
    if (result.kind === 'profile') {
        state.profiles.set(unit.id.slice(PROFILE_UNIT_PREFIX.length), result);
        return;
    }
    if (result.forbidden) {
        const needsRuns = input.plan.needsRuns;
        for (const item of actorId === null ? needsRuns : needsRuns.filter((a) => a.id === actorId))
            state.runsForbidden.add(item.id);
        return;
    }
    mergeRunsPartial(state.runs, result.partial);
}

export function reportRunStageProgress(
    context: CollectionContext,
    progress: {
        strategy: RunListStrategy;
        unitsDone: number;
        unitsTotal: number;
        profileCount: number;
        profilesDone: number;
    },
): void {
    const { unitsDone, unitsTotal, profileCount, profilesDone } = progress;
    const pagesTotal = unitsTotal - profileCount;
    const runsDone = Math.max(0, unitsDone - profilesDone);
    reportProgress(
        context,
        'runs',
        unitsDone,
        unitsTotal,
        progress.strategy.kind === 'per-actor'
            ? `Collected runs of ${runsDone}/${pagesTotal} Actors, details of ${profilesDone}/${profileCount}…`
            : `Collected ${runsDone}/${pagesTotal} pages of runs, details of ${profilesDone}/${profileCount} Actors…`,
    );
}
