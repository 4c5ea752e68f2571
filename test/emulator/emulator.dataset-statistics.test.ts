/**
 * Datasets as the platform documents them: `fields` carries no field names, a fields schema
 * (a run's default dataset gets its build's) validates pushes and yields field statistics for
 * the declared fields, computed from the stored items and updated on every push.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import { fixtureSchema } from './state/fixture-schema.js';
import { buildSmallFleetFixtureInput, FULL_TOKEN } from './test-support/small-fleet-fixture.js';

/** Build 0.1.2 of busy-scraper declares { url: string, price: number|null } with url required. */
const FIELDS_SCHEMA = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { url: { type: 'string' }, price: { type: ['number', 'null'] }, tags: { type: 'array' } },
    required: ['url'],
};

function buildFixture() {
    const input = buildSmallFleetFixtureInput();
    const build = input.builds.find((candidate) => candidate.id === 'bldBusy000000002')!;
    build.actorDefinition = { ...build.actorDefinition, storages: { dataset: { fields: FIELDS_SCHEMA } } };
    input.datasets = [
        ...(input.datasets ?? []),
        {
            // run00700 ran on build 0.1.2: its default dataset carries that build's schema.
            id: 'ds00700',
            actRunId: 'run00700',
            actId: 'actBusy0000000001',
            createdAt: '2025-05-01T00:00:00.000Z',
            modifiedAt: '2025-05-01T00:00:00.000Z',
            itemCount: 3,
            items: [
                { url: 'https://example.com/a', price: 12.5, tags: ['x', 'y'] },
                { url: 'https://example.com/long-path', price: null },
                { url: 'https://e.x', price: 3 },
            ],
        },
    ];
    return fixtureSchema.parse(input);
}

describe('dataset field statistics and schema validation', () => {
    let emulator: RunningEmulator;
    let client: ApifyClient;

    beforeAll(async () => {
        emulator = await startEmulator({ fixture: buildFixture(), rateLimits: false });
        client = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 0 });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    async function push(datasetId: string, body: unknown) {
        const response = await fetch(`${emulator.url}/v2/datasets/${datasetId}/items`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${FULL_TOKEN}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    it('serves statistics of every declared field from the stored items; `fields` stays empty', async () => {
        const dataset = await client.dataset('ds00700').get();
        expect(dataset?.fields).toEqual([]);
        expect(dataset?.itemCount).toBe(3);
        const statistics = await client.dataset('ds00700').getStatistics();
        expect(statistics?.fieldStatistics).toEqual({
            // Strings: lengths; numbers: values; emptyCount = items where the field is undefined.
            url: {
                min: 'https://e.x'.length,
                max: 'https://example.com/long-path'.length,
                nullCount: 0,
                emptyCount: 0,
            },
            price: { min: 3, max: 12.5, nullCount: 1, emptyCount: 0 },
            tags: { min: 2, max: 2, nullCount: 0, emptyCount: 2 },
        });
    });

    it('updates the statistics on every push', async () => {
        expect((await push('ds00700', [{ url: 'https://example.com/b' }, { url: 'u', tags: [] }])).status).toBe(201);
        const statistics = await client.dataset('ds00700').getStatistics();
        expect(statistics?.fieldStatistics).toMatchObject({
            url: { min: 1, nullCount: 0, emptyCount: 0 },
            price: { nullCount: 1, emptyCount: 2 },
            tags: { min: 0, max: 2, emptyCount: 3 },
        });
        expect((await client.dataset('ds00700').get())?.itemCount).toBe(5);
    });

    it('rejects a push that violates the schema with 400 schema-validation-error listing the invalid items', async () => {
        const response = await push('ds00700', [{ url: 'https://ok' }, { price: 1 }, { url: 7 }]);
        expect(response.status).toBe(400);
        const error = response.body.error as {
            type: string;
            message: string;
            data: { invalidItems: Array<{ itemPosition: number; validationErrors: Array<{ keyword: string }> }> };
        };
        expect(error.type).toBe('schema-validation-error');
        expect(error.message).toBe('Schema validation failed');
        expect(error.data.invalidItems.map((item) => item.itemPosition)).toEqual([1, 2]);
        expect(error.data.invalidItems[0]!.validationErrors.map((e) => e.keyword)).toEqual(['required']);
        expect(error.data.invalidItems[1]!.validationErrors.map((e) => e.keyword)).toEqual(['type']);
        // Nothing of a rejected push is stored.
        expect((await client.dataset('ds00700').get())?.itemCount).toBe(5);
    });

    it('has no statistics and validates nothing without a fields schema', async () => {
        expect((await client.dataset('dsNamed0000000001').getStatistics())?.fieldStatistics).toBeNull();
        expect((await push('dsNamed0000000001', [{ anything: true }])).status).toBe(201);
        expect((await client.dataset('dsNamed0000000001').get())?.fields).toEqual([]);
    });

    it("gives a run's default dataset its build's schema, and profile runs write the declared fields", async () => {
        const run = await client.actor('actBusy0000000001').call(undefined, { waitSecs: 30 });
        expect(run?.status).toBe('SUCCEEDED');
        const datasetId = run!.defaultDatasetId;
        const { items } = await client.dataset(datasetId).listItems();
        expect(items.length).toBe(3);
        const statistics = (await client.dataset(datasetId).getStatistics())?.fieldStatistics;
        expect(Object.keys(statistics ?? {}).sort()).toEqual(['price', 'tags', 'url']);
        for (const field of ['url', 'price', 'tags']) expect(statistics![field]!.emptyCount, field).toBe(0);
        expect((await push(datasetId, [{ price: 2 }])).status).toBe(400);
    });
});
