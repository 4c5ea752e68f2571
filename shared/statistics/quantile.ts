/**
 * Quantiles with ONE definition across the product: linear interpolation between order
 * statistics, Hyndman & Fan type 7 (the default of R, NumPy and Excel's PERCENTILE.INC):
 * h = (n − 1)·q, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) on the sorted values.
 *
 * Empty input → null (there is no median of nothing; callers show "—", never 0).
 * Non-finite values are ignored. q outside [0, 1] throws: that is a programming error.
 */

/** Sorts a copy ascending, dropping NaN and ±Infinity. */
export function sortFinite(values: readonly number[]): number[] {
    return values.filter((value) => Number.isFinite(value)).sort((x, y) => x - y);
}

/** Type-7 quantile of values that are already sorted ascending and finite. */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be within [0, 1], got ${q}`);
    if (sorted.length === 0) return null;
    const h = (sorted.length - 1) * q;
    const lowerIndex = Math.floor(h);
    const lower = sorted[lowerIndex]!;
    const upper = sorted[Math.min(lowerIndex + 1, sorted.length - 1)]!;
    return lower + (h - lowerIndex) * (upper - lower);
}

/** Type-7 quantile of values in any order. */
export function quantile(values: readonly number[], q: number): number | null {
    return quantileSorted(sortFinite(values), q);
}

export function median(values: readonly number[]): number | null {
    return quantile(values, 0.5);
}

export function p95(values: readonly number[]): number | null {
    return quantile(values, 0.95);
}
