/**
 * The bench's lower-bound model: the scheduler on hand-computed cases (latency chains, the
 * per-resource bucket, the per-user rate, dependencies), the request graph of a small plan,
 * the cost tiers, and — on the demo scenario — that the plan counts exactly the requests the
 * real collector makes, for a full and a one-day-later incremental collection.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAnalysisWindow } from '../../actor/engine/analysis-pipeline.js';
import { collectFleet } from '../../actor/engine/collection/collect-fleet.js';
import type { ActorCacheEntry, DayCacheAdapter } from '../../actor/engine/collection/collection-cache.js';
import { estimateMinimumRequests } from '../../actor/engine/collection/run-list-strategy.js';
import { estimateRunCost, memoryTierMb } from '../../bench/cost.js';
import { planFromState } from '../../bench/fleet-plan.js';
import {
    apiLimits,
    buildRequestGraph,
    computeLowerBound,
    countPlanRequests,
    scheduleRequests,
    type CollectionPlan,
    type ModelLimits,
    type ModelRequest,
} from '../../bench/lower-bound.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { MS_PER_DAY } from '../../shared/metrics/day-periods.js';

/** Rate limits so generous that only latency and dependencies count. */
const LATENCY_ONLY: ModelLimits = {
    latencyMs: 20,
    perResourcePerSec: 1e9,
    perResourceBurst: 1e9,
    perUserPerMin: 1e12,
    perUserBurst: 1e12,
};

const independent = (count: number, resource: (i: number) => string | null): ModelRequest[] =>
    Array.from({ length: count }, (_, i) => ({ kind: 'x', resource: resource(i), deps: [] }));

describe('scheduleRequests', () => {
    it('one request takes the latency; a chain of three takes three latencies', () => {
        expect(scheduleRequests([{ kind: 'a', resource: null, deps: [] }], LATENCY_ONLY).makespanMs).toBe(20);
        const chain: ModelRequest[] = [
            { kind: 'a', resource: null, deps: [] },
            { kind: 'b', resource: null, deps: [0] },
            { kind: 'c', resource: null, deps: [1] },
        ];
        const schedule = scheduleRequests(chain, LATENCY_ONLY);
        expect(schedule.makespanMs).toBe(60);
        expect(schedule.lastFinishByKindMs).toEqual({ a: 20, b: 40, c: 60 });
    });

    it('unlimited concurrency: a thousand independent requests take one latency', () => {
        expect(
            scheduleRequests(
                independent(1000, () => null),
                LATENCY_ONLY,
            ).makespanMs,
        ).toBe(20);
    });

    it('one resource: a burst of 60, then one request every 1/60 s', () => {
        const limits: ModelLimits = { ...LATENCY_ONLY, perResourcePerSec: 60, perResourceBurst: 60 };
        // 60 start at 0; the 61st waits for one token: 1000/60 ms.
        expect(
            scheduleRequests(
                independent(61, () => 'list'),
                limits,
            ).makespanMs,
        ).toBeCloseTo(1000 / 60 + 20, 6);
        // 120: the last starts when the 60th refilled token arrives, at 1 s.
        expect(
            scheduleRequests(
                independent(120, () => 'list'),
                limits,
            ).makespanMs,
        ).toBeCloseTo(1020, 6);
        // Different resources do not share a bucket.
        expect(
            scheduleRequests(
                independent(120, (i) => `r${i % 2}`),
                limits,
            ).makespanMs,
        ).toBe(20);
    });

    it('the per-user limit as a sustained rate spaces every request', () => {
        // 60,000/min = one per millisecond: starts at 0, 1, …, 99.
        const limits: ModelLimits = { ...LATENCY_ONLY, perUserPerMin: 60_000, perUserBurst: 1 };
        expect(
            scheduleRequests(
                independent(100, () => null),
                limits,
            ).makespanMs,
        ).toBeCloseTo(119, 6);
        // With a burst credit of 100 they all start at once.
        expect(
            scheduleRequests(
                independent(100, () => null),
                { ...limits, perUserBurst: 100 },
            ).makespanMs,
        ).toBe(20);
    });

    it('a request waiting for its resource does not hold the per-user queue', () => {
        const limits: ModelLimits = {
            ...LATENCY_ONLY,
            perResourcePerSec: 1,
            perResourceBurst: 1,
            perUserPerMin: 60_000,
            perUserBurst: 1,
        };
        // Two requests on one resource (the second waits 1 s) and one elsewhere (starts at 1 ms).
        const schedule = scheduleRequests(
            [
                { kind: 'same', resource: 'r', deps: [] },
                { kind: 'same', resource: 'r', deps: [] },
                { kind: 'other', resource: 's', deps: [] },
            ],
            limits,
        );
        expect(schedule.lastFinishByKindMs.other).toBeCloseTo(21, 6);
        expect(schedule.makespanMs).toBeCloseTo(1020, 6);
    });

    it('the longest remaining chain goes first when the user limit forces an order', () => {
        // One slot per 10 ms. A leaf and the head of a two-step chain are ready at 0: the chain
        // head first (finishes at 20), its tail at 20 → 40; the leaf at 10 → 30.
        const limits: ModelLimits = { ...LATENCY_ONLY, perUserPerMin: 6000, perUserBurst: 1 };
        const schedule = scheduleRequests(
            [
                { kind: 'leaf', resource: null, deps: [] },
                { kind: 'head', resource: null, deps: [] },
                { kind: 'tail', resource: null, deps: [1] },
            ],
            limits,
        );
        expect(schedule.lastFinishByKindMs).toEqual({ head: 20, leaf: 30, tail: 40 });
    });

    it('rejects a dependency that does not come first', () => {
        expect(() =>
            scheduleRequests(
                [
                    { kind: 'a', resource: null, deps: [1] },
                    { kind: 'b', resource: null, deps: [] },
                ],
                LATENCY_ONLY,
            ),
        ).toThrow(/dependencies must come first/);
    });
});

describe('the request graph of a collection plan', () => {
    const plan: CollectionPlan = {
        actorListPages: 1,
        accountRunPages: 1,
        actors: [
            {
                id: 'a1',
                actorListPage: 0,
                runPages: 1,
                detail: true,
                buildsList: true,
                buildGets: 2,
                sampledRuns: [
                    { perActorPage: 0, accountPage: 0, dataset: true, statistics: true },
                    { perActorPage: 0, accountPage: 0, dataset: false, statistics: false },
                ],
            },
        ],
    };

    it('counts 1 Actor page + 1 run page + detail + builds list + 2 builds + 2 runs + 1 dataset + 1 statistics', () => {
        expect(countPlanRequests(plan, 'per-actor')).toBe(10);
        expect(countPlanRequests(plan, 'account-wide')).toBe(10);
        expect(buildRequestGraph(plan, 'per-actor')).toHaveLength(10);
    });

    it('per-Actor: Actor page → run page → dataset → statistics = four latencies', () => {
        expect(scheduleRequests(buildRequestGraph(plan, 'per-actor'), LATENCY_ONLY).makespanMs).toBe(80);
    });

    it('account-wide: the run page needs no Actor id, so three latencies', () => {
        const schedule = scheduleRequests(buildRequestGraph(plan, 'account-wide'), LATENCY_ONLY);
        expect(schedule.makespanMs).toBe(60);
        expect(schedule.lastFinishByKindMs['build-get']).toBe(60);
    });

    it('a sampled run known from the cache waits only for the Actor list', () => {
        const cached: CollectionPlan = {
            ...plan,
            actors: [
                {
                    ...plan.actors[0]!,
                    runPages: 0,
                    detail: false,
                    buildsList: false,
                    buildGets: 0,
                    sampledRuns: [{ perActorPage: null, accountPage: null, dataset: true, statistics: true }],
                },
            ],
        };
        // Actor page (20) → run GET and dataset GET (40) → statistics (60).
        const schedule = scheduleRequests(buildRequestGraph(cached, 'per-actor'), LATENCY_ONLY);
        expect(schedule.lastFinishByKindMs).toEqual({
            'actors-list': 20,
            'run-get': 40,
            'dataset-get': 40,
            'dataset-statistics': 60,
        });
    });

    it('computeLowerBound takes the fewest requests and the fastest schedule over both run-list strategies', () => {
        // Three Actors with one run page each, the account-wide list fits one page.
        const three: CollectionPlan = {
            actorListPages: 1,
            accountRunPages: 1,
            actors: ['a', 'b', 'c'].map((id) => ({
                id,
                actorListPage: 0,
                runPages: 1,
                detail: true,
                buildsList: false,
                buildGets: 0,
                sampledRuns: [],
            })),
        };
        const bound = computeLowerBound(three, LATENCY_ONLY);
        expect(bound.byStrategy['per-actor']?.requests).toBe(1 + 3 + 3);
        expect(bound.byStrategy['account-wide']?.requests).toBe(1 + 1 + 3);
        expect(bound.minRequests).toBe(5);
        expect(bound.minRequestsStrategy).toBe('account-wide');
        expect(bound.lowerBoundMs).toBe(40);
    });

    it('the API limits: 250,000 requests/min per user is 4,166.7/s', () => {
        const limits = apiLimits(20);
        // 4,167 independent requests on separate resources: the last starts at ~1 s.
        expect(
            scheduleRequests(
                independent(4167, () => null),
                limits,
            ).makespanMs,
        ).toBeCloseTo(4166 * (60_000 / 250_000) + 20, 6);
    });
});

describe('cost', () => {
    it('rounds the peak RSS up to an Apify memory tier (128 MB × 2^k)', () => {
        expect([0, 100, 128, 129, 256, 300, 513, 4096].map(memoryTierMb)).toEqual([
            128, 128, 128, 256, 256, 512, 1024, 4096,
        ]);
    });
    it('compute units = GB × hours at $0.30', () => {
        const cost = estimateRunCost(300, 3_600_000);
        expect(cost.memoryTierMb).toBe(512);
        expect(cost.computeUnits).toBeCloseTo(0.5, 12);
        expect(cost.costUsd).toBeCloseTo(0.15, 12);
    });
});

describe('the plan on the demo scenario matches the real collector', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
        emulator = await startEmulator({ scenario: 'demo', rateLimits: false });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    const memoryCache = (): DayCacheAdapter => {
        const entries = new Map<string, ActorCacheEntry>();
        return {
            async get(actorId) {
                const e = entries.get(actorId);
                return e === undefined ? undefined : JSON.parse(JSON.stringify(e));
            },
            async put(entry) {
                entries.set(entry.actorId, JSON.parse(JSON.stringify(entry)));
            },
        };
    };

    it('full: the plan, estimateMinimumRequests and collectFleet agree; one day later the incremental plan counts what collectFleet makes', async () => {
        const client = new ApifyClient({ token: 'apify_api_demo_full', baseUrl: emulator.url, maxRetries: 0 });
        const cache = memoryCache();
        const full = planFromState(emulator.state);
        const fullBound = computeLowerBound(full.plan, apiLimits(20));
        expect(fullBound.minRequests).toBe(estimateMinimumRequests(full.shape));
        const now = emulator.state.clock.now();
        const collectedFull = await collectFleet({
            client,
            window: computeAnalysisWindow(now, 28),
            now,
            dayCache: cache,
        });
        // The collector's probe of the account-wide list is the one request it may add.
        expect(collectedFull.collection.apiRequests - fullBound.minRequests).toBeGreaterThanOrEqual(0);
        expect(collectedFull.collection.apiRequests - fullBound.minRequests).toBeLessThanOrEqual(1);

        emulator.advanceClock(MS_PER_DAY);
        const incremental = planFromState(emulator.state, full.observations);
        const incrementalBound = computeLowerBound(incremental.plan, apiLimits(20));
        const later = emulator.state.clock.now();
        const collectedIncremental = await collectFleet({
            client,
            window: computeAnalysisWindow(later, 28),
            now: later,
            dayCache: cache,
        });
        expect(collectedIncremental.collection.reusedDays).toBeGreaterThan(0);
        expect(collectedIncremental.collection.apiRequests - incrementalBound.minRequests).toBeGreaterThanOrEqual(0);
        expect(collectedIncremental.collection.apiRequests - incrementalBound.minRequests).toBeLessThanOrEqual(1);
        expect(incrementalBound.minRequests).toBeLessThan(fullBound.minRequests);
    });
});
