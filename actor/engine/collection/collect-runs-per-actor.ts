/**
 * Stage 3 of collectFleet with per-Actor run lists (`GET /v2/acts/{id}/runs`): one unit per
 * Actor to fetch reads its list to the last page, beside the profile units (run-stage.ts).
 * Also serves the cases without any run list (nothing to fetch, or the list is forbidden):
 * then only the profiles run.
 */
import type { CollectionContext } from './collection-context.js';
import { LIST_PAGE_SIZE, type ActorListItem } from './fleet-api.js';
import type { RunsPartial } from './run-aggregation.js';
import { pagesFor } from './run-list-strategy.js';
import {
    emptyRunStageResult,
    foldRunListPage,
    profileUnits,
    readRunList,
    recordRunStageResult,
    reportRunStageProgress,
    runProfileUnit,
    type RunStageInput,
    type RunStagePayload,
    type RunStageResult,
    type RunStageUnitResult,
    type RunsUnitPayload,
} from './run-stage.js';
import type { CollectionUnit } from './task-runner.js';

const ACTOR_RUNS_UNIT_PREFIX = 'runs-actor:';

/** Every page of one Actor's list; pages past the first go out together once `total` is known. */
async function readActorRunList(
    context: CollectionContext,
    input: RunStageInput,
    payload: RunsUnitPayload,
    partial: RunsPartial,
): Promise<number> {
    const { actorId, startedAfter, startedBefore } = payload;
    const first = await context.api.listRuns(actorId, { offset: 0, startedAfter, startedBefore });
    foldRunListPage(partial, first.items, input);
    let total = first.total;
    let covered = 1;
    // Runs may still be arriving (a window that ends in the future): loop until the last page.
    while (covered < pagesFor(total)) {
        const pages = await Promise.all(
            Array.from({ length: pagesFor(total) - covered }, async (_, i) =>
                context.api.listRuns(actorId, { offset: (covered + i) * LIST_PAGE_SIZE, startedAfter, startedBefore }),
            ),
        );
        covered = pagesFor(total);
        for (const page of pages) {
            foldRunListPage(partial, page.items, input);
            total = Math.max(total, page.total);
        }
    }
    return total;
}

export function actorRunUnits(
    actors: readonly ActorListItem[],
    input: RunStageInput,
): Array<CollectionUnit<RunStagePayload>> {
    return actors.map((item) => {
        const startedAfter = input.plan.fetchFromIso.get(item.id)!;
        const { startedBefore } = input;
        return {
            id: `${ACTOR_RUNS_UNIT_PREFIX}${item.id}:${startedAfter}:${startedBefore}`,
            payload: { kind: 'runs', actorId: item.id, offset: 0, startedAfter, startedBefore },
        };
    });
}

/** The run lists of `actors` (empty: profiles only) and every selected Actor's profile. */
export async function collectRunsPerActor(
    context: CollectionContext,
    input: RunStageInput,
    actors: readonly ActorListItem[],
): Promise<RunStageResult> {
    const state = emptyRunStageResult();
    const profiles = profileUnits(input.selected);
    const worker = async (unit: CollectionUnit<RunStagePayload>): Promise<RunStageUnitResult> => {
        const { payload } = unit;
        if (payload.kind === 'profile') return runProfileUnit(context, input, payload.actorId);
        return readRunList(async (partial) => readActorRunList(context, input, payload, partial));
    };
    await context.runner.run(
        'runs',
        [...profiles, ...actorRunUnits(actors, input)],
        worker,
        (id, result) => {
            const actorId = id.startsWith(ACTOR_RUNS_UNIT_PREFIX) ? (id.split(':')[1] ?? null) : null;
            recordRunStageResult(state, input, { id, actorId, result });
        },
        {
            signal: context.signal,
            onUnitDone: (unitsDone, unitsTotal) =>
                reportRunStageProgress(context, {
                    strategy: input.strategy,
                    unitsDone,
                    unitsTotal,
                    profileCount: profiles.length,
                    profilesDone: state.profiles.size,
                }),
        },
    );
    return state;
}
