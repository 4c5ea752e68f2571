/**
 * Mann–Kendall trend test: does a series drift monotonically (up or down) over time, without
 * assuming a linear shape or normal noise?
 *
 *     S = Σ_{i<j} sign(x_j − x_i)
 *     Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18     (t_g = size of tie group g)
 *     Z = (S − 1)/√Var(S) if S > 0,  (S + 1)/√Var(S) if S < 0,  0 otherwise (continuity correction)
 *
 * As in Kendall (1975) and R's `Kendall::MannKendall` / `trend::mk.test`. The normal
 * approximation is used for every n ≥ MANN_KENDALL_MIN_POINTS; with four points the smallest
 * one-sided p-value it can give is ≈ 0.045, so a short series alone never reaches a strict
 * level: callers combine it with a test that has the power (see shared/analysis/core-checks).
 * Non-finite values are dropped (a week without runs has no rate).
 */
import { normalUpperTail } from './normal-cdf.js';

/** Three points have only 3 pairs: S says nothing a person could not see by eye. */
export const MANN_KENDALL_MIN_POINTS = 4;

export interface MannKendallResult {
    /** Number of points used (finite values). */
    n: number;
    s: number;
    /** Var(S) with the ties correction. */
    varianceS: number;
    z: number;
    /** Kendall's tau-a = S / (n(n−1)/2): −1 (always falling) … 1 (always rising). */
    tau: number;
    /** H1: the series rises. */
    pValueIncreasing: number;
    /** H1: the series falls. */
    pValueDecreasing: number;
    pValueTwoSided: number;
}

function tieCorrection(values: readonly number[]): number {
    const counts = new Map<number, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    let correction = 0;
    for (const t of counts.values()) correction += t * (t - 1) * (2 * t + 5);
    return correction;
}

/** @returns null when fewer than MANN_KENDALL_MIN_POINTS finite values remain. */
export function mannKendallTest(series: readonly number[]): MannKendallResult | null {
    const values = series.filter((value) => Number.isFinite(value));
    const n = values.length;
    if (n < MANN_KENDALL_MIN_POINTS) return null;
    let s = 0;
    for (let i = 0; i < n - 1; i += 1) for (let j = i + 1; j < n; j += 1) s += Math.sign(values[j]! - values[i]!);
    const varianceS = (n * (n - 1) * (2 * n + 5) - tieCorrection(values)) / 18;
    const standardDeviation = Math.sqrt(varianceS);
    // All values tied: no ordering information at all.
    const z = standardDeviation === 0 || s === 0 ? 0 : (s - Math.sign(s)) / standardDeviation;
    const pValueIncreasing = normalUpperTail(z);
    const pValueDecreasing = normalUpperTail(-z);
    return {
        n,
        s,
        varianceS,
        z,
        tau: s / ((n * (n - 1)) / 2),
        pValueIncreasing,
        pValueDecreasing,
        pValueTwoSided: Math.min(1, 2 * Math.min(pValueIncreasing, pValueDecreasing)),
    };
}
