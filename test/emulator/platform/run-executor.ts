/**
 * Runs Actors the way the Apify platform does, for the emulator's runs routes.
 *
 * - An Actor with `command` is spawned as a child process (own process group) with the
 *   platform environment (platform-env.ts): the real `apify` SDK inside it then talks to the
 *   emulator's API with a run token and listens to the events WebSocket (events-server.ts).
 *   Status follows the process: exit 0 → SUCCEEDED, other → FAILED, the timeout → TIMING-OUT
 *   then TIMED-OUT, abort → ABORTING then ABORTED. `migrating` and reboot restart the same
 *   command with the same storages and environment (a fresh local disk, as on a new server).
 * - An Actor without code plays its fixture `profile` (profile-run-plan.ts) in scaled-down
 *   time: by default one simulated second takes 10 ms.
 *
 * Times: `startedAt` comes from the emulator clock (so runs fit the scenario's "now"), and
 * `finishedAt` is `startedAt` + the run's (real or simulated) duration.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActorFixture, BuildFixture, RunFixture } from '../state/fixture-schema.js';
import type { EmulatorState } from '../state/emulator-state.js';
import type { TokenRegistry } from '../server/principal.js';
import {
    RunExecutorError,
    type PlatformEvent,
    type RunCounters,
    type RunExecutor,
    type StartRunOptions,
} from './run-executor-api.js';
import { startEventsServer, type EventsServer } from './events-server.js';
import { buildPlatformEnv } from './platform-env.js';
import { spawnRunProcess, type RunProcess, type RunProcessExit } from './run-process.js';
import { computeRunUsage } from './run-usage.js';
import { fieldsSchemaOfBuild } from '../state/dataset-fields-schema.js';
import { buildPlaceholderItems, planProfileRun, type ProfileRunPlan } from './profile-run-plan.js';

export interface PlatformTimingConfig {
    /** The platform sends `persistState` every 60 s; tests shorten it. */
    persistStateIntervalMillis: number;
    /** How long a migrating process may persist its state before it is killed and restarted. */
    migrationGraceMillis: number;
    /** Graceful abort: the API says the run is force-stopped 30 s after `aborting`. */
    abortGraceMillis: number;
    /** After `POST …/reboot` answers, the old process is killed this much later. */
    rebootKillDelayMillis: number;
    /** `systemInfo` (memory, CPU) events, which crawlee's autoscaling reads on the platform. */
    systemInfoIntervalMillis: number;
    /** Profile runs: real milliseconds per simulated second (10 → a 60 s run takes 0.6 s). */
    millisPerSimulatedSecond: number;
}

export const DEFAULT_PLATFORM_TIMING: PlatformTimingConfig = {
    persistStateIntervalMillis: 60_000,
    // Not documented; long enough for an SDK to write its state over the API.
    migrationGraceMillis: 10_000,
    abortGraceMillis: 30_000,
    // Lets the reboot response reach the SDK before its container disappears.
    rebootKillDelayMillis: 100,
    // crawlee's own default interval for systemInfo when it measures locally.
    systemInfoIntervalMillis: 1_000,
    millisPerSimulatedSecond: 10,
};
/** crawlee's default `maxUsedCpuRatio`: above it a process counts as CPU-overloaded. */
const CPU_OVERLOADED_PERCENT = 95;
const BYTES_PER_MBYTE = 1024 * 1024;

export interface RunExecutorDeps {
    state: EmulatorState;
    tokens: TokenRegistry;
    /** The emulator's API base URL (`http://127.0.0.1:<port>`), known once it listens. */
    baseUrl(): string;
    /** Default: the state's clock. */
    now?(): Date;
    timing?: Partial<PlatformTimingConfig>;
}

/** The executor plus what tests need on top of the routers' interface. */
export interface PlatformRunExecutor extends RunExecutor {
    /** Resolves true once the run's process has connected to the events WebSocket. */
    waitForEventsConnection(runId: string, timeoutMs: number): Promise<boolean>;
    /** Process ids of every run process still alive (tests check nothing leaks). */
    livePids(): number[];
}

type RunPhase = 'starting' | 'running' | 'migrating' | 'rebooting' | 'aborting' | 'timing-out' | 'finished';
const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);
/** Keeps a chatty Actor from eating the emulator's memory; the platform caps logs as well. */
const MAX_LOG_CHARS = 5_000_000;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

interface LiveRun {
    runId: string;
    actor: ActorFixture;
    memoryMbytes: number;
    timeoutSecs: number;
    startedAt: Date;
    startedAtRealMillis: number;
    phase: RunPhase;
    counters: RunCounters;
    logParts: string[];
    logChars: number;
    timers: Set<NodeJS.Timeout>;
    finished: Promise<void>;
    markFinished(): void;
    // Process runs only.
    runToken?: string;
    buildId: string;
    buildNumber: string;
    origin: string;
    process?: RunProcess;
    storageDir?: string;
    memMaxBytes?: number;
    memAvgBytes?: number;
    // Profile runs only.
    plan?: ProfileRunPlan;
}

export function createRunExecutor(deps: RunExecutorDeps): PlatformRunExecutor {
    const timing: PlatformTimingConfig = { ...DEFAULT_PLATFORM_TIMING, ...deps.timing };
    const now = deps.now ?? (() => deps.state.clock.now());
    const liveRuns = new Map<string, LiveRun>();
    let eventsServerPromise: Promise<EventsServer> | undefined;
    let isStopped = false;

    // Started on the first run, so an emulator that never runs code opens no extra port.
    const getEventsServer = (): Promise<EventsServer> => (eventsServerPromise ??= startEventsServer());

    // --- helpers -----------------------------------------------------------------------
    const runClockNow = (live: LiveRun): Date =>
        new Date(live.startedAt.getTime() + (Date.now() - live.startedAtRealMillis));

    const appendLog = (live: LiveRun, line: string, at: Date = runClockNow(live)): void => {
        if (live.logChars >= MAX_LOG_CHARS) return;
        let text = `${at.toISOString()} ${line}\n`;
        if (live.logChars + text.length > MAX_LOG_CHARS)
            text = `${at.toISOString()} ACTOR: Log truncated, it exceeded ${MAX_LOG_CHARS} characters.\n`;
        live.logParts.push(text);
        live.logChars += text.length;
    };

    const schedule = (live: LiveRun, delayMillis: number, action: () => void): void => {
        const timer = setTimeout(() => {
            live.timers.delete(timer);
            action();
        }, delayMillis);
        live.timers.add(timer);
    };

    const sendFrame = (runId: string, name: string, data: unknown): void => {
        // The server exists whenever a process run is live (launch awaited it).
        void eventsServerPromise?.then((server) => server.send(runId, { name, data }));
    };

    const killProcess = (live: LiveRun): void => {
        live.process?.kill();
    };

    const finalize = (
        live: LiveRun,
        outcome: {
            status: 'SUCCEEDED' | 'FAILED' | 'TIMED-OUT' | 'ABORTED';
            exitCode: number | null;
            runTimeSecs: number;
            usageTotalUsd?: number | null;
            memMaxBytes?: number;
            memAvgBytes?: number;
            itemsToPush?: number;
            statusMessage?: string;
        },
    ): void => {
        if (live.phase === 'finished') return;
        live.phase = 'finished';
        for (const timer of live.timers) clearTimeout(timer);
        live.timers.clear();
        void eventsServerPromise?.then((server) => server.disconnectRun(live.runId));
        if (live.runToken !== undefined) deps.tokens.revokeRunToken(live.runId);
        if (live.storageDir) rmSync(live.storageDir, { recursive: true, force: true });
        const current = deps.state.getRun(live.runId);
        if (outcome.itemsToPush && current) {
            const fieldsSchema = deps.state.getDataset(current.defaultDatasetId)?.fieldsSchema;
            deps.state.pushItems(
                current.defaultDatasetId,
                buildPlaceholderItems(live.runId, 0, outcome.itemsToPush, fieldsSchema),
            );
        }
        const finishedAt = new Date(live.startedAt.getTime() + outcome.runTimeSecs * 1000);
        const usage = computeRunUsage({
            memoryMbytes: live.memoryMbytes,
            runTimeSecs: outcome.runTimeSecs,
            memMaxBytes: outcome.memMaxBytes,
            memAvgBytes: outcome.memAvgBytes,
            usageTotalUsd: outcome.usageTotalUsd,
        });
        const patch: Partial<RunFixture> = {
            status: outcome.status,
            finishedAt: finishedAt.toISOString(),
            exitCode: outcome.exitCode,
            stats: { ...current?.stats, ...usage.stats },
        };
        patch.usageTotalUsd = usage.usageTotalUsd;
        // The platform leaves a message the Actor set; it only fills in an empty one.
        if (!current?.statusMessage && outcome.statusMessage) patch.statusMessage = outcome.statusMessage;
        deps.state.updateRun(live.runId, patch);
        appendLog(live, `ACTOR: Run finished with status ${outcome.status}.`, finishedAt);
        live.markFinished();
    };

    // --- process runs ------------------------------------------------------------------
    const spawnProcess = async (live: LiveRun): Promise<void> => {
        const run = deps.state.getRun(live.runId);
        const command = live.actor.command;
        if (!run || !command || live.runToken === undefined) return;
        const eventsServer = await getEventsServer();
        if (isStopped || (live.phase !== 'starting' && live.phase !== 'running')) {
            // Aborted (or the emulator stopped) while the server was starting.
            if (live.phase !== 'finished')
                finalize(live, { status: 'ABORTED', exitCode: null, runTimeSecs: elapsedSecs(live) });
            return;
        }
        live.storageDir = mkdtempSync(join(tmpdir(), `emulator-run-${live.runId}-`));
        const env = buildPlatformEnv({
            runId: live.runId,
            actorId: live.actor.id,
            actorFullName: `${deps.state.user.username}/${live.actor.name}`,
            actorPermissionLevel: live.actor.actorPermissionLevel,
            userId: deps.state.user.id,
            runToken: live.runToken,
            apiBaseUrl: deps.baseUrl(),
            eventsWebSocketUrl: eventsServer.urlForRun(live.runId),
            defaultKeyValueStoreId: run.defaultKeyValueStoreId,
            defaultDatasetId: run.defaultDatasetId,
            defaultRequestQueueId: run.defaultRequestQueueId,
            buildId: live.buildId,
            buildNumber: live.buildNumber,
            memoryMbytes: live.memoryMbytes,
            startedAt: live.startedAt,
            timeoutAt: live.timeoutSecs > 0 ? new Date(live.startedAt.getTime() + live.timeoutSecs * 1000) : undefined,
            metaOrigin: live.origin,
            crawleeStorageDir: live.storageDir,
            // No pricing info → `null`: the SDK then treats the Actor as free, as it does when
            // the platform's run object has no pricingInfo.
            pricingInfoJson: JSON.stringify(live.actor.pricingInfos.at(-1) ?? null),
        });
        const child = spawnRunProcess({
            argv: command.argv,
            cwd: command.cwd,
            env,
            onLine: (line) => appendLog(live, line),
        });
        live.process = child;
        void child.spawned.then((isSpawned) => {
            if (!isSpawned || live.process !== child || live.phase === 'finished') return;
            if (deps.state.getRun(live.runId)?.status === 'READY')
                deps.state.updateRun(live.runId, { status: 'RUNNING' });
            if (live.phase === 'starting') live.phase = 'running';
        });
        void child.exited.then((exit) => onProcessExit(live, child, exit));
    };

    const onProcessExit = (live: LiveRun, child: RunProcess, exit: RunProcessExit): void => {
        if (live.process !== child || live.phase === 'finished') return;
        void eventsServerPromise?.then((server) => server.disconnectRun(live.runId));
        live.memMaxBytes = Math.max(live.memMaxBytes ?? 0, child.memMaxBytes() ?? 0) || undefined;
        live.memAvgBytes = child.memAvgBytes() ?? live.memAvgBytes;
        if (live.storageDir) rmSync(live.storageDir, { recursive: true, force: true });
        live.storageDir = undefined;
        const common = { runTimeSecs: elapsedSecs(live), memMaxBytes: live.memMaxBytes, memAvgBytes: live.memAvgBytes };
        if (exit.spawnError) {
            appendLog(live, `ACTOR: Cannot start the Actor command: ${exit.spawnError.message}`);
            finalize(live, { status: 'FAILED', exitCode: null, ...common });
            return;
        }
        const exitCode = exit.exitCode ?? signalExitCode(exit.signal);
        switch (live.phase) {
            case 'migrating':
            case 'rebooting': {
                // A process that finished its work by itself during the migration grace
                // period has finished the run; one that was stopped continues elsewhere.
                if (!exit.wasKilled && exit.exitCode === 0) {
                    finalize(live, { status: 'SUCCEEDED', exitCode: 0, ...common });
                    return;
                }
                const wasMigration = live.phase === 'migrating';
                if (wasMigration) live.counters.migrationCount += 1;
                else live.counters.rebootCount += 1;
                appendLog(
                    live,
                    wasMigration
                        ? 'ACTOR: The run was migrated to another server; starting the Actor again.'
                        : 'ACTOR: The run was rebooted; starting the Actor again.',
                );
                live.phase = 'running';
                void spawnProcess(live).catch((error: unknown) => failLaunch(live, error));
                return;
            }
            case 'aborting':
                finalize(live, { status: 'ABORTED', exitCode, ...common });
                return;
            case 'timing-out':
                finalize(live, { status: 'TIMED-OUT', exitCode, ...common });
                return;
            default:
                if (exit.exitCode !== 0)
                    appendLog(live, `ACTOR: The Actor process exited with code ${exitCode ?? 'unknown'}.`);
                finalize(live, { status: exit.exitCode === 0 ? 'SUCCEEDED' : 'FAILED', exitCode, ...common });
        }
    };

    const failLaunch = (live: LiveRun, error: unknown): void => {
        appendLog(
            live,
            `ACTOR: The emulator could not start the run: ${error instanceof Error ? error.message : String(error)}`,
        );
        killProcess(live);
        finalize(live, { status: 'FAILED', exitCode: null, runTimeSecs: elapsedSecs(live) });
    };

    const startPersistStateTicker = (live: LiveRun): void => {
        const tick = (): void => {
            if (live.phase === 'finished') return;
            if (live.phase === 'running') sendFrame(live.runId, 'persistState', { isMigrating: false });
            schedule(live, timing.persistStateIntervalMillis, tick);
        };
        schedule(live, timing.persistStateIntervalMillis, tick);
    };

    const startSystemInfoTicker = (live: LiveRun): void => {
        const tick = (): void => {
            if (live.phase === 'finished') return;
            const child = live.process;
            if (live.phase === 'running' && child) {
                const cpuCurrentUsage = child.takeCpuUsagePercent() ?? 0;
                sendFrame(live.runId, 'systemInfo', {
                    createdAt: runClockNow(live).toISOString(),
                    cpuCurrentUsage,
                    isCpuOverloaded: cpuCurrentUsage > CPU_OVERLOADED_PERCENT,
                    memCurrentBytes: child.memCurrentBytes() ?? 0,
                    memTotalBytes: live.memoryMbytes * BYTES_PER_MBYTE,
                });
            }
            schedule(live, timing.systemInfoIntervalMillis, tick);
        };
        schedule(live, timing.systemInfoIntervalMillis, tick);
    };

    // --- profile runs ------------------------------------------------------------------
    const playProfile = (live: LiveRun, plan: ProfileRunPlan): void => {
        live.plan = plan;
        schedule(live, 0, () => {
            deps.state.updateRun(live.runId, { status: 'RUNNING' });
            live.phase = 'running';
            appendLog(live, 'ACTOR: Started (simulated run from the Actor profile).', live.startedAt);
        });
        schedule(live, plan.durationSecs * timing.millisPerSimulatedSecond, () => {
            if (plan.status === 'TIMED-OUT') deps.state.updateRun(live.runId, { status: 'TIMING-OUT' });
            const at = new Date(live.startedAt.getTime() + plan.durationSecs * 1000);
            appendLog(live, `INFO  Pushed ${plan.itemCount} items to the default dataset.`, at);
            if (plan.status === 'FAILED') appendLog(live, 'ERROR The simulated work threw an error.', at);
            finalize(live, {
                status: plan.status,
                exitCode: plan.exitCode,
                runTimeSecs: plan.durationSecs,
                usageTotalUsd: plan.costUsd,
                memMaxBytes: plan.memMaxBytes,
                memAvgBytes: plan.memMaxBytes * 0.7,
                itemsToPush: plan.itemCount,
                statusMessage: plan.statusMessage,
            });
        });
    };

    const simulatedElapsedSecs = (live: LiveRun): number =>
        (Date.now() - live.startedAtRealMillis) / timing.millisPerSimulatedSecond;

    const abortProfileRun = (live: LiveRun): void => {
        const plan = live.plan;
        const runTimeSecs = Math.min(simulatedElapsedSecs(live), plan?.durationSecs ?? 0);
        const doneRatio = plan && plan.durationSecs > 0 ? runTimeSecs / plan.durationSecs : 0;
        finalize(live, {
            status: 'ABORTED',
            exitCode: null,
            runTimeSecs,
            usageTotalUsd: plan?.costUsd === null ? null : (plan?.costUsd ?? 0) * doneRatio,
            memMaxBytes: plan?.memMaxBytes,
            itemsToPush: Math.floor((plan?.itemCount ?? 0) * doneRatio),
        });
    };

    // --- public API --------------------------------------------------------------------
    const requireLive = (runId: string): LiveRun => {
        const live = liveRuns.get(runId);
        if (live) return live;
        throw new RunExecutorError(
            404,
            'record-not-found',
            `Actor run ${runId} was not found or was not started by this emulator.`,
        );
    };

    const executor: PlatformRunExecutor = {
        start(actor, options: StartRunOptions) {
            if (isStopped)
                throw new RunExecutorError(
                    503,
                    'service-unavailable',
                    'The emulator is stopping; no new runs are started.',
                );
            const build = resolveBuild(deps.state.listBuilds(actor.id), actor, options.build);
            const runId = generateId();
            const startedAt = now();
            const memoryMbytes = options.memoryMbytes ?? actor.defaultRunOptions.memoryMbytes;
            const timeoutSecs = options.timeoutSecs ?? actor.defaultRunOptions.timeoutSecs;
            const runStorageOwner = `run:${runId}`;
            const fieldsSchema = fieldsSchemaOfBuild(deps.state.getBuild(build.id)?.actorDefinition);
            const dataset = deps.state.createDataset({
                id: generateId(),
                actRunId: runId,
                actId: actor.id,
                // The run's default dataset validates pushes against the build's fields schema.
                ...(fieldsSchema ? { fieldsSchema } : {}),
                itemCount: 0,
                createdByTokenId: runStorageOwner,
            });
            const store = deps.state.createKeyValueStore({
                id: generateId(),
                actRunId: runId,
                actId: actor.id,
                createdByTokenId: runStorageOwner,
            });
            if (options.input) {
                store.records.set('INPUT', {
                    key: 'INPUT',
                    contentType: options.input.contentType,
                    body: options.input.body,
                });
            }
            const run: RunFixture = {
                id: runId,
                actId: actor.id,
                status: 'READY',
                startedAt: startedAt.toISOString(),
                finishedAt: null,
                buildId: build.id,
                buildNumber: build.buildNumber,
                origin: options.origin ?? 'API',
                stats: {},
                memoryMbytes,
                timeoutSecs,
                statusMessage: null,
                exitCode: null,
                defaultDatasetId: dataset.id,
                defaultKeyValueStoreId: store.id,
                // Backed lazily: the state derives this (empty) queue the first time it is asked for.
                defaultRequestQueueId: generateId(),
            };
            deps.state.insertRun(run);
            deps.state.createdDuringSession.runs.add(runId);
            deps.state.createdDuringSession.datasets.add(dataset.id);
            deps.state.createdDuringSession.keyValueStores.add(store.id);

            let markFinished = (): void => {};
            const finished = new Promise<void>((resolve) => {
                markFinished = resolve;
            });
            const live: LiveRun = {
                runId,
                actor,
                memoryMbytes,
                timeoutSecs,
                startedAt,
                startedAtRealMillis: Date.now(),
                phase: 'starting',
                counters: { migrationCount: 0, rebootCount: 0, restartCount: 0 },
                logParts: [],
                logChars: 0,
                timers: new Set(),
                finished,
                markFinished,
                buildId: build.id,
                buildNumber: build.buildNumber,
                origin: run.origin,
            };
            liveRuns.set(runId, live);
            appendLog(
                live,
                `ACTOR: Pulling build ${build.buildNumber} of ${deps.state.user.username}/${actor.name}.`,
                startedAt,
            );

            if (actor.command) {
                live.runToken = deps.tokens.issueRunToken(options.principal, runId);
                appendLog(live, 'ACTOR: Starting the Actor process.', startedAt);
                if (timeoutSecs > 0) {
                    schedule(live, timeoutSecs * 1000, () => {
                        if (live.phase === 'finished') return;
                        live.phase = 'timing-out';
                        deps.state.updateRun(runId, { status: 'TIMING-OUT' });
                        appendLog(
                            live,
                            `ACTOR: The run exceeded its timeout of ${timeoutSecs} s and is being stopped.`,
                        );
                        if (live.process) killProcess(live);
                        else finalize(live, { status: 'TIMED-OUT', exitCode: null, runTimeSecs: elapsedSecs(live) });
                    });
                }
                startPersistStateTicker(live);
                startSystemInfoTicker(live);
                void spawnProcess(live).catch((error: unknown) => failLaunch(live, error));
            } else {
                const profile = actor.profile ?? { successRate: 1, durationSecs: 5, costUsd: 0.01, itemCount: 10 };
                playProfile(live, planProfileRun(runId, profile, { timeoutSecs, memoryMbytes }));
            }
            return run;
        },

        async waitForFinish(runId, timeoutMs) {
            const run = deps.state.getRun(runId);
            if (!run) throw new RunExecutorError(404, 'record-not-found', `Actor run ${runId} was not found.`);
            if (TERMINAL_STATUSES.has(run.status)) return run;
            const live = liveRuns.get(runId);
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([
                live?.finished ?? new Promise<void>(() => {}),
                new Promise<void>((resolve) => {
                    timer = setTimeout(resolve, timeoutMs);
                }),
            ]);
            clearTimeout(timer);
            return deps.state.getRun(runId) ?? run;
        },

        async abort(runId, gracefully) {
            const run = deps.state.getRun(runId);
            if (!run) throw new RunExecutorError(404, 'record-not-found', `Actor run ${runId} was not found.`);
            if (TERMINAL_STATUSES.has(run.status)) return run;
            const live = liveRuns.get(runId);
            if (!live || live.phase === 'finished') {
                // A fixture run "running" on the platform: nothing to stop here.
                return deps.state.updateRun(runId, { status: 'ABORTED', finishedAt: now().toISOString() });
            }
            if (live.phase === 'aborting' && gracefully) return deps.state.getRun(runId) ?? run;
            live.phase = 'aborting';
            deps.state.updateRun(runId, { status: 'ABORTING' });
            appendLog(live, gracefully ? 'ACTOR: Aborting the run gracefully.' : 'ACTOR: Aborting the run.');
            if (!live.actor.command) {
                abortProfileRun(live);
                return deps.state.getRun(runId) ?? run;
            }
            if (gracefully && live.process) {
                // As the API documents: `aborting` and `persistState`, then a force stop later.
                sendFrame(runId, 'aborting', {});
                sendFrame(runId, 'persistState', { isMigrating: false });
                schedule(live, timing.abortGraceMillis, () => killProcess(live));
                return deps.state.getRun(runId) ?? run;
            }
            if (live.process) {
                killProcess(live);
                await live.finished;
            } else {
                // Not spawned yet: spawnProcess sees the phase and finalizes.
                await live.finished;
            }
            return deps.state.getRun(runId) ?? run;
        },

        getLog(runId) {
            const live = liveRuns.get(runId);
            return live ? live.logParts.join('') : undefined;
        },

        sendEvent(runId, event: PlatformEvent, data) {
            const live = requireLive(runId);
            if (live.phase === 'finished') {
                throw new RunExecutorError(
                    400,
                    'run-not-running',
                    `Actor run ${runId} has finished; it receives no events.`,
                );
            }
            switch (event) {
                case 'persistState':
                    sendFrame(runId, 'persistState', data ?? { isMigrating: false });
                    return;
                case 'aborting':
                    void executor.abort(runId, true);
                    return;
                case 'migrating':
                    if (!live.actor.command) {
                        live.counters.migrationCount += 1;
                        appendLog(live, 'ACTOR: The run was migrated to another server.');
                        return;
                    }
                    if (live.phase !== 'running') return;
                    live.phase = 'migrating';
                    appendLog(live, 'ACTOR: The run is migrating to another server.');
                    sendFrame(runId, 'migrating', data ?? {});
                    sendFrame(runId, 'persistState', { isMigrating: true });
                    schedule(live, timing.migrationGraceMillis, () => {
                        if (live.phase === 'migrating') killProcess(live);
                    });
            }
        },

        reboot(runId) {
            const live = liveRuns.get(runId);
            const run = deps.state.getRun(runId);
            if (!run) throw new RunExecutorError(404, 'record-not-found', `Actor run ${runId} was not found.`);
            if (!live || run.status !== 'RUNNING' || (live.phase !== 'running' && live.phase !== 'migrating')) {
                throw new RunExecutorError(
                    400,
                    'run-not-running',
                    `Actor run ${runId} is not running (status ${run.status}); only running runs can be rebooted.`,
                );
            }
            if (!live.actor.command) {
                live.counters.rebootCount += 1;
                return run;
            }
            // During a migration the SDK reboots by itself to move faster: same restart.
            if (live.phase === 'running') live.phase = 'rebooting';
            schedule(live, timing.rebootKillDelayMillis, () => killProcess(live));
            return run;
        },

        getRunCounters(runId) {
            const live = liveRuns.get(runId);
            return live ? { ...live.counters } : undefined;
        },

        waitForEventsConnection: async (runId, timeoutMs) =>
            (await getEventsServer()).waitForConnection(runId, timeoutMs),

        livePids: () =>
            [...liveRuns.values()]
                .filter((live) => live.phase !== 'finished' && live.process?.pid !== undefined)
                .map((live) => live.process?.pid as number),

        async stopAll() {
            isStopped = true;
            const waits: Array<Promise<unknown>> = [];
            for (const live of liveRuns.values()) {
                if (live.phase === 'finished') continue;
                if (live.process) {
                    live.phase = 'aborting';
                    deps.state.updateRun(live.runId, { status: 'ABORTING' });
                    killProcess(live);
                    waits.push(live.finished);
                } else if (live.actor.command) {
                    // spawnProcess is awaiting the events server; it finalizes when it sees isStopped.
                    live.phase = 'aborting';
                    waits.push(live.finished);
                } else {
                    abortProfileRun(live);
                }
            }
            await Promise.all(waits);
            if (eventsServerPromise) await (await eventsServerPromise).close();
        },
    };
    return executor;
}

function elapsedSecs(live: LiveRun): number {
    return (Date.now() - live.startedAtRealMillis) / 1000;
}

/** Shell convention: killed by signal N → 128 + N, which is what a container runtime reports. */
function signalExitCode(signal: NodeJS.Signals | null): number | null {
    if (!signal) return null;
    const signalNumbers: Partial<Record<NodeJS.Signals, number>> = {
        SIGKILL: 9,
        SIGTERM: 15,
        SIGINT: 2,
        SIGSEGV: 11,
        SIGABRT: 6,
    };
    const signalNumber = signalNumbers[signal];
    return signalNumber === undefined ? null : 128 + signalNumber;
}

function generateId(): string {
    const bytes = randomBytes(17);
    return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

/**
 * `build` is a tag ("latest" is the only tag fixtures know: the newest successful build) or a
 * build number. An Actor with no builds at all (a local command) gets a stand-in build.
 */
export function resolveBuild(
    builds: readonly BuildFixture[],
    actor: ActorFixture,
    requested: string | undefined,
): { id: string; buildNumber: string } {
    const wanted = requested ?? actor.defaultRunOptions.build;
    if (builds.length === 0) return { id: `${actor.id}-local-build`, buildNumber: '0.0.1' };
    if (/^\d+\.\d+\.\d+$/.test(wanted)) {
        const build = builds.find((candidate) => candidate.buildNumber === wanted);
        if (!build)
            throw new RunExecutorError(
                404,
                'build-not-found',
                `Build with number "${wanted}" was not found for Actor ${actor.name}.`,
            );
        return { id: build.id, buildNumber: build.buildNumber };
    }
    if (wanted === 'latest') {
        const succeeded = builds.filter((build) => build.status === 'SUCCEEDED');
        const newest = [...succeeded].sort((a, b) => compareBuildNumbers(b.buildNumber, a.buildNumber))[0];
        if (newest) return { id: newest.id, buildNumber: newest.buildNumber };
    }
    throw new RunExecutorError(
        400,
        'unknown-build-tag',
        `Build with tag "${wanted}" was not found. Has the Actor been built already?`,
    );
}

function compareBuildNumbers(a: string, b: string): number {
    const partsA = a.split('.').map(Number);
    const partsB = b.split('.').map(Number);
    for (let i = 0; i < 3; i++) {
        const difference = (partsA[i] ?? 0) - (partsB[i] ?? 0);
        if (difference !== 0) return difference;
    }
    return 0;
}
