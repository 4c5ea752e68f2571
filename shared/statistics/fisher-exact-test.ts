/**
 * One-sided Fisher exact test on a 2×2 table: is group B's event rate greater than group A's?
 *
 * The z-test's normal approximation overstates significance when few events are expected
 * (0 failures in 100 runs, then 3 in 20: z says p ≈ 4e-5, the exact answer is ≈ 0.004).
 * Callers use this exact test whenever `twoProportionTest(...).isApproximationValid` is false.
 */
import type { ProportionSample } from './two-proportion-test.js';

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
const LANCZOS_COEFFICIENTS = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
    if (x < 0.5) {
        // Reflection formula keeps the approximation accurate near 0.
        return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    const shifted = x - 1;
    let sum = LANCZOS_COEFFICIENTS[0]!;
    for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += LANCZOS_COEFFICIENTS[i]! / (shifted + i);
    const t = shifted + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

function logChoose(n: number, k: number): number {
    return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * P(B has at least `b.events` events | the margins), H1: rateB > rateA.
 * @returns null for invalid input or when a group has no trials.
 */
export function fisherExactGreater(a: ProportionSample, b: ProportionSample): number | null {
    const samples = [a, b];
    if (
        samples.some(
            (s) =>
                !Number.isInteger(s.events) ||
                !Number.isInteger(s.trials) ||
                s.events < 0 ||
                s.trials <= 0 ||
                s.events > s.trials,
        )
    )
        return null;
    const totalEvents = a.events + b.events;
    const totalTrials = a.trials + b.trials;
    const maxEventsInB = Math.min(totalEvents, b.trials);
    const logDenominator = logChoose(totalTrials, totalEvents);
    let pValue = 0;
    for (let k = b.events; k <= maxEventsInB; k++) {
        const eventsInA = totalEvents - k;
        if (eventsInA > a.trials) continue;
        pValue += Math.exp(logChoose(b.trials, k) + logChoose(a.trials, eventsInA) - logDenominator);
    }
    return Math.min(1, pValue);
}
