/**
 * Request queues through the real apify-client (the calls crawlee's RequestQueue v2 makes):
 * uniqueKey de-duplication, forefront order, head locks hidden from other clients until they
 * expire on the emulator clock, prolong / delete / unlock, batches, listing with a cursor,
 * and who may use which queue. Plus the lazily derived default storages of fixture runs.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import { fixtureSchema, PERMISSIONS } from './state/fixture-schema.js';
import { requestIdFromUniqueKey } from './state/request-queue-state.js';
import { buildSmallFleetFixtureInput, FULL_TOKEN, SCOPED_TOKEN } from './test-support/small-fleet-fixture.js';

const NO_TOGGLE_TOKEN = 'apify_api_test_rq_no_toggle';

let emulator: RunningEmulator;
let client: ApifyClient;

beforeAll(async () => {
    const input = buildSmallFleetFixtureInput();
    input.tokens.push({
        id: 'no-toggle',
        token: NO_TOGGLE_TOKEN,
        kind: 'scoped',
        permissions: [...PERMISSIONS],
        defaultRunStorages: false,
    });
    emulator = await startEmulator({ fixture: fixtureSchema.parse(input), rateLimits: false });
    client = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 0 });
});
afterAll(async () => {
    await emulator?.stop();
});

async function status(token: string, method: string, path: string, body?: unknown): Promise<number> {
    const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: {
            Authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    await response.arrayBuffer();
    return response.status;
}

async function newQueue(name: string) {
    const queue = await client.requestQueues().getOrCreate(name);
    return {
        queue,
        a: client.requestQueue(queue.id, { clientKey: 'client-a' }),
        b: client.requestQueue(queue.id, { clientKey: 'client-b' }),
    };
}

describe('request queues', () => {
    it('creates named queues once (create-or-get) and de-duplicates requests by uniqueKey', async () => {
        const { queue, a } = await newQueue('rq-dedupe');
        expect((await client.requestQueues().getOrCreate('rq-dedupe')).id).toBe(queue.id);

        const first = await a.addRequest({ url: 'https://example.com/1', uniqueKey: 'one' });
        expect(first).toEqual({
            requestId: requestIdFromUniqueKey('one'),
            wasAlreadyPresent: false,
            wasAlreadyHandled: false,
        });
        const again = await a.addRequest({ url: 'https://example.com/other-url', uniqueKey: 'one' });
        expect(again).toEqual({ requestId: first.requestId, wasAlreadyPresent: true, wasAlreadyHandled: false });

        const stored = await a.getRequest(first.requestId);
        expect(stored).toMatchObject({ id: first.requestId, uniqueKey: 'one', url: 'https://example.com/1' });
        expect(stored).not.toHaveProperty('handledAt');

        await a.updateRequest({ ...stored!, handledAt: new Date().toISOString() });
        expect(await a.addRequest({ url: 'https://example.com/1', uniqueKey: 'one' })).toMatchObject({
            wasAlreadyPresent: true,
            wasAlreadyHandled: true,
        });
        expect((await a.listHead()).items).toEqual([]);
        expect(await a.get()).toMatchObject({ totalRequestCount: 1, handledRequestCount: 1, pendingRequestCount: 0 });
    });

    it('serves the head in order, forefront requests first', async () => {
        const { a } = await newQueue('rq-order');
        const { processedRequests, unprocessedRequests } = await a.batchAddRequests(
            ['r1', 'r2', 'r3'].map((key) => ({ url: `https://example.com/${key}`, uniqueKey: key })),
        );
        expect(processedRequests.map((request) => request.uniqueKey)).toEqual(['r1', 'r2', 'r3']);
        expect(unprocessedRequests).toEqual([]);
        await a.addRequest({ url: 'https://example.com/f1', uniqueKey: 'f1' }, { forefront: true });
        await a.addRequest({ url: 'https://example.com/f2', uniqueKey: 'f2' }, { forefront: true });
        const head = await a.listHead({ limit: 10 });
        expect(head.items.map((item) => item.uniqueKey)).toEqual(['f2', 'f1', 'r1', 'r2', 'r3']);
        expect(head.hadMultipleClients).toBe(false);
    });

    it('locks head requests for one client until released or expired on the emulator clock', async () => {
        const { a, b } = await newQueue('rq-locks');
        await a.batchAddRequests(
            ['l1', 'l2', 'l3'].map((key) => ({ url: `https://example.com/${key}`, uniqueKey: key })),
        );

        const lockedByA = await a.listAndLockHead({ limit: 2, lockSecs: 60 });
        expect(lockedByA.items.map((item) => item.uniqueKey)).toEqual(['l1', 'l2']);
        expect(lockedByA.queueHasLockedRequests).toBe(true);
        expect(lockedByA.items[0]!.lockExpiresAt).toBeInstanceOf(Date);

        // Locked requests are hidden from every other caller (and from a's next call too).
        const lockedByB = await b.listAndLockHead({ limit: 25, lockSecs: 60 });
        expect(lockedByB.items.map((item) => item.uniqueKey)).toEqual(['l3']);
        expect((await a.listHead()).items).toEqual([]);
        expect((await a.get())?.hadMultipleClients).toBe(true);

        const l1 = requestIdFromUniqueKey('l1');
        const l2 = requestIdFromUniqueKey('l2');
        // Only the owner may prolong or release a lock.
        await expect(b.prolongRequestLock(l1, { lockSecs: 60 })).rejects.toMatchObject({ statusCode: 403 });
        await expect(b.deleteRequestLock(l1)).rejects.toMatchObject({ statusCode: 403 });
        const prolonged = await a.prolongRequestLock(l1, { lockSecs: 120 });
        expect(prolonged.lockExpiresAt!.getTime()).toBeGreaterThan(lockedByA.items[0]!.lockExpiresAt!.getTime());

        await a.deleteRequestLock(l2, { forefront: true });
        expect((await b.listHead()).items.map((item) => item.uniqueKey)).toEqual(['l2']);

        const locked = await a.listRequests({ filter: ['locked'] });
        expect(locked.items.map((item) => item.uniqueKey).sort()).toEqual(['l1', 'l3']);

        // The clock decides expiry: two minutes later nobody holds a lock any more.
        emulator.advanceClock(121_000);
        const afterExpiry = await b.listAndLockHead({ limit: 25, lockSecs: 60 });
        expect(afterExpiry.items.map((item) => item.uniqueKey)).toEqual(['l2', 'l1', 'l3']);
        expect((await b.unlockRequests()).unlockedCount).toBe(3);
        expect((await a.listHead()).items).toHaveLength(3);
    });

    it('a handled request loses its lock and is never served again', async () => {
        const { a } = await newQueue('rq-handled');
        await a.addRequest({ url: 'https://example.com/h', uniqueKey: 'h' });
        const [item] = (await a.listAndLockHead({ limit: 1, lockSecs: 60 })).items;
        const request = await a.getRequest(item!.id);
        const result = await a.updateRequest({ ...request!, handledAt: new Date().toISOString() });
        expect(result).toMatchObject({ requestId: item!.id, wasAlreadyPresent: true, wasAlreadyHandled: false });
        await expect(a.prolongRequestLock(item!.id, { lockSecs: 60 })).rejects.toMatchObject({ statusCode: 400 });
        const next = await a.listAndLockHead({ limit: 25, lockSecs: 60 });
        expect(next.items).toEqual([]);
        expect(next.queueHasLockedRequests).toBe(false);
    });

    it('lists every request with a cursor, deletes by id and by uniqueKey, renames and deletes the queue', async () => {
        const { queue, a } = await newQueue('rq-listing');
        const keys = Array.from({ length: 30 }, (_, index) => `k${String(index).padStart(2, '0')}`);
        for (let start = 0; start < keys.length; start += 25) {
            await a.batchAddRequests(
                keys.slice(start, start + 25).map((key) => ({ url: `https://example.com/${key}`, uniqueKey: key })),
            );
        }
        const seen: string[] = [];
        let pageCount = 0;
        for await (const page of a.paginateRequests({ maxPageLimit: 7 })) {
            pageCount++;
            seen.push(...page.items.map((request) => request.uniqueKey));
        }
        expect(seen).toEqual(keys);
        expect(pageCount).toBe(5);

        const deleted = await a.batchDeleteRequests([{ uniqueKey: 'k00' }, { id: requestIdFromUniqueKey('k01') }]);
        expect(deleted.processedRequests.map((request) => request.uniqueKey)).toEqual(['k00', 'k01']);
        await a.deleteRequest(requestIdFromUniqueKey('k02'));
        expect(await a.getRequest(requestIdFromUniqueKey('k02'))).toBeUndefined();
        expect((await a.get())?.totalRequestCount).toBe(27);

        const renamed = await a.update({ name: 'rq-listing-renamed' });
        expect(renamed.name).toBe('rq-listing-renamed');
        expect((await client.requestQueue('~rq-listing-renamed').get())?.id).toBe(queue.id);
        await a.delete();
        expect(await a.get()).toBeUndefined();
    });

    it('rejects malformed requests like the API', async () => {
        const { queue } = await newQueue('rq-bad-input');
        expect(
            await status(FULL_TOKEN, 'POST', `/v2/request-queues/${queue.id}/requests`, { uniqueKey: 'no-url' }),
        ).toBe(400);
        expect(
            await status(FULL_TOKEN, 'POST', `/v2/request-queues/${queue.id}/requests`, {
                id: 'x',
                url: 'https://e.com',
            }),
        ).toBe(400);
        const tooMany = Array.from({ length: 26 }, (_, index) => ({ url: `https://e.com/${index}` }));
        expect(await status(FULL_TOKEN, 'POST', `/v2/request-queues/${queue.id}/requests/batch`, tooMany)).toBe(400);
        expect(await status(FULL_TOKEN, 'POST', `/v2/request-queues/${queue.id}/head/lock`)).toBe(400);
        expect(await status(FULL_TOKEN, 'POST', `/v2/request-queues/${queue.id}/head/lock?lockSecs=60&limit=26`)).toBe(
            400,
        );
        expect(await status(FULL_TOKEN, 'GET', '/v2/request-queues/no-such-queue')).toBe(404);
    });
});

describe('request queue permissions', () => {
    it('a run token uses its own default queue; scoped callers read others only through the toggle', async () => {
        const run = await client.actor('actSlow0000000001').start();
        const scopedRunToken = emulator.tokens.issueRunToken(emulator.tokens.resolve(SCOPED_TOKEN)!, run.id);
        const runClient = new ApifyClient({ token: scopedRunToken, baseUrl: emulator.url, maxRetries: 0 });
        const ownQueue = runClient.requestQueue(run.defaultRequestQueueId, { clientKey: 'run' });

        expect(await ownQueue.get()).toMatchObject({
            id: run.defaultRequestQueueId,
            actRunId: run.id,
            totalRequestCount: 0,
        });
        await ownQueue.addRequest({ url: 'https://example.com/own', uniqueKey: 'own' });
        expect((await ownQueue.listAndLockHead({ limit: 5, lockSecs: 30 })).items).toHaveLength(1);
        // Named queues: a scoped run token may not create them.
        expect(await status(scopedRunToken, 'POST', '/v2/request-queues?name=scoped-run-queue')).toBe(403);

        const queuePath = `/v2/request-queues/${run.defaultRequestQueueId}`;
        expect(await status(SCOPED_TOKEN, 'GET', queuePath)).toBe(200);
        expect(await status(SCOPED_TOKEN, 'GET', `${queuePath}/head`)).toBe(200);
        expect(await status(SCOPED_TOKEN, 'POST', `${queuePath}/requests`, { url: 'https://example.com/x' })).toBe(403);
        expect(await status(NO_TOGGLE_TOKEN, 'GET', queuePath)).toBe(403);
        expect(await status(SCOPED_TOKEN, 'POST', '/v2/request-queues?name=scoped-queue')).toBe(403);
        expect(await status(SCOPED_TOKEN, 'GET', '/v2/request-queues')).toBe(403);

        const fullRunToken = emulator.tokens.issueRunToken(emulator.tokens.resolve(FULL_TOKEN)!, `${run.id}-full`);
        expect(await status(fullRunToken, 'POST', '/v2/request-queues?name=full-run-queue')).toBe(201);
        await client.run(run.id).abort();
    });
});

describe('default storages of runs that hold no data yet', () => {
    it("a fixture run's default store and queue exist (empty), like on the platform", async () => {
        const store = await client.keyValueStore('kv00007').get();
        expect(store).toMatchObject({ id: 'kv00007', actRunId: 'run00007', actId: 'actBusy0000000001' });
        expect(await client.keyValueStore('kv00007').getRecord('INPUT')).toBeUndefined();
        expect((await client.keyValueStore('kv00007').listKeys()).items).toEqual([]);
        const queue = await client.requestQueue('rq00007').get();
        expect(queue).toMatchObject({ id: 'rq00007', actRunId: 'run00007', totalRequestCount: 0 });
        // The extension's permission probe: a scoped token with the toggle reads a run's store.
        expect(await status(SCOPED_TOKEN, 'GET', '/v2/key-value-stores/kv00008')).toBe(200);
        expect(await status(NO_TOGGLE_TOKEN, 'GET', '/v2/key-value-stores/kv00008')).toBe(403);
        expect(await client.keyValueStore('kvNoSuchStore0001').get()).toBeUndefined();
    });

    it("POST /v2/datasets creates or gets by name; GET /v2/actors/{id}/runs/{runId} answers for the Actor's own runs only", async () => {
        const created = await client.datasets().getOrCreate('made-by-test');
        expect(created).toMatchObject({ name: 'made-by-test', itemCount: 0 });
        expect((await client.datasets().getOrCreate('made-by-test')).id).toBe(created.id);
        expect(await status(SCOPED_TOKEN, 'POST', '/v2/datasets?name=scoped-dataset')).toBe(403);
        expect(await status(SCOPED_TOKEN, 'POST', '/v2/datasets?name=made-by-test')).toBe(200);
        expect(await status(SCOPED_TOKEN, 'POST', '/v2/datasets?name=shared-results')).toBe(200);

        const run = await client.actor('actBusy0000000001').lastRun().get();
        const viaActor = await fetch(`${emulator.url}/v2/actors/actBusy0000000001/runs/${run!.id}`, {
            headers: { Authorization: `Bearer ${FULL_TOKEN}` },
        });
        expect(viaActor.status).toBe(200);
        expect(((await viaActor.json()) as { data: { id: string } }).data.id).toBe(run!.id);
        expect(await status(FULL_TOKEN, 'GET', `/v2/actors/actQuiet000000001/runs/${run!.id}`)).toBe(404);
        expect(await status(FULL_TOKEN, 'GET', `/v2/acts/tester~busy-scraper/runs/${run!.id}`)).toBe(200);
    });
});
