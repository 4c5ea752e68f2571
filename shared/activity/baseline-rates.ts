/**
 * Rates a scope's baseline implies: runs per day (median and MAD over the observed days,
 * quiet days counted as 0), the busy-hour level of on-demand runs, the cost of a run, and the
 * share of runs in an hour of the day. Pure reads of the stored record.
 */
import { quantile } from '../statistics/quantile.js';
import { robustBaseline, type RobustBaseline } from '../statistics/robust-baseline.js';
import type { ScopeBaseline } from './activity-baseline.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

/** The days from the scope's first retained day through `throughIso`'s day (at least one). */
function observedDays(scope: ScopeBaseline, throughIso: string): string[] {
    const keys = Object.keys(scope.days).sort();
    if (keys.length === 0) return [];
    const days: string[] = [];
    const lastMillis = Date.parse(`${throughIso.slice(0, 10)}T00:00:00.000Z`);
    for (let millis = Date.parse(`${keys[0]}T00:00:00.000Z`); millis <= lastMillis; millis += MS_PER_DAY)
        days.push(new Date(millis).toISOString().slice(0, 10));
    return days.length > 0 ? days : keys;
}

/** Median and MAD of runs per day over the observed span (days without runs count as 0). */
export function summariseRunsPerDay(scope: ScopeBaseline, throughIso: string): RobustBaseline | null {
    const counts = observedDays(scope, throughIso).map((day) => scope.days[day]?.[0] ?? 0);
    return robustBaseline(counts, { absoluteMadFloor: 1 });
}

/**
 * The level of a busy hour: the 90th percentile of each active day's busiest hour of on-demand
 * runs. API and CI runs come in clumps (a deploy, a test suite), so the daily average would call
 * every clump a burst; the busy hour is what "normal" looks like at its heaviest. The 90th
 * percentile rather than the maximum keeps one past spike from hiding the next one.
 */
export function getBusyHourRuns(scope: ScopeBaseline): number {
    const peaks = Object.values(scope.days)
        .map((counts) => counts[2])
        .filter((peak) => peak > 0);
    const learned = quantile(peaks, 0.9) ?? 0;
    return Math.max(learned, scope.acknowledgedPeakHourRuns ?? 0);
}

/** Mean cost of a run that reported one over the retained days; null when none did. */
export function getMeanRunCostUsd(scope: ScopeBaseline): number | null {
    let costUsd = 0;
    let runsWithCost = 0;
    for (const counts of Object.values(scope.days)) {
        costUsd += counts[3];
        runsWithCost += counts[4];
    }
    return runsWithCost > 0 ? costUsd / runsWithCost : null;
}

/** Share of the scope's (decayed) runs that started in this UTC hour of day. */
export function getHourShare(scope: ScopeBaseline, hourOfDay: number): number {
    const total = scope.hourProfile.reduce((sum, value) => sum + value, 0);
    return total > 0 ? (scope.hourProfile[hourOfDay] ?? 0) / total : 0;
}

/** Days the scope has been observed, up to `throughIso`. */
export function getObservedDayCount(scope: ScopeBaseline, throughIso: string): number {
    return Math.max(0, (Date.parse(throughIso) - Date.parse(scope.firstSeenAt)) / MS_PER_DAY);
}
