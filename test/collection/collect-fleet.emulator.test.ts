/**
 * collectFleet against the emulator's demo scenario: numbers equal an independent
 * recomputation from the emulator state, the access log proves the request discipline
 * (no dataset items, bounded run details), incremental == full, missing permissions are
 * named, and a bad token fails clearly.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { collectFleet } from '../../actor/engine/collection/collect-fleet.js';
import type { ActorCacheEntry, DayCacheAdapter } from '../../actor/engine/collection/collection-cache.js';
import { InvalidTokenError } from '../../actor/engine/collection/errors.js';
import { SAMPLE_MAX_RUNS_PER_ACTOR } from '../../actor/engine/collection/sampling.js';
import { fleetDataSchema, type FleetData } from '../../shared/contracts/fleet-data.js';
import { MS_PER_DAY } from '../../shared/metrics/day-periods.js';

const FULL_TOKEN = 'apify_api_demo_full';

function windowEndingToday(now: Date, days: number): { from: Date; to: Date } {
    const to = new Date(Math.floor(now.getTime() / MS_PER_DAY) * MS_PER_DAY);
    return { from: new Date(to.getTime() - days * MS_PER_DAY), to };
}

function clientFor(emulator: RunningEmulator, token: string): ApifyClient {
    return new ApifyClient({ token, baseUrl: emulator.url, maxRetries: 2, minDelayBetweenRetriesMillis: 10 });
}

function memoryCache(): DayCacheAdapter & { entries: Map<string, ActorCacheEntry> } {
    const entries = new Map<string, ActorCacheEntry>();
    return {
        entries,
        // Through JSON, as the trend store keeps them.
        async get(actorId) {
            const e = entries.get(actorId);
            return e === undefined ? undefined : JSON.parse(JSON.stringify(e));
        },
        async put(entry) {
            entries.set(entry.actorId, JSON.parse(JSON.stringify(entry)));
        },
    };
}

type AccessEntry = ReturnType<RunningEmulator['accessLog']['entries']>[number];

/** The collector never makes the same call twice, so method, path and query identify a call. */
function callKey(entry: AccessEntry): string {
    return `${entry.method} ${entry.path}?${new URLSearchParams(Object.entries(entry.query).sort()).toString()}`;
}

/**
 * `apiRequests` counts calls; apify-client may send a call more than once: it retries an
 * attempt that got no answer in time (5 s on the first attempt of a dataset GET — easily hit
 * by a loaded machine, which is what once made a plain length comparison fail), a 429 or a
 * 5xx. So: the distinct calls in the access log are exactly the counted ones, and a call seen
 * more than once was retried after failed attempts and answered at its last one.
 */
function expectCountedCallsMatch(data: FleetData, entries: readonly AccessEntry[]): void {
    const attemptsByCall = new Map<string, AccessEntry[]>();
    for (const entry of entries) {
        const key = callKey(entry);
        attemptsByCall.set(key, [...(attemptsByCall.get(key) ?? []), entry]);
    }
    expect(data.collection.apiRequests).toBe(attemptsByCall.size);
    for (const [key, attempts] of attemptsByCall) {
        const last = attempts[attempts.length - 1]!;
        expect(last.status === 0 || last.status === 429 || last.status >= 500, `${key} was never answered`).toBe(false);
        for (const failed of attempts.slice(0, -1))
            expect(
                failed.status === 0 || failed.status === 429 || failed.status >= 500,
                `${key} repeated after status ${failed.status}`,
            ).toBe(true);
    }
}

/** Everything but `collection` (request counts, reused/fetched days, strategy). */
function withoutCollectionFacts(data: FleetData): Omit<FleetData, 'collection'> {
    const { collection: _facts, ...rest } = data;
    return rest;
}

describe('collectFleet on the demo scenario', () => {
    let emulator: RunningEmulator;
    let window: { from: Date; to: Date };
    let full: FleetData;
    let requestsOfFull: ReturnType<RunningEmulator['accessLog']['entries']>;

    beforeAll(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
        window = windowEndingToday(emulator.state.clock.now(), 28);
        emulator.accessLog.clear();
        full = await collectFleet({ client: clientFor(emulator, FULL_TOKEN), window, now: emulator.state.clock.now() });
        requestsOfFull = emulator.accessLog.entries();
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    it('produces a valid FleetData document', () => {
        expect(() => fleetDataSchema.parse(full)).not.toThrow();
        expect(full.actors.length).toBe(emulator.state.listActors().length);
        expect(full.collection.missingPermissions).toEqual([]);
    });

    it('keeps who started the runs: callers per day and on sampled runs, as the run list says', () => {
        let scheduledRuns = 0;
        let callerRuns = 0;
        for (const actorData of full.actors) {
            for (const day of actorData.days) {
                const runs = Object.values(day.byOrigin).reduce((sum, count) => sum + count, 0);
                callerRuns += runs;
                expect(day.callers!.reduce((sum, caller) => sum + caller.runs, 0) + day.otherCallerRuns!).toBe(runs);
                for (const caller of day.callers!.filter((candidate) => candidate.origin === 'SCHEDULER')) {
                    expect(caller.scheduleId).toMatch(/^[A-Za-z0-9]{17}$/);
                    expect(caller.clientIp).toBeNull();
                    scheduledRuns += caller.runs;
                }
            }
        }
        expect(scheduledRuns).toBeGreaterThan(callerRuns / 10);
        const sampled = full.actors.flatMap((actorData) => actorData.sampledRuns);
        const api = sampled.filter((run) => run.origin === 'API');
        expect(api.length).toBeGreaterThan(0);
        for (const run of api) {
            expect(run.clientIp).toEqual(expect.any(String));
            expect(run.userAgent).toMatch(/^ApifyClient\//);
        }
        for (const run of sampled.filter((candidate) => candidate.origin === 'SCHEDULER'))
            expect(Date.parse(run.scheduledAt!)).toBeLessThanOrEqual(Date.parse(run.startedAt));
    });

    it('counts equal an independent recomputation from the emulator state (counts exact, money to the cent)', () => {
        for (const actorData of full.actors) {
            const all = emulator.state.listRuns({ actId: actorData.actor.id, offset: 0, limit: 10_000_000 }).items;
            const inWindow = all.filter(
                (r) => r.startedAt >= window.from.toISOString() && r.startedAt < window.to.toISOString(),
            );
            const expected = {
                succeeded: 0,
                failed: 0,
                timedOut: 0,
                aborted: 0,
                inProgress: 0,
                runsWithoutCost: 0,
                costCents: 0,
            };
            let expectedCost = 0;
            for (const run of inWindow) {
                if (run.status === 'SUCCEEDED') expected.succeeded += 1;
                else if (run.status === 'FAILED') expected.failed += 1;
                else if (run.status === 'TIMED-OUT') expected.timedOut += 1;
                else if (run.status === 'ABORTED') expected.aborted += 1;
                else expected.inProgress += 1;
                if (typeof run.usageTotalUsd !== 'number') expected.runsWithoutCost += 1;
                else expectedCost += run.usageTotalUsd;
            }
            expected.costCents = Math.round(expectedCost * 100);
            const got = {
                succeeded: 0,
                failed: 0,
                timedOut: 0,
                aborted: 0,
                inProgress: 0,
                runsWithoutCost: 0,
                costCents: 0,
            };
            let gotCost = 0;
            for (const day of actorData.days) {
                for (const group of Object.values(day.byBuild)) {
                    got.succeeded += group.succeeded;
                    got.failed += group.failed;
                    got.timedOut += group.timedOut;
                    got.aborted += group.aborted;
                    got.inProgress += group.inProgress;
                    got.runsWithoutCost += group.runsWithoutCost;
                    gotCost += group.costUsd;
                }
            }
            got.costCents = Math.round(gotCost * 100);
            expect(got, actorData.actor.name).toEqual(expected);
            // Days are exactly the UTC days that had runs.
            expect(actorData.days.map((d) => d.day)).toEqual(
                [...new Set(inWindow.map((r) => r.startedAt.slice(0, 10)))].sort(),
            );
        }
    });

    it('reads no dataset items and fetches run details only for the bounded sample', () => {
        expect(requestsOfFull.filter((e) => /\/items$/.test(e.path))).toEqual([]);
        const runGets = requestsOfFull.filter((e) => e.endpointId === 'run-get');
        const sampledIds = new Set(full.actors.flatMap((a) => a.sampledRuns.map((r) => r.id)));
        const detailIds = new Set(runGets.map((e) => e.resourceIds.runId ?? ''));
        expect(detailIds.size).toBe(runGets.length);
        for (const id of detailIds) expect(sampledIds.has(id)).toBe(true);
        // The rest were sampled for their datasets only (the quality baseline): successes, not
        // the Store's test, with the detail-only fields left null.
        const datasetOnly = full.actors.flatMap((a) => a.sampledRuns).filter((r) => !detailIds.has(r.id));
        expect(datasetOnly.length).toBeGreaterThan(0);
        for (const run of datasetOnly) {
            expect(run).toMatchObject({
                status: 'SUCCEEDED',
                memoryMbytes: null,
                memMaxBytes: null,
                exitCode: null,
                statusMessage: null,
            });
            expect(run.origin).not.toBe('TEST');
            expect(run.dataset).not.toBeNull();
        }
        for (const actorData of full.actors) {
            expect(actorData.sampledRuns.length).toBeLessThanOrEqual(SAMPLE_MAX_RUNS_PER_ACTOR);
            const actorRunGets = runGets.filter((e) => actorData.sampledRuns.some((r) => r.id === e.resourceIds.runId));
            expect(actorRunGets.length).toBeLessThanOrEqual(SAMPLE_MAX_RUNS_PER_ACTOR);
        }
        // Every request the collector counted reached the API, and nothing else did.
        expectCountedCallsMatch(full, requestsOfFull);
    });

    it('chooses the run list that needs fewer requests and pages it by 1,000', () => {
        const accountWidePages = requestsOfFull.filter((e) => e.path === '/v2/actor-runs').length;
        const perActorLists = requestsOfFull.filter((e) => /^\/v2\/(actors|acts)\/[^/]+\/runs$/.test(e.path)).length;
        const totalRuns = emulator.state.listRuns({
            offset: 0,
            limit: 1,
            startedAfter: window.from.toISOString(),
            startedBefore: new Date(window.to.getTime() - 1).toISOString(),
        }).total;
        const activeActors = full.actors.filter((a) => a.days.length > 0).length;
        const accountWideCost = Math.max(1, Math.ceil(totalRuns / 1000));
        if (accountWideCost <= activeActors) {
            expect(full.collection.runListStrategy).toBe('account-wide');
            expect(accountWidePages).toBe(accountWideCost);
            expect(perActorLists).toBe(0);
        } else {
            expect(full.collection.runListStrategy).toBe('per-actor');
        }
        for (const e of requestsOfFull.filter((x) => x.path === '/v2/actor-runs')) expect(e.query.limit).toBe('1000');
    });

    it('an incremental collection one day later equals a full one, with far fewer requests', async () => {
        const cache = memoryCache();
        const client = clientFor(emulator, FULL_TOKEN);
        const first = await collectFleet({ client, window, now: emulator.state.clock.now(), dayCache: cache });
        expect(withoutCollectionFacts(first)).toEqual(withoutCollectionFacts(full));
        expect(cache.entries.size).toBeGreaterThan(0);

        emulator.advanceClock(MS_PER_DAY);
        const now = emulator.state.clock.now();
        const nextWindow = windowEndingToday(now, 28);
        const incremental = await collectFleet({ client, window: nextWindow, now, dayCache: cache });
        const fresh = await collectFleet({ client, window: nextWindow, now });
        expect(withoutCollectionFacts(incremental)).toEqual(withoutCollectionFacts(fresh));
        expect(incremental.collection.reusedDays).toBeGreaterThan(0);
        expect(incremental.collection.apiRequests).toBeLessThan(fresh.collection.apiRequests * 0.35);
    });
});

describe('collectFleet with missing permissions and bad tokens', () => {
    let emulator: RunningEmulator;
    let window: { from: Date; to: Date };
    beforeAll(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
        window = windowEndingToday(emulator.state.clock.now(), 7);
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    const cases = [
        { token: 'apify_api_demo_no_actors_read', permission: 'Actors: Read' },
        { token: 'apify_api_demo_no_runs_read', permission: 'Actor runs: Read', part: 'runs' },
        { token: 'apify_api_demo_no_builds_read', permission: 'Actor builds: Read', part: 'builds' },
        { token: 'apify_api_demo_no_datasets_read', permission: 'Datasets: Read', part: 'datasets' },
    ] as const;
    for (const testCase of cases) {
        it(`names "${testCase.permission}" when the token lacks it and still returns the rest`, async () => {
            const data = await collectFleet({
                client: clientFor(emulator, testCase.token),
                window,
                now: emulator.state.clock.now(),
            });
            expect(() => fleetDataSchema.parse(data)).not.toThrow();
            expect(data.collection.missingPermissions).toEqual([testCase.permission]);
            if (testCase.permission === 'Actors: Read') {
                expect(data.actors).toEqual([]);
                expect(data.collection.skipped[0]?.reason).toContain('Actors: Read');
                return;
            }
            expect(data.actors.length).toBeGreaterThan(0);
            const withMissing = data.actors.filter((a) => a.missing.some((m) => m.permission === testCase.permission));
            expect(withMissing.length).toBeGreaterThan(0);
            for (const a of withMissing) expect(a.missing.map((m) => m.part)).toContain(testCase.part);
            if (testCase.part !== 'runs') expect(data.actors.some((a) => a.days.length > 0)).toBe(true);
        });
    }

    it('the scoped token with the five groups misses nothing', async () => {
        const data = await collectFleet({
            client: clientFor(emulator, 'apify_api_demo_scoped'),
            window,
            now: emulator.state.clock.now(),
        });
        expect(data.collection.missingPermissions).toEqual([]);
    });

    it('a rejected token fails with InvalidTokenError that says what to do', async () => {
        const attempt = collectFleet({ client: clientFor(emulator, 'apify_api_not_a_real_token'), window });
        await expect(attempt).rejects.toBeInstanceOf(InvalidTokenError);
        await expect(attempt).rejects.toThrow(/token/i);
    });

    it('rejects bad options with clear messages', async () => {
        const client = clientFor(emulator, FULL_TOKEN);
        await expect(collectFleet({ client, window, include: ['bad pattern!'] })).rejects.toThrow(
            /Include pattern "bad pattern!" is not valid/,
        );
        await expect(
            collectFleet({
                client,
                window: { from: new Date('2026-01-01T05:00:00Z'), to: new Date('2026-01-02T00:00:00Z') },
            }),
        ).rejects.toThrow(/whole UTC days/);
        await expect(collectFleet({ client, window: { from: window.to, to: window.to } })).rejects.toThrow(
            /at least one day/,
        );
    });

    it('include/exclude patterns select Actors by username/name or bare name', async () => {
        const names = emulator.state
            .listActors()
            .map((a) => a.name)
            .sort();
        const target = names[0]!;
        const data = await collectFleet({
            client: clientFor(emulator, FULL_TOKEN),
            window,
            include: [target],
            now: emulator.state.clock.now(),
        });
        expect(data.actors.map((a) => a.actor.name.split('/')[1])).toEqual([target]);
        const excluded = await collectFleet({
            client: clientFor(emulator, FULL_TOKEN),
            window,
            exclude: [`*/${target}`],
            now: emulator.state.clock.now(),
        });
        expect(excluded.actors.length).toBe(names.length - 1);
    });
});

describe('collectFleet when apify-client retries', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
        // Dataset GETs fail now and then (503, or the socket dropped before an answer): the same
        // call reaches the API several times, as a timed-out first attempt does.
        emulator = await startEmulator({
            scenario: 'demo',
            faults: 'dataset-get:503:0.1,dataset-statistics:reset:0.1',
        });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    it('counts each call once, however many attempts reached the API', async () => {
        const window = windowEndingToday(emulator.state.clock.now(), 28);
        const now = emulator.state.clock.now();
        const client = new ApifyClient({
            token: FULL_TOKEN,
            baseUrl: emulator.url,
            maxRetries: 6,
            minDelayBetweenRetriesMillis: 1,
        });
        emulator.accessLog.clear();
        const data = await collectFleet({ client, window, now });
        const entries = emulator.accessLog.entries();
        expect(entries.filter((e) => e.fault !== undefined).length).toBeGreaterThan(0);
        expect(entries.length).toBeGreaterThan(data.collection.apiRequests);
        expectCountedCallsMatch(data, entries);
    });
});
