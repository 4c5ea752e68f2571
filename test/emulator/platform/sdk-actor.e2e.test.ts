/**
 * The real `apify` SDK running as an Actor on the emulator (docs/DESIGN.md, "The emulator"): the tiny
 * test Actor in test/fixtures/sdk-test-actor is started through the API with the real
 * `apify-client`, runs as a child process with APIFY_IS_AT_HOME=1, and talks back to the
 * emulator for its input, OUTPUT, dataset, a named store, its status message and its state.
 */
import { fileURLToPath } from 'node:url';
import { ApifyClient } from 'apify-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { PERMISSIONS, type FixtureInput } from '../state/fixture-schema.js';
import { fixtureSchema } from '../state/fixture-schema.js';
import { createRunExecutor, type PlatformRunExecutor } from './run-executor.js';
import { waitUntil } from '../../support/wait-until.js';

const ACTOR_DIR = fileURLToPath(new URL('../../fixtures/sdk-test-actor/', import.meta.url));
const FULL_TOKEN = 'apify_api_e2e_full_000001';
const SCOPED_TOKEN = 'apify_api_e2e_scoped_00001';
const PROFILE_ITEM_COUNT = 7;

function buildFixture(): FixtureInput {
    const at = '2025-06-01T00:00:00.000Z';
    return {
        schemaVersion: 1,
        now: at,
        user: { id: 'userE2e0000000001', username: 'tester' },
        tokens: [
            { id: 'full', token: FULL_TOKEN, kind: 'full' },
            {
                id: 'scoped',
                token: SCOPED_TOKEN,
                kind: 'scoped',
                permissions: [...PERMISSIONS],
                defaultRunStorages: true,
            },
        ],
        actors: [
            {
                id: 'actSdkTest0000001',
                name: 'sdk-test',
                createdAt: at,
                modifiedAt: at,
                defaultRunOptions: { build: 'latest', memoryMbytes: 512, timeoutSecs: 300 },
                // cwd = the Actor's own folder: the SDK applies input defaults from `.actor/`
                // in the working directory, and the repository root has the product's.
                command: { argv: [process.execPath, 'main.mjs'], cwd: ACTOR_DIR },
            },
            {
                id: 'actProfiled000001',
                name: 'profiled',
                createdAt: at,
                modifiedAt: at,
                profile: { successRate: 1, durationSecs: 30, costUsd: 0.02, itemCount: PROFILE_ITEM_COUNT },
            },
        ],
        builds: [],
        runs: [],
    };
}

let emulator: RunningEmulator;
let executor: PlatformRunExecutor;
let fullClient: ApifyClient;
let scopedClient: ApifyClient;

beforeAll(async () => {
    emulator = await startEmulator({
        fixture: fixtureSchema.parse(buildFixture()),
        rateLimits: false,
        createRunExecutor: (deps) =>
            (executor = createRunExecutor({
                ...deps,
                timing: { persistStateIntervalMillis: 200, migrationGraceMillis: 5_000, abortGraceMillis: 5_000 },
            })),
    });
    fullClient = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 0 });
    scopedClient = new ApifyClient({ token: SCOPED_TOKEN, baseUrl: emulator.url, maxRetries: 0 });
});

afterEach(async () => {
    // A failed test may leave its run going: stop it so the next test starts clean, then
    // prove no process is left.
    for (const runId of emulator.state.createdDuringSession.runs) await executor.abort(runId, false);
    expect(executor.livePids()).toEqual([]);
});

afterAll(async () => {
    await emulator?.stop();
});

/** How long these tests wait for an asynchronous change before failing. */
const WAIT_TIMEOUT_MILLIS = 20_000;

interface TestActorOutput {
    input: Record<string, unknown>;
    starts: number;
    steps: number;
    namedStore: { ok: boolean; id?: string; statusCode?: number; type?: string; message?: string } | null;
    env: { runId: string; isAtHome: boolean };
}

async function readOutput(client: ApifyClient, storeId: string): Promise<TestActorOutput> {
    const record = await client.keyValueStore(storeId).getRecord('OUTPUT');
    expect(record, 'OUTPUT record').toBeDefined();
    return record?.value as unknown as TestActorOutput;
}

describe('the real apify SDK as an Actor on the emulator', () => {
    it('reads its input, writes OUTPUT, pushes data, opens a named store and sets its status message', async () => {
        const run = await fullClient
            .actor('~sdk-test')
            .call({ steps: 3, namedStore: 'named-store' }, { waitSecs: 60, log: null });
        expect(run.status, executor.getLog(run.id)).toBe('SUCCEEDED');
        expect(run.exitCode).toBe(0);
        expect(run.statusMessage).toBe('Done: 3 steps in 1 start(s).');

        const output = await readOutput(fullClient, run.defaultKeyValueStoreId);
        expect(output.input).toEqual({ steps: 3, namedStore: 'named-store' });
        expect(output.env).toEqual({ runId: run.id, isAtHome: true });
        expect(output.starts).toBe(1);

        const { items } = await fullClient.dataset(run.defaultDatasetId).listItems();
        expect(items).toEqual([
            { step: 0, start: 1 },
            { step: 1, start: 1 },
            { step: 2, start: 1 },
        ]);

        expect(output.namedStore?.ok).toBe(true);
        const namedStore = await fullClient.keyValueStore(output.namedStore?.id ?? '').get();
        expect(namedStore?.name).toBe('named-store');
        const fromRun = await fullClient.keyValueStore(output.namedStore?.id ?? '').getRecord('FROM_RUN');
        expect(fromRun?.value).toEqual({ runId: run.id });

        const log = await fullClient.run(run.id).log().get();
        expect(log).toContain('Start 1: resuming at step 0 of 3.');
        expect(log).toContain('[Status message]: Done: 3 steps in 1 start(s).');
    });

    it('a run started with a scoped token gets a scoped run token: default storages work, creating a named store is refused', async () => {
        const run = await scopedClient
            .actor('~sdk-test')
            .call({ steps: 2, namedStore: 'not-allowed' }, { waitSecs: 60, log: null });
        expect(run.status, executor.getLog(run.id)).toBe('SUCCEEDED');
        const output = await readOutput(scopedClient, run.defaultKeyValueStoreId);
        expect(output.namedStore).toMatchObject({ ok: false, statusCode: 403, type: 'insufficient-permissions' });
        expect(output.steps).toBe(2);
        const { items } = await scopedClient.dataset(run.defaultDatasetId).listItems();
        expect(items).toHaveLength(2);
        expect(emulator.state.getKeyValueStore('tester~not-allowed')).toBeUndefined();
    });

    it('persists its state on `migrating`, is restarted with the same storages and resumes', async () => {
        const steps = 30;
        const started = await fullClient.actor('~sdk-test').start({ steps, stepMillis: 100 });
        const itemCount = (): number => emulator.state.getDataset(started.defaultDatasetId)?.itemCount ?? 0;
        expect(await executor.waitForEventsConnection(started.id, 20_000)).toBe(true);
        await waitUntil(() => itemCount() >= 3, 'the first items', WAIT_TIMEOUT_MILLIS);
        executor.sendEvent(started.id, 'migrating');

        const run = await fullClient.run(started.id).waitForFinish({ waitSecs: 60 });
        expect(run.status, executor.getLog(run.id)).toBe('SUCCEEDED');
        expect(executor.getRunCounters(run.id)?.migrationCount).toBe(1);
        // apify-client's ActorRunStats type omits the counter the API sends.
        expect((run.stats as unknown as Record<string, unknown>).migrationCount).toBe(1);
        const output = await readOutput(fullClient, run.defaultKeyValueStoreId);
        expect(output.starts).toBe(2);
        expect(output.steps).toBe(steps);
        const log = executor.getLog(run.id) ?? '';
        expect(log).toContain('The run was migrated to another server');
        const resumedAt = Number(/Start 2: resuming at step (\d+) of/.exec(log)?.[1]);
        expect(resumedAt).toBeGreaterThan(0);
        const { items } = await fullClient.dataset(run.defaultDatasetId).listItems();
        const secondStartSteps = (items as Array<{ step: number; start: number }>)
            .filter((item) => item.start === 2)
            .map((item) => item.step);
        expect(secondStartSteps[0]).toBe(resumedAt);
        expect(secondStartSteps.at(-1)).toBe(steps - 1);
    });

    it('`aborting` ends the run ABORTED', async () => {
        const started = await fullClient.actor('~sdk-test').start({ steps: 1000, stepMillis: 100 });
        expect(await executor.waitForEventsConnection(started.id, 20_000)).toBe(true);
        await waitUntil(
            () => (emulator.state.getDataset(started.defaultDatasetId)?.itemCount ?? 0) >= 1,
            'the first item',
            WAIT_TIMEOUT_MILLIS,
        );
        executor.sendEvent(started.id, 'aborting');
        const run = await fullClient.run(started.id).waitForFinish({ waitSecs: 60 });
        expect(run.status).toBe('ABORTED');
        expect(executor.getLog(run.id)).toContain('Aborting the run gracefully');
    });

    it('a run that outlives its timeout ends TIMED-OUT', async () => {
        const started = await fullClient.actor('~sdk-test').start({ steps: 1000, stepMillis: 100 }, { timeout: 2 });
        const run = await fullClient.run(started.id).waitForFinish({ waitSecs: 60 });
        expect(run.status).toBe('TIMED-OUT');
        expect(run.options.timeoutSecs).toBe(2);
    });

    it('a failing Actor ends FAILED with its exit code', async () => {
        const run = await fullClient.actor('~sdk-test').call({ steps: 1, failWith: 2 }, { waitSecs: 60, log: null });
        expect(run.status).toBe('FAILED');
        expect(run.exitCode).toBe(2);
        expect(run.statusMessage).toBe('Failing on request with exit code 2.');
    });

    it('a code-less Actor run through run-sync-get-dataset-items returns its profile items', async () => {
        const response = await fetch(`${emulator.url}/v2/actors/~profiled/run-sync-get-dataset-items`, {
            method: 'POST',
            headers: { authorization: `Bearer ${FULL_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify({ anything: true }),
        });
        expect(response.status).toBe(201);
        const items = (await response.json()) as unknown[];
        expect(items).toHaveLength(PROFILE_ITEM_COUNT);
        const lastRun = await fullClient.actor('~profiled').lastRun().get();
        expect(lastRun?.status).toBe('SUCCEEDED');
        expect(lastRun?.usageTotalUsd).toBeGreaterThan(0);
    });
});
