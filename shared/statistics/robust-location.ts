/**
 * Robust location of a skewed, heavy-tailed sample (cost per run, duration): one expensive
 * run must not move "what a run costs". The median (quantile.ts) and the trimmed mean:
 *
 *     trimmedMean(x, t): sort, drop ⌊n·t⌋ values at each end, average the rest
 *
 * as R's `mean(x, trim = t)` (R returns the median for t ≥ 0.5). The trimmed mean keeps more
 * of the data's information than the median while ignoring the extremes.
 */
import { median, sortFinite } from './quantile.js';

export { median };

/** 10 % per side: one run in ten may be an outlier without moving the estimate. */
export const DEFAULT_TRIM_FRACTION = 0.1;

/** @returns null for empty input; non-finite values are ignored. trim within [0, 0.5]. */
export function trimmedMean(values: readonly number[], trim: number = DEFAULT_TRIM_FRACTION): number | null {
    if (!(trim >= 0 && trim <= 0.5)) throw new RangeError(`trim must be within [0, 0.5], got ${trim}`);
    const sorted = sortFinite(values);
    if (sorted.length === 0) return null;
    if (trim === 0.5) return median(sorted);
    const cut = Math.floor(sorted.length * trim);
    const kept = sorted.slice(cut, sorted.length - cut);
    return kept.reduce((sum, value) => sum + value, 0) / kept.length;
}

/** Mean of per-group values weighted by group size (e.g. cost per run from daily totals). */
export function ratioOfSums(numerators: readonly number[], denominators: readonly number[]): number | null {
    let numerator = 0;
    let denominator = 0;
    for (let i = 0; i < Math.min(numerators.length, denominators.length); i += 1) {
        numerator += numerators[i]!;
        denominator += denominators[i]!;
    }
    return denominator > 0 ? numerator / denominator : null;
}
