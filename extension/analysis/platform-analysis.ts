/**
 * "Run analysis on Apify": starts the orchestrator Actor with the settings as input, follows
 * it with long polls (`waitForFinish`, up to 30 s each: no tight polling), reports its status
 * messages, and reads OUTPUT from the run's default key-value store, validated against the
 * report contract. Cancelling stops waiting at once; the run itself keeps going unless the
 * caller aborts it.
 */
import type { ActorRun, ApifyClient } from 'apify-client';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';
import { describeApiError, type PermissionName } from '../shared/api-errors.js';

/** Seconds per long poll: long enough to be cheap, short enough for fresh status messages. */
export const WAIT_FOR_FINISH_SECS = 30;
const TERMINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);

export class AnalysisCancelledError extends Error {
    constructor(readonly runId: string | null) {
        super('The analysis was cancelled.');
        this.name = 'AnalysisCancelledError';
    }
}

/** A step failed: `message` is for the user (no token, no stack trace). */
export class AnalysisStepError extends Error {
    constructor(
        message: string,
        readonly runId: string | null = null,
    ) {
        super(message);
        this.name = 'AnalysisStepError';
    }
}

export interface PlatformAnalysisOptions {
    client: ApifyClient;
    orchestratorActorId: string;
    input: Record<string, unknown>;
    apiBaseUrl: string;
    onStatus(message: string): void;
    /** Resolves when the user cancels. */
    cancelled: Promise<void>;
    isCancelled(): boolean;
    secrets: readonly string[];
    onRunStarted?(runId: string): void;
}

async function step<T>(
    what: string,
    permission: PermissionName | undefined,
    options: PlatformAnalysisOptions,
    call: () => Promise<T>,
    runId: string | null = null,
): Promise<T> {
    try {
        return await call();
    } catch (error) {
        throw new AnalysisStepError(
            describeApiError(error, {
                action: what,
                ...(permission ? { permission } : {}),
                apiBaseUrl: options.apiBaseUrl,
                secrets: options.secrets,
            }),
            runId,
        );
    }
}

export async function runAnalysisOnApify(
    options: PlatformAnalysisOptions,
): Promise<{ report: FleetReport; runId: string }> {
    const { client } = options;
    options.onStatus('Starting the orchestrator Actor…');
    const started = await step('start the orchestrator Actor', 'Actors: Run', options, () =>
        client.actor(options.orchestratorActorId).start(options.input),
    );
    const runId = started.id;
    options.onRunStarted?.(runId);
    let run: ActorRun = started;
    let lastMessage = '';
    while (!TERMINAL_STATUSES.has(run.status)) {
        if (options.isCancelled()) throw new AnalysisCancelledError(runId);
        const next = await Promise.race([
            step(
                'follow the orchestrator run',
                'Actor runs: Read',
                options,
                () => client.run(runId).get({ waitForFinish: WAIT_FOR_FINISH_SECS }),
                runId,
            ),
            options.cancelled.then(() => null),
        ]);
        if (next === null || options.isCancelled()) throw new AnalysisCancelledError(runId);
        if (!next) throw new AnalysisStepError(`The orchestrator run ${runId} disappeared.`, runId);
        run = next;
        const message = run.statusMessage ?? run.status;
        if (message && message !== lastMessage) {
            lastMessage = message;
            options.onStatus(message);
        }
    }
    if (run.status !== 'SUCCEEDED') {
        throw new AnalysisStepError(
            `The orchestrator run ${runId} ended ${run.status}${run.statusMessage ? `: ${run.statusMessage}` : ''}. Open it in Apify Console to see its log.`,
            runId,
        );
    }
    options.onStatus('Reading the report (OUTPUT)…');
    const record = await step(
        "read the report (OUTPUT) from the run's default key-value store",
        'Key-value stores: Read',
        options,
        () => client.keyValueStore(run.defaultKeyValueStoreId).getRecord('OUTPUT'),
        runId,
    );
    if (!record)
        throw new AnalysisStepError(`The orchestrator run ${runId} succeeded but wrote no OUTPUT record.`, runId);
    let value: unknown = record.value;
    if (typeof value === 'string') value = JSON.parse(value);
    else if (value instanceof Uint8Array) value = JSON.parse(new TextDecoder().decode(value));
    const parsed = fleetReportSchema.safeParse(value);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AnalysisStepError(
            `The orchestrator's OUTPUT does not match the report contract this extension reads (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}). Update the extension or redeploy the Actor with "apify push".`,
            runId,
        );
    }
    return { report: parsed.data, runId };
}
