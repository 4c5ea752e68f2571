/**
 * Running this project's own Actor (`~fleet-analytics`, the built bundle) on the emulated
 * platform and reading its results back through the API, as the platform tests do.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ActorRun, ApifyClient } from 'apify-client';
import type { RunningEmulator } from '../emulator/index.js';
import type { PlatformRunExecutor } from '../emulator/platform/run-executor.js';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';

export const REPO_ROOT = join(__dirname, '..', '..');
export const OWN_ACTOR = '~fleet-analytics';
export const RUN_WAIT_SECS = 120;

/** The Actor runs the built bundle: build it once when a test file starts without one. */
export function ensureActorBundleBuilt(): void {
    if (!existsSync(join(REPO_ROOT, 'dist/actor/main.js'))) {
        execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
    }
}

export interface FinishedRun {
    run: ActorRun;
    /** The run's log as the executor captured it (stdout + stderr). */
    log: string;
}

export interface PlatformActorHarness {
    start(input: Record<string, unknown>, caller?: ApifyClient): Promise<{ id: string }>;
    waitForRun(runId: string, caller?: ApifyClient): Promise<FinishedRun>;
    runActor(input: Record<string, unknown>, caller?: ApifyClient): Promise<FinishedRun>;
    readOutput(storeId: string): Promise<FleetReport>;
    /** Keys of a named store by prefix, or null when the store does not exist. */
    namedStoreKeys(name: string, prefix?: string): Promise<string[] | null>;
}

export function createPlatformActorHarness(
    emulator: RunningEmulator,
    client: ApifyClient,
    executor: () => PlatformRunExecutor,
): PlatformActorHarness {
    const harness: PlatformActorHarness = {
        start: async (input, caller = client) => caller.actor(OWN_ACTOR).start(input),
        async waitForRun(runId, caller = client) {
            const run = await caller.run(runId).waitForFinish({ waitSecs: RUN_WAIT_SECS });
            return { run, log: executor().getLog(runId) ?? '' };
        },
        async runActor(input, caller = client) {
            const started = await harness.start(input, caller);
            return harness.waitForRun(started.id, caller);
        },
        async readOutput(storeId) {
            const record = await client.keyValueStore(storeId).getRecord('OUTPUT');
            return fleetReportSchema.parse(record?.value);
        },
        async namedStoreKeys(name, prefix = '') {
            const store = emulator.state.getKeyValueStore(name);
            if (!store) return null;
            return [...store.records.keys()].filter((key) => key.startsWith(prefix)).sort();
        },
    };
    return harness;
}
