/**
 * The crawlee-backed runner resumes instead of restarting: a collection interrupted in the
 * middle and started again on the same storage calls the worker only for unfinished units
 * and returns the same FleetData as an uninterrupted collection.
 */
import { Configuration } from '@crawlee/core';
import { MemoryStorage } from '@crawlee/memory-storage';
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFleet } from '../../../../actor/engine/collection/collect-fleet.js';
import {
    createCrawleeTaskRunner,
    MAX_CHUNK_JSON_BYTES,
    openCollectionQueue,
    UNIT_HANDLER_TIMEOUT_SECS,
    type MinimalKeyValueStore,
} from '../../../../actor/engine/collection/crawlee-task-runner.js';
import { CollectionAbortedError } from '../../../../actor/engine/collection/errors.js';
import { startEmulator, type RunningEmulator } from '../../../emulator/index.js';
import { fixtureSchema } from '../../../emulator/state/fixture-schema.js';
import { buildSmallFleetFixtureInput, FULL_TOKEN } from '../../../emulator/test-support/small-fleet-fixture.js';
import type { FleetData } from '../../../../shared/contracts/fleet-data.js';
import { MS_PER_DAY } from '../../../../shared/metrics/day-periods.js';

function mapStore(): MinimalKeyValueStore & { records: Map<string, string> } {
    const records = new Map<string, string>();
    return {
        records,
        async getValue(key) {
            const v = records.get(key);
            return v === undefined ? null : JSON.parse(v);
        },
        async setValue(key, value) {
            records.set(key, JSON.stringify(value));
        },
    };
}

/** One "platform" storage that outlives the crawler instances, as a run's storages outlive a migration. */
function persistentStorage(): Configuration {
    return new Configuration({ storageClient: new MemoryStorage({ persistStorage: false }), purgeOnStart: false });
}

describe('crawlee task runner', () => {
    it('skips persisted units after an interruption and delivers identical results', async () => {
        const config = persistentStorage();
        const store = mapStore();
        const units = Array.from({ length: 30 }, (_, i) => ({ id: `unit-${i}`, payload: i }));
        const calls: number[] = [];
        const worker = async (unit: { payload: number }): Promise<{ square: number }> => {
            calls.push(unit.payload);
            await new Promise((resolve) => setTimeout(resolve, 5));
            return { square: unit.payload * unit.payload };
        };

        const abort = new AbortController();
        const first = new Map<string, { square: number }>();
        const runner1 = createCrawleeTaskRunner({
            store,
            requestQueue: await openCollectionQueue('units', config),
            keyPrefix: 'T',
            concurrency: 3,
            config,
            commitDelayMs: 10,
        });
        await expect(
            runner1.run('squares', units, worker, (id, r) => first.set(id, r), {
                signal: abort.signal,
                onUnitDone: (done) => {
                    if (done === 10) abort.abort();
                },
            }),
        ).rejects.toBeInstanceOf(CollectionAbortedError);
        const callsBefore = calls.length;
        expect(first.size).toBeGreaterThanOrEqual(10);
        expect(first.size).toBeLessThan(units.length);

        calls.length = 0;
        const second = new Map<string, { square: number }>();
        const runner2 = createCrawleeTaskRunner({
            store,
            requestQueue: await openCollectionQueue('units', config),
            keyPrefix: 'T',
            concurrency: 3,
            config,
            commitDelayMs: 10,
        });
        await runner2.run('squares', units, worker, (id, r) => second.set(id, r));
        expect(second.size).toBe(units.length);
        for (const unit of units) expect(second.get(unit.id)).toEqual({ square: unit.payload * unit.payload });
        // Units stored before the interruption were not worked again.
        for (const id of first.keys()) expect(calls).not.toContain(Number(id.slice(5)));
        expect(calls.length).toBeLessThanOrEqual(units.length - first.size);
        expect(callsBefore + calls.length).toBeGreaterThanOrEqual(units.length);
    });

    it("keeps every chunk record under the size limit, however big the units' results", async () => {
        const config = persistentStorage();
        const store = mapStore();
        // Ten results of ~0.9 MB each: far fewer than maxUnitsPerChunk, far more than one record may hold.
        const units = Array.from({ length: 10 }, (_, i) => ({ id: `big-${i}`, payload: i }));
        const bigResult = (i: number): { text: string } => ({ text: String(i).repeat(900_000) });
        const runner1 = createCrawleeTaskRunner({
            store,
            requestQueue: await openCollectionQueue('big', config),
            keyPrefix: 'B',
            concurrency: 10,
            config,
            commitDelayMs: 50,
        });
        await runner1.run(
            's',
            units,
            async (unit) => bigResult(unit.payload),
            () => {},
        );
        const chunks = [...store.records].filter(([key]) => /^B-s-\d+$/.test(key));
        expect(chunks.length).toBeGreaterThan(1);
        for (const [, json] of chunks) expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_CHUNK_JSON_BYTES);

        // All of them come back after a restart, without a worker call.
        const again = new Map<string, { text: string }>();
        const runner2 = createCrawleeTaskRunner({
            store,
            requestQueue: await openCollectionQueue('big', config),
            keyPrefix: 'B',
            concurrency: 10,
            config,
            commitDelayMs: 50,
        });
        await runner2.run(
            's',
            units,
            async () => {
                throw new Error('no unit should run again');
            },
            (id, result) => again.set(id, result),
        );
        for (const unit of units) expect(again.get(unit.id)).toEqual(bigResult(unit.payload));
    });

    it('a failing unit fails the run with its own error', async () => {
        const config = persistentStorage();
        const runner = createCrawleeTaskRunner({
            store: mapStore(),
            requestQueue: await openCollectionQueue('failing', config),
            keyPrefix: 'F',
            concurrency: 2,
            config,
            commitDelayMs: 5,
        });
        await expect(
            runner.run(
                's',
                [{ id: 'a', payload: 1 }],
                async () => {
                    throw new Error('boom in unit');
                },
                () => {},
            ),
        ).rejects.toThrow('boom in unit');
    });

    it('rejects key prefixes a key-value store cannot hold', () => {
        expect(() =>
            createCrawleeTaskRunner({
                store: mapStore(),
                requestQueue: {} as never,
                keyPrefix: 'bad/prefix',
                concurrency: 1,
            }),
        ).toThrow(/keyPrefix/);
    });
});

describe('collectFleet resumed after a migration', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    it('resumes the interrupted collection and returns the same FleetData', async () => {
        const now = emulator.state.clock.now();
        const to = new Date(Math.floor(now.getTime() / MS_PER_DAY) * MS_PER_DAY);
        const window = { from: new Date(to.getTime() - 28 * MS_PER_DAY), to };
        const client = new ApifyClient({ token: 'apify_api_demo_full', baseUrl: emulator.url, maxRetries: 2 });
        const strip = (d: FleetData): Omit<FleetData, 'collection'> => {
            const { collection: _c, ...rest } = d;
            return rest;
        };

        const reference = await collectFleet({ client, window, now });
        const actorCount = reference.actors.length;

        const config = persistentStorage();
        const store = mapStore();
        const abort = new AbortController();
        let detailsDoneBeforeAbort = 0;
        const runner1 = createCrawleeTaskRunner({
            store,
            requestQueue: await openCollectionQueue('fleet', config),
            keyPrefix: 'FLEET',
            concurrency: 4,
            config,
            commitDelayMs: 10,
        });
        await expect(
            collectFleet({
                client,
                window,
                now,
                taskRunner: runner1,
                signal: abort.signal,
                concurrency: 4,
                onProgress: (p) => {
                    if (p.phase === 'details' && p.done >= Math.floor(actorCount / 2) && !abort.signal.aborted) {
                        detailsDoneBeforeAbort = p.done;
                        abort.abort();
                    }
                },
            }),
        ).rejects.toBeInstanceOf(CollectionAbortedError);
        expect(detailsDoneBeforeAbort).toBeGreaterThan(0);
        // Let in-flight requests of the interrupted process settle before counting.
        await new Promise((resolve) => setTimeout(resolve, 300));

        emulator.accessLog.clear();
        const runner2 = createCrawleeTaskRunner({
            store,
            requestQueue: await openCollectionQueue('fleet', config),
            keyPrefix: 'FLEET',
            concurrency: 4,
            config,
            commitDelayMs: 10,
        });
        const resumed = await collectFleet({ client, window, now, taskRunner: runner2, concurrency: 4 });
        expect(strip(resumed)).toEqual(strip(reference));
        const actorGets = emulator.accessLog.count((e) => e.endpointId === 'actor-get');
        expect(actorGets).toBeLessThanOrEqual(actorCount - detailsDoneBeforeAbort);
        // The run-list pages were persisted too: only the strategy probe is repeated.
        expect(emulator.accessLog.count((e) => e.path === '/v2/actor-runs')).toBe(1);
    });
});

describe('a runner restarted within the same run (a migration)', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
        emulator = await startEmulator({
            fixture: fixtureSchema.parse(buildSmallFleetFixtureInput()),
            rateLimits: false,
        });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    it('releases the locks the killed process left and finishes without waiting for them to expire', async () => {
        // The restarted process calls with the same run token and a new crawlee client key.
        const runToken = emulator.tokens.issueRunToken(emulator.tokens.resolve(FULL_TOKEN)!, 'migrated-run');
        const apify = new ApifyClient({ token: runToken, baseUrl: emulator.url, maxRetries: 2 });
        // The SDK hands apify-client to crawlee as its storage client the same way on the platform.
        const config = new Configuration({ storageClient: apify as never, purgeOnStart: false });
        const units = Array.from({ length: 12 }, (_, i) => ({ id: `unit-${i}`, payload: i }));

        // The killed process had queued the stage's units and was working on five of them.
        const queue = await apify.requestQueues().getOrCreate('collection-units');
        const killed = apify.requestQueue(queue.id, { clientKey: 'killed-process' });
        await killed.batchAddRequests(
            units.map((unit, i) => ({
                url: `http://fleet-collection.invalid/stage/${i}`,
                uniqueKey: `stage:${unit.id}`,
                userData: { unitId: unit.id },
            })),
        );
        const held = await killed.listAndLockHead({ limit: 5, lockSecs: UNIT_HANDLER_TIMEOUT_SECS + 5 });
        expect(held.items).toHaveLength(5);
        const clockBefore = emulator.state.clock.now().getTime();

        const runner = createCrawleeTaskRunner({
            store: mapStore(),
            requestQueue: await openCollectionQueue('collection-units', config),
            keyPrefix: 'M',
            concurrency: 3,
            config,
            commitDelayMs: 5,
        });
        const results = new Map<string, number>();
        await runner.run(
            'stage',
            units,
            async (unit) => unit.payload * 2,
            (id, result) => results.set(id, result),
        );

        expect(new Map([...results].sort())).toEqual(new Map(units.map((u) => [u.id, u.payload * 2] as const).sort()));
        expect(emulator.accessLog.count((e) => e.endpointId === 'rq-requests-unlock')).toBe(1);
        // Released, not expired: far less than the lock time passed on the emulator's clock.
        expect(emulator.state.clock.now().getTime() - clockBefore).toBeLessThan(UNIT_HANDLER_TIMEOUT_SECS * 1000);
        expect((await killed.listAndLockHead({ limit: 25, lockSecs: 60 })).queueHasLockedRequests).toBe(false);
    }, 60_000);
});
