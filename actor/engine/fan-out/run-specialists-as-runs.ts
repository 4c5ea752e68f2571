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
import { z } from 'zod';
import {
    actorInputSchema,
    type ActorInput,
    type ActorInputRaw,
    type SpecialistRole,
} from '../../../shared/contracts/actor-input.js';
import type { FleetData } from '../../../shared/contracts/fleet-data.js';
import {
    signalsDocumentSchema,
    SPECIALISTS,
    type SignalsDocument,
    type SpecialistName,
} from '../../../shared/contracts/signals.js';
import type { SpecialistRunInfo } from '../../../shared/analysis/merge-signals.js';
import { runSpecialistsInline } from '../specialists-inline.js';
import { combineShardDocuments } from './combine-documents.js';
import { chooseSpecialistMemoryMbytes } from './memory-rule.js';
import { buildShardFleetData, planSpecialistRuns, type FleetShard, type PlannedSpecialistRun } from './shard-plan.js';
import { mapWithConcurrency } from '../map-with-concurrency.js';

export const SIGNALS_RECORD_KEY = 'SIGNALS';
/** Started runs by plan key: a migrated orchestrator waits for them instead of starting them again. */
export const FAN_OUT_STATE_KEY = 'FAN-OUT-STATE';
/** The API's cap for one long-poll. */
export const MAX_WAIT_FOR_FINISH_SECS = 60;
/** Default overall limit for all specialist runs together. */
export const DEFAULT_FAN_OUT_TIMEOUT_SECS = 3600;
/** Time the orchestrator keeps for itself after the specialists (report, outputs, trend store). */
export const ORCHESTRATOR_RESERVE_SECS = 120;
/**
 * Key-value store records are limited to 9 MB on the platform; a shard above this size is
 * not stored and its specialist runs collect the shard themselves (more requests, see README).
 */
export const MAX_SHARD_RECORD_BYTES = 8 * 1024 * 1024;
/** A specialist run never gets less than this run timeout. */
const MIN_RUN_TIMEOUT_SECS = 60;

const TERMINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);

/** What the platform gives the orchestrator (main.ts implements it with the SDK). */
export interface FanOutPlatform {
    /** This Actor's id (`ACTOR_ID`): specialist runs are runs of it. */
    actorId: string;
    parentRunId: string | null;
    /** The orchestrator's default key-value store, where the FLEET-SHARD records go. */
    ownStoreId: string;
    /** Reads and writes the orchestrator's own default store (with its run token). */
    getOwnRecord(key: string): Promise<unknown>;
    setOwnRecord(key: string, value: unknown): Promise<void>;
    /**
     * Milliseconds left before the orchestrator's own timeout, or null without one. A
     * function of the process clock, not a timestamp: the platform's `ACTOR_TIMEOUT_AT`
     * minus `ACTOR_STARTED_AT` is the budget, measured against this process's uptime (an
     * emulated platform's clock need not be the wall clock).
     */
    timeLeftMillis(): number | null;
}

export interface FanOutParams {
    /** Starts the runs, waits for them and reads their SIGNALS: the token that reads the fleet. */
    fleetClient: ApifyClient;
    fleetData: FleetData;
    input: ActorInput;
    /** The analysis time, stamped on every document (same as inline). */
    generatedAt: string;
    platform: FanOutPlatform;
    onStatus?: (message: string) => void;
    log?: { info(message: string): void; warning(message: string): void };
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

const fanOutStateSchema = z.object({
    version: z.literal(1),
    generatedAt: z.string(),
    runIds: z.record(z.string(), z.string()),
});
type FanOutState = z.infer<typeof fanOutStateSchema>;

type RunOutcome =
    | { kind: 'document'; planned: PlannedSpecialistRun; runId: string; document: SignalsDocument }
    | {
          kind: 'problem';
          planned: PlannedSpecialistRun;
          runId?: string;
          info: SpecialistRunInfo;
          raw?: unknown;
          summary: string;
      };

function planKey(planned: PlannedSpecialistRun): string {
    return `${planned.specialist}#${planned.shard.key}`;
}

function shardLabel(planned: PlannedSpecialistRun): string {
    return `shard ${planned.shardIndex + 1}/${planned.shardCount}, ${planned.shard.actors.length} Actor${planned.shard.actors.length === 1 ? '' : 's'}`;
}

function errorStatusCode(error: unknown): number | undefined {
    const code = (error as { statusCode?: unknown } | null)?.statusCode;
    return typeof code === 'number' ? code : undefined;
}

function errorMessage(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/**
 * The specialist run's whole input: the role and the options its specialist reads (the same
 * mapping as inline, specialists-inline.ts). Never a token. Validated here, so a bad role
 * fails in the orchestrator with a clear message instead of in every specialist run.
 */
export function buildSpecialistRunInput(
    input: ActorInput,
    planned: PlannedSpecialistRun,
    context: {
        generatedAt: string;
        parentRunId: string | null;
        window: FleetData['window'];
        fleetDataRecord: SpecialistRole['fleetDataRecord'] | undefined;
    },
): ActorInputRaw {
    const role: SpecialistRole = {
        specialist: planned.specialist,
        actorNames: planned.shard.actors.map((actorData) => actorData.actor.name),
        shardIndex: planned.shardIndex,
        shardCount: planned.shardCount,
        windowFrom: context.window.from,
        windowTo: context.window.to,
        parentRunId: context.parentRunId,
        generatedAt: context.generatedAt,
        ...(context.fleetDataRecord ? { fleetDataRecord: context.fleetDataRecord } : {}),
    };
    const raw: ActorInputRaw = {
        specialists: [planned.specialist],
        origins: input.origins,
        regressionSignificanceLevel: input.regressionSignificanceLevel,
        costSpikeFactor: input.costSpikeFactor,
        memoryHeadroomFactor: input.memoryHeadroomFactor,
        ...(planned.specialist === 'ab-tester' ? { abPairs: input.abPairs } : {}),
        specialistRole: role,
    };
    actorInputSchema.parse(raw);
    return raw;
}

async function writeShardRecords(
    params: FanOutParams,
    shards: readonly FleetShard[],
): Promise<{ records: Map<FleetShard, { storeId: string; key: string }>; selfCollected: string[] }> {
    const records = new Map<FleetShard, { storeId: string; key: string }>();
    const selfCollected: string[] = [];
    for (const shard of shards) {
        const data = buildShardFleetData(params.fleetData, shard);
        const sizeBytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
        if (sizeBytes > MAX_SHARD_RECORD_BYTES) {
            params.log?.warning(
                `${shard.key} is ${(sizeBytes / 1024 / 1024).toFixed(1)} MB, above the ${MAX_SHARD_RECORD_BYTES / 1024 / 1024} MB record limit: ` +
                    'its specialist runs collect the shard themselves (more API requests). A smaller "shardSize" avoids this.',
            );
            selfCollected.push(shard.key);
            continue;
        }
        try {
            await params.platform.setOwnRecord(shard.key, data);
            records.set(shard, { storeId: params.platform.ownStoreId, key: shard.key });
        } catch (error) {
            params.log?.warning(
                `${shard.key} could not be stored (${errorMessage(error)}): its specialist runs collect the shard themselves.`,
            );
            selfCollected.push(shard.key);
        }
    }
    return { records, selfCollected };
}

async function loadState(platform: FanOutPlatform, generatedAt: string): Promise<FanOutState> {
    const fresh: FanOutState = { version: 1, generatedAt, runIds: {} };
    try {
        const parsed = fanOutStateSchema.safeParse(await platform.getOwnRecord(FAN_OUT_STATE_KEY));
        // Only the same analysis (same start time) may reuse runs: after a migration.
        return parsed.success && parsed.data.generatedAt === generatedAt ? parsed.data : fresh;
    } catch {
        return fresh;
    }
}

function describeStartFailure(error: unknown): string {
    const statusCode = errorStatusCode(error);
    if (statusCode === 403)
        return 'the token that reads the fleet may not start runs of this Actor (missing "Actors: Run")';
    if (statusCode === 402) return 'the account has no capacity for another run (memory or credit limit)';
    return errorMessage(error);
}

/** Checks the document is this run's, for this specialist, about this shard's Actors only. */
function findIdentityProblem(document: SignalsDocument, planned: PlannedSpecialistRun, runId: string): string | null {
    if (document.specialist !== planned.specialist) return `it claims to be from "${document.specialist}"`;
    if (document.runId !== runId) return `it names run "${document.runId ?? 'null'}"`;
    const shardIds = new Set(planned.shard.actors.map((actorData) => actorData.actor.id));
    const foreign = [...document.actorIds, ...document.signals.map((signal) => signal.actorId)].find(
        (id) => !shardIds.has(id),
    );
    if (foreign !== undefined) return `it covers Actor "${foreign}", which is not in its shard`;
    return null;
}

export async function runSpecialistsAsRuns(params: FanOutParams): Promise<FanOutResult> {
    const { fleetClient, fleetData, input, generatedAt, platform } = params;
    const log = params.log ?? { info: () => undefined, warning: () => undefined };
    const status = (message: string): void => params.onStatus?.(message);
    const pollWaitSecs = Math.max(
        1,
        Math.min(MAX_WAIT_FOR_FINISH_SECS, params.pollWaitSecs ?? MAX_WAIT_FOR_FINISH_SECS),
    );
    const startedAtMillis = Date.now();
    let deadlineMillis = startedAtMillis + (params.timeoutSecs ?? DEFAULT_FAN_OUT_TIMEOUT_SECS) * 1000;
    const orchestratorLeftMillis = platform.timeLeftMillis();
    if (orchestratorLeftMillis !== null)
        deadlineMillis = Math.min(
            deadlineMillis,
            startedAtMillis + orchestratorLeftMillis - ORCHESTRATOR_RESERVE_SECS * 1000,
        );
    const remainingSecs = (): number => Math.max(0, Math.floor((deadlineMillis - Date.now()) / 1000));

    const plan = planSpecialistRuns(fleetData, input.specialists, {
        shardSize: input.shardSize,
        abPairs: input.abPairs,
    });
    const documents: unknown[] = [];
    const runs: SpecialistRunInfo[] = [];

    // Specialists with nothing to shard run here, exactly as inline mode runs them.
    if (plan.inlineSpecialists.length > 0) {
        const inline = runSpecialistsInline(
            fleetData,
            { ...input, specialists: plan.inlineSpecialists },
            { generatedAt, runId: null },
        );
        documents.push(...inline.documents);
        runs.push(...inline.runs);
    }
    if (plan.runs.length === 0) return { documents, runs, startedRunIds: [], selfCollectedShards: [] };

    const { records, selfCollected } = await writeShardRecords(params, plan.shards);
    const state = await loadState(platform, generatedAt);
    const saveState = async (): Promise<void> => {
        try {
            await platform.setOwnRecord(FAN_OUT_STATE_KEY, state);
        } catch (error) {
            log.warning(
                `The fan-out state could not be saved (${errorMessage(error)}): after a migration the specialist runs would be started again.`,
            );
        }
    };
    let stateWrites = Promise.resolve();

    const total = plan.runs.length;
    let finished = 0;
    const startedRunIds: string[] = [];
    status(`Specialist runs: 0/${total} finished (at most ${input.maxParallelRuns} at once)…`);

    const startRun = async (planned: PlannedSpecialistRun): Promise<{ runId: string } | { problem: string }> => {
        const existing = state.runIds[planKey(planned)];
        if (existing) return { runId: existing };
        if (remainingSecs() <= 0) return { problem: 'the fan-out time limit was reached before it could start' };
        try {
            const runInput = buildSpecialistRunInput(input, planned, {
                generatedAt,
                parentRunId: platform.parentRunId,
                window: fleetData.window,
                fleetDataRecord: records.get(planned.shard),
            });
            const run = await fleetClient.actor(platform.actorId).start(runInput, {
                memory: chooseSpecialistMemoryMbytes(planned.shard.actors.length),
                timeout: Math.max(MIN_RUN_TIMEOUT_SECS, remainingSecs()),
            });
            state.runIds[planKey(planned)] = run.id;
            stateWrites = stateWrites.then(saveState);
            await stateWrites;
            return { runId: run.id };
        } catch (error) {
            return { problem: `it could not be started: ${describeStartFailure(error)}` };
        }
    };

    const waitForRun = async (
        runId: string,
    ): Promise<
        { status: string; statusMessage: string | null; defaultKeyValueStoreId: string | null } | { problem: string }
    > => {
        for (;;) {
            const waitSecs = Math.min(pollWaitSecs, remainingSecs());
            let run;
            try {
                run = await fleetClient.run(runId).get({ waitForFinish: waitSecs });
            } catch (error) {
                if (errorStatusCode(error) === 403)
                    return { problem: 'its status could not be read (missing "Actor runs: Read")' };
                if (remainingSecs() <= 0) return { problem: `its status could not be read (${errorMessage(error)})` };
                await new Promise((resolve) => {
                    setTimeout(resolve, 1000);
                });
                continue;
            }
            if (!run) return { problem: 'the run no longer exists' };
            if (TERMINAL_STATUSES.has(run.status)) {
                return {
                    status: run.status,
                    statusMessage: run.statusMessage ?? null,
                    defaultKeyValueStoreId: run.defaultKeyValueStoreId ?? null,
                };
            }
            if (remainingSecs() <= 0) {
                await fleetClient
                    .run(runId)
                    .abort()
                    .catch(() => undefined);
                return {
                    status: 'TIMED-OUT',
                    statusMessage: `did not finish within the fan-out time limit; aborted by the orchestrator`,
                    defaultKeyValueStoreId: null,
                };
            }
        }
    };

    const readSignals = async (storeId: string): Promise<{ value: unknown } | { problem: string }> => {
        try {
            const record = await fleetClient.keyValueStore(storeId).getRecord(SIGNALS_RECORD_KEY);
            if (!record) return { problem: 'it finished without a SIGNALS record' };
            const value = Buffer.isBuffer(record.value) ? record.value.toString('utf8') : record.value;
            return { value };
        } catch (error) {
            if (errorStatusCode(error) === 403)
                return { problem: 'its SIGNALS record could not be read (missing "Key-value stores: Read")' };
            return { problem: `its SIGNALS record could not be read (${errorMessage(error)})` };
        }
    };

    const runOne = async (planned: PlannedSpecialistRun): Promise<RunOutcome> => {
        const actorIds = planned.shard.actors.map((actorData) => actorData.actor.id);
        const problem = (
            info: Omit<SpecialistRunInfo, 'name' | 'actorIds'>,
            summary: string,
            raw?: unknown,
        ): RunOutcome => ({
            kind: 'problem',
            planned,
            summary,
            ...(info.runId ? { runId: info.runId } : {}),
            ...(raw !== undefined ? { raw } : {}),
            info: { name: planned.specialist, actorIds, ...info },
        });
        const started = await startRun(planned);
        if ('problem' in started) {
            // "failed", not "not-started": a run that should have existed makes the report partial.
            return problem(
                {
                    status: 'failed',
                    reason: `The ${planned.specialist} run for ${shardLabel(planned)}: ${started.problem}; these Actors have no ${planned.specialist} signals.`,
                },
                'NOT STARTED',
            );
        }
        const { runId } = started;
        startedRunIds.push(runId);
        const label = `Run ${runId} (${planned.specialist}, ${shardLabel(planned)})`;
        const finishedRun = await waitForRun(runId);
        if ('problem' in finishedRun) {
            return problem(
                {
                    runId,
                    status: 'failed',
                    reason: `${label}: ${finishedRun.problem}; these Actors have no ${planned.specialist} signals.`,
                },
                'UNKNOWN',
            );
        }
        if (finishedRun.status !== 'SUCCEEDED') {
            const runStatus =
                finishedRun.status === 'ABORTED'
                    ? 'aborted'
                    : finishedRun.status === 'TIMED-OUT'
                      ? 'timed-out'
                      : 'failed';
            const message = finishedRun.statusMessage ? ` (${finishedRun.statusMessage.slice(0, 200)})` : '';
            return problem(
                {
                    runId,
                    status: runStatus,
                    reason: `${label} ended with status ${finishedRun.status}${message}; these Actors have no ${planned.specialist} signals.`,
                },
                finishedRun.status,
            );
        }
        if (!finishedRun.defaultKeyValueStoreId) {
            return problem(
                {
                    runId,
                    status: 'succeeded',
                    reason: `${label} has no default key-value store; its SIGNALS record could not be read.`,
                },
                'NO SIGNALS',
            );
        }
        const read = await readSignals(finishedRun.defaultKeyValueStoreId);
        if ('problem' in read)
            return problem(
                {
                    runId,
                    status: 'succeeded',
                    reason: `${label}: ${read.problem}; these Actors have no ${planned.specialist} signals.`,
                },
                'NO SIGNALS',
            );
        const parsed = signalsDocumentSchema.safeParse(read.value);
        if (!parsed.success) {
            // The merge quarantines it with the readable zod reason, attributed to this run.
            return problem({ runId, status: 'succeeded', document: read.value }, 'QUARANTINED', read.value);
        }
        const identityProblem = findIdentityProblem(parsed.data, planned, runId);
        if (identityProblem) {
            return problem(
                {
                    runId,
                    status: 'failed',
                    reason: `${label} wrote a SIGNALS record that is not its own (${identityProblem}); it was not used.`,
                },
                'QUARANTINED',
            );
        }
        return { kind: 'document', planned, runId, document: parsed.data };
    };

    // A small pool: at most maxParallelRuns specialist runs exist at any time.
    const outcomes = await mapWithConcurrency(plan.runs, input.maxParallelRuns, async (planned) => {
        const outcome = await runOne(planned);
        finished++;
        status(`Specialist runs: ${finished}/${total} finished…`);
        return outcome;
    });

    // Combine per specialist, in the registry's order.
    for (const specialist of SPECIALISTS as readonly SpecialistName[]) {
        const own = outcomes.filter((outcome) => outcome.planned.specialist === specialist);
        if (own.length === 0) continue;
        const parts = own.flatMap((outcome) => (outcome.kind === 'document' ? [outcome.document] : []));
        const problems = own.flatMap((outcome) => (outcome.kind === 'problem' ? [outcome] : []));
        if (parts.length > 0) {
            const missingShards = problems.map(
                (outcome) =>
                    `Shard ${outcome.planned.shardIndex + 1}/${outcome.planned.shardCount}` +
                    `${outcome.runId ? ` (run ${outcome.runId})` : ''} ${outcome.summary}: its ${outcome.planned.shard.actors.length} Actors have no ${specialist} signals; see that run's own entry.`,
            );
            const soleRunId = own.length === 1 && own[0]!.kind === 'document' ? own[0]!.runId : null;
            documents.push(
                combineShardDocuments(
                    specialist,
                    parts,
                    { generatedAt, runId: soleRunId, window: fleetData.window },
                    missingShards,
                ),
            );
        }
        for (const outcome of problems) {
            if (outcome.raw !== undefined) documents.push(outcome.raw);
            runs.push(outcome.info);
        }
    }
    const problemCount = outcomes.filter((outcome) => outcome.kind === 'problem').length;
    if (problemCount > 0)
        log.warning(
            `${problemCount} of ${total} specialist runs delivered no usable SIGNALS; the report is partial and names them.`,
        );
    else log.info(`All ${total} specialist runs delivered their SIGNALS.`);
    return { documents, runs, startedRunIds, selfCollectedShards: selfCollected };
}
