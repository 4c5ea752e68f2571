/**
 * Stage 3 of collectFleet with the account-wide run list (`GET /v2/actor-runs`): one unit per
 * page of 1,000, beside the profile units (run-stage.ts). Page 0 is the probe that chose this
 * strategy (collect-runs-and-profiles.ts), so it is not requested again.
 */
import type { CollectionContext } from './collection-context.js';
import { LIST_PAGE_SIZE, type ListPage, type RunListItem } from './fleet-api.js';
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
} from './run-stage.js';
import type { CollectionUnit } from './task-runner.js';

/** The first page of the account-wide list, read before the strategy was chosen. */
export interface AccountWideProbe extends ListPage<RunListItem> {
    /** The earliest instant any Actor to fetch needs. */
    startedAfter: string;
}

export function accountWidePageUnits(
    probe: AccountWideProbe,
    startedBefore: string,
    pages: { from: number; to: number },
): Array<CollectionUnit<RunStagePayload>> {
    const { startedAfter } = probe;
    return Array.from({ length: pages.to - pages.from }, (_, i) => {
        const offset = (pages.from + i) * LIST_PAGE_SIZE;
        return {
            id: `runs-page:${startedAfter}:${startedBefore}:${offset}`,
            payload: { kind: 'runs', actorId: null, offset, startedAfter, startedBefore },
        };
    });
}

/** Every page of the account-wide list and every selected Actor's profile. */
export async function collectRunsAccountWide(
    context: CollectionContext,
    input: RunStageInput,
    probe: AccountWideProbe,
): Promise<RunStageResult> {
    const state = emptyRunStageResult();
    const profiles = profileUnits(input.selected);
    const { startedAfter } = probe;
    const { startedBefore } = input;
    const worker = async (unit: CollectionUnit<RunStagePayload>): Promise<RunStageUnitResult> => {
        const { payload } = unit;
        if (payload.kind === 'profile') return runProfileUnit(context, input, payload.actorId);
        return readRunList(async (partial) => {
            const page =
                payload.offset === 0
                    ? probe
                    : await context.api.listRuns(null, { offset: payload.offset, startedAfter, startedBefore });
            foldRunListPage(partial, page.items, input);
            return page.total;
        });
    };
    let coveredPages = 0;
    let knownTotal = probe.total;
    // Runs may still be arriving (a window that ends in the future): loop until the last page.
    while (coveredPages < pagesFor(knownTotal)) {
        const pageCount = pagesFor(knownTotal);
        const pageUnits = accountWidePageUnits(probe, startedBefore, { from: coveredPages, to: pageCount });
        await context.runner.run(
            'runs',
            coveredPages === 0 ? [...profiles, ...pageUnits] : pageUnits,
            worker,
            (id, result) => {
                if (result.kind === 'runs') knownTotal = Math.max(knownTotal, result.total);
                recordRunStageResult(state, input, { id, actorId: null, result });
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
        coveredPages = pageCount;
    }
    return state;
}
