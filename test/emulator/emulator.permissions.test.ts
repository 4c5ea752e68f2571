/**
 * Scoped tokens: with each permission group removed in turn, exactly the operations that
 * need it answer 403 `insufficient-permissions`; everything else still works. Plus the
 * "default run storages" toggle, storage creation, and run tokens inheriting the scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import { fixtureSchema, PERMISSIONS, type Permission } from './state/fixture-schema.js';
import { buildSmallFleetFixtureInput, FULL_TOKEN, SCOPED_TOKEN } from './test-support/small-fleet-fixture.js';

interface Probe {
    name: string;
    method: string;
    path: string;
    body?: string;
    /** Whether a scoped token with these permissions may call it. */
    isAllowed(permissions: ReadonlySet<Permission>): boolean;
}

const has = (permission: Permission) => (permissions: ReadonlySet<Permission>) => permissions.has(permission);
/**
 * "Write" implies "Read" for key-value stores: so the platform treats scoped tokens
 * (README.md, "Tokens and permissions"), and the console
 * ticks "Read" when "Write" is chosen. So a token holding only "Key-value stores: Write" reads
 * stores too, and removing "Read" alone forbids nothing (asserted below).
 */
const canReadStores = (permissions: ReadonlySet<Permission>) =>
    permissions.has('kvs:read') || permissions.has('kvs:write');

const PROBES: Probe[] = [
    { name: 'list Actors', method: 'GET', path: '/v2/actors', isAllowed: has('actors:read') },
    { name: 'get Actor', method: 'GET', path: '/v2/actors/actBusy0000000001', isAllowed: has('actors:read') },
    {
        name: 'list Actor runs',
        method: 'GET',
        path: '/v2/actors/actBusy0000000001/runs?limit=3',
        isAllowed: has('runs:read'),
    },
    { name: 'list all runs', method: 'GET', path: '/v2/actor-runs?limit=3', isAllowed: has('runs:read') },
    { name: 'get run', method: 'GET', path: '/v2/actor-runs/run00002', isAllowed: has('runs:read') },
    { name: 'get run log', method: 'GET', path: '/v2/actor-runs/run00002/log', isAllowed: has('runs:read') },
    { name: 'last run', method: 'GET', path: '/v2/actors/actBusy0000000001/runs/last', isAllowed: has('runs:read') },
    { name: 'list builds', method: 'GET', path: '/v2/actors/actBusy0000000001/builds', isAllowed: has('builds:read') },
    { name: 'get build', method: 'GET', path: '/v2/actor-builds/bldBusy000000002', isAllowed: has('builds:read') },
    {
        name: 'default build',
        method: 'GET',
        path: '/v2/actors/actBusy0000000001/builds/default',
        isAllowed: has('builds:read'),
    },
    {
        name: 'start run',
        method: 'POST',
        path: '/v2/actors/actQuiet000000001/runs',
        body: '{}',
        isAllowed: has('actors:run'),
    },
    { name: 'list datasets', method: 'GET', path: '/v2/datasets', isAllowed: has('datasets:read') },
    { name: 'run dataset metadata', method: 'GET', path: '/v2/datasets/ds00000', isAllowed: has('datasets:read') },
    { name: 'run dataset items', method: 'GET', path: '/v2/datasets/ds00000/items', isAllowed: has('datasets:read') },
    {
        name: 'dataset statistics',
        method: 'GET',
        path: '/v2/datasets/ds00000/statistics',
        isAllowed: has('datasets:read'),
    },
    {
        name: 'named dataset items',
        method: 'GET',
        path: '/v2/datasets/~shared-results/items',
        isAllowed: has('datasets:read'),
    },
    { name: 'list stores', method: 'GET', path: '/v2/key-value-stores', isAllowed: canReadStores },
    {
        name: 'get store',
        method: 'GET',
        path: '/v2/key-value-stores/~fleet-analytics-trends',
        isAllowed: canReadStores,
    },
    { name: 'list keys', method: 'GET', path: '/v2/key-value-stores/kvNamed0000000001/keys', isAllowed: canReadStores },
    {
        name: 'get record',
        method: 'GET',
        path: '/v2/key-value-stores/kvNamed0000000001/records/ACKS',
        isAllowed: canReadStores,
    },
    {
        name: 'run store record',
        method: 'GET',
        path: '/v2/key-value-stores/kv00000/records/OUTPUT',
        isAllowed: canReadStores,
    },
    {
        name: 'put record',
        method: 'PUT',
        path: '/v2/key-value-stores/kvNamed0000000001/records/probe',
        body: '{"p":1}',
        isAllowed: has('kvs:write'),
    },
    {
        name: 'delete record',
        method: 'DELETE',
        path: '/v2/key-value-stores/kvNamed0000000001/records/probe',
        isAllowed: has('kvs:write'),
    },
    // No request-queue group among the five: a run's default queue is readable through the
    // "default run storages" toggle alone, whichever group is removed.
    { name: 'run default queue', method: 'GET', path: '/v2/request-queues/rq00000', isAllowed: () => true },
    { name: 'run default queue head', method: 'GET', path: '/v2/request-queues/rq00000/head', isAllowed: () => true },
];

/** Each permission removed alone, plus both store permissions together (write implies read). */
const REMOVALS: Permission[][] = [...PERMISSIONS.map((permission) => [permission]), ['kvs:read', 'kvs:write']];

function tokenFor(removed: readonly Permission[]): string {
    return `apify_api_test_without_${removed.join('_').replace(/:/g, '-')}`;
}

describe('scoped tokens', () => {
    let emulator: RunningEmulator;

    beforeAll(async () => {
        const input = buildSmallFleetFixtureInput();
        for (const removed of REMOVALS) {
            input.tokens.push({
                id: `without-${removed.join('+')}`,
                token: tokenFor(removed),
                kind: 'scoped',
                permissions: PERMISSIONS.filter((permission) => !removed.includes(permission)),
                defaultRunStorages: true,
            });
        }
        input.tokens.push({
            id: 'no-toggle',
            token: 'apify_api_test_no_toggle',
            kind: 'scoped',
            permissions: [...PERMISSIONS],
            defaultRunStorages: false,
        });
        emulator = await startEmulator({ fixture: fixtureSchema.parse(input), rateLimits: false });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    async function call(token: string, method: string, path: string, body?: string): Promise<number> {
        const response = await fetch(`${emulator.url}${path}`, {
            method,
            headers: {
                Authorization: `Bearer ${token}`,
                ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            },
            ...(body !== undefined ? { body } : {}),
        });
        if (response.status === 403) {
            expect(await response.json()).toEqual({
                error: {
                    type: 'insufficient-permissions',
                    message: expect.stringMatching(/^You do not have permission to perform this action\./),
                },
            });
        } else {
            await response.arrayBuffer();
        }
        return response.status;
    }

    it('the full set of five groups may call every probe', async () => {
        for (const probe of PROBES) {
            const status = await call(SCOPED_TOKEN, probe.method, probe.path, probe.body);
            expect(status, probe.name).toBeLessThan(300);
        }
    });

    it.each(REMOVALS.map((removed) => [removed.join(' + '), removed] as const))(
        'without %s: 403 exactly where it is needed',
        async (_label, removed) => {
            const permissions = new Set(PERMISSIONS.filter((permission) => !removed.includes(permission)));
            const forbidden: string[] = [];
            for (const probe of PROBES) {
                const status = await call(tokenFor(removed), probe.method, probe.path, probe.body);
                if (status === 403) forbidden.push(probe.name);
                else expect(status, probe.name).toBeLessThan(300);
            }
            expect(forbidden).toEqual(
                PROBES.filter((probe) => !probe.isAllowed(permissions)).map((probe) => probe.name),
            );
            // Removing only "Read" of key-value stores changes nothing: "Write" implies it.
            if (removed.join() !== 'kvs:read') expect(forbidden.length).toBeGreaterThan(0);
        },
    );

    it('"Key-value stores: Write" alone implies "Read" (documented platform rule)', async () => {
        const writeOnly = tokenFor(['kvs:read']);
        expect(emulator.tokens.resolve(writeOnly)?.permissions.has('kvs:read')).toBe(false);
        expect(await call(writeOnly, 'GET', '/v2/key-value-stores/kvNamed0000000001/records/ACKS')).toBe(200);
        expect(await call(writeOnly, 'GET', '/v2/key-value-stores/kvNamed0000000001/keys')).toBe(200);
        // Without both, reading is refused.
        expect(
            await call(
                tokenFor(['kvs:read', 'kvs:write']),
                'GET',
                '/v2/key-value-stores/kvNamed0000000001/records/ACKS',
            ),
        ).toBe(403);
    });

    it('the "default run storages" toggle guards run storages only', async () => {
        expect(await call('apify_api_test_no_toggle', 'GET', '/v2/datasets/ds00000')).toBe(403);
        expect(await call('apify_api_test_no_toggle', 'GET', '/v2/key-value-stores/kv00000/records/OUTPUT')).toBe(403);
        expect(await call('apify_api_test_no_toggle', 'GET', '/v2/request-queues/rq00000')).toBe(403);
        expect(await call('apify_api_test_no_toggle', 'GET', '/v2/datasets/~shared-results')).toBe(200);
        expect(await call('apify_api_test_no_toggle', 'GET', '/v2/key-value-stores/~fleet-analytics-trends')).toBe(200);
    });

    it('scoped tokens cannot create storages; existing named stores are returned', async () => {
        expect(await call(SCOPED_TOKEN, 'POST', '/v2/key-value-stores?name=new-scoped-store')).toBe(403);
        expect(await call(SCOPED_TOKEN, 'POST', '/v2/key-value-stores')).toBe(403);
        expect(await call(SCOPED_TOKEN, 'POST', '/v2/key-value-stores?name=fleet-analytics-trends')).toBe(200);
        expect(await call(FULL_TOKEN, 'POST', '/v2/key-value-stores?name=new-full-store')).toBe(201);
    });

    it('run tokens inherit the scope of the token that started the run', async () => {
        const startWith = async (token: string) => {
            // slow-worker stays RUNNING, so its run token is still valid (tokens are revoked when runs end).
            const response = await fetch(`${emulator.url}/v2/actors/actSlow0000000001/runs`, {
                method: 'POST',
                headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
                body: '{}',
            });
            expect(response.status).toBe(201);
            return ((await response.json()) as { data: { id: string; defaultKeyValueStoreId: string } }).data;
        };
        const scopedRun = await startWith(SCOPED_TOKEN);
        const fullRun = await startWith(FULL_TOKEN);
        // The executor issues run tokens only to Actors with code; issue them as it would.
        const scopedRunToken = emulator.tokens.issueRunToken(emulator.tokens.resolve(SCOPED_TOKEN)!, scopedRun.id);
        const fullRunToken = emulator.tokens.issueRunToken(emulator.tokens.resolve(FULL_TOKEN)!, fullRun.id);

        expect(emulator.tokens.resolve(scopedRunToken)?.kind).toBe('scoped');
        expect(
            await call(
                scopedRunToken,
                'PUT',
                `/v2/key-value-stores/${scopedRun.defaultKeyValueStoreId}/records/OUTPUT`,
                '{"ok":1}',
            ),
        ).toBe(201);
        expect(await call(scopedRunToken, 'POST', '/v2/key-value-stores?name=scoped-run-store')).toBe(403);

        expect(await call(fullRunToken, 'POST', '/v2/key-value-stores?name=full-run-store')).toBe(201);
        expect(await call(fullRunToken, 'PUT', '/v2/key-value-stores/~full-run-store/records/STATE', '{"n":1}')).toBe(
            201,
        );
        for (const run of [scopedRun, fullRun])
            expect(await call(FULL_TOKEN, 'POST', `/v2/actor-runs/${run.id}/abort`)).toBe(200);
    });

    it('answers 401 for missing and unknown tokens', async () => {
        const missing = await fetch(`${emulator.url}/v2/actors`);
        expect(missing.status).toBe(401);
        expect(((await missing.json()) as { error: { type: string } }).error.type).toBe('token-not-provided');
        const unknown = await fetch(`${emulator.url}/v2/actors`, {
            headers: { Authorization: 'Bearer apify_api_unknown_token' },
        });
        expect(unknown.status).toBe(401);
        expect(((await unknown.json()) as { error: { type: string } }).error.type).toBe('invalid-token');
    });
});
