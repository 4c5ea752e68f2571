/**
 * Exact one-sided binomial test: how likely are at least `events` events in `trials`
 * independent trials if each has probability `rate`?
 *
 * quality-monitor judges a handful of sampled runs (one per day): the normal approximation is
 * useless there, the exact tail is cheap (trials ≤ a few dozen). The core's outage detection
 * tests one Actor-day against the Actor's own rate with it too.
 */
import { logGamma } from './fisher-exact-test.js';

function logChoose(n: number, k: number): number {
    return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * P(X ≥ events) for X ~ Binomial(trials, rate).
 * @returns null for invalid input (non-integer or negative counts, events > trials, rate outside [0, 1]).
 */
export function binomialUpperTail(events: number, trials: number, rate: number): number | null {
    if (!Number.isInteger(events) || !Number.isInteger(trials) || events < 0 || trials < 0 || events > trials)
        return null;
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) return null;
    if (events === 0) return 1;
    if (rate === 0) return 0;
    if (rate === 1) return 1;
    const logRate = Math.log(rate);
    const logMiss = Math.log1p(-rate);
    let tail = 0;
    for (let k = events; k <= trials; k++)
        tail += Math.exp(logChoose(trials, k) + k * logRate + (trials - k) * logMiss);
    return Math.min(1, tail);
}
