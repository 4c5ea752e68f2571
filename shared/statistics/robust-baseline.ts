/**
 * Robust baseline: median and MAD (median absolute deviation) of an Actor's own history, and
 * the robust z-score of a new value against it (Iglewicz & Hoaglin's modified z-score):
 *
 *     robustZ = 0.6745 · (x − median) / MAD
 *
 * 0.6745 makes the score comparable to a standard z-score for normal data; |robustZ| > 3.5 is
 * the classic outlier cut. Median/MAD ignore the very spikes we are looking for, where mean/SD
 * would be dragged by them.
 *
 * MAD floor: with tiny or constant histories (cost $0.001 every day) the MAD is 0 or close to
 * it and any change would be "infinitely" anomalous. The MAD used for the score is therefore
 * at least max(absoluteFloor, relativeFloor · |median|).
 */
import { median } from './quantile.js';

/** Makes the modified z-score match a standard z-score for normally distributed data. */
export const MODIFIED_Z_FACTOR = 0.6745;
/**
 * 5 % of the median: a spread smaller than that is treated as 5 % so a stable series does not
 * turn a 10 % wobble into a huge score.
 */
export const DEFAULT_RELATIVE_MAD_FLOOR = 0.05;
/** Absolute floor in the metric's unit; callers pass a unit-appropriate one (e.g. $0.01). */
export const DEFAULT_ABSOLUTE_MAD_FLOOR = 1e-9;

export interface RobustBaseline {
    median: number;
    /** Raw MAD (not scaled by 1.4826). */
    mad: number;
    /** The MAD actually used as denominator, after the floors. */
    madUsed: number;
    sampleSize: number;
}

export interface RobustBaselineOptions {
    absoluteMadFloor?: number;
    relativeMadFloor?: number;
}

/** @returns null for empty input (non-finite values are ignored). */
export function robustBaseline(values: readonly number[], options: RobustBaselineOptions = {}): RobustBaseline | null {
    const finite = values.filter((value) => Number.isFinite(value));
    const centre = median(finite);
    if (centre === null) return null;
    const mad = median(finite.map((value) => Math.abs(value - centre)))!;
    const absoluteFloor = options.absoluteMadFloor ?? DEFAULT_ABSOLUTE_MAD_FLOOR;
    const relativeFloor = options.relativeMadFloor ?? DEFAULT_RELATIVE_MAD_FLOOR;
    const madUsed = Math.max(mad, absoluteFloor, relativeFloor * Math.abs(centre));
    return { median: centre, mad, madUsed, sampleSize: finite.length };
}

/** Modified z-score of `value` against a baseline; never divides by zero thanks to the floor. */
export function robustZScore(value: number, baseline: RobustBaseline): number {
    if (baseline.madUsed <= 0) return value === baseline.median ? 0 : Math.sign(value - baseline.median) * Infinity;
    return (MODIFIED_Z_FACTOR * (value - baseline.median)) / baseline.madUsed;
}
