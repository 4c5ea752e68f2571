/**
 * Per-Actor run lists or the account-wide `/v2/actor-runs` list: whichever needs fewer requests.
 *
 * - Only Actors that can have runs to fetch count: `stats.lastRunStartedAt` before the first
 *   day to fetch means nothing new, and no request is made for that Actor at all.
 * - Per-Actor lists cost P = Σ ceil(runs_a / 1000) requests, at least one per Actor: P ≥ A.
 * - The account-wide list costs W = ceil(T / 1000), where T counts every run of the account in
 *   the range, including runs of Actors not owned or not selected (a user running Store
 *   Actors). T is learnt from the list's first page (`total`), which is requested anyway when
 *   the account-wide list wins; when it loses, that one request is the price of knowing.
 * - Rule: with one Actor to fetch, per-Actor (no probe). Otherwise probe; account-wide when
 *   W ≤ A (then it is never worse than per-Actor), else per-Actor. Since
 *   P ≤ Σ runs_a/1000 + A ≤ W + A, the per-Actor choice costs at most W + A + 1 < 2W + 1.
 */
import { LIST_PAGE_SIZE } from './fleet-api.js';

export type RunListStrategyKind = 'none' | 'per-actor' | 'account-wide';
export interface RunListStrategy {
    kind: RunListStrategyKind;
    /** Said in the report's collection facts. */
    reason: string;
}

export function pagesFor(total: number): number {
    return Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
}

export function chooseRunListStrategy(actorsToFetch: number, accountWideTotal: number | null): RunListStrategy {
    if (actorsToFetch === 0)
        return { kind: 'none', reason: 'No selected Actor has runs to fetch (all cached or no runs since).' };
    if (actorsToFetch === 1 || accountWideTotal === null) {
        return { kind: 'per-actor', reason: 'One Actor to fetch: its own run list is the cheapest.' };
    }
    const pages = pagesFor(accountWideTotal);
    if (pages <= actorsToFetch) {
        return {
            kind: 'account-wide',
            reason: `Account-wide list: ${pages} page(s) of 1,000 vs at least ${actorsToFetch} per-Actor list requests.`,
        };
    }
    return {
        kind: 'per-actor',
        reason: `Per-Actor lists: ${actorsToFetch} Actor(s) to fetch vs ${pages} account-wide page(s) (the account has many runs of other Actors).`,
    };
}

/** What the fewest-requests estimate needs to know about a fleet and a window. */
export interface FleetShape {
    /** Actors the `my=1` list returns (before include/exclude). */
    ownedActorCount: number;
    /** Every run of the account in the window (the account-wide list's `total`). */
    accountRunsInWindow: number;
    actors: ReadonlyArray<{
        /** Selected Actors only. Runs in the window that the analysis counts. */
        runsInWindow: number;
        /** Builds the Actor has (0 → no builds request). */
        totalBuilds: number;
        /** Finished builds among the newest BUILDS_LIST_LIMIT (capped at 2 → build GETs). */
        finishedRecentBuilds: number;
        /**
         * Sampled runs whose detail is read: the sampling rules' runs but those only the quality baseline picks (see
         * sampling.ts).
         */
        sampledRuns: number;
        /** Sampled runs that SUCCEEDED with a default dataset (dataset metadata GETs). */
        sampledDatasets: number;
        /** Of those, datasets with items (field statistics GETs). */
        sampledDatasetsWithItems: number;
    }>;
}

/**
 * The fewest requests any collector needs for the data the report uses (full analysis, page
 * size 1,000), assuming it knew the fleet shape in advance:
 *   ceil(owned/1000) actor list pages
 * + min(ceil(T/1000), Σ_{a with runs} ceil(runs_a/1000)) run list pages
 * + Σ_a [ 1 Actor detail + (builds > 0 ? 1 builds list + min(2, finished) build GETs : 0)
 *         + sampled run GETs + dataset GETs + statistics GETs ].
 * The sample includes the quality baseline (the last SUCCEEDED non-TEST run of each of the 14
 * most recent days with one): each such run not already picked by another rule adds a
 * dataset GET and, when its dataset has items, a statistics GET, but no run GET.
 * This collector matches it except for the one probe request when per-Actor lists win.
 */
export function estimateMinimumRequests(shape: FleetShape): number {
    const actorPages = pagesFor(shape.ownedActorCount);
    const active = shape.actors.filter((a) => a.runsInWindow > 0);
    const perActorPages = active.reduce((sum, a) => sum + pagesFor(a.runsInWindow), 0);
    const runPages = active.length === 0 ? 0 : Math.min(pagesFor(shape.accountRunsInWindow), perActorPages);
    let perActor = 0;
    for (const a of shape.actors) {
        perActor += 1;
        if (a.totalBuilds > 0) perActor += 1 + Math.min(2, a.finishedRecentBuilds);
        perActor += a.sampledRuns + a.sampledDatasets + a.sampledDatasetsWithItems;
    }
    return actorPages + runPages + perActor;
}
