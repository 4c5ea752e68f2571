import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActorFixture, BuildFixture } from '../state/fixture-schema.js';
import type { EmulatorState } from '../state/emulator-state.js';
import { createRunExecutor, type PlatformRunExecutor, type PlatformTimingConfig } from './run-executor.js';
import { RunExecutorError } from './run-executor-api.js';
import { planProfileRun } from './profile-run-plan.js';
import {
    FULL_PRINCIPAL,
    buildActorFixture,
    createMinimalState,
    createMinimalTokenRegistry,
} from './test-support/minimal-state.js';
import { waitUntil } from '../../support/wait-until.js';

const PROBE_PATH = fileURLToPath(new URL('./test-support/probe-actor.mjs', import.meta.url));
const FAST_TIMING: Partial<PlatformTimingConfig> = {
    persistStateIntervalMillis: 100,
    systemInfoIntervalMillis: 100,
    migrationGraceMillis: 300,
    abortGraceMillis: 300,
    millisPerSimulatedSecond: 2,
};

const probeActor = (probeArgs: string[], overrides: Partial<ActorFixture> = {}): ActorFixture =>
    buildActorFixture({
        id: 'probeActorId0001',
        name: 'probe',
        command: { argv: [process.execPath, PROBE_PATH, ...probeArgs] },
        ...overrides,
    });

interface Harness {
    state: EmulatorState;
    tokens: ReturnType<typeof createMinimalTokenRegistry>;
    executor: PlatformRunExecutor;
}

const harnesses: Harness[] = [];
afterEach(async () => {
    for (const harness of harnesses.splice(0)) {
        await harness.executor.stopAll();
        expect(harness.executor.livePids()).toEqual([]);
    }
});

function startHarness(actors: ActorFixture[], builds: BuildFixture[] = [], timing = FAST_TIMING): Harness {
    const state = createMinimalState({ actors, builds });
    const tokens = createMinimalTokenRegistry();
    const executor = createRunExecutor({ state, tokens, baseUrl: () => 'http://127.0.0.1:9', timing });
    const harness = { state, tokens, executor };
    harnesses.push(harness);
    return harness;
}

/** How long these tests wait for an asynchronous change before failing. */
const WAIT_TIMEOUT_MILLIS = 10_000;

function probeEnvs(log: string): Array<Record<string, string>> {
    return [...log.matchAll(/PROBE_ENV (\{.*\})/g)].map(
        (match) => JSON.parse(match[1] ?? '{}') as Record<string, string>,
    );
}

function countOccurrences(text: string, part: string): number {
    return text.split(part).length - 1;
}

describe('run executor: Actors with a command', () => {
    it('spawns the command with the platform environment and finishes SUCCEEDED on exit 0', async () => {
        const { state, tokens, executor } = startHarness([probeActor(['--exit-code', '0'])]);
        process.env.APIFY_PARENT_SECRET = 'must-not-leak';
        let runId: string;
        try {
            const run = executor.start(probeActor(['--exit-code', '0']), {
                principal: FULL_PRINCIPAL,
                input: { body: Buffer.from('{"hello":"world"}'), contentType: 'application/json' },
                memoryMbytes: 256,
                timeoutSecs: 120,
            });
            runId = run.id;
            expect(run.status).toBe('READY');
        } finally {
            delete process.env.APIFY_PARENT_SECRET;
        }
        const finished = await executor.waitForFinish(runId, 20_000);
        expect(finished.status).toBe('SUCCEEDED');
        expect(finished.exitCode).toBe(0);
        expect(finished.origin).toBe('API');
        expect(finished.memoryMbytes).toBe(256);
        expect(finished.finishedAt).not.toBeNull();
        expect(Date.parse(finished.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(finished.startedAt));
        expect(finished.stats.runTimeSecs).toBeGreaterThan(0);
        expect(finished.stats.computeUnits).toBeCloseTo((256 / 1024) * ((finished.stats.runTimeSecs ?? 0) / 3600), 5);
        expect(finished.usageTotalUsd).toBeGreaterThan(0);

        const [env] = probeEnvs(executor.getLog(runId) ?? '');
        expect(env).toBeDefined();
        const token = tokens.issued.get(runId) ?? '';
        expect(env).toMatchObject({
            APIFY_IS_AT_HOME: '1',
            APIFY_TOKEN: `sha256:${createHash('sha256').update(token).digest('hex')}`,
            APIFY_API_BASE_URL: 'http://127.0.0.1:9',
            APIFY_API_PUBLIC_BASE_URL: 'http://127.0.0.1:9',
            ACTOR_RUN_ID: runId,
            APIFY_ACTOR_RUN_ID: runId,
            ACTOR_ID: 'probeActorId0001',
            APIFY_ACTOR_ID: 'probeActorId0001',
            ACTOR_DEFAULT_KEY_VALUE_STORE_ID: finished.defaultKeyValueStoreId,
            ACTOR_DEFAULT_DATASET_ID: finished.defaultDatasetId,
            ACTOR_DEFAULT_REQUEST_QUEUE_ID: finished.defaultRequestQueueId,
            ACTOR_INPUT_KEY: 'INPUT',
            ACTOR_MEMORY_MBYTES: '256',
            ACTOR_STARTED_AT: finished.startedAt,
            ACTOR_TIMEOUT_AT: new Date(Date.parse(finished.startedAt) + 120_000).toISOString(),
            ACTOR_FULL_NAME: 'tester/probe',
        });
        expect(env?.ACTOR_EVENTS_WEBSOCKET_URL).toMatch(
            new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v2/actor-runs/${runId}/events$`),
        );
        expect(env?.CRAWLEE_STORAGE_DIR).toBeTruthy();
        expect(existsSync(env?.CRAWLEE_STORAGE_DIR ?? '/nonexistent')).toBe(false);
        expect(env).not.toHaveProperty('APIFY_PARENT_SECRET');
        expect(tokens.revoked.has(runId)).toBe(true);

        const store = state.getKeyValueStore(finished.defaultKeyValueStoreId);
        expect(store?.records.get('INPUT')).toEqual({
            key: 'INPUT',
            contentType: 'application/json',
            body: Buffer.from('{"hello":"world"}'),
        });
        expect(state.getDataset(finished.defaultDatasetId)?.actRunId).toBe(runId);
        expect(state.createdDuringSession.runs.has(runId)).toBe(true);
        expect(state.createdDuringSession.datasets.has(finished.defaultDatasetId)).toBe(true);
        expect(state.createdDuringSession.keyValueStores.has(finished.defaultKeyValueStoreId)).toBe(true);
    });

    it('marks a non-zero exit FAILED, keeps the exit code and the stderr lines in the log', async () => {
        const actor = probeActor(['--exit-code', '3']);
        const { executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL });
        const finished = await executor.waitForFinish(run.id, 20_000);
        expect(finished.status).toBe('FAILED');
        expect(finished.exitCode).toBe(3);
        expect(executor.getLog(run.id)).toMatch(/^\S+Z PROBE exiting on request$/m);
    });

    it('times a run out: TIMING-OUT, then TIMED-OUT once the process is killed', async () => {
        const actor = probeActor([]);
        const { state, executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL, timeoutSecs: 1 });
        const statuses = new Set<string>();
        const watcher = setInterval(() => statuses.add(state.getRun(run.id)?.status ?? ''), 5);
        const finished = await executor.waitForFinish(run.id, 20_000);
        clearInterval(watcher);
        expect(finished.status).toBe('TIMED-OUT');
        expect(statuses.has('RUNNING')).toBe(true);
        expect(executor.getLog(run.id)).toContain('exceeded its timeout of 1 s');
    });

    it('sends persistState and systemInfo periodically in the SDK frame format', async () => {
        const actor = probeActor([]);
        const { executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL });
        await waitUntil(
            () => countOccurrences(executor.getLog(run.id) ?? '', 'PROBE_EVENT {"name":"persistState"') >= 2,
            'two persistState events',
            WAIT_TIMEOUT_MILLIS,
        );
        expect(executor.getLog(run.id)).toContain('PROBE_EVENT {"name":"persistState","data":{"isMigrating":false}}');
        await waitUntil(
            () => countOccurrences(executor.getLog(run.id) ?? '', 'PROBE_EVENT {"name":"systemInfo"') >= 2,
            'two systemInfo events',
            WAIT_TIMEOUT_MILLIS,
        );
        const systemInfoFrames = [
            ...(executor.getLog(run.id) ?? '').matchAll(/PROBE_EVENT (\{"name":"systemInfo".*\})$/gm),
        ];
        const systemInfo = JSON.parse(systemInfoFrames.at(-1)?.[1] ?? '{}') as { data: Record<string, unknown> };
        // The CPU figures are real measurements: under a loaded test machine the probe may
        // well be "overloaded", so only the frame's shape and consistency are asserted.
        expect(systemInfo.data).toMatchObject({
            isCpuOverloaded: expect.any(Boolean),
            memTotalBytes: 1024 * 1024 * 1024,
        });
        expect(systemInfo.data.memCurrentBytes).toBeGreaterThan(0);
        expect(systemInfo.data.cpuCurrentUsage).toBeGreaterThanOrEqual(0);
        expect(systemInfo.data.isCpuOverloaded).toBe((systemInfo.data.cpuCurrentUsage as number) > 95);
    });

    it('migrating: sends the events, kills after the grace period and restarts with the same storages', async () => {
        const actor = probeActor([]);
        const { state, executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL });
        expect(await executor.waitForEventsConnection(run.id, 10_000)).toBe(true);
        await waitUntil(() => state.getRun(run.id)?.status === 'RUNNING', 'RUNNING', WAIT_TIMEOUT_MILLIS);
        executor.sendEvent(run.id, 'migrating');
        await waitUntil(
            () => probeEnvs(executor.getLog(run.id) ?? '').length === 2,
            'the restarted process',
            WAIT_TIMEOUT_MILLIS,
        );
        const log = executor.getLog(run.id) ?? '';
        expect(log).toContain('PROBE_EVENT {"name":"migrating","data":{}}');
        expect(log).toContain('PROBE_EVENT {"name":"persistState","data":{"isMigrating":true}}');
        const [before, after] = probeEnvs(log);
        expect(after?.ACTOR_RUN_ID).toBe(before?.ACTOR_RUN_ID);
        expect(after?.ACTOR_DEFAULT_KEY_VALUE_STORE_ID).toBe(before?.ACTOR_DEFAULT_KEY_VALUE_STORE_ID);
        expect(after?.ACTOR_DEFAULT_DATASET_ID).toBe(before?.ACTOR_DEFAULT_DATASET_ID);
        expect(after?.APIFY_TOKEN).toBe(before?.APIFY_TOKEN);
        expect(executor.getRunCounters(run.id)).toEqual({ migrationCount: 1, rebootCount: 0, restartCount: 0 });
        expect(state.getRun(run.id)?.status).toBe('RUNNING');
    });

    it('reboot restarts the process and counts it', async () => {
        const actor = probeActor([]);
        const { state, executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL });
        await waitUntil(() => state.getRun(run.id)?.status === 'RUNNING', 'RUNNING', WAIT_TIMEOUT_MILLIS);
        // The first process must have reported itself before it is replaced.
        await waitUntil(
            () => probeEnvs(executor.getLog(run.id) ?? '').length === 1,
            'the first process',
            WAIT_TIMEOUT_MILLIS,
        );
        executor.reboot(run.id);
        await waitUntil(
            () => probeEnvs(executor.getLog(run.id) ?? '').length === 2,
            'the rebooted process',
            WAIT_TIMEOUT_MILLIS,
        );
        expect(executor.getRunCounters(run.id)?.rebootCount).toBe(1);
        const aborted = await executor.abort(run.id, false);
        expect(aborted.status).toBe('ABORTED');
        expect(() => executor.reboot(run.id)).toThrowError(RunExecutorError);
    });

    it('graceful abort: ABORTING, the `aborting` event, then ABORTED', async () => {
        const actor = probeActor(['--exit-on-aborting']);
        const { executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL });
        expect(await executor.waitForEventsConnection(run.id, 10_000)).toBe(true);
        const aborting = await executor.abort(run.id, true);
        expect(aborting.status).toBe('ABORTING');
        const finished = await executor.waitForFinish(run.id, 20_000);
        expect(finished.status).toBe('ABORTED');
        expect(executor.getLog(run.id)).toContain('PROBE_EVENT {"name":"aborting","data":{}}');
    });

    it('sendEvent(aborting) on an Actor that ignores it still ends ABORTED after the grace period', async () => {
        const actor = probeActor([]);
        const { executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL });
        expect(await executor.waitForEventsConnection(run.id, 10_000)).toBe(true);
        executor.sendEvent(run.id, 'aborting');
        expect((await executor.waitForFinish(run.id, 20_000)).status).toBe('ABORTED');
    });

    it('abort kills the whole process group, grandchildren included', async () => {
        const actor = probeActor(['--spawn-child']);
        const { executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL });
        await waitUntil(
            () => /PROBE_GRANDCHILD (\d+)/.test(executor.getLog(run.id) ?? ''),
            'the grandchild',
            WAIT_TIMEOUT_MILLIS,
        );
        const grandchildPid = Number(/PROBE_GRANDCHILD (\d+)/.exec(executor.getLog(run.id) ?? '')?.[1]);
        expect((await executor.abort(run.id, false)).status).toBe('ABORTED');
        await waitUntil(() => !isAlive(grandchildPid), 'the grandchild to die', WAIT_TIMEOUT_MILLIS);
    });

    it('stopAll kills every live process', async () => {
        const actor = probeActor([]);
        const { executor } = startHarness([actor]);
        const runs = [
            executor.start(actor, { principal: FULL_PRINCIPAL }),
            executor.start(actor, { principal: FULL_PRINCIPAL }),
        ];
        await waitUntil(() => executor.livePids().length === 2, 'two processes', WAIT_TIMEOUT_MILLIS);
        const pids = executor.livePids();
        await executor.stopAll();
        expect(pids.filter(isAlive)).toEqual([]);
        for (const run of runs) expect((await executor.waitForFinish(run.id, 1000)).status).toBe('ABORTED');
        expect(() => executor.start(actor, { principal: FULL_PRINCIPAL })).toThrowError(RunExecutorError);
    });

    it('reports a command that cannot start as FAILED with the reason in the log', async () => {
        const actor = buildActorFixture({
            id: 'missingCmd000001',
            name: 'missing',
            command: { argv: ['/nonexistent/actor-binary'] },
        });
        const { executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL });
        expect((await executor.waitForFinish(run.id, 10_000)).status).toBe('FAILED');
        expect(executor.getLog(run.id)).toContain('Cannot start the Actor command');
    });
});

describe('run executor: builds', () => {
    const actor = buildActorFixture({
        id: 'builtActor000001',
        name: 'built',
        profile: { successRate: 1, durationSecs: 1, costUsd: 0.01, itemCount: 1 },
    });
    const build = (id: string, buildNumber: string, status: BuildFixture['status'] = 'SUCCEEDED'): BuildFixture => ({
        id,
        actId: actor.id,
        buildNumber,
        status,
        startedAt: '2025-01-01T00:00:00.000Z',
        finishedAt: '2025-01-01T00:01:00.000Z',
    });

    it('resolves latest to the newest successful build, a number to that build, and refuses unknown tags', () => {
        const { executor } = startHarness(
            [actor],
            [build('b1', '0.1.9'), build('b2', '0.1.10'), build('b3', '0.2.0', 'FAILED')],
        );
        expect(executor.start(actor, { principal: FULL_PRINCIPAL }).buildNumber).toBe('0.1.10');
        expect(executor.start(actor, { principal: FULL_PRINCIPAL, build: '0.1.9' }).buildId).toBe('b1');
        expect(() => executor.start(actor, { principal: FULL_PRINCIPAL, build: 'beta' })).toThrowError(
            /Build with tag "beta" was not found/,
        );
        expect(() => executor.start(actor, { principal: FULL_PRINCIPAL, build: '9.9.9' })).toThrowError(
            RunExecutorError,
        );
    });
});

describe('run executor: Actors without code follow their profile', () => {
    it('a successful profile run pushes its items and costs what the profile says', async () => {
        const actor = buildActorFixture({
            id: 'profileActor0001',
            name: 'profiled',
            profile: { successRate: 1, durationSecs: 60, costUsd: 0.05, itemCount: 25 },
        });
        const { state, executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL, memoryMbytes: 2048 });
        const finished = await executor.waitForFinish(run.id, 10_000);
        expect(finished.status).toBe('SUCCEEDED');
        const dataset = state.getDataset(finished.defaultDatasetId);
        expect(dataset?.itemCount).toBe(25);
        expect(dataset?.items).toHaveLength(25);
        const plan = planProfileRun(run.id, actor.profile ?? expect.fail('profile'), {
            timeoutSecs: 3600,
            memoryMbytes: 2048,
        });
        expect(finished.stats.runTimeSecs).toBeCloseTo(plan.durationSecs, 2);
        expect(finished.usageTotalUsd).toBeCloseTo(plan.costUsd ?? -1, 5);
        expect(Date.parse(finished.finishedAt ?? '') - Date.parse(finished.startedAt)).toBeCloseTo(
            plan.durationSecs * 1000,
            -1,
        );
        expect(executor.getLog(run.id)).toContain('Pushed 25 items');
    });

    it('successRate 0 fails, a profile longer than the timeout times out, costUsd null leaves no usageTotalUsd', async () => {
        const failing = buildActorFixture({
            id: 'failingActor0001',
            name: 'failing',
            profile: { successRate: 0, durationSecs: 10, costUsd: null, itemCount: 100 },
        });
        const slow = buildActorFixture({
            id: 'slowActor0000001',
            name: 'slow',
            profile: { successRate: 1, durationSecs: 100, costUsd: 0.1, itemCount: 100 },
        });
        const { executor } = startHarness([failing, slow]);
        const failed = await executor.waitForFinish(executor.start(failing, { principal: FULL_PRINCIPAL }).id, 10_000);
        expect(failed.status).toBe('FAILED');
        expect(failed.exitCode).toBe(1);
        // null: the run reports no cost, and the API answers leave the field out.
        expect(failed.usageTotalUsd).toBeNull();
        const timedOut = await executor.waitForFinish(
            executor.start(slow, { principal: FULL_PRINCIPAL, timeoutSecs: 30 }).id,
            10_000,
        );
        expect(timedOut.status).toBe('TIMED-OUT');
        expect(timedOut.stats.runTimeSecs).toBe(30);
    });

    it('the same run id always gives the same plan; success follows successRate over many runs', () => {
        const profile = { successRate: 0.7, durationSecs: 30, costUsd: 0.02, itemCount: 10 };
        const limits = { timeoutSecs: 3600, memoryMbytes: 1024 };
        expect(planProfileRun('run-a', profile, limits)).toEqual(planProfileRun('run-a', profile, limits));
        const successes = Array.from({ length: 2000 }, (_, i) => planProfileRun(`run-${i}`, profile, limits)).filter(
            (plan) => plan.status === 'SUCCEEDED',
        ).length;
        expect(successes / 2000).toBeGreaterThan(0.65);
        expect(successes / 2000).toBeLessThan(0.75);
    });

    it('waitForFinish returns the run as it is when the wait ends first, and abort stops a profile run', async () => {
        const actor = buildActorFixture({
            id: 'longActor0000001',
            name: 'long',
            profile: { successRate: 1, durationSecs: 100_000, costUsd: 1, itemCount: 1000 },
        });
        const { executor } = startHarness([actor]);
        const run = executor.start(actor, { principal: FULL_PRINCIPAL, timeoutSecs: 0 });
        const waited = await executor.waitForFinish(run.id, 50);
        expect(['READY', 'RUNNING']).toContain(waited.status);
        const aborted = await executor.abort(run.id, true);
        expect(aborted.status).toBe('ABORTED');
        expect(aborted.usageTotalUsd).toBeLessThan(1);
    });
});

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}
