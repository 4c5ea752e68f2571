/**
 * Starts the Apify API emulator in-process:
 *
 *   const emulator = await startEmulator({ fixture });   // or { scenario: 'demo' }
 *   const client = new ApifyClient({ token, baseUrl: emulator.url });
 *   …
 *   await emulator.stop();
 *
 * Binds 127.0.0.1 on an ephemeral port unless `port` is given.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
    fixtureSchema,
    type DatasetFixture,
    type Fixture,
    type RunFixture,
    type TokenFixture,
} from './state/fixture-schema.js';
import type { EmulatorState, GroundTruth } from './state/emulator-state.js';
import { createMemoryState } from './state/memory-state.js';
import type { RunExecutor } from './platform/run-executor-api.js';
import { createRunExecutor as createPlatformRunExecutor } from './platform/run-executor.js';
import type { TokenRegistry } from './server/principal.js';
import { AccessLog } from './server/access-log.js';
import { createEmulatorApp } from './server/app.js';
import { createFaultInjector, parseFaultSpec } from './server/fault-injection.js';
import { createRateLimiter, rateLimitConfigSchema, type RateLimitConfig } from './server/rate-limiter.js';
import { createTokenRegistry } from './server/token-registry.js';
import type { EmulatorContext } from './server/route-table.js';

export type ScenarioName = 'demo' | 'S' | 'M' | 'L';

/** The API's caps, kept as options so tests can exercise them without waiting minutes. */
const RUN_SYNC_TIMEOUT_SECS = 300;
const WAIT_FOR_FINISH_MAX_SECS = 60;
const DEFAULT_SEED = 1;
/** How often a real-time scenario adds the runs that started (or finished) meanwhile. */
export const RUN_SYNC_INTERVAL_MILLIS = 10_000;

export type RunExecutorFactory = (deps: {
    state: EmulatorState;
    tokens: TokenRegistry;
    baseUrl(): string;
}) => RunExecutor;

export interface StartEmulatorOptions {
    scenario?: ScenarioName;
    /** A fixture object, or a path to a JSON fixture file (validated with fixtureSchema). */
    fixture?: Fixture | string;
    seed?: number;
    /** The clock's starting point (default: the fixture's / scenario's `now`). */
    now?: Date;
    /**
     * Keep a built-in scenario going as real time passes: the clock flows (it always does from
     * its starting point) and the scenario's runs of the elapsed time are added every
     * `RUN_SYNC_INTERVAL_MILLIS` (as `advanceClock` adds them at once). `npm run emulator`
     * turns it on with `now` = the current time; tests leave it off and keep a fixed now.
     */
    followRealTime?: boolean;
    port?: number;
    latencyMs?: number;
    jitterMs?: number;
    /** Fault spec, e.g. `runs-list:503:0.1,*:reset:0.01` (see server/fault-injection.ts). */
    faults?: string;
    /** true (default) = the API's documented limits; false = off; an object overrides some. */
    rateLimits?: boolean | Partial<RateLimitConfig>;
    runSyncTimeoutSecs?: number;
    waitForFinishMaxSecs?: number;
    /** Default: the platform runner in platform/run-executor.ts. */
    createRunExecutor?: RunExecutorFactory;
    /** Tokens added to the fixture's / scenario's (e.g. a canary token for secrecy tests). */
    extraTokens?: readonly TokenFixture[];
}

export interface RunningEmulator {
    url: string;
    state: EmulatorState;
    accessLog: AccessLog;
    tokens: TokenRegistry;
    executor: RunExecutor;
    groundTruth?: GroundTruth;
    /** Moves the clock forward and adds the scenario's runs of the new period. */
    advanceClock(ms: number): void;
    stop(): Promise<void>;
}

interface LoadedFleet {
    fixture: Fixture;
    groundTruth?: GroundTruth;
    resolveRunDataset?: (datasetId: string) => DatasetFixture | undefined;
    runsBetween?: (from: Date, to: Date) => RunFixture[];
}

async function loadFleet(options: StartEmulatorOptions): Promise<LoadedFleet> {
    if (options.fixture !== undefined && options.scenario !== undefined) {
        throw new Error('Pass either "fixture" or "scenario" to startEmulator, not both.');
    }
    if (typeof options.fixture === 'string') {
        const text = await readFile(options.fixture, 'utf8');
        const parsed = fixtureSchema.safeParse(JSON.parse(text));
        if (!parsed.success) {
            throw new Error(
                `Fixture ${options.fixture} is not valid: ${parsed.error.issues
                    .slice(0, 5)
                    .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
                    .join('; ')}`,
            );
        }
        return { fixture: parsed.data };
    }
    if (options.fixture !== undefined) return { fixture: fixtureSchema.parse(options.fixture) };
    // A literal specifier, so bundlers (esbuild, for the extension-host tests) include the
    // generator; dynamic, so fixture-only users do not evaluate it.
    const scenarios = await import('./scenarios/index.js');
    const generated = scenarios.generateScenario(options.scenario ?? 'demo', {
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
    });
    return {
        fixture: generated.fixture,
        groundTruth: generated.groundTruth,
        resolveRunDataset: (datasetId: string) => generated.resolveRunDataset(datasetId),
        runsBetween: (from: Date, to: Date) => generated.runsBetween(from, to),
    };
}

/**
 * Adds the scenario's runs from the last sync up to the clock's now: new runs, and earlier ones
 * whose state changed (READY → RUNNING → finished). Called when the clock is advanced and, for
 * a real-time scenario, periodically, so the flowing clock and the run list agree.
 */
function createScenarioRunSync(
    state: EmulatorState,
    runsBetween: LoadedFleet['runsBetween'],
): (() => void) | undefined {
    if (!runsBetween) return undefined;
    let syncedUntil = state.clock.now();
    return () => {
        const to = state.clock.now();
        if (to.getTime() <= syncedUntil.getTime()) return;
        for (const run of runsBetween(syncedUntil, to)) state.insertRun(run);
        syncedUntil = to;
    };
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
    const loaded = await loadFleet(options);
    const fleet = options.extraTokens?.length
        ? { ...loaded, fixture: { ...loaded.fixture, tokens: [...loaded.fixture.tokens, ...options.extraTokens] } }
        : loaded;
    const state = createMemoryState(fleet.fixture, {
        ...(fleet.resolveRunDataset ? { resolveRunDataset: fleet.resolveRunDataset } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
    });
    const syncScenarioRuns = createScenarioRunSync(state, fleet.runsBetween);
    if (syncScenarioRuns) state.clock.onAdvance(syncScenarioRuns);
    const syncTimer =
        options.followRealTime && syncScenarioRuns
            ? setInterval(syncScenarioRuns, RUN_SYNC_INTERVAL_MILLIS)
            : undefined;
    // Never the reason a process stays alive.
    syncTimer?.unref();
    const tokens = createTokenRegistry(state.tokens);
    let baseUrl = '';
    const createRunExecutor = options.createRunExecutor ?? createPlatformRunExecutor;
    const executor = createRunExecutor({ state, tokens, baseUrl: () => baseUrl });
    const accessLog = new AccessLog();
    const seed = options.seed ?? DEFAULT_SEED;
    const rateLimitsOption = options.rateLimits ?? true;
    const context: EmulatorContext = {
        state,
        tokens,
        executor,
        baseUrl: () => baseUrl,
        runSyncTimeoutSecs: options.runSyncTimeoutSecs ?? RUN_SYNC_TIMEOUT_SECS,
        waitForFinishMaxSecs: options.waitForFinishMaxSecs ?? WAIT_FOR_FINISH_MAX_SECS,
    };
    const app = createEmulatorApp({
        pipeline: {
            context,
            rateLimiter:
                rateLimitsOption === false
                    ? undefined
                    : createRateLimiter(rateLimitConfigSchema.parse(rateLimitsOption === true ? {} : rateLimitsOption)),
            faults: createFaultInjector(parseFaultSpec(options.faults), seed),
        },
        accessLog,
        latency: { fixedMs: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0 },
        seed,
    });

    const server: Server = await new Promise((resolve, reject) => {
        const listening = app.listen(options.port ?? 0, '127.0.0.1', (error?: Error) => {
            if (error) reject(error);
            else resolve(listening);
        });
        listening.once('error', reject);
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    let stopping: Promise<void> | undefined;
    return {
        url: baseUrl,
        state,
        accessLog,
        tokens,
        executor,
        ...(fleet.groundTruth ? { groundTruth: fleet.groundTruth } : {}),
        advanceClock: (ms) => state.clock.advance(ms),
        stop() {
            stopping ??= (async () => {
                clearInterval(syncTimer);
                await executor.stopAll();
                await new Promise<void>((resolve) => {
                    server.close(() => resolve());
                    // Long-polls (waitForFinish) and keep-alive sockets must not hold the stop.
                    server.closeAllConnections();
                });
            })();
            return stopping;
        },
    };
}

export type { Fixture, EmulatorState, GroundTruth };
