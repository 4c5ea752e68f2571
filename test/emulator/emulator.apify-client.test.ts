/**
 * The real apify-client (current version) against the emulator: lists Actors, pages through
 * more than 1,000 runs with its async iterator, reads and writes records with compressed
 * bodies, starts a run and waits for it — and the legacy `/v2/acts` prefix answers the same.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import { BUSY_ACTOR_RUN_COUNT, buildSmallFleetFixture, FULL_TOKEN } from './test-support/small-fleet-fixture.js';

describe('apify-client against the emulator', () => {
    let emulator: RunningEmulator;
    let client: ApifyClient;

    beforeAll(async () => {
        emulator = await startEmulator({ fixture: buildSmallFleetFixture() });
        client = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 2 });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    it('lists the Actors', async () => {
        const page = await client.actors().list({ my: true });
        expect(page.total).toBe(3);
        expect(page.items.map((actor) => actor.name).sort()).toEqual(['busy-scraper', 'quiet-helper', 'slow-worker']);
        const actor = await client.actor('tester/busy-scraper').get();
        expect(actor?.id).toBe('actBusy0000000001');
    });

    it('pages through every run of an Actor with the async iterator', async () => {
        emulator.accessLog.clear();
        const ids: string[] = [];
        const startedAts: number[] = [];
        for await (const run of client.actor('actBusy0000000001').runs().list()) {
            ids.push(run.id);
            startedAts.push(run.startedAt.getTime());
        }
        expect(ids.length).toBe(BUSY_ACTOR_RUN_COUNT);
        expect(new Set(ids).size).toBe(BUSY_ACTOR_RUN_COUNT);
        expect(startedAts).toEqual([...startedAts].sort((a, b) => a - b));
        const pages = emulator.accessLog.query((entry) => entry.endpointId === 'actor-runs-list');
        expect(pages.length).toBeGreaterThanOrEqual(2);
        expect(pages.map((entry) => Number(entry.query.offset ?? 0))).toContain(1000);

        const failed = await client.runs().list({ status: 'FAILED', desc: true, limit: 10 });
        expect(failed.items.every((run) => run.status === 'FAILED')).toBe(true);
        expect(failed.total).toBe(emulator.state.listRuns({ statuses: ['FAILED'], offset: 0, limit: 0 }).total);
    });

    it('writes and reads records with compressed bodies, content type kept', async () => {
        const store = client.keyValueStore('kvNamed0000000001');
        const bigValue = { rows: Array.from({ length: 200 }, (_, index) => ({ index, label: `row-${index}` })) };
        emulator.accessLog.clear();
        await store.setRecord({ key: 'big-json', value: bigValue });
        await store.setRecord({
            key: 'page',
            value: '<p>hello</p>'.repeat(200),
            contentType: 'text/html; charset=utf-8',
        });
        const puts = emulator.accessLog.query((entry) => entry.endpointId === 'kvs-record-put');
        expect(puts.map((entry) => entry.requestContentEncoding)).toEqual(['br', 'br']);

        const json = await store.getRecord('big-json');
        expect(json?.value).toEqual(bigValue);
        const html = await store.getRecord('page');
        expect(html?.contentType).toBe('text/html; charset=utf-8');
        expect(html?.value).toBe('<p>hello</p>'.repeat(200));
        expect(await store.recordExists('page')).toBe(true);
        await store.deleteRecord('page');
        expect(await store.recordExists('page')).toBe(false);
        const keys = await store.listKeys({ prefix: 'snapshot-' });
        expect(keys.items.map((item) => item.key)).toEqual(['snapshot-001', 'snapshot-002']);
    });

    it('starts a run, waits for it and reads its dataset', async () => {
        const run = await client.actor('tester/quiet-helper').call({ query: 'x' }, { waitSecs: 30, log: null });
        expect(run.status).toBe('SUCCEEDED');
        const input = await client.keyValueStore(run.defaultKeyValueStoreId).getRecord('INPUT');
        expect(input?.value).toEqual({ query: 'x' });
        const items = await client.dataset(run.defaultDatasetId).listItems();
        expect(items.total).toBe(2);
        const log = await client.run(run.id).log().get();
        expect(typeof log).toBe('string');
    });

    it('serves the same answers through the legacy /v2/acts prefix', async () => {
        const headers = { Authorization: `Bearer ${FULL_TOKEN}` };
        for (const suffix of [
            '',
            '/actBusy0000000001',
            '/tester~busy-scraper/runs?limit=5&desc=1',
            '/actBusy0000000001/builds',
            '/actBusy0000000001/builds/default',
            '/~busy-scraper/runs/last',
        ]) {
            const legacy = await fetch(`${emulator.url}/v2/acts${suffix}`, { headers });
            const current = await fetch(`${emulator.url}/v2/actors${suffix}`, { headers });
            expect(legacy.status, suffix).toBe(200);
            expect(await legacy.json()).toEqual(await current.json());
        }
        const started = await fetch(`${emulator.url}/v2/acts/~quiet-helper/runs?waitForFinish=30`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: '{"via":"acts"}',
        });
        expect(started.status).toBe(201);
        const run = ((await started.json()) as { data: { id: string; status: string } }).data;
        const finished = await client.run(run.id).waitForFinish({ waitSecs: 30 });
        expect(finished.status).toBe('SUCCEEDED');
    });
});
