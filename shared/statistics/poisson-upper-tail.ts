/**
 * Poisson upper tail P(X ≥ k) for X ~ Poisson(mean): how surprising k events are when `mean`
 * are expected. Used where counts of independent starts are compared with a learned rate (the
 * activity watch's bursts). The tail is summed directly from k upwards in log space, so tiny
 * p-values (1e-40) keep their precision instead of vanishing in 1 − CDF.
 */

/** ln(n!) exactly by summation up to 1000, Stirling's series beyond (error < 1e-12 there). */
export function logFactorial(n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial needs a non-negative integer, got ${n}`);
    if (n <= 1000) {
        let sum = 0;
        for (let i = 2; i <= n; i += 1) sum += Math.log(i);
        return sum;
    }
    return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

function sumTermsFrom(start: number, mean: number, logFirstTerm: number): number {
    let term = Math.exp(logFirstTerm);
    let sum = 0;
    for (let i = start; i < start + 100_000; i += 1) {
        sum += term;
        term *= mean / (i + 1);
        if (term < sum * 1e-17 && i > mean) break;
    }
    return sum;
}

/** P(X ≥ k), X ~ Poisson(mean); k a non-negative integer, mean ≥ 0. */
export function poissonUpperTail(k: number, mean: number): number {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`mean must be finite and ≥ 0, got ${mean}`);
    if (k === 0) return 1;
    if (mean === 0) return 0;
    if (k <= mean) {
        // The lower part is the small one here: 1 − P(X ≤ k − 1) loses nothing that matters.
        let term = Math.exp(-mean);
        let lower = 0;
        for (let i = 0; i < k; i += 1) {
            lower += term;
            term *= mean / (i + 1);
        }
        return Math.min(1, Math.max(0, 1 - lower));
    }
    return Math.min(1, sumTermsFrom(k, mean, -mean + k * Math.log(mean) - logFactorial(k)));
}
