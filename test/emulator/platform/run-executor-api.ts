/**
 * The seam between the runs routers and the part of the emulator that runs Actors the way
 * the platform does (child processes with the platform environment, the events WebSocket,
 * profile-driven runs for Actors without code).
 */
import type { ActorFixture, RunFixture } from '../state/fixture-schema.js';
import type { Principal } from '../server/principal.js';

export interface StartRunOptions {
    /** Raw request body, stored as the run's `INPUT` record with its content type. */
    input?: { body: Buffer; contentType: string };
    memoryMbytes?: number;
    timeoutSecs?: number;
    /** Build tag or number; default the Actor's defaultRunOptions.build. */
    build?: string;
    origin?: RunFixture['origin'];
    /** The caller; the run gets a run token of the same scope. */
    principal: Principal;
}

export type PlatformEvent = 'persistState' | 'migrating' | 'aborting';

/** `stats.migrationCount`, `stats.rebootCount`, `stats.restartCount` of the real run detail. */
export interface RunCounters {
    migrationCount: number;
    rebootCount: number;
    restartCount: number;
}

/**
 * A request the executor refuses, with the real API's status code and error type, so a
 * router can answer `{ error: { type, message } }` with `statusCode` without translating.
 */
export class RunExecutorError extends Error {
    constructor(
        readonly statusCode: number,
        readonly type: string,
        message: string,
    ) {
        super(message);
        this.name = 'RunExecutorError';
    }
}

export interface RunExecutor {
    /** Creates the run (with default dataset, key-value store, request queue ids) and starts it. */
    start(actor: ActorFixture, options: StartRunOptions): RunFixture;
    /** Resolves with the run once it is terminal, or as it is when `timeoutMs` passes. */
    waitForFinish(runId: string, timeoutMs: number): Promise<RunFixture>;
    /** `gracefully` sends `aborting` first and waits a moment, as the platform does. */
    abort(runId: string, gracefully: boolean): Promise<RunFixture>;
    /** The run's log (stdout and stderr of the process, or the profile's lines). */
    getLog(runId: string): string | undefined;
    /** Tests use this to send `migrating` (restart like a migration) or `aborting`. */
    sendEvent(runId: string, event: PlatformEvent, data?: Record<string, unknown>): void;
    /**
     * `POST /v2/actor-runs/{id}/reboot`: restarts the run's process with the same storages
     * (the SDK 3.7 calls it by itself on `migrating`). Throws RunExecutorError 400
     * `run-not-running` unless the run is RUNNING.
     */
    reboot(runId: string): RunFixture;
    /** Counters the run detail shows in `stats` next to the fixture's fields. */
    getRunCounters(runId: string): RunCounters | undefined;
    /** Kills every process it started; used when the emulator stops. */
    stopAll(): Promise<void>;
}
