/**
 * Core check `duration-rising`: runs of the last days take significantly longer than the
 * Actor's own earlier runs (Mann-Whitney, one-sided, in the fleet's Benjamini-Hochberg family
 * of trend tests, fleet-trends.ts), and the median rose by DURATION_TREND_MIN_RATIO or more.
 * Longer runs cost compute and get closer to the timeout.
 */
import type { SignalInput } from '../../contracts/signals.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import { DURATION_TREND_MIN_RATIO } from '../core-thresholds.js';
import type { CoreCheckContext } from './check-context.js';
import { getActorDurationTrend } from './fleet-trends.js';
import { formatPValue } from '../../format/number-format.js';

export const DURATION_RISING_KIND = 'duration-rising';
/** Trend points: slower runs are a cost and timeout risk, not yet a failure. */
export const DURATION_RISING_POINTS = 5;

export function checkDurationRising(context: CoreCheckContext): SignalInput[] {
    const trend = getActorDurationTrend(context);
    if (trend === null || !trend.isRaised) return [];
    const { actor } = context.actorData;
    const ratio = trend.recentMedianSecs / trend.baselineMedianSecs;
    const timeoutSecs = actor.defaultTimeoutSecs;
    return [
        {
            fingerprint: buildFingerprint('core', DURATION_RISING_KIND, actor.id),
            kind: DURATION_RISING_KIND,
            source: 'core',
            actorId: actor.id,
            actorName: actor.name,
            severity: 'medium',
            decision: 'monitor',
            title: `Runs take ×${ratio.toFixed(1)} as long (median ${Math.round(trend.baselineMedianSecs)} s → ${Math.round(trend.recentMedianSecs)} s)`,
            detail:
                `Median duration of ${trend.recentRuns} finished runs in the last ${context.thresholds.recentPeriodDays} days against ${trend.baselineRuns} before ` +
                `(Mann-Whitney one-sided ${formatPValue(trend.pValue)}, Benjamini-Hochberg q ${trend.qValue.toFixed(4)} over the fleet's trend tests; ` +
                `reported from ×${DURATION_TREND_MIN_RATIO}).` +
                (trend.excludedDays.length > 0 ? ` Outage days left out: ${trend.excludedDays.join(', ')}.` : '') +
                (timeoutSecs !== null ? ` The timeout is ${timeoutSecs} s.` : ''),
            metric: {
                name: 'medianDurationSecs',
                value: trend.recentMedianSecs,
                baseline: trend.baselineMedianSecs,
                unit: 'seconds',
                higherIsWorse: true,
            },
            evidence: { runIds: [], buildNumbers: context.recentBuildNumbers, notes: [] },
            scoreImpact: { component: 'trend', points: DURATION_RISING_POINTS },
            usdPerMonth: null,
            fix:
                'Compare a recent run with an older one: more input, a slower target, more retries or pagination. ' +
                'If the work per run grew on purpose, raise the timeout; otherwise find what slowed down.',
        },
    ];
}
