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
    /** Kills every process it started; used when the emulator stops. */
    stopAll(): Promise<void>;
}
