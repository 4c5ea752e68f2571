/**
 * Stage 3 of collectFleet: the runs (streamed into per-day partials) and the profiles of the
 * selected Actors. Chooses the run list by run-list-strategy.ts — with more than one Actor to
 * fetch, the first page of the account-wide list is the probe that tells its size — and hands
 * the stage to that strategy's file.
 */
import type { ActorCacheEntry } from './collection-cache.js';
import type { CollectionContext } from './collection-context.js';
import { collectRunsAccountWide, type AccountWideProbe } from './collect-runs-account-wide.js';
import { collectRunsPerActor } from './collect-runs-per-actor.js';
import { PermissionDeniedError, type ActorListItem, type FleetApi } from './fleet-api.js';
import type { RunFetchPlan } from './plan-run-fetch.js';
import { chooseRunListStrategy, type RunListStrategy } from './run-list-strategy.js';
import type { RunStageInput, RunStageResult } from './run-stage.js';

export interface RunsAndProfiles extends RunStageResult {
    strategy: RunListStrategy;
}

interface ProbeOutcome {
    strategy: RunListStrategy;
    /** null without a probe, or when the list is forbidden. */
    probe: AccountWideProbe | null;
    /** Every Actor to fetch when the run list is forbidden. */
    runsForbidden: string[];
}

export async function probeRunListStrategy(
    api: FleetApi,
    plan: RunFetchPlan,
    startedBefore: string,
): Promise<ProbeOutcome> {
    const { needsRuns } = plan;
    if (needsRuns.length <= 1) {
        return { strategy: chooseRunListStrategy(needsRuns.length, null), probe: null, runsForbidden: [] };
    }
    const startedAfter = needsRuns.map((a) => plan.fetchFromIso.get(a.id)!).sort()[0]!;
    try {
        const page = await api.listRuns(null, { offset: 0, startedAfter, startedBefore });
        return {
            strategy: chooseRunListStrategy(needsRuns.length, page.total),
            probe: { ...page, startedAfter },
            runsForbidden: [],
        };
    } catch (error) {
        if (!(error instanceof PermissionDeniedError)) throw error;
        return {
            strategy: { kind: 'account-wide', reason: 'The run list is not permitted for this token.' },
            probe: null,
            runsForbidden: needsRuns.map((item) => item.id),
        };
    }
}

export async function collectRunsAndProfiles(
    context: CollectionContext,
    input: {
        selected: readonly ActorListItem[];
        caches: ReadonlyMap<string, ActorCacheEntry>;
        accountUsername: string | null;
        plan: RunFetchPlan;
        windowToIso: string;
        origins: readonly string[];
    },
): Promise<RunsAndProfiles> {
    const startedBefore = new Date(Date.parse(input.windowToIso) - 1).toISOString();
    const outcome = await probeRunListStrategy(context.api, input.plan, startedBefore);
    const stageInput: RunStageInput = {
        ...input,
        selectedById: new Map(input.selected.map((item) => [item.id, item])),
        startedBefore,
        origins: new Set(input.origins),
        strategy: outcome.strategy,
    };
    const result =
        outcome.strategy.kind === 'account-wide' && outcome.probe !== null
            ? await collectRunsAccountWide(context, stageInput, outcome.probe)
            : await collectRunsPerActor(
                  context,
                  stageInput,
                  outcome.strategy.kind === 'per-actor' ? input.plan.needsRuns : [],
              );
    for (const id of outcome.runsForbidden) result.runsForbidden.add(id);
    return { ...result, strategy: outcome.strategy };
}
