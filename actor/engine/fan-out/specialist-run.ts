/**
 * One specialist run, from start to its validated SIGNALS document: start it WITH the fleet
 * token (unless a migrated orchestrator already did), bounded long-polls (≤ 60 s per call)
 * until it ends or the deadline passes, read SIGNALS through the API, zod, and check the
 * document is this run's. Every way it can go wrong becomes a problem outcome the report names.
 */
import type { ApifyClient } from 'apify-client';
import type { ActorInput } from '../../../shared/contracts/actor-input.js';
import type { FleetData } from '../../../shared/contracts/fleet-data.js';
import { signalsDocumentSchema, type SignalsDocument } from '../../../shared/contracts/signals.js';
import type { SpecialistRunInfo } from '../../../shared/analysis/merge-signals.js';
import { remainingSecs, type FanOutDeadline } from './fan-out-deadline.js';
import { errorMessage, errorStatusCode, type FanOutPlatform } from './fan-out-platform.js';
import type { FanOutStateRecord } from './fan-out-state.js';
import { chooseSpecialistMemoryMbytes } from './memory-rule.js';
import type { FleetShard, PlannedSpecialistRun } from './shard-plan.js';
import { buildSpecialistRunInput } from './specialist-run-input.js';

export const SIGNALS_RECORD_KEY = 'SIGNALS';
/** A specialist run never gets less than this run timeout. */
const MIN_RUN_TIMEOUT_SECS = 60;
const TERMINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);

/** What every specialist run of one fan-out shares. */
export interface SpecialistRunContext {
    fleetClient: ApifyClient;
    input: ActorInput;
    generatedAt: string;
    window: FleetData['window'];
    platform: FanOutPlatform;
    shardRecords: ReadonlyMap<FleetShard, { storeId: string; key: string }>;
    state: FanOutStateRecord;
    deadline: FanOutDeadline;
}

export type RunOutcome =
    | { kind: 'document'; planned: PlannedSpecialistRun; runId: string; document: SignalsDocument }
    | {
          kind: 'problem';
          planned: PlannedSpecialistRun;
          runId?: string;
          info: SpecialistRunInfo;
          raw?: unknown;
          summary: string;
      };

interface FinishedRun {
    status: string;
    statusMessage: string | null;
    defaultKeyValueStoreId: string | null;
}

export function shardLabel(planned: PlannedSpecialistRun): string {
    return `shard ${planned.shardIndex + 1}/${planned.shardCount}, ${planned.shard.actors.length} Actor${planned.shard.actors.length === 1 ? '' : 's'}`;
}

function describeStartFailure(error: unknown): string {
    const statusCode = errorStatusCode(error);
    if (statusCode === 403)
        return 'the token that reads the fleet may not start runs of this Actor (missing "Actors: Run")';
    if (statusCode === 402) return 'the account has no capacity for another run (memory or credit limit)';
    return errorMessage(error);
}

/** Checks the document is this run's, for this specialist, about this shard's Actors only. */
export function findIdentityProblem(
    document: SignalsDocument,
    planned: PlannedSpecialistRun,
    runId: string,
): string | null {
    if (document.specialist !== planned.specialist) return `it claims to be from "${document.specialist}"`;
    if (document.runId !== runId) return `it names run "${document.runId ?? 'null'}"`;
    const shardIds = new Set(planned.shard.actors.map((actorData) => actorData.actor.id));
    const foreign = [...document.actorIds, ...document.signals.map((signal) => signal.actorId)].find(
        (id) => !shardIds.has(id),
    );
    if (foreign !== undefined) return `it covers Actor "${foreign}", which is not in its shard`;
    return null;
}

export async function startSpecialistRun(
    context: SpecialistRunContext,
    planned: PlannedSpecialistRun,
): Promise<{ runId: string } | { problem: string }> {
    const existing = context.state.runIdOf(planned);
    if (existing) return { runId: existing };
    if (remainingSecs(context.deadline) <= 0)
        return { problem: 'the fan-out time limit was reached before it could start' };
    try {
        const runInput = buildSpecialistRunInput(context.input, planned, {
            generatedAt: context.generatedAt,
            parentRunId: context.platform.parentRunId,
            window: context.window,
            fleetDataRecord: context.shardRecords.get(planned.shard),
        });
        const run = await context.fleetClient.actor(context.platform.actorId).start(runInput, {
            memory: chooseSpecialistMemoryMbytes(planned.shard.actors.length),
            timeout: Math.max(MIN_RUN_TIMEOUT_SECS, remainingSecs(context.deadline)),
        });
        await context.state.remember(planned, run.id);
        return { runId: run.id };
    } catch (error) {
        return { problem: `it could not be started: ${describeStartFailure(error)}` };
    }
}

/** Long-polls until the run ends; past the deadline it is aborted and reads as TIMED-OUT. */
export async function waitForSpecialistRun(
    context: SpecialistRunContext,
    runId: string,
): Promise<FinishedRun | { problem: string }> {
    const { fleetClient, deadline } = context;
    for (;;) {
        const waitSecs = Math.min(deadline.pollWaitSecs, remainingSecs(deadline));
        let run;
        try {
            run = await fleetClient.run(runId).get({ waitForFinish: waitSecs });
        } catch (error) {
            if (errorStatusCode(error) === 403)
                return { problem: 'its status could not be read (missing "Actor runs: Read")' };
            if (remainingSecs(deadline) <= 0)
                return { problem: `its status could not be read (${errorMessage(error)})` };
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
        if (remainingSecs(deadline) <= 0) {
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
}

export async function readSignalsRecord(
    fleetClient: ApifyClient,
    storeId: string,
): Promise<{ value: unknown } | { problem: string }> {
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
}

function problemOutcome(
    planned: PlannedSpecialistRun,
    info: Omit<SpecialistRunInfo, 'name' | 'actorIds'>,
    summary: string,
    raw?: unknown,
): RunOutcome {
    const actorIds = planned.shard.actors.map((actorData) => actorData.actor.id);
    return {
        kind: 'problem',
        planned,
        summary,
        ...(info.runId ? { runId: info.runId } : {}),
        ...(raw !== undefined ? { raw } : {}),
        info: { name: planned.specialist, actorIds, ...info },
    };
}

function unsuccessfulRunOutcome(planned: PlannedSpecialistRun, runId: string, run: FinishedRun): RunOutcome {
    const label = `Run ${runId} (${planned.specialist}, ${shardLabel(planned)})`;
    const runStatus = run.status === 'ABORTED' ? 'aborted' : run.status === 'TIMED-OUT' ? 'timed-out' : 'failed';
    const message = run.statusMessage ? ` (${run.statusMessage.slice(0, 200)})` : '';
    return problemOutcome(
        planned,
        {
            runId,
            status: runStatus,
            reason: `${label} ended with status ${run.status}${message}; these Actors have no ${planned.specialist} signals.`,
        },
        run.status,
    );
}

/** A SUCCEEDED run's SIGNALS record: read, validated and checked to be its own. */
async function signalsOutcome(
    context: SpecialistRunContext,
    planned: PlannedSpecialistRun,
    runId: string,
    storeId: string | null,
): Promise<RunOutcome> {
    const label = `Run ${runId} (${planned.specialist}, ${shardLabel(planned)})`;
    const reason = (text: string): Omit<SpecialistRunInfo, 'name' | 'actorIds'> => ({
        runId,
        status: 'succeeded',
        reason: text,
    });
    if (!storeId)
        return problemOutcome(
            planned,
            reason(`${label} has no default key-value store; its SIGNALS record could not be read.`),
            'NO SIGNALS',
        );
    const read = await readSignalsRecord(context.fleetClient, storeId);
    if ('problem' in read)
        return problemOutcome(
            planned,
            reason(`${label}: ${read.problem}; these Actors have no ${planned.specialist} signals.`),
            'NO SIGNALS',
        );
    const parsed = signalsDocumentSchema.safeParse(read.value);
    // The merge quarantines it with the readable zod reason, attributed to this run.
    if (!parsed.success)
        return problemOutcome(planned, { runId, status: 'succeeded', document: read.value }, 'QUARANTINED', read.value);
    const identityProblem = findIdentityProblem(parsed.data, planned, runId);
    if (identityProblem) {
        const text = `${label} wrote a SIGNALS record that is not its own (${identityProblem}); it was not used.`;
        return problemOutcome(planned, { runId, status: 'failed', reason: text }, 'QUARANTINED');
    }
    return { kind: 'document', planned, runId, document: parsed.data };
}

/** Runs one planned specialist run to its outcome; `onStarted` hears the run id once it exists. */
export async function runSpecialist(
    context: SpecialistRunContext,
    planned: PlannedSpecialistRun,
    onStarted: (runId: string) => void,
): Promise<RunOutcome> {
    const started = await startSpecialistRun(context, planned);
    if ('problem' in started) {
        // "failed", not "not-started": a run that should have existed makes the report partial.
        const reason = `The ${planned.specialist} run for ${shardLabel(planned)}: ${started.problem}; these Actors have no ${planned.specialist} signals.`;
        return problemOutcome(planned, { status: 'failed', reason }, 'NOT STARTED');
    }
    const { runId } = started;
    onStarted(runId);
    const finished = await waitForSpecialistRun(context, runId);
    if ('problem' in finished) {
        const label = `Run ${runId} (${planned.specialist}, ${shardLabel(planned)})`;
        const reason = `${label}: ${finished.problem}; these Actors have no ${planned.specialist} signals.`;
        return problemOutcome(planned, { runId, status: 'failed', reason }, 'UNKNOWN');
    }
    if (finished.status !== 'SUCCEEDED') return unsuccessfulRunOutcome(planned, runId, finished);
    return signalsOutcome(context, planned, runId, finished.defaultKeyValueStoreId);
}
