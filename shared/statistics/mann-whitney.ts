/**
 * Mann–Whitney U test (Wilcoxon rank-sum) with the normal approximation, tie correction and
 * continuity correction: did the values of group B shift relative to group A?
 *
 * Used for duration shifts between builds (release-gate): durations are skewed and heavy-
 * tailed, so a rank test is sounder than comparing means. Also returns the Hodges–Lehmann-free
 * effect size P(B > A) + ½·P(B = A) ("common-language effect size") and the medians.
 */
import { normalUpperTail } from './normal-cdf.js';
import { median } from './quantile.js';

/** Below 8 values per group the normal approximation of U is poor; return null instead. */
export const DEFAULT_MIN_SAMPLES_PER_GROUP = 8;

export interface MannWhitneyResult {
    /** U statistic of group B (number of pairs where B > A, ties count ½). */
    uB: number;
    z: number;
    /** H1: B tends to be larger than A. */
    pValueGreater: number;
    /** H1: B tends to be smaller than A. */
    pValueLess: number;
    pValueTwoSided: number;
    /** uB / (nA·nB): 0.5 = no shift, 1 = every B above every A. */
    probabilityBGreater: number;
    medianA: number;
    medianB: number;
}

export interface MannWhitneyOptions {
    minSamplesPerGroup?: number;
}

/** @returns null when either group (after dropping non-finite values) is below the minimum. */
export function mannWhitneyTest(
    groupA: readonly number[],
    groupB: readonly number[],
    options: MannWhitneyOptions = {},
): MannWhitneyResult | null {
    const a = groupA.filter((value) => Number.isFinite(value));
    const b = groupB.filter((value) => Number.isFinite(value));
    const minSamples = Math.max(1, options.minSamplesPerGroup ?? DEFAULT_MIN_SAMPLES_PER_GROUP);
    if (a.length < minSamples || b.length < minSamples) return null;

    const combined = [...a.map((value) => ({ value, isB: false })), ...b.map((value) => ({ value, isB: true }))].sort(
        (x, y) => x.value - y.value,
    );
    const n = combined.length;
    let rankSumB = 0;
    let tieTerm = 0;
    for (let start = 0; start < n;) {
        let end = start;
        while (end + 1 < n && combined[end + 1]!.value === combined[start]!.value) end++;
        const tieSize = end - start + 1;
        const averageRank = (start + end) / 2 + 1;
        for (let i = start; i <= end; i++) if (combined[i]!.isB) rankSumB += averageRank;
        tieTerm += tieSize ** 3 - tieSize;
        start = end + 1;
    }
    const nA = a.length;
    const nB = b.length;
    const uB = rankSumB - (nB * (nB + 1)) / 2;
    const meanU = (nA * nB) / 2;
    const varianceU = ((nA * nB) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
    let z = 0;
    if (varianceU > 0) {
        const deviation = uB - meanU;
        // Continuity correction towards zero.
        const corrected = Math.sign(deviation) * Math.max(0, Math.abs(deviation) - 0.5);
        z = corrected / Math.sqrt(varianceU);
    }
    const pValueGreater = normalUpperTail(z);
    const pValueLess = normalUpperTail(-z);
    return {
        uB,
        z,
        pValueGreater,
        pValueLess,
        pValueTwoSided: Math.min(1, 2 * Math.min(pValueGreater, pValueLess)),
        probabilityBGreater: uB / (nA * nB),
        medianA: median(a)!,
        medianB: median(b)!,
    };
}
