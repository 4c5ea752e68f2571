/**
 * Core check `failure-rate-regression`: failures (FAILED + TIMED-OUT) rose significantly,
 * with or without a new build — the last days against the Actor's own baseline, or a
 * monotone drift, after fleet-wide multiple-testing control and outage days left out
 * (fleet-trends.ts).
 */
import type { SignalInput } from '../../contracts/signals.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import { type CoreCheckContext } from './check-context.js';
import { describeTrendEvidence, getActorTrend } from './fleet-trends.js';
import { getRegressionSeverity } from './rate-regression.js';
import { formatPercent, formatPValue } from '../../format/number-format.js';

export const FAILURE_REGRESSION_KIND = 'failure-rate-regression';
/** Trend points lost per percentage point of rise: 2 → 2 % → 20 % costs 36 points. */
export const FAILURE_REGRESSION_POINTS_PER_PERCENTAGE_POINT = 2;
/** Floor and ceiling: any real regression costs something, one signal never zeroes a component alone. */
export const FAILURE_REGRESSION_MIN_POINTS = 10;
export const FAILURE_REGRESSION_MAX_POINTS = 60;

export function checkFailureRegression(context: CoreCheckContext): SignalInput[] {
    const result = getActorTrend(context, 'failureRate');
    if (result === null || !result.isRaised) return [];
    const { actor } = context.actorData;
    const severity = getRegressionSeverity(result);
    const points = Math.min(
        FAILURE_REGRESSION_MAX_POINTS,
        Math.max(
            FAILURE_REGRESSION_MIN_POINTS,
            Math.round(result.increasePoints * FAILURE_REGRESSION_POINTS_PER_PERCENTAGE_POINT),
        ),
    );
    const builds = context.recentBuildNumbers;
    const days = context.thresholds.recentPeriodDays;
    return [
        {
            fingerprint: buildFingerprint('core', FAILURE_REGRESSION_KIND, actor.id),
            kind: FAILURE_REGRESSION_KIND,
            source: 'core',
            actorId: actor.id,
            actorName: actor.name,
            severity,
            decision: severity === 'medium' ? 'monitor' : 'act_now',
            title: `Failure rate rose from ${formatPercent(result.baselineRate)} to ${formatPercent(result.recentRate)}`,
            detail:
                `${result.recent.events} of ${result.recent.trials} finished runs failed or timed out in the last ${days} days, ` +
                `against ${result.baseline.events} of ${result.baseline.trials} before. ${describeTrendEvidence(result)}`,
            metric: {
                name: 'failureRate',
                value: result.recentRate,
                baseline: result.baselineRate,
                unit: 'ratio',
                higherIsWorse: true,
            },
            evidence: {
                runIds: context.recentFailedRunIds,
                buildNumbers: builds,
                notes: [
                    `shift ${formatPValue(result.shift.pValue)}, q ${result.shift.qValue.toExponential(2)} (${result.shift.method}, BH over the fleet)`,
                ],
            },
            scoreImpact: { component: 'trend', points },
            usdPerMonth: null,
            fix:
                `Open the logs of the failed runs listed as evidence and look for the common error. ` +
                (builds.length > 1
                    ? `Several builds served the recent runs (${builds.join(', ')}): if the failures started with the newest, roll back to the previous build in Console (Actor → Builds) while you fix it.`
                    : `If the target website changed, update the selectors or the input; otherwise check recent input changes of scheduled runs.`),
        },
    ];
}
