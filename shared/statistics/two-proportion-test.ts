/**
 * Pooled two-proportion z-test: is the event rate of group B different from (or greater
 * than) that of group A?
 *
 * Used for "failure rate of the last 7 days vs the 21 days before" and "latest build vs
 * previous build". The normal approximation is only trustworthy with enough trials and
 * enough expected events; `isApproximationValid` says whether the usual rule (every expected
 * cell count ≥ 5) holds so a caller can fall back to `fisherExactTest` for small counts.
 */
import { normalUpperTail } from './normal-cdf.js';

export interface ProportionSample {
    /** Runs with the event (e.g. failed or timed out). */
    events: number;
    /** All runs that could have had it. */
    trials: number;
}

export interface TwoProportionTestOptions {
    /** Below this many trials in either group the test returns null. */
    minTrialsPerGroup?: number;
}

export interface TwoProportionTestResult {
    rateA: number;
    rateB: number;
    /** rateB − rateA. */
    difference: number;
    pooledRate: number;
    /** (rateB − rateA) / pooled standard error; 0 when both groups are all-or-nothing alike. */
    z: number;
    /** H1: rateB ≠ rateA. */
    pValueTwoSided: number;
    /** H1: rateB > rateA (one-sided, upper). */
    pValueGreater: number;
    /** H1: rateB < rateA (one-sided, lower). */
    pValueLess: number;
    /** Every expected count (pooled rate × trials, and its complement) is at least 5. */
    isApproximationValid: boolean;
}

/**
 * Ten trials per group: below that a single run moves the rate by more than 10 points and
 * the z statistic says more about noise than about the Actor. Callers usually ask for more.
 */
export const DEFAULT_MIN_TRIALS_PER_GROUP = 10;

/** Classic rule of thumb for the normal approximation of a binomial. */
const MIN_EXPECTED_COUNT = 5;

function isValidSample(sample: ProportionSample): boolean {
    return (
        Number.isFinite(sample.events) &&
        Number.isFinite(sample.trials) &&
        sample.events >= 0 &&
        sample.trials >= 0 &&
        sample.events <= sample.trials
    );
}

/**
 * @returns null when either group has fewer than `minTrialsPerGroup` trials (default 10, never
 * below 1) or a sample is invalid (negative, non-finite, events > trials).
 */
export function twoProportionTest(
    a: ProportionSample,
    b: ProportionSample,
    options: TwoProportionTestOptions = {},
): TwoProportionTestResult | null {
    const minTrials = Math.max(1, options.minTrialsPerGroup ?? DEFAULT_MIN_TRIALS_PER_GROUP);
    if (!isValidSample(a) || !isValidSample(b)) return null;
    if (a.trials < minTrials || b.trials < minTrials) return null;

    const rateA = a.events / a.trials;
    const rateB = b.events / b.trials;
    const pooledRate = (a.events + b.events) / (a.trials + b.trials);
    const standardError = Math.sqrt(pooledRate * (1 - pooledRate) * (1 / a.trials + 1 / b.trials));
    // Pooled rate 0 or 1: both groups are identical (all events or none): no evidence of a difference.
    const z = standardError === 0 ? 0 : (rateB - rateA) / standardError;
    const pValueGreater = normalUpperTail(z);
    const pValueLess = normalUpperTail(-z);
    const pValueTwoSided = Math.min(1, 2 * Math.min(pValueGreater, pValueLess));
    const expectedCounts = [a.trials, b.trials].flatMap((n) => [n * pooledRate, n * (1 - pooledRate)]);
    return {
        rateA,
        rateB,
        difference: rateB - rateA,
        pooledRate,
        z,
        pValueTwoSided,
        pValueGreater,
        pValueLess,
        isApproximationValid: expectedCounts.every((count) => count >= MIN_EXPECTED_COUNT),
    };
}
