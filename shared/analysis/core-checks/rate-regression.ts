/**
 * Regression of a bad-outcome rate (failures, timeouts): the recent period against the
 * reference period before it, within the window.
 *
 * Fires only when ALL hold, so it is statistically sound and material:
 * 1. both periods have at least `minRunsForRateSignals` finished runs;
 * 2. the rate rose by at least `regressionMinIncreasePoints` percentage points;
 * 3. the one-sided test "recent > reference" has p < `regressionSignificanceLevel` — the
 *    pooled two-proportion z-test when its normal approximation holds (every expected count
 *    ≥ 5), otherwise the exact Fisher test.
 * One failure in two runs never fires (rule 1); 2 % → 20 % over hundreds of runs does.
 */
import type { RunGroupStats } from '../../contracts/fleet-data.js';
import type { Severity } from '../../contracts/signals.js';
import { getRateDenominator } from '../../metrics/run-counts.js';
import { fisherExactGreater } from '../../statistics/fisher-exact-test.js';
import { twoProportionTest, type ProportionSample } from '../../statistics/two-proportion-test.js';
import type { CoreThresholds } from '../core-thresholds.js';

export interface RateRegressionResult {
    recentRate: number;
    referenceRate: number;
    increasePoints: number;
    pValue: number;
    method: 'z-test' | 'fisher-exact';
    recent: ProportionSample;
    reference: ProportionSample;
}

export function detectRateRegression(
    reference: RunGroupStats,
    recent: RunGroupStats,
    countEvents: (stats: RunGroupStats) => number,
    thresholds: Pick<
        CoreThresholds,
        'minRunsForRateSignals' | 'regressionMinIncreasePoints' | 'regressionSignificanceLevel'
    >,
): RateRegressionResult | null {
    const referenceSample = { events: countEvents(reference), trials: getRateDenominator(reference) };
    const recentSample = { events: countEvents(recent), trials: getRateDenominator(recent) };
    const test = twoProportionTest(referenceSample, recentSample, {
        minTrialsPerGroup: thresholds.minRunsForRateSignals,
    });
    if (test === null) return null;
    const increasePoints = test.difference * 100;
    if (increasePoints < thresholds.regressionMinIncreasePoints) return null;
    const pValue = test.isApproximationValid ? test.pValueGreater : fisherExactGreater(referenceSample, recentSample);
    if (pValue === null || pValue >= thresholds.regressionSignificanceLevel) return null;
    return {
        recentRate: test.rateB,
        referenceRate: test.rateA,
        increasePoints,
        pValue,
        method: test.isApproximationValid ? 'z-test' : 'fisher-exact',
        recent: recentSample,
        reference: referenceSample,
    };
}

/** ≥ 20 points or a recent rate of half the runs: critical; ≥ 10 points: high; else medium. */
export function getRegressionSeverity(result: Pick<RateRegressionResult, 'increasePoints' | 'recentRate'>): Severity {
    if (result.increasePoints >= 20 || result.recentRate >= 0.5) return 'critical';
    if (result.increasePoints >= 10) return 'high';
    return 'medium';
}
