/**
 * Which runs get a detail GET (memory, exit code, status message) and a look at their default
 * dataset's metadata. Run lists never carry those fields and one GET per run does not scale
 * (1 M runs), so each Actor gets a small, bounded sample.
 *
 * The sample is anchored to UTC days: "the last run of each of the N most recent days that
 * had one" rather than "the N most recent runs". Both give the analyses the same kind of
 * evidence, but a day-anchored sample barely moves when the window slides by a day: an
 * incremental analysis one day later needs details for about one new run per category
 * instead of a whole new sample, and everything else comes from the cache (details of
 * finished runs never change).
 *
 * Per Actor, at most SAMPLE_MAX_RUNS_PER_ACTOR distinct runs (only finished runs):
 * - recent: the last run of each of the 7 most recent days with runs — memory use and
 *   duration over a week, the build in use;
 * - recent-failure: the last FAILED / TIMED-OUT run of each of the 5 most recent days with
 *   failures — exit codes and status messages behind the failure rate;
 * - test-origin: the last TEST-origin run of each of the 3 most recent days with one — the
 *   Store's daily test that decides "under maintenance";
 * - build-comparison: for each of the two highest build numbers that ran in the window, its
 *   last run of each of the 3 most recent days it ran — before/after evidence for a release;
 * - quality baseline: the last SUCCEEDED, non-TEST run of each of the 14 most recent days
 *   with one — the data-quality checks (empty datasets, field null rates) compare the last
 *   week with the Actor's OWN earlier samples. The rules above reach back about a week, so
 *   almost no Actor had a sampled success older than 7 days: the empty check fell back to an
 *   assumed 5 % normal share, and an Actor that is legitimately empty ~30 % of the time was
 *   flagged. Fourteen days give a week of baseline next to the recent week. SUCCEEDED only
 *   (only they get dataset metadata), non-TEST (the Store's daily test runs a fixed small
 *   input). Day-anchored like the rest: an incremental analysis fetches the new day's run
 *   only; the older ones are in the cache. A run only this rule picks gets no run detail GET
 *   (its memory, exit code and status message stay null; the rest comes from the run list).
 *   Labelled `recent` (the contract has no reason of its own for it; no analysis treats
 *   `recent` as "last 7 days").
 * A run picked by several rules is fetched once and labelled with the first rule above.
 * Dataset metadata is read for sampled SUCCEEDED runs only (failed runs' partial datasets
 * say little); field statistics only when that dataset has items. Never dataset items.
 */
import type { SampledRun } from '../../../shared/contracts/fleet-data.js';
import { isNewer, type DayCandidates, type RunRef } from './run-aggregation.js';

export const SAMPLE_RECENT_DAYS = 7;
export const SAMPLE_FAILURE_DAYS = 5;
export const SAMPLE_TEST_DAYS = 3;
export const SAMPLE_BUILDS = 2;
export const SAMPLE_DAYS_PER_BUILD = 3;
/** Days of the quality baseline (see above): a week of baseline next to the recent week. */
export const SAMPLE_BASELINE_DAYS = 14;
export const SAMPLE_MAX_RUNS_PER_ACTOR =
    SAMPLE_RECENT_DAYS +
    SAMPLE_FAILURE_DAYS +
    SAMPLE_TEST_DAYS +
    SAMPLE_BUILDS * SAMPLE_DAYS_PER_BUILD +
    SAMPLE_BASELINE_DAYS;

export type SampleReason = SampledRun['sampledBecause'];

export interface SampleEntry {
    ref: RunRef;
    reason: SampleReason;
    /**
     * Whether the run detail is read. false = only the quality baseline picked the run: it
     * needs the dataset metadata and statistics, and everything else it uses is in the run
     * list item, so the run GET is saved (a third of such a run's requests).
     */
    detail: boolean;
}

/** Compares dotted build numbers numerically ("0.10.1" > "0.9.3"). */
export function compareBuildNumbers(a: string, b: string): number {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
        const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (diff !== 0 && !Number.isNaN(diff)) return diff;
    }
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Draws the sample from the per-day candidates of one Actor (days in the window only).
 * Pure and deterministic: full and incremental collections pick the same runs.
 */
export function selectSample(candidatesByDay: ReadonlyMap<string, DayCandidates>): SampleEntry[] {
    const daysNewestFirst = [...candidatesByDay.keys()].sort().reverse();
    const chosen = new Map<string, SampleEntry>();
    const take = (
        pick: (c: DayCandidates) => RunRef | null | undefined,
        days: number,
        reason: SampleReason,
        detail = true,
    ): void => {
        let taken = 0;
        for (const day of daysNewestFirst) {
            if (taken >= days) break;
            const ref = pick(candidatesByDay.get(day)!);
            if (ref === null || ref === undefined) continue;
            taken += 1;
            if (!chosen.has(ref.id)) chosen.set(ref.id, { ref, reason, detail });
        }
    };
    take((c) => c.lastRun, SAMPLE_RECENT_DAYS, 'recent');
    take((c) => c.lastFailure, SAMPLE_FAILURE_DAYS, 'recent-failure');
    take((c) => c.lastTest, SAMPLE_TEST_DAYS, 'test-origin');

    const builds = new Set<string>();
    for (const c of candidatesByDay.values()) for (const build of Object.keys(c.lastByBuild)) builds.add(build);
    const latestBuilds = [...builds].sort(compareBuildNumbers).reverse().slice(0, SAMPLE_BUILDS);
    for (const build of latestBuilds) take((c) => c.lastByBuild[build], SAMPLE_DAYS_PER_BUILD, 'build-comparison');
    take((c) => c.lastSuccess, SAMPLE_BASELINE_DAYS, 'recent', false);

    return [...chosen.values()].sort((a, b) => (isNewer(a.ref, b.ref) ? -1 : 1));
}

/** Whether a sampled run's dataset metadata is worth a request (see the rules above). */
export function wantsDataset(ref: RunRef): boolean {
    return ref.status === 'SUCCEEDED' && ref.defaultDatasetId !== null;
}
