/**
 * Core check `high-failure-rate`, two ways to fire:
 * - the failure rate over the window is SURELY above the alert threshold — the lower bound of
 *   its Wilson 95 % interval exceeds it — with at least `minRunsForRateSignals` finished runs;
 * - or the Actor's finished runs MOSTLY FAILED (more than half, at least
 *   MOSTLY_FAILING_MIN_FINISHED_RUNS of them): a description of what happened, not an
 *   inference, so it needs no confidence interval. It costs 100 × the failure rate, so a
 *   mostly failing Actor scores below 50 (F) and one at 0 % success scores 0.
 * 1 failure in 2 runs: too few runs, never fires.
 */
import type { Severity, SignalInput } from '../../contracts/signals.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import { getFailureCount, getRateDenominator } from '../../metrics/run-counts.js';
import { wilsonInterval } from '../../statistics/wilson-interval.js';
import { type CoreCheckContext } from './check-context.js';
import { formatPercent } from '../../format/number-format.js';

export const HIGH_FAILURE_RATE_KIND = 'high-failure-rate';
/** Reliability points = this × the lower bound in percent: a surely-30 %-failing Actor loses 45. */
export const HIGH_FAILURE_RATE_POINTS_PER_PERCENT = 1.5;
export const HIGH_FAILURE_RATE_MIN_POINTS = 10;
export const HIGH_FAILURE_RATE_MAX_POINTS = 90;
/** Three finished runs: the fewest for which "most of them failed" is a pattern, not one bad run. */
export const MOSTLY_FAILING_MIN_FINISHED_RUNS = 3;

function getSeverity(lowerBound: number): Severity {
    if (lowerBound >= 0.5) return 'critical';
    if (lowerBound >= 0.25) return 'high';
    return 'medium';
}

export function checkHighFailureRate(context: CoreCheckContext): SignalInput[] {
    const runs = context.metrics.runs;
    const finished = getRateDenominator(runs);
    const failures = getFailureCount(runs);
    if (finished === 0) return [];
    const interval = wilsonInterval(failures, finished);
    const threshold = context.thresholds.failureRateAlertPercent / 100;
    const isSurelyHigh =
        finished >= context.thresholds.minRunsForRateSignals && interval !== null && interval.low > threshold;
    const isMostlyFailing = finished >= MOSTLY_FAILING_MIN_FINISHED_RUNS && failures / finished > 0.5;
    if (interval === null || (!isSurelyHigh && !isMostlyFailing)) return [];
    const { actor } = context.actorData;
    const severity = isMostlyFailing ? 'critical' : getSeverity(interval.low);
    const intervalPoints = isSurelyHigh
        ? Math.min(
              HIGH_FAILURE_RATE_MAX_POINTS,
              Math.max(
                  HIGH_FAILURE_RATE_MIN_POINTS,
                  Math.round(interval.low * 100 * HIGH_FAILURE_RATE_POINTS_PER_PERCENT),
              ),
          )
        : 0;
    const points = Math.max(intervalPoints, isMostlyFailing ? Math.round((failures / finished) * 100) : 0);
    return [
        {
            fingerprint: buildFingerprint('core', HIGH_FAILURE_RATE_KIND, actor.id),
            kind: HIGH_FAILURE_RATE_KIND,
            source: 'core',
            actorId: actor.id,
            actorName: actor.name,
            severity,
            decision: severity === 'medium' ? 'monitor' : 'act_now',
            title: `${formatPercent(failures / finished)} of runs fail (${failures} of ${finished})`,
            detail:
                `Failure rate ${formatPercent(failures / finished)} over the window, 95 % interval ` +
                `${formatPercent(interval.low)}–${formatPercent(interval.high)}; the alert threshold is ${formatPercent(threshold)}. ` +
                `FAILED ${runs.failed}, TIMED-OUT ${runs.timedOut}; ABORTED runs (${runs.aborted}) are not counted as failures.`,
            metric: {
                name: 'failureRate',
                value: failures / finished,
                baseline: threshold,
                unit: 'ratio',
                higherIsWorse: true,
            },
            evidence: { runIds: context.recentFailedRunIds, buildNumbers: context.recentBuildNumbers, notes: [] },
            scoreImpact: { component: 'reliability', points },
            usdPerMonth: null,
            fix:
                `Group the failed runs by their status message (Console → Runs, filter by status) and fix the most common cause first; ` +
                `add retries with backoff for transient network errors and validate the input early so bad input fails fast with a clear message.`,
        },
    ];
}
