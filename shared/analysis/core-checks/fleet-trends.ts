/**
 * Trend detection without a build boundary (issue 16), for the failure rate and the timeout
 * share of every Actor, with multiple-testing control across the fleet:
 *
 * - shift: the last `recentPeriodDays` days against the Actor's own days before them in the
 *   window (3 weeks by default), compared weekday by weekday (Cochran-Mantel-Haenszel,
 *   one-sided), so weekend dips in volume do not look like a change;
 * - drift: Mann-Kendall over the Actor's daily rates (days with ≥ TREND_MIN_RUNS_PER_DAY
 *   finished runs), one-sided "increasing";
 * - outage days of the Actor (fleet-outages.ts) are left out of both;
 * - every shift and drift p-value of the fleet goes into one Benjamini-Hochberg family.
 *
 * A trend is raised when its period sizes reach `minRunsForRateSignals` and either
 * - the shift has p < `regressionSignificanceLevel` and BH q ≤ TREND_FALSE_DISCOVERY_RATE, and
 *   the rise recent vs baseline is material; or
 * - the drift has BH q ≤ TREND_FALSE_DISCOVERY_RATE and the rise from the window's first week
 *   to its last is material (and the recent rate is above the baseline).
 * Material: ≥ `regressionMinIncreasePoints`, or ≥ TREND_MIN_INCREASE_POINTS_WHEN_DOUBLED
 * points with the rate at least doubled (×TREND_MIN_RATE_RATIO).
 */
import type { DayAggregate, RunGroupStats } from '../../contracts/fleet-data.js';
import { getTrailingPeriod, getWindowDayCount, getWindowPeriod, selectDays } from '../../metrics/day-periods.js';
import { getFailureCount, getRateDenominator } from '../../metrics/run-counts.js';
import { getDaysStats } from '../../metrics/run-group-stats.js';
import { benjaminiHochbergAdjust } from '../../statistics/benjamini-hochberg.js';
import { mannKendallTest } from '../../statistics/mann-kendall.js';
import { mannWhitneyTest } from '../../statistics/mann-whitney.js';
import { stratifiedProportionTest, type StratumSamples } from '../../statistics/stratified-proportion-test.js';
import { twoProportionTest, type ProportionSample } from '../../statistics/two-proportion-test.js';
import { fisherExactGreater } from '../../statistics/fisher-exact-test.js';
import {
    DURATION_TREND_MIN_RATIO,
    TREND_FALSE_DISCOVERY_RATE,
    TREND_MIN_DRIFT_POINTS,
    TREND_MIN_INCREASE_POINTS_WHEN_DOUBLED,
    TREND_MIN_RATE_RATIO,
    TREND_MIN_RUNS_PER_DAY,
} from '../core-thresholds.js';
import type { CoreCheckContext } from './check-context.js';

export const TREND_METRICS = ['failureRate', 'timeoutRate'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

const EVENTS: Record<TrendMetric, (stats: RunGroupStats) => number> = {
    failureRate: getFailureCount,
    timeoutRate: (stats) => stats.timedOut,
};

export interface RateTrend {
    metric: TrendMetric;
    recent: ProportionSample;
    baseline: ProportionSample;
    recentRate: number;
    baselineRate: number;
    increasePoints: number;
    /** `cmh`: weekday-stratified; `fisher-exact`: pooled exact test when an expected count is under 5. */
    shift: { method: 'cmh' | 'fisher-exact'; pValue: number; qValue: number };
    drift: { tau: number; points: number; pValue: number; qValue: number } | null;
    /** Rates of the window's whole weeks, oldest first (null: no finished run that week). */
    weeklyRates: (number | null)[];
    /** Outage days left out of the tests. */
    excludedDays: string[];
    /** Significant after BH and material: raise it. */
    isRaised: boolean;
}

/** The metric's counts over days, without merging their duration lists (fleets of a million runs). */
function sampleOfDays(days: readonly DayAggregate[], metric: TrendMetric): ProportionSample {
    const total = { events: 0, trials: 0 };
    for (const day of days)
        for (const stats of Object.values(day.byBuild)) {
            total.events += EVENTS[metric](stats);
            total.trials += getRateDenominator(stats);
        }
    return total;
}

function weekdayOf(day: string): number {
    return new Date(`${day}T00:00:00.000Z`).getUTCDay();
}

function weekdayStrata(recent: DayAggregate[], baseline: DayAggregate[], metric: TrendMetric): StratumSamples[] {
    return [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        recent: sampleOfDays(
            recent.filter((d) => weekdayOf(d.day) === weekday),
            metric,
        ),
        baseline: sampleOfDays(
            baseline.filter((d) => weekdayOf(d.day) === weekday),
            metric,
        ),
    }));
}

function weeklyRates(days: DayAggregate[], lastDay: string, metric: TrendMetric, weeks: number): (number | null)[] {
    const rates: (number | null)[] = [];
    for (let back = weeks - 1; back >= 0; back -= 1) {
        const endMs = Date.parse(`${lastDay}T00:00:00.000Z`) - back * 7 * 86_400_000;
        const startMs = endMs - 6 * 86_400_000;
        const inWeek = days.filter((d) => {
            const dayMs = Date.parse(`${d.day}T00:00:00.000Z`);
            return dayMs >= startMs && dayMs <= endMs;
        });
        const sample = sampleOfDays(inWeek, metric);
        rates.push(sample.trials > 0 ? sample.events / sample.trials : null);
    }
    return rates;
}

/**
 * Weekday-stratified CMH when its normal approximation holds (every pooled expected count
 * ≥ 5, as two-proportion-test.ts checks); otherwise the exact Fisher test on the pooled table
 * (with so few events, the weekday split carries no information anyway).
 */
function testShift(
    recentDays: DayAggregate[],
    baselineDays: DayAggregate[],
    baseline: ProportionSample,
    recent: ProportionSample,
    metric: TrendMetric,
): PendingTrend['shift'] | null {
    const pooled = twoProportionTest(baseline, recent, { minTrialsPerGroup: 1 });
    if (pooled === null) return null;
    if (!pooled.isApproximationValid) {
        const pValue = fisherExactGreater(baseline, recent);
        return pValue === null ? null : { method: 'fisher-exact', pValue };
    }
    const stratified = stratifiedProportionTest(weekdayStrata(recentDays, baselineDays, metric));
    return stratified === null ? null : { method: 'cmh', pValue: stratified.pValueGreater };
}

interface PendingTrend extends Omit<RateTrend, 'shift' | 'drift' | 'isRaised'> {
    shift: { method: 'cmh' | 'fisher-exact'; pValue: number };
    drift: { tau: number; points: number; pValue: number } | null;
}

function testActorMetric(
    context: CoreCheckContext,
    excluded: ReadonlySet<string>,
    metric: TrendMetric,
): PendingTrend | null {
    const { window, thresholds } = context;
    const windowDays = selectDays(context.actorData.days, getWindowPeriod(window)).filter((d) => !excluded.has(d.day));
    const recentPeriod = getTrailingPeriod(window, Math.min(thresholds.recentPeriodDays, getWindowDayCount(window)), 0);
    const recentDays = selectDays(windowDays, recentPeriod);
    const baselineDays = windowDays.filter((d) => d.day < recentPeriod.firstDay);
    const recent = sampleOfDays(recentDays, metric);
    const baseline = sampleOfDays(baselineDays, metric);
    if (recent.trials < thresholds.minRunsForRateSignals || baseline.trials < thresholds.minRunsForRateSignals)
        return null;
    const shift = testShift(recentDays, baselineDays, baseline, recent, metric);
    if (shift === null) return null;
    const dailyRates = [...windowDays]
        .sort((a, b) => a.day.localeCompare(b.day))
        .map((d) => sampleOfDays([d], metric))
        .filter((s) => s.trials >= TREND_MIN_RUNS_PER_DAY)
        .map((s) => s.events / s.trials);
    const kendall = dailyRates.length >= TREND_MIN_DRIFT_POINTS ? mannKendallTest(dailyRates) : null;
    const recentRate = recent.events / recent.trials;
    const baselineRate = baseline.events / baseline.trials;
    return {
        metric,
        recent,
        baseline,
        recentRate,
        baselineRate,
        increasePoints: (recentRate - baselineRate) * 100,
        shift,
        drift: kendall ? { tau: kendall.tau, points: kendall.n, pValue: kendall.pValueIncreasing } : null,
        weeklyRates: weeklyRates(windowDays, recentPeriod.lastDay, metric, Math.floor(getWindowDayCount(window) / 7)),
        excludedDays: [...excluded].sort(),
    };
}

export interface DurationTrend {
    recentRuns: number;
    baselineRuns: number;
    recentMedianSecs: number;
    baselineMedianSecs: number;
    /** Mann-Whitney, one-sided "recent runs take longer". */
    pValue: number;
    qValue: number;
    excludedDays: string[];
    isRaised: boolean;
}

/** Durations of the last days against the Actor's own earlier days (outage days left out). */
function testDuration(
    context: CoreCheckContext,
    excluded: ReadonlySet<string>,
): Omit<DurationTrend, 'qValue' | 'isRaised'> | null {
    const { window, thresholds } = context;
    const windowDays = selectDays(context.actorData.days, getWindowPeriod(window)).filter((d) => !excluded.has(d.day));
    const recentPeriod = getTrailingPeriod(window, Math.min(thresholds.recentPeriodDays, getWindowDayCount(window)), 0);
    const recent = getDaysStats(selectDays(windowDays, recentPeriod)).durationsSecs;
    const baseline = getDaysStats(windowDays.filter((d) => d.day < recentPeriod.firstDay)).durationsSecs;
    const test = mannWhitneyTest(baseline, recent, { minSamplesPerGroup: thresholds.minRunsForRateSignals });
    if (test === null || test.medianA <= 0) return null;
    return {
        recentRuns: recent.length,
        baselineRuns: baseline.length,
        recentMedianSecs: test.medianB,
        baselineMedianSecs: test.medianA,
        pValue: test.pValueGreater,
        excludedDays: [...excluded].sort(),
    };
}

/** Material: ≥ `regressionMinIncreasePoints`, or ≥ 2 points with the rate at least doubled. */
function isMaterialRise(fromRate: number, toRate: number, context: CoreCheckContext): boolean {
    const points = (toRate - fromRate) * 100;
    if (points >= context.thresholds.regressionMinIncreasePoints) return true;
    return points >= TREND_MIN_INCREASE_POINTS_WHEN_DOUBLED && toRate >= TREND_MIN_RATE_RATIO * fromRate;
}

/**
 * The shift is judged on recent vs baseline; a drift on the rise across the window (first
 * week → last week), because a steady creep spreads into the baseline it is compared with.
 */
function isMaterial(trend: PendingTrend, isShift: boolean, isDrift: boolean, context: CoreCheckContext): boolean {
    if (isShift && isMaterialRise(trend.baselineRate, trend.recentRate, context)) return true;
    const first = trend.weeklyRates[0];
    const last = trend.weeklyRates[trend.weeklyRates.length - 1];
    if (!isDrift || first === null || first === undefined || last === null || last === undefined) return false;
    return isMaterialRise(first, last, context) && trend.recentRate > trend.baselineRate;
}

/**
 * Every Actor × metric trend of the fleet, with BH-adjusted q-values; keyed by Actor id.
 * `excludedDaysByActorId`: outage days per Actor (left out of that Actor's tests).
 */
export interface FleetTrends {
    rates: Map<string, Map<TrendMetric, RateTrend>>;
    durations: Map<string, DurationTrend>;
}

export function computeFleetTrends(
    contexts: readonly CoreCheckContext[],
    excludedDaysByActorId: ReadonlyMap<string, ReadonlySet<string>>,
): FleetTrends {
    const pending: { context: CoreCheckContext; trend: PendingTrend }[] = [];
    const pendingDurations: { context: CoreCheckContext; trend: Omit<DurationTrend, 'qValue' | 'isRaised'> }[] = [];
    for (const context of contexts) {
        const excluded = excludedDaysByActorId.get(context.actorData.actor.id) ?? new Set<string>();
        for (const metric of TREND_METRICS) {
            const trend = testActorMetric(context, excluded, metric);
            if (trend) pending.push({ context, trend });
        }
        const duration = testDuration(context, excluded);
        if (duration) pendingDurations.push({ context, trend: duration });
    }
    const pValues = pending.flatMap(({ trend }) =>
        trend.drift ? [trend.shift.pValue, trend.drift.pValue] : [trend.shift.pValue],
    );
    // One family: rates (shift and drift) and durations of every Actor.
    const qValues = benjaminiHochbergAdjust([...pValues, ...pendingDurations.map(({ trend }) => trend.pValue)]);
    const rates = new Map<string, Map<TrendMetric, RateTrend>>();
    let next = 0;
    for (const { context, trend } of pending) {
        const shiftQ = qValues[next++]!;
        const driftQ = trend.drift ? qValues[next++]! : null;
        const isShift =
            trend.shift.pValue < context.thresholds.regressionSignificanceLevel && shiftQ <= TREND_FALSE_DISCOVERY_RATE;
        const isDrift = driftQ !== null && driftQ <= TREND_FALSE_DISCOVERY_RATE;
        const raised: RateTrend = {
            ...trend,
            shift: { ...trend.shift, qValue: shiftQ },
            drift: trend.drift && driftQ !== null ? { ...trend.drift, qValue: driftQ } : null,
            isRaised: isMaterial(trend, isShift, isDrift, context),
        };
        const id = context.actorData.actor.id;
        if (!rates.has(id)) rates.set(id, new Map());
        rates.get(id)!.set(trend.metric, raised);
    }
    const durations = new Map<string, DurationTrend>();
    for (const { context, trend } of pendingDurations) {
        const qValue = qValues[next++]!;
        const isSignificant =
            trend.pValue < context.thresholds.regressionSignificanceLevel && qValue <= TREND_FALSE_DISCOVERY_RATE;
        const isMaterialRise = trend.recentMedianSecs >= DURATION_TREND_MIN_RATIO * trend.baselineMedianSecs;
        durations.set(context.actorData.actor.id, { ...trend, qValue, isRaised: isSignificant && isMaterialRise });
    }
    return { rates, durations };
}

/** "2.3 → 6.7 → 10.9 → 13.0 % weekly; weekday-stratified test p = …, q = …; Mann-Kendall τ = …" */
export function describeTrendEvidence(trend: RateTrend): string {
    const weekly = trend.weeklyRates.map((r) => (r === null ? '—' : (r * 100).toFixed(1))).join(' → ');
    const format = (p: number) => (p < 0.0001 ? '< 0.0001' : p.toFixed(4));
    const drift = trend.drift
        ? `; Mann-Kendall over ${trend.drift.points} daily rates τ = ${trend.drift.tau.toFixed(2)}, p ${format(trend.drift.pValue)}, q ${format(trend.drift.qValue)}`
        : '';
    const excluded = trend.excludedDays.length > 0 ? ` Outage days left out: ${trend.excludedDays.join(', ')}.` : '';
    return (
        `Weekly: ${weekly} %. Last days vs the Actor's own earlier days (${trend.shift.method === 'cmh' ? 'weekday by weekday, Cochran-Mantel-Haenszel' : "Fisher's exact test"}, one-sided): ` +
        `p ${format(trend.shift.pValue)}, Benjamini-Hochberg q ${format(trend.shift.qValue)} over the fleet's trend tests${drift}.${excluded}`
    );
}

/** The Actor's trend for `metric`: from the fleet pass, or tested alone (a family of one) when called directly. */
export function getActorTrend(context: CoreCheckContext, metric: TrendMetric): RateTrend | null {
    const trends = context.trends ?? computeFleetTrends([context], new Map()).rates.get(context.actorData.actor.id);
    return trends?.get(metric) ?? null;
}

/** The Actor's duration trend: from the fleet pass, or tested alone when called directly. */
export function getActorDurationTrend(context: CoreCheckContext): DurationTrend | null {
    if (context.durationTrend !== undefined) return context.durationTrend;
    return computeFleetTrends([context], new Map()).durations.get(context.actorData.actor.id) ?? null;
}
