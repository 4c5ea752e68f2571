/**
 * The fleet-analytics Actor. Reads top to bottom:
 *
 *   Actor.init → input (zod) → tokens → trend store → collect + analyse (analysis-pipeline)
 *   → OUTPUT, dataset rows, REPORT → terminal status message with the score → exit
 *
 * The analysis itself lives in ../engine/analysis-pipeline.ts (SDK-free, shared with the CLI and the
 * VS Code extension); this file only wires the platform in: tokens, storages, status
 * messages, migration-safe collection, and exit codes.
 *
 * Tokens: the fleet is READ with `input.apifyToken` when given, else with the run's own
 * token. The Actor's OWN storages (OUTPUT, dataset, REPORT, the named trend store) are
 * written with the run's token — a scoped token cannot create storages. No token value ever
 * reaches a message: errors are reported by kind and permission name.
 */
import { Actor, log } from 'apify';
import { InvalidInputError, parseActorInput, type ActorInput } from '../../shared/contracts/actor-input.js';
import { runFleetAnalysis } from '../engine/analysis-pipeline.js';
import { PERMISSION_FIX_MESSAGE } from '../engine/permission-messages.js';
import { InvalidCollectionOptionError, InvalidTokenError } from '../engine/collection/errors.js';
import { PermissionDeniedError } from '../engine/collection/fleet-api.js';
import { createCrawleeTaskRunner } from '../engine/collection/crawlee-task-runner.js';
import { DEFAULT_CONCURRENCY } from '../engine/collection/collect-fleet.js';
import { createInMemoryTaskRunner, type TaskRunner } from '../engine/collection/task-runner.js';
import { formatTerminalStatus } from '../engine/outputs/terminal-summary.js';
import { sdkOutputSink } from './sdk-output-sink.js';
import { createSdkFanOutPlatform } from './sdk-fan-out-platform.js';
import { runSpecialistRole } from './specialist-role.js';
import { openRunTrendStore } from './open-run-trend-store.js';
import { createFileSystemTrendStore } from '../engine/trend-store/file-system-trend-store.js';

/** Status messages cost one API call each: at most one per this interval. */
const STATUS_MESSAGE_INTERVAL_MILLIS = 3000;

/** The last progress message in flight: the terminal message must not be overtaken by it. */
let pendingStatusMessage: Promise<unknown> = Promise.resolve();

function createThrottledStatus(): (message: string) => void {
    let lastSentAtMillis = 0;
    return (message) => {
        const nowMillis = Date.now();
        if (nowMillis - lastSentAtMillis < STATUS_MESSAGE_INTERVAL_MILLIS) return;
        lastSentAtMillis = nowMillis;
        log.info(message);
        // A status message that fails to send must not fail the analysis.
        pendingStatusMessage = pendingStatusMessage.then(() => Actor.setStatusMessage(message)).catch(() => undefined);
    };
}

/**
 * Ends the run with a terminal status message. The SDK's exit only waits 1 ms for its status
 * request; sending it here first (after any progress message still in flight) makes sure the
 * message users see is this one, also on a slow connection.
 */
async function endRun(message: string, isFailure: boolean): Promise<void> {
    await pendingStatusMessage;
    await Actor.setStatusMessage(message, { isStatusMessageTerminal: true, level: isFailure ? 'ERROR' : 'INFO' }).catch(
        () => undefined,
    );
    if (isFailure) await Actor.fail(message);
    else await Actor.exit(message);
}

/**
 * Finished collection units survive a migration in the run's default storages (request queue
 * + key-value store). Without a usable request queue the collection still works, restarting
 * from scratch after a migration: the report is the same either way, because the analysis
 * time is the run's start and the snapshot key is the run's id.
 */
async function openResumableTaskRunner(): Promise<TaskRunner> {
    try {
        return createCrawleeTaskRunner({
            store: await Actor.openKeyValueStore(),
            requestQueue: await Actor.openRequestQueue(),
            keyPrefix: 'FLEET-COLLECTION',
            concurrency: DEFAULT_CONCURRENCY,
        });
    } catch (error) {
        log.warning(
            `The run's request queue is not available (${(error as { statusCode?: number }).statusCode ?? (error as Error).message}): ` +
                'the collection will not resume after a migration, it restarts instead (same report, more requests).',
        );
        return createInMemoryTaskRunner(DEFAULT_CONCURRENCY);
    }
}

async function analyseFleet(input: ActorInput): Promise<void> {
    const env = Actor.getEnv();
    const isAtHome = Actor.isAtHome();
    // On the platform the run's start time is "now": identical after a migration restart.
    const now = env.startedAt ? new Date(env.startedAt) : new Date();
    const ownClient = Actor.newClient();
    const fleetClient = input.apifyToken ? Actor.newClient({ token: input.apifyToken }) : ownClient;

    const trendStore =
        isAtHome && env.actorId && env.actorRunId && env.defaultKeyValueStoreId
            ? await openRunTrendStore({
                  ownClient,
                  fleetClient,
                  name: input.trendStoreName,
                  actorId: env.actorId,
                  runId: env.actorRunId,
                  defaultKeyValueStoreId: env.defaultKeyValueStoreId,
              })
            : createFileSystemTrendStore(process.env.CRAWLEE_STORAGE_DIR ?? './storage', input.trendStoreName);
    if (trendStore.info.note) log.warning(trendStore.info.note);

    const taskRunner = await openResumableTaskRunner();

    // `executionMode: "runs"`: specialist runs are runs of this Actor, started with fleetClient.
    const fanOut = createSdkFanOutPlatform();

    const defaultStoreUrl =
        env.defaultKeyValueStoreId && env.apiBaseUrl
            ? `${env.apiBaseUrl.replace(/\/$/, '')}/v2/key-value-stores/${env.defaultKeyValueStoreId}/records`
            : null;
    const result = await runFleetAnalysis({
        fleetClient,
        input,
        trendStore,
        now,
        isDemo: false,
        runId: env.actorRunId ?? null,
        onStatus: createThrottledStatus(),
        taskRunner,
        alertLinks: {
            output: defaultStoreUrl && `${defaultStoreUrl}/OUTPUT`,
            report: defaultStoreUrl && `${defaultStoreUrl}/REPORT`,
        },
        log: { info: (m) => log.info(m), warning: (m) => log.warning(m) },
        outputSink: sdkOutputSink,
        ...(fanOut ? { fanOut } : {}),
    });
    const { report } = result;

    if (result.isFleetUnlisted) {
        const tokenKind = input.apifyToken ? 'The token in the "apifyToken" input' : "This run's token";
        await endRun(
            `${tokenKind} may not list the account's Actors (missing "Actors: Read"). ${PERMISSION_FIX_MESSAGE}`,
            true,
        );
        return;
    }
    await endRun(formatTerminalStatus(report), false);
}

function describeFailure(error: unknown, input: ActorInput | null): string {
    if (error instanceof InvalidInputError) return error.message;
    if (error instanceof InvalidCollectionOptionError) return `Invalid input: ${error.message}`;
    if (error instanceof InvalidTokenError) return error.message;
    if (error instanceof PermissionDeniedError) {
        const tokenKind = input?.apifyToken ? 'The token in the "apifyToken" input' : "This run's token";
        return `${tokenKind} lacks the "${error.permission}" permission. ${PERMISSION_FIX_MESSAGE}`;
    }
    const e = error as { statusCode?: number; type?: string; message?: string };
    if (e?.statusCode === 403 || e?.type === 'insufficient-permissions') {
        return `The Apify API refused a request (403 insufficient permissions). ${PERMISSION_FIX_MESSAGE}`;
    }
    return `The analysis failed: ${e?.message ?? String(error)}. Nothing was written to the trend store; run it again, and if it keeps failing report the message above.`;
}

// The bundle is CommonJS (no top-level await): one async main, started once.
async function main(): Promise<void> {
    await Actor.init();
    let input: ActorInput | null = null;
    try {
        input = parseActorInput(await Actor.getInput());
        if (input.specialistRole) {
            const role = input.specialistRole;
            await runSpecialistRole(input, role);
            await endRun(
                `Specialist ${role.specialist} finished shard ${role.shardIndex + 1}/${role.shardCount}.`,
                false,
            );
        } else {
            await analyseFleet(input);
        }
    } catch (error) {
        const message = describeFailure(error, input);
        // Known failures need no stack; unexpected ones get it in the log for a bug report.
        const isKnown =
            error instanceof InvalidInputError ||
            error instanceof InvalidCollectionOptionError ||
            error instanceof InvalidTokenError ||
            error instanceof PermissionDeniedError;
        if (!isKnown) log.exception(error as Error, 'Unexpected failure');
        await endRun(message, true);
    }
}

void main();
