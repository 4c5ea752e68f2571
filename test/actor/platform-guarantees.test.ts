/**
 * The promises of docs/DESIGN.md ("What the product promises"), each against the real bundle
 * running as an Actor on the emulated platform: invalid input fails clearly and writes nothing
 * to the trend store; each missing permission gives a partial report naming it; the token reaches no log, record,
 * row, report or URL; two concurrent runs keep both snapshots; a full and an incremental
 * analysis give the same OUTPUT; a migration in the middle gives the same OUTPUT and no
 * duplicate snapshot.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { createRunExecutor, type PlatformRunExecutor } from '../emulator/platform/run-executor.js';
import { tokenWithoutPermission } from '../emulator/scenarios/scenario-tokens.js';
import type { Permission } from '../emulator/state/fixture-schema.js';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';
import { MS_PER_DAY } from '../../shared/metrics/day-periods.js';

const ROOT = join(__dirname, '..', '..');
const FULL_TOKEN = 'apify_api_demo_full';
const SCOPED_TOKEN = 'apify_api_demo_scoped';
const RUN_WAIT_SECS = 120;
/** Its own runs change between analyses: every analysis here leaves the orchestrator out. */
const BASE_INPUT = { excludeActors: ['fleet-analytics'] };

let emulator: RunningEmulator;
let executor: PlatformRunExecutor;
let client: ApifyClient;
let storeCounter = 0;

beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/actor/main.js')))
        execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    emulator = await startEmulator({
        scenario: 'demo',
        rateLimits: false,
        // A little latency per request so a test can act while the collection is under way.
        latencyMs: 5,
        createRunExecutor: (deps) =>
            (executor = createRunExecutor({
                ...deps,
                timing: { persistStateIntervalMillis: 500, migrationGraceMillis: 5_000 },
            })),
    });
    client = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 2 });
});

afterAll(async () => {
    await emulator?.stop();
});

/** A trend store of its own per test: tests never see each other's history. */
function uniqueStoreName(purpose: string): string {
    storeCounter += 1;
    return `t-${purpose}-${storeCounter}`;
}

async function waitForRun(runId: string) {
    const run = await client.run(runId).waitForFinish({ waitSecs: RUN_WAIT_SECS });
    return { run, log: executor.getLog(runId) ?? '' };
}

async function runActor(input: Record<string, unknown>) {
    const started = await client.actor('~fleet-analytics').start(input);
    return waitForRun(started.id);
}

async function readOutput(storeId: string): Promise<FleetReport> {
    const record = await client.keyValueStore(storeId).getRecord('OUTPUT');
    return fleetReportSchema.parse(record?.value);
}

async function trendStoreKeys(name: string, prefix = ''): Promise<string[] | null> {
    const store = emulator.state.getKeyValueStore(name);
    if (!store) return null;
    return (await client.keyValueStore(store.id).listKeys({ prefix })).items.map((item) => item.key);
}

/** What legitimately differs between two analyses of the same data at the same time. */
function comparable(report: FleetReport) {
    const { collection, generatedAt: _generatedAt, ...rest } = report;
    return {
        ...rest,
        collection: {
            ...collection,
            apiRequests: 0,
            requestsByKind: {},
            reusedDays: 0,
            fetchedDays: 0,
            trendStore: { ...collection.trendStore, name: '' },
        },
    };
}

describe('invalid input', () => {
    const cases: Array<{ name: string; input: Record<string, unknown>; expected: RegExp[] }> = [
        { name: 'wrong type', input: { lookbackDays: 'four weeks' }, expected: [/lookbackDays: .*expected number/i] },
        {
            name: 'window 0',
            input: { lookbackDays: 0 },
            expected: [/lookbackDays: The look-back window must be at least 1 day/],
        },
        {
            name: 'bad pattern',
            input: { includeActors: ['^shop.*$'] },
            expected: [/includeActors\[0\]: Use an Actor name/],
        },
        {
            name: 'unknown Actor',
            input: { includeActors: ['no-such-actor-anywhere'] },
            expected: [/includeActors\[0\]: "no-such-actor-anywhere" matches no Actor/, /Check the spelling/],
        },
        {
            name: 'unknown field and bad enum',
            input: { executionMode: 'parallel', colour: 'blue' },
            expected: [/executionMode: /, /Remove "colour"/],
        },
    ];
    it.each(cases)(
        '$name → FAILED with a message naming the field and the fix, nothing in the trend store',
        async ({ input, expected }) => {
            const trendStoreName = uniqueStoreName('invalid');
            // An invalid trend store name would be the error itself: keep it valid unless tested.
            const { run, log } = await runActor({ ...BASE_INPUT, trendStoreName, ...input });
            expect(run.status, log.slice(-2000)).toBe('FAILED');
            expect(run.exitCode).not.toBe(0);
            expect(run.statusMessage).toMatch(/^Invalid input/);
            for (const pattern of expected) expect(run.statusMessage).toMatch(pattern);
            const keys = await trendStoreKeys(trendStoreName);
            expect(keys ?? []).toEqual([]);
            expect(await client.keyValueStore(run.defaultKeyValueStoreId).getRecord('OUTPUT')).toBeUndefined();
        },
    );
});

describe('missing permissions', () => {
    const groupByPermission: Partial<Record<Permission, string>> = {
        'runs:read': 'Actor runs: Read',
        'builds:read': 'Actor builds: Read',
        'datasets:read': 'Datasets: Read',
    };
    it.each(Object.entries(groupByPermission))(
        'a scoped token without %s gives a partial report naming "%s"',
        async (permission, group) => {
            const { run, log } = await runActor({
                ...BASE_INPUT,
                trendStoreName: uniqueStoreName('perm'),
                apifyToken: tokenWithoutPermission(permission as Permission),
            });
            expect(run.status, log.slice(-2000)).toBe('SUCCEEDED');
            const report = await readOutput(run.defaultKeyValueStoreId);
            expect(report.collection.partial).toBe(true);
            expect(report.collection.missingPermissions).toEqual([group]);
            expect(run.statusMessage).toContain(`partial: missing ${group}`);
            expect(report.actors.length).toBeGreaterThan(0);
        },
    );

    it('without "Actors: Read" the run fails with both fixes and still writes a partial OUTPUT naming it', async () => {
        const trendStoreName = uniqueStoreName('perm');
        const { run, log } = await runActor({
            ...BASE_INPUT,
            trendStoreName,
            apifyToken: tokenWithoutPermission('actors:read'),
        });
        expect(run.status, log.slice(-2000)).toBe('FAILED');
        expect(run.statusMessage).toContain('missing "Actors: Read"');
        expect(run.statusMessage).toContain('full permissions');
        expect(run.statusMessage).toContain(
            'Actors: Read, Run · Actor runs: Read · Actor builds: Read · Datasets: Read · Key-value stores: Read, Write',
        );
        const report = await readOutput(run.defaultKeyValueStoreId);
        expect(report.collection.missingPermissions).toContain('Actors: Read');
        expect(report.collection.partial).toBe(true);
        expect((await trendStoreKeys(trendStoreName, 'SNAPSHOT-')) ?? []).toEqual([]);
    });
});

describe('the token', () => {
    it('appears in no log line, record, dataset row, report or access-log URL', async () => {
        // The scoped token is the canary: it is passed as the secret input and used for every read.
        const canary = SCOPED_TOKEN;
        const trendStoreName = uniqueStoreName('canary');
        const accessLogStart = emulator.accessLog.entries().length;
        // A webhook receiver that fails once (the Actor retries) and records what it got.
        const received: string[] = [];
        const receiver = createServer((request, response) => {
            let body = '';
            request.on('data', (chunk) => {
                body += chunk;
            });
            request.on('end', () => {
                received.push(JSON.stringify(request.headers) + request.url + body);
                response.statusCode = received.length === 1 ? 503 : 204;
                response.end();
            });
        });
        await new Promise<void>((resolve) => {
            receiver.listen(0, '127.0.0.1', resolve);
        });
        const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
        const { run, log } = await runActor({
            ...BASE_INPUT,
            trendStoreName,
            apifyToken: canary,
            alertWebhookUrl: webhookUrl,
        }).finally(
            () =>
                new Promise((resolve) => {
                    receiver.close(resolve);
                }),
        );
        expect(run.status, log.slice(-2000)).toBe('SUCCEEDED');
        expect(log).not.toContain(canary);
        const texts: string[] = [];
        const stores = [run.defaultKeyValueStoreId, emulator.state.getKeyValueStore(trendStoreName)!.id];
        for (const storeId of stores) {
            for (const { key } of (await client.keyValueStore(storeId).listKeys()).items) {
                // INPUT holds the secret by design (encrypted on the real platform); everything else must not.
                if (key === 'INPUT') continue;
                const record = await client.keyValueStore(storeId).getRecord(key, { buffer: true });
                texts.push(Buffer.from(record!.value as Buffer).toString('utf8'));
            }
        }
        texts.push(JSON.stringify((await client.dataset(run.defaultDatasetId).listItems()).items));
        texts.push(run.statusMessage ?? '');
        for (const text of texts) expect(text).not.toContain(canary);
        const urls = emulator.accessLog
            .entries()
            .slice(accessLogStart)
            .map((entry) => JSON.stringify(entry));
        expect(urls.length).toBeGreaterThan(10);
        for (const url of urls) expect(url).not.toContain(canary);
        // The alert was delivered on the second attempt, without the token, and OUTPUT says so.
        expect(received).toHaveLength(2);
        for (const request of received) expect(request).not.toContain(canary);
        expect(JSON.parse(received[1]!.slice(received[1]!.indexOf('/hook') + '/hook'.length)).event).toBe(
            'fleet-analytics.new-act-now-signals',
        );
        const report = await readOutput(run.defaultKeyValueStoreId);
        expect(report.alert).toMatchObject({ status: 'delivered', attempts: 2 });
        expect(report.alert.signalCount).toBeGreaterThan(0);
        expect(JSON.stringify(report)).not.toContain(webhookUrl);
    });
});

describe('history', () => {
    it('two runs at once keep both snapshots', async () => {
        const trendStoreName = uniqueStoreName('concurrent');
        const input = { ...BASE_INPUT, trendStoreName };
        const [a, b] = await Promise.all([
            client.actor('~fleet-analytics').start(input),
            client.actor('~fleet-analytics').start(input),
        ]);
        const [ra, rb] = await Promise.all([waitForRun(a.id), waitForRun(b.id)]);
        expect(ra.run.status, ra.log.slice(-2000)).toBe('SUCCEEDED');
        expect(rb.run.status, rb.log.slice(-2000)).toBe('SUCCEEDED');
        const keys = await trendStoreKeys(trendStoreName, 'SNAPSHOT-');
        expect(keys).toHaveLength(2);
        expect(keys!.some((k) => k.endsWith(a.id))).toBe(true);
        expect(keys!.some((k) => k.endsWith(b.id))).toBe(true);
    });

    it('a run started with a scoped token falls back to the default stores of previous runs, and says so', async () => {
        const scopedClient = new ApifyClient({ token: SCOPED_TOKEN, baseUrl: emulator.url, maxRetries: 2 });
        const trendStoreName = uniqueStoreName('fallback');
        const first = await scopedClient.actor('~fleet-analytics').start({ ...BASE_INPUT, trendStoreName });
        const firstDone = await waitForRun(first.id);
        expect(firstDone.run.status, firstDone.log.slice(-2000)).toBe('SUCCEEDED');
        const firstReport = await readOutput(firstDone.run.defaultKeyValueStoreId);
        expect(firstReport.collection.trendStore.mode).toBe('fallback-default-stores');
        expect(firstReport.collection.trendStore.note).toMatch(/could not be opened.*previous successful runs/);
        // No named store was created; the snapshot went to the run's default store.
        expect(emulator.state.getKeyValueStore(trendStoreName)).toBeUndefined();
        const ownKeys = (
            await client.keyValueStore(firstDone.run.defaultKeyValueStoreId).listKeys({ prefix: 'SNAPSHOT-' })
        ).items.map((i) => i.key);
        expect(ownKeys).toEqual([expect.stringContaining(first.id)]);

        // A week later the next scoped run finds that snapshot as its baseline.
        emulator.advanceClock(7 * MS_PER_DAY);
        const second = await scopedClient.actor('~fleet-analytics').start({ ...BASE_INPUT, trendStoreName });
        const secondDone = await waitForRun(second.id);
        expect(secondDone.run.status, secondDone.log.slice(-2000)).toBe('SUCCEEDED');
        const secondReport = await readOutput(secondDone.run.defaultKeyValueStoreId);
        expect(secondReport.deltas.vsBaseline?.snapshotKey).toBe(ownKeys[0]);
    });

    it('a full and an incremental analysis give the same OUTPUT', async () => {
        const fullStore = uniqueStoreName('full');
        const full = await runActor({ ...BASE_INPUT, trendStoreName: fullStore, useDailyCache: false });
        expect(full.run.status, full.log.slice(-2000)).toBe('SUCCEEDED');
        // A second store holding only the day cache of the first analysis (no snapshots), so
        // the only difference between the two analyses is where the days came from.
        const incrementalStore = uniqueStoreName('incremental');
        const target = await client.keyValueStores().getOrCreate(incrementalStore);
        const source = emulator.state.getKeyValueStore(fullStore)!;
        const dayKeys = (await trendStoreKeys(fullStore, 'DAYS-'))!;
        expect(dayKeys.length).toBeGreaterThan(0);
        for (const key of dayKeys) {
            const record = await client.keyValueStore(source.id).getRecord(key);
            await client.keyValueStore(target.id).setRecord({ key, value: record!.value as Record<string, never> });
        }
        const incremental = await runActor({ ...BASE_INPUT, trendStoreName: incrementalStore });
        expect(incremental.run.status, incremental.log.slice(-2000)).toBe('SUCCEEDED');
        const fullReport = await readOutput(full.run.defaultKeyValueStoreId);
        const incrementalReport = await readOutput(incremental.run.defaultKeyValueStoreId);
        expect(incrementalReport.collection.reusedDays).toBeGreaterThan(0);
        expect(incrementalReport.collection.apiRequests).toBeLessThan(fullReport.collection.apiRequests);
        expect(comparable(incrementalReport)).toEqual(comparable(fullReport));
    });

    it('a migration in the middle gives the same OUTPUT and no duplicate snapshot', async () => {
        const referenceStore = uniqueStoreName('undisturbed');
        const reference = await runActor({ ...BASE_INPUT, trendStoreName: referenceStore, useDailyCache: false });
        expect(reference.run.status).toBe('SUCCEEDED');

        const trendStoreName = uniqueStoreName('migrated');
        const started = await client
            .actor('~fleet-analytics')
            .start({ ...BASE_INPUT, trendStoreName, useDailyCache: false });
        expect(await executor.waitForEventsConnection(started.id, 20_000)).toBe(true);
        // Mid-collection: the process has started listing Actors.
        const deadline = Date.now() + 20_000;
        while (!(executor.getLog(started.id) ?? '').includes('Listing Actors') && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 20));
        executor.sendEvent(started.id, 'migrating');
        const migrated = await waitForRun(started.id);
        expect(migrated.run.status, migrated.log.slice(-3000)).toBe('SUCCEEDED');
        expect(executor.getRunCounters(started.id)?.migrationCount).toBe(1);

        const keys = await trendStoreKeys(trendStoreName, 'SNAPSHOT-');
        expect(keys).toEqual([expect.stringContaining(started.id)]);
        const migratedReport = await readOutput(migrated.run.defaultKeyValueStoreId);
        const referenceReport = await readOutput(reference.run.defaultKeyValueStoreId);
        // Same data, same day-aligned window: identical apart from time and request counts.
        expect(comparable(migratedReport)).toEqual(comparable(referenceReport));
    });
});
