/**
 * Is the event rate of a recent period higher than the baseline's, compared within strata
 * (weekdays)? The Cochran–Mantel–Haenszel test for K 2×2 tables, one-sided:
 *
 *     per stratum k: a_k = recent events, n1_k = recent trials, n2_k = baseline trials,
 *                    m1_k = all events, N_k = n1_k + n2_k
 *     E[a_k] = n1_k·m1_k/N_k,  Var[a_k] = n1_k·n2_k·m1_k·(N_k − m1_k) / (N_k²·(N_k − 1))
 *     Z = (Σ a_k − Σ E[a_k]) / √Σ Var[a_k]     (no continuity correction; P(Z > z) one-sided)
 *
 * Agresti, Categorical Data Analysis (2nd ed.), §6.3.2. With one stratum Z equals the pooled
 * two-proportion z times √((N−1)/N) (see two-proportion-test.ts).
 *
 * Why strata: an Actor run hourly on weekdays and twice on Sundays has a different mix of
 * runs in a 7-day period than in a partial baseline; comparing Monday with Mondays removes
 * the weekday effect from the rate comparison. Strata without both periods carry no
 * information and are left out.
 */
import { normalUpperTail } from './normal-cdf.js';
import type { ProportionSample } from './two-proportion-test.js';

export interface StratumSamples {
    baseline: ProportionSample;
    recent: ProportionSample;
}

export interface StratifiedProportionResult {
    recent: ProportionSample;
    baseline: ProportionSample;
    /** Σ recent events expected from the baseline rates of the same strata. */
    expectedRecentEvents: number;
    z: number;
    /** H1: the recent rate is higher. */
    pValueGreater: number;
    /** Strata that had runs in both periods. */
    strataUsed: number;
}

function addSample(total: ProportionSample, sample: ProportionSample): void {
    total.events += sample.events;
    total.trials += sample.trials;
}

/** @returns null when no stratum has trials in both periods. */
export function stratifiedProportionTest(strata: readonly StratumSamples[]): StratifiedProportionResult | null {
    const recent = { events: 0, trials: 0 };
    const baseline = { events: 0, trials: 0 };
    let observed = 0;
    let expected = 0;
    let variance = 0;
    let strataUsed = 0;
    for (const stratum of strata) {
        const n1 = stratum.recent.trials;
        const n2 = stratum.baseline.trials;
        const total = n1 + n2;
        if (n1 <= 0 || n2 <= 0 || total < 2) continue;
        const events = stratum.recent.events + stratum.baseline.events;
        strataUsed += 1;
        addSample(recent, stratum.recent);
        addSample(baseline, stratum.baseline);
        observed += stratum.recent.events;
        expected += (n1 * events) / total;
        variance += (n1 * n2 * events * (total - events)) / (total * total * (total - 1));
    }
    if (strataUsed === 0) return null;
    // No variance: every run of both periods alike (all failed or none): no evidence of a change.
    const z = variance === 0 ? 0 : (observed - expected) / Math.sqrt(variance);
    return { recent, baseline, expectedRecentEvents: expected, z, pValueGreater: normalUpperTail(z), strataUsed };
}
