/**
 * Core check `high-failure-rate`: the failure rate over the window is SURELY above the
 * alert threshold — the lower bound of its Wilson 95 % interval exceeds it — with at least
 * `minRunsForRateSignals` finished runs. 1 failure in 2 runs: too few runs, never fires.
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

function getSeverity(lowerBound: number): Severity {
    if (lowerBound >= 0.5) return 'critical';
    if (lowerBound >= 0.25) return 'high';
    return 'medium';
}

export function checkHighFailureRate(context: CoreCheckContext): SignalInput[] {
    const runs = context.metrics.runs;
    const finished = getRateDenominator(runs);
    const failures = getFailureCount(runs);
    if (finished < context.thresholds.minRunsForRateSignals) return [];
    const interval = wilsonInterval(failures, finished);
    const threshold = context.thresholds.failureRateAlertPercent / 100;
    if (interval === null || interval.low <= threshold) return [];
    const { actor } = context.actorData;
    const severity = getSeverity(interval.low);
    const points = Math.min(
        HIGH_FAILURE_RATE_MAX_POINTS,
        Math.max(HIGH_FAILURE_RATE_MIN_POINTS, Math.round(interval.low * 100 * HIGH_FAILURE_RATE_POINTS_PER_PERCENT)),
    );
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
