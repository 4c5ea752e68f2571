/**
 * Rate limits and injected faults as apify-client experiences them: it retries 429, 5xx,
 * connection resets and truncated bodies, and the data it finally gets is still correct.
 */
import { ApifyClient } from 'apify-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import { createFaultInjector, parseFaultSpec } from './server/fault-injection.js';
import { BUSY_ACTOR_RUN_COUNT, buildSmallFleetFixture, FULL_TOKEN } from './test-support/small-fleet-fixture.js';

describe('rate limits and fault injection', () => {
    let emulator: RunningEmulator | undefined;
    afterEach(async () => {
        await emulator?.stop();
        emulator = undefined;
    });

    it('answers 429 rate-limit-exceeded above the per-resource rate, and apify-client retries through it', async () => {
        emulator = await startEmulator({
            fixture: buildSmallFleetFixture(),
            rateLimits: { defaultPerResourcePerSec: 5 },
        });
        const client = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, minDelayBetweenRetriesMillis: 100 });
        const runs = await Promise.all(Array.from({ length: 20 }, () => client.run('run00007').get()));
        expect(
            runs.every((run) => run?.id === 'run00007' && run.status === emulator!.state.getRun('run00007')!.status),
        ).toBe(true);

        const limited = emulator.accessLog.query((entry) => entry.status === 429);
        expect(limited.length).toBeGreaterThan(0);
        const raw = await fetch(`${emulator.url}/v2/actor-runs/run00007`, {
            headers: { Authorization: `Bearer ${FULL_TOKEN}` },
        });
        // The bucket may have refilled by now; when it has not, the body is the API's.
        if (raw.status === 429) {
            expect(await raw.json()).toEqual({
                error: {
                    type: 'rate-limit-exceeded',
                    message: 'You have exceeded the rate limit. Please try again later.',
                },
            });
        }
        // Another resource has its own bucket.
        expect((await client.run('run00008').get())?.id).toBe('run00008');
    });

    it('injects 5xx, resets, truncated bodies and slow responses; apify-client still returns correct data', async () => {
        emulator = await startEmulator({
            fixture: buildSmallFleetFixture(),
            seed: 7,
            faults: 'actor-runs-list:503:0.3,run-get:reset:0.3,dataset-items-get:truncate:0.5,kvs-record-get:500:0.3,kvs-keys:502:0.3,actor-get:slow:0.9:50',
        });
        const client = new ApifyClient({
            token: FULL_TOKEN,
            baseUrl: emulator.url,
            minDelayBetweenRetriesMillis: 10,
            maxRetries: 12,
        });

        const ids: string[] = [];
        // Small pages so the 503 rule gets many chances to fire.
        for (let offset = 0; offset < BUSY_ACTOR_RUN_COUNT; offset += 125) {
            const page = await client.actor('actBusy0000000001').runs().list({ offset, limit: 125 });
            expect(page.total).toBe(BUSY_ACTOR_RUN_COUNT);
            ids.push(...page.items.map((run) => run.id));
        }
        expect(new Set(ids).size).toBe(BUSY_ACTOR_RUN_COUNT);

        for (const runId of ['run00001', 'run00002', 'run00003', 'run00004', 'run00005', 'run00006']) {
            expect((await client.run(runId).get())?.id).toBe(runId);
        }
        for (let attempt = 0; attempt < 4; attempt++) {
            const items = await client.dataset('ds00000').listItems({ clean: true });
            expect(items.items).toEqual([
                { url: 'https://a', price: 1 },
                { url: 'https://b', price: 9 },
            ]);
            const record = await client.keyValueStore('kv00000').getRecord('OUTPUT');
            expect(record?.value).toEqual({ ok: true });
            const keys = await client.keyValueStore('kv00000').listKeys();
            expect(keys.items.map((item) => item.key)).toEqual(['OUTPUT', 'note']);
            expect((await client.actor('actBusy0000000001').get())?.name).toBe('busy-scraper');
        }

        const faultsSeen = new Set(
            emulator.accessLog.query((entry) => entry.fault !== undefined).map((entry) => entry.fault),
        );
        expect([...faultsSeen].sort()).toEqual(['500', '502', '503', 'reset', 'slow', 'truncate']);
    });

    it('replays the same fault sequence for the same seed', () => {
        const rules = parseFaultSpec('runs-list:503:0.2,*:reset:0.1');
        const draw = (seed: number) => {
            const injector = createFaultInjector(rules, seed);
            return Array.from(
                { length: 200 },
                (_, index) => injector.draw(index % 2 === 0 ? 'runs-list' : 'run-get')?.kind ?? '-',
            ).join('');
        };
        expect(draw(42)).toBe(draw(42));
        expect(draw(42)).not.toBe(draw(43));
        expect(() => parseFaultSpec('runs-list:teapot:0.1')).toThrow(/Invalid fault rule "runs-list:teapot:0.1"/);
    });
});
