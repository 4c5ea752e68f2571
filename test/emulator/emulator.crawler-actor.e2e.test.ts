/**
 * crawlee's BasicCrawler with the run's default request queue, running as an Actor on the
 * emulator (test/fixtures/crawler-test-actor, started through the API with the real
 * apify-client, APIFY_IS_AT_HOME=1): every request is handled exactly once, also when the
 * run is migrated mid-way and the process restarts with the same queue.
 */
import { fileURLToPath } from 'node:url';
import { ApifyClient } from 'apify-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import { createRunExecutor, type PlatformRunExecutor } from './platform/run-executor.js';
import { fixtureSchema, PERMISSIONS, type FixtureInput } from './state/fixture-schema.js';
import { waitUntil } from '../support/wait-until.js';

const ACTOR_DIR = fileURLToPath(new URL('../fixtures/crawler-test-actor/', import.meta.url));
const FULL_TOKEN = 'apify_api_crawler_full_0001';
const SCOPED_TOKEN = 'apify_api_crawler_scoped_01';

function buildFixture(): FixtureInput {
    const at = '2025-06-01T00:00:00.000Z';
    return {
        schemaVersion: 1,
        now: at,
        user: { id: 'userCrawler000001', username: 'tester' },
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
                id: 'actCrawlerTest001',
                name: 'crawler-test',
                createdAt: at,
                modifiedAt: at,
                defaultRunOptions: { build: 'latest', memoryMbytes: 1024, timeoutSecs: 300 },
                command: { argv: [process.execPath, 'main.mjs'], cwd: ACTOR_DIR },
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
                timing: { persistStateIntervalMillis: 500, migrationGraceMillis: 5_000, abortGraceMillis: 5_000 },
            })),
    });
    fullClient = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 0 });
    scopedClient = new ApifyClient({ token: SCOPED_TOKEN, baseUrl: emulator.url, maxRetries: 0 });
});

afterEach(async () => {
    for (const runId of emulator.state.createdDuringSession.runs) await executor.abort(runId, false);
    expect(executor.livePids()).toEqual([]);
});

afterAll(async () => {
    await emulator?.stop();
});

/** How long these tests wait for an asynchronous change before failing. */
const WAIT_TIMEOUT_MILLIS = 30_000;

interface CrawledItem {
    uniqueKey: string;
    start: number;
}

const expectedKeys = (count: number) => Array.from({ length: count }, (_, index) => `item-${index}`).sort();

describe('crawlee BasicCrawler as an Actor on the emulator', () => {
    it('handles every request of the default queue once', async () => {
        const requestCount = 12;
        const run = await scopedClient
            .actor('~crawler-test')
            .call({ requests: requestCount }, { waitSecs: 120, log: null });
        expect(run.status, executor.getLog(run.id)).toBe('SUCCEEDED');

        const { items } = await scopedClient.dataset(run.defaultDatasetId).listItems();
        expect((items as unknown as CrawledItem[]).map((item) => item.uniqueKey).sort()).toEqual(
            expectedKeys(requestCount),
        );
        const queue = await scopedClient.requestQueue(run.defaultRequestQueueId).get();
        expect(queue).toMatchObject({
            totalRequestCount: requestCount,
            handledRequestCount: requestCount,
            pendingRequestCount: 0,
            actRunId: run.id,
        });
    });

    it('resumes after `migrating` with the same queue: every request handled, repeats only for those in flight', async () => {
        const requestCount = 40;
        const started = await fullClient
            .actor('~crawler-test')
            .start({ requests: requestCount, handlerMillis: 150, concurrency: 2 });
        const itemCount = (): number => emulator.state.getDataset(started.defaultDatasetId)?.itemCount ?? 0;
        expect(await executor.waitForEventsConnection(started.id, 30_000)).toBe(true);
        await waitUntil(() => itemCount() >= 6, 'the first handled requests', WAIT_TIMEOUT_MILLIS);
        executor.sendEvent(started.id, 'migrating');

        const run = await fullClient.run(started.id).waitForFinish({ waitSecs: 120 });
        const log = executor.getLog(run.id) ?? '';
        expect(run.status, log).toBe('SUCCEEDED');
        expect(executor.getRunCounters(run.id)?.migrationCount).toBe(1);
        expect(log).toContain('The run was migrated to another server');

        const { items } = await fullClient.dataset(run.defaultDatasetId).listItems();
        const crawled = items as unknown as CrawledItem[];
        // None missing. crawlee is at-least-once: a request whose handler had already pushed
        // its item when the migration killed the process is handled again after the restart,
        // so only the requests in flight at that moment (at most `concurrency`) may repeat.
        const keys = crawled.map((item) => item.uniqueKey);
        expect([...new Set(keys)].sort()).toEqual(expectedKeys(requestCount));
        expect(keys.length - new Set(keys).size).toBeLessThanOrEqual(2);
        // Both starts did part of the work.
        expect(crawled.some((item) => item.start === 1)).toBe(true);
        expect(crawled.some((item) => item.start === 2)).toBe(true);

        const queue = await fullClient.requestQueue(run.defaultRequestQueueId).get();
        expect(queue).toMatchObject({
            totalRequestCount: requestCount,
            handledRequestCount: requestCount,
            pendingRequestCount: 0,
        });
        const output = (await fullClient.keyValueStore(run.defaultKeyValueStoreId).getRecord('OUTPUT'))
            ?.value as Record<string, unknown>;
        expect(output).toEqual({ starts: 2, totalRequestCount: requestCount, handledRequestCount: requestCount });
    }, 180_000);
});
