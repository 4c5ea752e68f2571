/**
 * The physical limit of a fleet collection: the fewest requests any correct collector needs,
 * and the shortest time those requests can take under the API's rate limits and latency with
 * unlimited client concurrency.
 *
 * The request set comes from a CollectionPlan (what the report needs, per Actor: its list
 * page, run list pages, Actor detail, builds, the sampled runs with their dataset metadata and
 * field statistics — see actor/engine/collection/sampling.ts). It is turned into a dependency graph
 * in which a request waits only for what it truly cannot do without:
 *   - Actor list pages: nothing (the page offsets are known in advance);
 *   - an Actor's detail, builds list and per-Actor run pages: the Actor list page holding its id;
 *   - the account-wide run pages: nothing;
 *   - a build GET: that Actor's builds list (the build id);
 *   - a sampled run GET and its dataset metadata GET: the run list page holding that run (its
 *     id, status and defaultDatasetId are on the list item);
 *   - field statistics: the dataset metadata (only datasets with items are asked).
 * Every request takes at least the latency; requests to one resource share a token bucket
 * of 60 with 60/s refill (the API's and the emulator's per-resource limit); all requests share
 * the per-user limit of 250,000/min, modelled as a sustained rate of 4,167/s (a one-minute
 * burst would let 250,000 requests through at once — `perUserBurst` can model that, too).
 *
 * scheduleRequests is an event-driven list schedule: a request starts as soon as its
 * dependencies are done and both buckets allow it; among requests ready at once, the one with
 * the longest chain still behind it goes first. Pure and deterministic.
 */

export interface ModelLimits {
    /** The minimum latency of one request (the emulator adds 0..jitter on top). */
    latencyMs: number;
    perResourcePerSec: number;
    /** Bucket size of one resource (the emulator starts each bucket full: one second's worth). */
    perResourceBurst: number;
    perUserPerMin: number;
    /** Bucket size of the per-user limit: 1 = a sustained rate, perUserPerMin = a one-minute burst. */
    perUserBurst: number;
}

/** Apify's documented limits (docs.apify.com/api/v2 "Rate limiting") at the bench's latency. */
export function apiLimits(latencyMs: number): ModelLimits {
    return { latencyMs, perResourcePerSec: 60, perResourceBurst: 60, perUserPerMin: 250_000, perUserBurst: 1 };
}

export interface ModelRequest {
    /** Rate-limit resource; requests with a null resource (a run, a build) are alone in theirs. */
    resource: string | null;
    /** Indices of requests that must finish first; always lower than this request's index. */
    deps: readonly number[];
    kind: string;
}

export interface Schedule {
    makespanMs: number;
    requests: number;
    /** Finish time of the last request of each kind. */
    lastFinishByKindMs: Record<string, number>;
}

interface Bucket {
    tokens: number;
    updatedAtMs: number;
}

/** A token bucket that starts full; times only move forward. */
function availableAt(bucket: Bucket, atMs: number, ratePerMs: number): number {
    const t = Math.max(atMs, bucket.updatedAtMs);
    const tokens = bucket.tokens + (t - bucket.updatedAtMs) * ratePerMs;
    // A tiny epsilon keeps floating point from denying a token that has just refilled.
    return tokens >= 1 - 1e-9 ? t : t + (1 - tokens) / ratePerMs;
}

function consume(bucket: Bucket, atMs: number, ratePerMs: number, capacity: number): void {
    const t = Math.max(atMs, bucket.updatedAtMs);
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.updatedAtMs) * ratePerMs) - 1;
    bucket.updatedAtMs = t;
}

/** Min-heap of (time, -height, index). */
class EventHeap {
    private readonly items: Array<[number, number, number]> = [];
    get size(): number {
        return this.items.length;
    }
    push(item: [number, number, number]): void {
        const a = this.items;
        a.push(item);
        let i = a.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (!less(a[i]!, a[parent]!)) break;
            [a[i], a[parent]] = [a[parent]!, a[i]!];
            i = parent;
        }
    }
    pop(): [number, number, number] {
        const a = this.items;
        const top = a[0]!;
        const last = a.pop()!;
        if (a.length > 0) {
            a[0] = last;
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < a.length && less(a[l]!, a[m]!)) m = l;
                if (r < a.length && less(a[r]!, a[m]!)) m = r;
                if (m === i) break;
                [a[i], a[m]] = [a[m]!, a[i]!];
                i = m;
            }
        }
        return top;
    }
}

function less(x: [number, number, number], y: [number, number, number]): boolean {
    if (x[0] !== y[0]) return x[0] < y[0];
    if (x[1] !== y[1]) return x[1] < y[1];
    return x[2] < y[2];
}

export function scheduleRequests(requests: readonly ModelRequest[], limits: ModelLimits): Schedule {
    const n = requests.length;
    const dependents: number[][] = Array.from({ length: n }, () => []);
    const pending = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i += 1) {
        for (const d of requests[i]!.deps) {
            if (!(d >= 0 && d < i)) throw new Error(`Request ${i} depends on ${d}: dependencies must come first.`);
            dependents[d]!.push(i);
            pending[i]! += 1;
        }
    }
    // Height: requests on the longest remaining chain go first among those ready at once.
    const height = new Array<number>(n).fill(1);
    for (let i = n - 1; i >= 0; i -= 1)
        for (const j of dependents[i]!) height[i] = Math.max(height[i]!, height[j]! + 1);

    const resourceRatePerMs = limits.perResourcePerSec / 1000;
    const userRatePerMs = limits.perUserPerMin / 60_000;
    const resourceBuckets = new Map<string, Bucket>();
    const user: Bucket = { tokens: limits.perUserBurst, updatedAtMs: 0 };
    const readyAtMs = new Array<number>(n).fill(0);
    const heap = new EventHeap();
    for (let i = 0; i < n; i += 1) if (pending[i] === 0) heap.push([0, -height[i]!, i]);

    let makespanMs = 0;
    let done = 0;
    const lastFinishByKindMs: Record<string, number> = {};
    while (heap.size > 0) {
        const [atMs, negHeight, i] = heap.pop();
        const request = requests[i]!;
        let bucket: Bucket | undefined;
        if (request.resource !== null) {
            bucket = resourceBuckets.get(request.resource);
            if (!bucket)
                resourceBuckets.set(request.resource, (bucket = { tokens: limits.perResourceBurst, updatedAtMs: 0 }));
            const resourceAtMs = availableAt(bucket, atMs, resourceRatePerMs);
            // Waiting for its own resource: others may use the user's capacity meanwhile.
            if (resourceAtMs > atMs) {
                heap.push([resourceAtMs, negHeight, i]);
                continue;
            }
        }
        // The user's limit is one queue for everything: taking the next slot keeps it in time order.
        const startMs = availableAt(user, atMs, userRatePerMs);
        consume(user, startMs, userRatePerMs, limits.perUserBurst);
        if (bucket) consume(bucket, startMs, resourceRatePerMs, limits.perResourceBurst);
        const finishMs = startMs + limits.latencyMs;
        makespanMs = Math.max(makespanMs, finishMs);
        lastFinishByKindMs[request.kind] = Math.max(lastFinishByKindMs[request.kind] ?? 0, finishMs);
        done += 1;
        for (const j of dependents[i]!) {
            readyAtMs[j] = Math.max(readyAtMs[j]!, finishMs);
            pending[j]! -= 1;
            if (pending[j] === 0) heap.push([readyAtMs[j]!, -height[j]!, j]);
        }
    }
    if (done !== n) throw new Error(`Only ${done} of ${n} requests could be scheduled (a dependency cycle?).`);
    return { makespanMs, requests: n, lastFinishByKindMs };
}

// --- The collection plan -------------------------------------------------------------------

export type RunListStrategy = 'per-actor' | 'account-wide';

export interface PlannedSampledRun {
    /** Page of the Actor's own run list that holds the run (0-based); null = known without one (cached day). */
    perActorPage: number | null;
    /** Page of the account-wide run list that holds the run; null = known without one. */
    accountPage: number | null;
    /** The run detail is read (default); false: sampled only for its dataset (the quality baseline). */
    detail?: boolean;
    /** Dataset metadata is read (a SUCCEEDED run with a default dataset). */
    dataset: boolean;
    /** Field statistics are read (that dataset has items). */
    statistics: boolean;
}

export interface PlannedActor {
    id: string;
    /** Page of the Actor list (`my=1`) that holds the Actor. */
    actorListPage: number;
    /** Pages of its own run list to read (0 = nothing to fetch for it). */
    runPages: number;
    /** `GET /v2/actors/{id}` needed (not known from a previous analysis). */
    detail: boolean;
    /** Builds list needed. */
    buildsList: boolean;
    /** Build GETs after the list (≤ 2). */
    buildGets: number;
    sampledRuns: readonly PlannedSampledRun[];
}

export interface CollectionPlan {
    actorListPages: number;
    /** Pages of the account-wide run list covering what must be fetched (0 = nothing). */
    accountRunPages: number;
    actors: readonly PlannedActor[];
}

export function countPlanRequests(plan: CollectionPlan, strategy: RunListStrategy): number {
    let total = plan.actorListPages;
    total += strategy === 'account-wide' ? plan.accountRunPages : plan.actors.reduce((sum, a) => sum + a.runPages, 0);
    for (const a of plan.actors) {
        total += (a.detail ? 1 : 0) + (a.buildsList ? 1 : 0) + a.buildGets;
        for (const s of a.sampledRuns)
            total += (s.detail !== false ? 1 : 0) + (s.dataset ? 1 : 0) + (s.statistics ? 1 : 0);
    }
    return total;
}

/** The plan's requests and their dependencies (see the header), resources named as the emulator's limiter does. */
export function buildRequestGraph(plan: CollectionPlan, strategy: RunListStrategy): ModelRequest[] {
    const requests: ModelRequest[] = [];
    const add = (kind: string, resource: string | null, deps: number[]): number => {
        requests.push({ kind, resource, deps });
        return requests.length - 1;
    };
    const actorPages = Array.from({ length: plan.actorListPages }, () => add('actors-list', 'actors-list', []));
    const accountPages =
        strategy === 'account-wide'
            ? Array.from({ length: plan.accountRunPages }, () => add('runs-list', 'runs-list', []))
            : [];
    for (const actor of plan.actors) {
        const listPage = actorPages[actor.actorListPage];
        if (listPage === undefined)
            throw new Error(
                `Actor ${actor.id} is on Actor list page ${actor.actorListPage}, but the plan has ${plan.actorListPages} page(s).`,
            );
        if (actor.detail) add('actor-get', `actor-get:${actor.id}`, [listPage]);
        if (actor.buildsList) {
            const list = add('actor-builds-list', `actor-builds-list:${actor.id}`, [listPage]);
            for (let k = 0; k < actor.buildGets; k += 1) add('build-get', null, [list]);
        }
        const ownPages =
            strategy === 'per-actor'
                ? Array.from({ length: actor.runPages }, () =>
                      add('actor-runs-list', `actor-runs-list:${actor.id}`, [listPage]),
                  )
                : [];
        for (const sampled of actor.sampledRuns) {
            const pageIndex = strategy === 'per-actor' ? sampled.perActorPage : sampled.accountPage;
            const page =
                pageIndex === null ? listPage : (strategy === 'per-actor' ? ownPages : accountPages)[pageIndex];
            if (page === undefined)
                throw new Error(
                    `A sampled run of Actor ${actor.id} is on run list page ${pageIndex}, which the plan does not read.`,
                );
            if (sampled.detail !== false) add('run-get', null, [page]);
            if (sampled.dataset) {
                const dataset = add('dataset-get', null, [page]);
                if (sampled.statistics) add('dataset-statistics', null, [dataset]);
            }
        }
    }
    return requests;
}

export interface LowerBound {
    /** The fewest requests (the cheaper run-list strategy). */
    minRequests: number;
    minRequestsStrategy: RunListStrategy;
    /** The shortest schedule over both strategies' request sets. */
    lowerBoundMs: number;
    lowerBoundStrategy: RunListStrategy;
    byStrategy: Record<RunListStrategy, { requests: number; makespanMs: number } | null>;
}

export function computeLowerBound(plan: CollectionPlan, limits: ModelLimits): LowerBound {
    const strategies: RunListStrategy[] =
        plan.accountRunPages > 0 || plan.actors.every((a) => a.runPages === 0)
            ? ['per-actor', 'account-wide']
            : ['per-actor'];
    const byStrategy: LowerBound['byStrategy'] = { 'per-actor': null, 'account-wide': null };
    for (const strategy of strategies) {
        byStrategy[strategy] = {
            requests: countPlanRequests(plan, strategy),
            makespanMs: scheduleRequests(buildRequestGraph(plan, strategy), limits).makespanMs,
        };
    }
    const options = strategies.map((s) => ({ strategy: s, ...byStrategy[s]! }));
    const fewest = options.reduce((best, o) => (o.requests < best.requests ? o : best));
    const fastest = options.reduce((best, o) => (o.makespanMs < best.makespanMs ? o : best));
    return {
        minRequests: fewest.requests,
        minRequestsStrategy: fewest.strategy,
        lowerBoundMs: fastest.makespanMs,
        lowerBoundStrategy: fastest.strategy,
        byStrategy,
    };
}
