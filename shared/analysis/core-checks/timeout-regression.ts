/**
 * Core check `timeout-rate-rising`: the share of TIMED-OUT runs rose significantly (the same
 * tests as the failure rate, fleet-trends.ts).
 */
import type { SignalInput } from '../../contracts/signals.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import { type CoreCheckContext } from './check-context.js';
import { describeTrendEvidence, getActorTrend } from './fleet-trends.js';
import { getRegressionSeverity } from './rate-regression.js';
import { formatPercent } from '../../format/number-format.js';

export const TIMEOUT_REGRESSION_KIND = 'timeout-rate-rising';
/**
 * Reliability points per percentage point of rise: half the failure regression's rate,
 * because timeouts are also failures and the failure regression usually fires too.
 */
export const TIMEOUT_REGRESSION_POINTS_PER_PERCENTAGE_POINT = 1;
export const TIMEOUT_REGRESSION_MIN_POINTS = 5;
export const TIMEOUT_REGRESSION_MAX_POINTS = 30;

export function checkTimeoutRegression(context: CoreCheckContext): SignalInput[] {
    const result = getActorTrend(context, 'timeoutRate');
    if (result === null || !result.isRaised) return [];
    const { actor } = context.actorData;
    const severity = getRegressionSeverity(result);
    const points = Math.min(
        TIMEOUT_REGRESSION_MAX_POINTS,
        Math.max(
            TIMEOUT_REGRESSION_MIN_POINTS,
            Math.round(result.increasePoints * TIMEOUT_REGRESSION_POINTS_PER_PERCENTAGE_POINT),
        ),
    );
    const p95 = context.metrics.last7Days.durationSecs.p95;
    const timeoutSecs = actor.defaultTimeoutSecs;
    return [
        {
            fingerprint: buildFingerprint('core', TIMEOUT_REGRESSION_KIND, actor.id),
            kind: TIMEOUT_REGRESSION_KIND,
            source: 'core',
            actorId: actor.id,
            actorName: actor.name,
            severity,
            decision: severity === 'medium' ? 'monitor' : 'act_now',
            title: `Timeouts rose from ${formatPercent(result.baselineRate)} to ${formatPercent(result.recentRate)} of finished runs`,
            detail:
                `${result.recent.events} of ${result.recent.trials} finished runs timed out in the last ${context.thresholds.recentPeriodDays} days, ` +
                `against ${result.baseline.events} of ${result.baseline.trials} before. ${describeTrendEvidence(result)}` +
                (p95 !== null ? ` Recent p95 duration: ${Math.round(p95)} s.` : ''),
            metric: {
                name: 'timeoutRate',
                value: result.recentRate,
                baseline: result.baselineRate,
                unit: 'ratio',
                higherIsWorse: true,
            },
            // Evidence and impact as the other reliability checks (high-failure-rate.ts) write them.
            evidence: { runIds: context.recentFailedRunIds, buildNumbers: context.recentBuildNumbers, notes: [] },
            scoreImpact: { component: 'reliability', points },
            usdPerMonth: null,
            fix:
                `Runs now hit the timeout${timeoutSecs !== null ? ` (${timeoutSecs} s by default)` : ''}: check whether the work per run grew ` +
                `(more input URLs, slower target, retries), then either raise the timeout in the Actor's settings or split the input across runs.`,
        },
    ];
}
