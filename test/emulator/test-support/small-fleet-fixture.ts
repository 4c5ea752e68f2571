/**
 * A small hand-made fleet for the emulator's HTTP tests (independent of the scenario
 * generator): two Actors, builds with actor definitions, 1,250 runs of one Actor (more
 * than one 1,000-item page), datasets with and without items, stores with records, and a
 * full and a scoped token. Every value is derived from the index, so tests can recompute
 * what they expect.
 */
import {
    fixtureSchema,
    PERMISSIONS,
    type Fixture,
    type FixtureInput,
    type RunFixture,
} from '../state/fixture-schema.js';

export const SMALL_FLEET_NOW = '2025-06-01T00:00:00.000Z';
export const FULL_TOKEN = 'apify_api_test_full_0001';
export const SCOPED_TOKEN = 'apify_api_test_scoped_0001';
/** Scoped to Actors: Read only; /v2/users/me is refused to it. */
export const ACTORS_ONLY_TOKEN = 'apify_api_test_actors_only_0001';
export const BUSY_ACTOR_RUN_COUNT = 1250;
const MINUTE_MS = 60_000;

const STATUSES_CYCLE: RunFixture['status'][] = [
    'SUCCEEDED',
    'SUCCEEDED',
    'SUCCEEDED',
    'FAILED',
    'SUCCEEDED',
    'TIMED-OUT',
    'SUCCEEDED',
    'ABORTED',
];

function busyRun(index: number): FixtureInput['runs'][number] {
    // One run every 20 minutes, ending 20 minutes before "now".
    const startedAtMillis = Date.parse(SMALL_FLEET_NOW) - (BUSY_ACTOR_RUN_COUNT - index) * 20 * MINUTE_MS;
    return {
        id: `run${String(index).padStart(5, '0')}`,
        actId: 'actBusy0000000001',
        status: STATUSES_CYCLE[index % STATUSES_CYCLE.length]!,
        startedAt: new Date(startedAtMillis).toISOString(),
        finishedAt: new Date(startedAtMillis + 90_000).toISOString(),
        buildId: index < 600 ? 'bldBusy000000001' : 'bldBusy000000002',
        buildNumber: index < 600 ? '0.1.1' : '0.1.2',
        origin: index % 5 === 0 ? 'API' : 'SCHEDULER',
        usageTotalUsd: 0.01 + (index % 7) / 1000,
        stats: { memMaxBytes: 200_000_000 + index, computeUnits: 0.02, runTimeSecs: 90 },
        memoryMbytes: 1024,
        timeoutSecs: 3600,
        statusMessage: null,
        exitCode: 0,
        defaultDatasetId: `ds${String(index).padStart(5, '0')}`,
        defaultKeyValueStoreId: `kv${String(index).padStart(5, '0')}`,
        defaultRequestQueueId: `rq${String(index).padStart(5, '0')}`,
    };
}

export function buildSmallFleetFixtureInput(): FixtureInput {
    return {
        schemaVersion: 1,
        now: SMALL_FLEET_NOW,
        user: { id: 'user0000000000001', username: 'tester', email: 'tester@example.com', plan: 'STARTER' },
        tokens: [
            { id: 'full', token: FULL_TOKEN, kind: 'full' },
            {
                id: 'scoped',
                token: SCOPED_TOKEN,
                kind: 'scoped',
                permissions: [...PERMISSIONS],
                defaultRunStorages: true,
            },
            {
                id: 'actors-only',
                token: ACTORS_ONLY_TOKEN,
                kind: 'scoped',
                permissions: ['actors:read'],
                usersMeForbidden: true,
            },
        ],
        actors: [
            {
                id: 'actBusy0000000001',
                name: 'busy-scraper',
                title: 'Busy scraper',
                createdAt: '2024-01-01T00:00:00.000Z',
                modifiedAt: '2025-05-01T00:00:00.000Z',
                categories: ['ECOMMERCE'],
                seoTitle: 'Busy',
                notice: 'NONE',
                profile: { successRate: 1, durationSecs: 1, costUsd: 0.01, itemCount: 3 },
            },
            {
                id: 'actQuiet000000001',
                name: 'quiet-helper',
                createdAt: '2024-02-01T00:00:00.000Z',
                modifiedAt: '2024-02-01T00:00:00.000Z',
                profile: { successRate: 1, durationSecs: 1, costUsd: 0.01, itemCount: 2 },
            },
            {
                // Long enough (simulated hours) to still be RUNNING while a test aborts or reboots it.
                id: 'actSlow0000000001',
                name: 'slow-worker',
                createdAt: '2024-03-01T00:00:00.000Z',
                modifiedAt: '2024-03-01T00:00:00.000Z',
                profile: { successRate: 1, durationSecs: 20_000, costUsd: 0.5, itemCount: 1 },
            },
        ],
        builds: [
            {
                id: 'bldBusy000000001',
                actId: 'actBusy0000000001',
                buildNumber: '0.1.1',
                status: 'SUCCEEDED',
                startedAt: '2025-01-01T00:00:00.000Z',
                finishedAt: '2025-01-01T00:01:00.000Z',
                actorDefinition: {
                    actorSpecification: 1,
                    name: 'busy-scraper',
                    version: '0.1',
                    readme: '# Busy',
                    input: { title: 'In', type: 'object', schemaVersion: 1, properties: {} },
                },
            },
            {
                id: 'bldBusy000000002',
                actId: 'actBusy0000000001',
                buildNumber: '0.1.2',
                status: 'SUCCEEDED',
                startedAt: '2025-04-01T00:00:00.000Z',
                finishedAt: '2025-04-01T00:01:00.000Z',
                actorDefinition: {
                    actorSpecification: 1,
                    name: 'busy-scraper',
                    version: '0.1',
                    readme: '# Busy v2',
                    input: { title: 'In', type: 'object', schemaVersion: 1, properties: {} },
                    storages: {
                        dataset: {
                            actorSpecification: 1,
                            fields: { type: 'object', properties: { url: { type: 'string' } } },
                        },
                    },
                },
            },
            {
                id: 'bldQuiet00000001',
                actId: 'actQuiet000000001',
                buildNumber: '0.0.1',
                status: 'SUCCEEDED',
                startedAt: '2024-02-01T00:00:00.000Z',
                finishedAt: '2024-02-01T00:01:00.000Z',
            },
        ],
        runs: Array.from({ length: BUSY_ACTOR_RUN_COUNT }, (_, index) => busyRun(index)),
        datasets: [
            {
                id: 'ds00000',
                actRunId: 'run00000',
                actId: 'actBusy0000000001',
                createdAt: '2025-01-01T00:00:00.000Z',
                modifiedAt: '2025-01-01T00:00:00.000Z',
                itemCount: 3,
                fields: ['url', 'price'],
                fieldStatistics: { price: { min: 1, max: 9, nullCount: 0, emptyCount: 0 } },
                items: [{ url: 'https://a', price: 1 }, { url: 'https://b', price: 9, '#debug': 'x' }, {}],
            },
            {
                id: 'dsNamed0000000001',
                name: 'shared-results',
                createdAt: '2025-02-01T00:00:00.000Z',
                modifiedAt: '2025-02-01T00:00:00.000Z',
                itemCount: 2,
                items: [{ n: 1 }, { n: 2 }],
            },
        ],
        keyValueStores: [
            {
                id: 'kv00000',
                actRunId: 'run00000',
                actId: 'actBusy0000000001',
                createdAt: '2025-01-01T00:00:00.000Z',
                modifiedAt: '2025-01-01T00:00:00.000Z',
                records: [
                    { key: 'OUTPUT', value: { ok: true } },
                    { key: 'note', value: 'hello', contentType: 'text/plain; charset=utf-8' },
                ],
            },
            {
                id: 'kvNamed0000000001',
                name: 'fleet-analytics-trends',
                createdAt: '2025-02-01T00:00:00.000Z',
                modifiedAt: '2025-02-01T00:00:00.000Z',
                records: [
                    { key: 'snapshot-001', value: { score: 80 } },
                    { key: 'snapshot-002', value: { score: 82 } },
                    { key: 'ACKS', value: [] },
                ],
            },
        ],
    };
}

export function buildSmallFleetFixture(): Fixture {
    return fixtureSchema.parse(buildSmallFleetFixtureInput());
}
