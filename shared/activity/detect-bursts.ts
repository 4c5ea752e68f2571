/**
 * Bursts: an hour with far more on-demand runs of an Actor (or of the whole account) than its
 * busy hours usually have — what a cost-drain attack with a leaked token looks like.
 *
 * Test: the hour's count X against Poisson(μ), μ = the scope's busy-hour level (see
 * baseline-rates.ts), floored; a burst needs X ≥ burstMinRuns, X ≥ burstMinRatio·μ and
 * P(X' ≥ X) < burstSignificanceLevel. Scheduled runs are left out on both sides: the owner sets
 * their cadence, and a new schedule added in Console is not a burst.
 * Projected spend: the hour's pace sustained for a day at the cost of these runs (or the scope's
 * usual cost per run while they have not reported one). act_now from a material amount.
 */
import { poissonUpperTail } from '../statistics/poisson-upper-tail.js';
import type { Signal } from '../contracts/signals.js';
import type { ScopeBaseline } from './activity-baseline.js';
import { getBusyHourRuns, getHourShare, getMeanRunCostUsd, summariseRunsPerDay } from './baseline-rates.js';
import { ACCOUNT_SCOPE_ID, buildActivitySignal, summariseRuns } from './activity-signal.js';
import { groupBy, type ActivityDetectionContext, type DetectionResult } from './detection-context.js';
import { isScheduledOrigin, type RunActivity } from './run-activity.js';
import { formatUsd } from '../format/number-format.js';

export const BURST_KIND = 'activity-burst';

interface BurstHour {
    hour: string;
    runs: RunActivity[];
    pValue: number;
}

function findBurstHours(runs: readonly RunActivity[], busyHourRuns: number, context: ActivityDetectionContext) {
    const { burstMinRuns, burstMinRatio, burstSignificanceLevel } = context.thresholds;
    const hours: BurstHour[] = [];
    for (const [hour, hourRuns] of groupBy(runs, (run) => run.startedAt.slice(0, 13))) {
        const count = hourRuns.length;
        if (count < burstMinRuns || count < burstMinRatio * busyHourRuns) continue;
        const pValue = poissonUpperTail(count, busyHourRuns);
        if (pValue < burstSignificanceLevel) hours.push({ hour, runs: hourRuns, pValue });
    }
    return hours.sort((a, b) => b.runs.length - a.runs.length || (a.hour < b.hour ? -1 : 1));
}

function projectUsdPerDay(runs: readonly RunActivity[], scope: ScopeBaseline | undefined): number | null {
    const costs = runs.flatMap((run) =>
        typeof run.usageTotalUsd === 'number' && run.finishedAt ? [run.usageTotalUsd] : [],
    );
    const costPerRun =
        costs.length > 0
            ? costs.reduce((sum, cost) => sum + cost, 0) / costs.length
            : scope
              ? getMeanRunCostUsd(scope)
              : null;
    return costPerRun === null ? null : runs.length * 24 * costPerRun;
}

function buildBurstSignal(
    scopeId: string,
    hours: BurstHour[],
    busyHourRuns: number,
    context: ActivityDetectionContext,
): Signal {
    const worst = hours[0]!;
    const scope = scopeId === ACCOUNT_SCOPE_ID ? context.account : context.prior.actors[scopeId];
    const projected = projectUsdPerDay(worst.runs, scope);
    const material = projected !== null && projected >= context.thresholds.materialProjectedSpendUsdPerDay;
    const who = scopeId === ACCOUNT_SCOPE_ID ? 'the account' : 'this Actor';
    const perDay = scope ? summariseRunsPerDay(scope, context.judgedFrom) : null;
    const hourShare = scope ? getHourShare(scope, Number(worst.hour.slice(11, 13))) : 0;
    const habit =
        perDay === null
            ? 'It has no run history in the baseline. '
            : `It usually has ${perDay.median} runs a day (median, MAD ${perDay.mad}), ` +
              `${Math.round(hourShare * 100)} % of them in this hour of the day. `;
    const spend =
        projected === null
            ? 'Its cost is not known yet (the runs report none).'
            : `At this pace it costs about ${formatUsd(projected)} per day.`;
    return buildActivitySignal(
        {
            kind: BURST_KIND,
            scopeId,
            scopeName: scopeId === ACCOUNT_SCOPE_ID ? null : context.actorName(scopeId),
            severity: material ? 'critical' : 'high',
            decision: material ? 'act_now' : 'monitor',
            title: `Burst of runs: ${worst.runs.length} in the hour from ${worst.hour}:00 UTC, ${who}'s busy hours have about ${busyHourRuns.toFixed(1)}`,
            detail:
                `${summariseRuns(worst.runs)} (p = ${worst.pValue.toExponential(1)} against the busy-hour level). ` +
                `${habit}${hours.length > 1 ? `${hours.length} hours of the last days were bursts. ` : ''}${spend}`,
            metric: { name: 'runs per hour', value: worst.runs.length, baseline: busyHourRuns, unit: 'runs' },
            runs: worst.runs,
            ifYou: 'If it was you (a backfill, a load test), acknowledge it: this level of runs then counts as normal.',
            component: 'cost',
            usdPerMonth: projected === null ? null : projected * 30,
            labels: {
                peakHourRuns: String(worst.runs.length),
                actorCount: String(new Set(worst.runs.map((r) => r.actorId)).size),
            },
        },
        context.prior.salt,
    );
}

/** Per Actor, and for the account when a burst hour spans several Actors (the leaked-token pattern). */
export function detectBursts(context: ActivityDetectionContext): DetectionResult {
    const onDemand = context.judged.filter((run) => !isScheduledOrigin(run.origin));
    const signals: Signal[] = [];
    const flagged = new Set<string>();
    const scopes: [string, RunActivity[]][] = [
        [ACCOUNT_SCOPE_ID, onDemand],
        ...groupBy(onDemand, (run) => run.actorId),
    ];
    for (const [scopeId, runs] of scopes) {
        const scope = scopeId === ACCOUNT_SCOPE_ID ? context.account : context.prior.actors[scopeId];
        const busyHourRuns = Math.max(scope ? getBusyHourRuns(scope) : 0, context.thresholds.busyHourFloorRuns);
        let hours = findBurstHours(runs, busyHourRuns, context);
        if (scopeId === ACCOUNT_SCOPE_ID) hours = hours.filter((h) => new Set(h.runs.map((r) => r.actorId)).size > 1);
        if (hours.length === 0) continue;
        for (const hour of hours) for (const run of hour.runs) flagged.add(run.runId);
        signals.push(buildBurstSignal(scopeId, hours, busyHourRuns, context));
    }
    return { signals, flaggedRunIds: [...flagged] };
}
