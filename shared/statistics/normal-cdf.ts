/**
 * Standard normal distribution: Φ(z) and the upper tail 1 − Φ(z).
 *
 * erfc by the Chebyshev fit of Numerical Recipes (`erfcc`), whose *relative* error is below
 * 1.2e-7 everywhere — so tiny p-values (1e-12) keep their precision, which the common
 * 1 − erf(x) approach loses by cancellation. NaN in → NaN out.
 */

const ERFC_COEFFICIENTS = [
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
    0.17087277,
];

/** Complementary error function erfc(x) = 1 − erf(x), relative error < 1.2e-7. */
export function erfc(x: number): number {
    if (Number.isNaN(x)) return Number.NaN;
    const absX = Math.abs(x);
    const t = 1 / (1 + 0.5 * absX);
    let poly = 0;
    for (let i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) poly = ERFC_COEFFICIENTS[i]! + t * poly;
    const value = t * Math.exp(-absX * absX + poly);
    return x >= 0 ? value : 2 - value;
}

/** Error function erf(x). */
export function erf(x: number): number {
    return 1 - erfc(x);
}

/** P(Z > z) for a standard normal Z; exact 0 / 1 at ±∞. */
export function normalUpperTail(z: number): number {
    if (z === Number.POSITIVE_INFINITY) return 0;
    if (z === Number.NEGATIVE_INFINITY) return 1;
    return Math.min(1, Math.max(0, 0.5 * erfc(z / Math.SQRT2)));
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
    if (Number.isNaN(z)) return Number.NaN;
    return 1 - normalUpperTail(z);
}
