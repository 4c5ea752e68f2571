/**
 * Wilson score interval for a binomial proportion.
 *
 * Chosen over the normal ("Wald") interval because it stays inside [0, 1] and behaves well
 * for small samples and proportions near 0 or 1 — exactly the low-volume Actors where a
 * naive rate (1 failure in 2 runs = 50 %) would mislead.
 */

export interface ProportionInterval {
    low: number;
    high: number;
}

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.96;

/**
 * @returns the interval for `successes / trials`, or null when `trials` is 0 (nothing to
 * estimate) or the input is invalid (negative, non-finite, successes > trials).
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): ProportionInterval | null {
    if (!Number.isFinite(successes) || !Number.isFinite(trials) || !Number.isFinite(z)) return null;
    if (trials <= 0 || successes < 0 || successes > trials || z < 0) return null;
    const p = successes / trials;
    const z2 = z * z;
    const denominator = 1 + z2 / trials;
    const centre = (p + z2 / (2 * trials)) / denominator;
    const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
    return {
        low: Math.max(0, centre - halfWidth),
        high: Math.min(1, centre + halfWidth),
    };
}
