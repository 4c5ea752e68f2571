/**
 * `executionMode: "runs"`, the orchestrator's side: one run of this same Actor per
 * (specialist, shard), at most `maxParallelRuns` at once; gather each run's `SIGNALS` record,
 * validate it, and hand the merge exactly what it needs to report every run that did not
 * deliver.
 *
 *   plan shards → write FLEET-SHARD-<n> records (own store, run token) → start runs WITH the
 *   fleet token → bounded long-polls (≤ 60 s per call) until done or the deadline → read
 *   SIGNALS through the API → zod → combine each specialist's shard documents
 *
 * Tokens: runs are started with the client the orchestrator reads the fleet with, so the
 * platform gives each specialist run a run token of that same scope. No token is ever put
 * into a specialist run's input: the role carries only names, ids and the window.
 *
 * Never throws for a specialist's failure: a run that cannot be started, fails, times out,
 * is aborted, or writes a missing, malformed or foreign SIGNALS record becomes a
 * SpecialistRunInfo that the report shows (specialists[] + collection.partial).
 */
import type { ApifyClient } from 'apify-client';
import type { ActorInput } from '../../../shared/contracts/actor-input.js';
import type { FleetData } from '../../../shared/contracts/fleet-data.js';
import type { SpecialistRunInfo } from '../../../shared/analysis/merge-signals.js';
import { runSpecialistsInline } from '../specialists-inline.js';
import { mapWithConcurrency } from '../map-with-concurrency.js';
import { combineRunOutcomes } from './combine-outcomes.js';
import { fanOutDeadline } from './fan-out-deadline.js';
import type { FanOutLog, FanOutPlatform } from './fan-out-platform.js';
import { FanOutStateRecord } from './fan-out-state.js';
import { writeShardRecords } from './shard-records.js';
import { planSpecialistRuns, type PlannedSpecialistRun } from './shard-plan.js';
import { runSpecialist, type RunOutcome, type SpecialistRunContext } from './specialist-run.js';

export {
    DEFAULT_FAN_OUT_TIMEOUT_SECS,
    MAX_WAIT_FOR_FINISH_SECS,
    ORCHESTRATOR_RESERVE_SECS,
} from './fan-out-deadline.js';
export type { FanOutPlatform } from './fan-out-platform.js';
export { FAN_OUT_STATE_KEY } from './fan-out-state.js';
export { MAX_SHARD_RECORD_BYTES } from './shard-records.js';
export { buildSpecialistRunInput } from './specialist-run-input.js';
export { SIGNALS_RECORD_KEY } from './specialist-run.js';

export interface FanOutParams {
    /** Starts the runs, waits for them and reads their SIGNALS: the token that reads the fleet. */
    fleetClient: ApifyClient;
    fleetData: FleetData;
    input: ActorInput;
    /** The analysis time, stamped on every document (same as inline). */
    generatedAt: string;
    platform: FanOutPlatform;
    onStatus?: (message: string) => void;
    log?: FanOutLog;
    /** Seconds per long-poll (≤ 60). */
    pollWaitSecs?: number;
    /**
     * Overall limit for the specialist runs (default 3600 s, and never past the orchestrator's own timeout minus 120
     * s).
     */
    timeoutSecs?: number;
}

export interface FanOutResult {
    /**
     * Raw SIGNALS documents for the merge: one combined valid document per specialist, plus invalid records as read.
     */
    documents: unknown[];
    /** Runs the report must name (problems), plus the inline specialists' run infos. */
    runs: SpecialistRunInfo[];
    /** Every specialist run this analysis started (or found started before a migration). */
    startedRunIds: string[];
    /** Shards whose data did not fit a record: their runs collected the shard themselves. */
    selfCollectedShards: string[];
}

const SILENT_LOG: FanOutLog = { info: () => undefined, warning: () => undefined };

/**
 * A small pool: at most `maxParallelRuns` specialist runs exist at any time. Outcomes are in
 * plan order; `startedRunIds` in the order the runs started.
 */
async function runPlannedRuns(
    context: SpecialistRunContext,
    planned: readonly PlannedSpecialistRun[],
    onStatus: (message: string) => void,
): Promise<{ outcomes: RunOutcome[]; startedRunIds: string[] }> {
    const total = planned.length;
    const startedRunIds: string[] = [];
    let finished = 0;
    onStatus(`Specialist runs: 0/${total} finished (at most ${context.input.maxParallelRuns} at once)…`);
    // A small pool: at most maxParallelRuns specialist runs exist at any time.
    const outcomes = await mapWithConcurrency(planned, context.input.maxParallelRuns, async (run) => {
        const outcome = await runSpecialist(context, run, (runId) => startedRunIds.push(runId));
        finished++;
        onStatus(`Specialist runs: ${finished}/${total} finished…`);
        return outcome;
    });
    return { outcomes, startedRunIds };
}

export async function runSpecialistsAsRuns(params: FanOutParams): Promise<FanOutResult> {
    const { fleetData, input, generatedAt, platform } = params;
    const log = params.log ?? SILENT_LOG;
    const onStatus = (message: string): void => params.onStatus?.(message);
    const deadline = fanOutDeadline({
        nowMillis: Date.now(),
        timeoutSecs: params.timeoutSecs,
        orchestratorLeftMillis: platform.timeLeftMillis(),
        pollWaitSecs: params.pollWaitSecs,
    });
    const plan = planSpecialistRuns(fleetData, input.specialists, {
        shardSize: input.shardSize,
        abPairs: input.abPairs,
    });
    // Specialists with nothing to shard run here, exactly as inline mode runs them.
    const inline =
        plan.inlineSpecialists.length > 0
            ? runSpecialistsInline(
                  fleetData,
                  { ...input, specialists: plan.inlineSpecialists },
                  { generatedAt, runId: null },
              )
            : { documents: [], runs: [] };
    if (plan.runs.length === 0)
        return { documents: [...inline.documents], runs: [...inline.runs], startedRunIds: [], selfCollectedShards: [] };

    const { records, selfCollected } = await writeShardRecords(fleetData, plan.shards, platform, log);
    const context: SpecialistRunContext = {
        fleetClient: params.fleetClient,
        input,
        generatedAt,
        window: fleetData.window,
        platform,
        shardRecords: records,
        state: await FanOutStateRecord.load(platform, generatedAt, log),
        deadline,
    };
    const { outcomes, startedRunIds } = await runPlannedRuns(context, plan.runs, onStatus);
    const combined = combineRunOutcomes(outcomes, { generatedAt, window: fleetData.window });

    const total = plan.runs.length;
    const problemCount = outcomes.filter((outcome) => outcome.kind === 'problem').length;
    if (problemCount > 0)
        log.warning(
            `${problemCount} of ${total} specialist runs delivered no usable SIGNALS; the report is partial and names them.`,
        );
    else log.info(`All ${total} specialist runs delivered their SIGNALS.`);
    return {
        documents: [...inline.documents, ...combined.documents],
        runs: [...inline.runs, ...combined.runs],
        startedRunIds,
        selfCollectedShards: selfCollected,
    };
}
