/**
 * `PeriodMetrics`: the published metrics of one sub-period (last 7 days, the 7 before) from
 * the merged counters of the days in it.
 */
import type { RunGroupStats } from '../contracts/fleet-data.js';
import type { PeriodMetrics } from '../contracts/fleet-report.js';
import { quantileSorted } from '../statistics/quantile.js';
import type { DayPeriod } from './day-periods.js';
import { getRunCounts, getSuccessRate } from './run-counts.js';

/** Cost is rounded to this many decimals in outputs: 1e-6 USD keeps cents exact after sums. */
export const USD_DECIMALS = 6;

export function roundUsd(value: number): number {
    const factor = 10 ** USD_DECIMALS;
    return Math.round(value * factor) / factor;
}

/**
 * p50 and p95 (type 7, the same numbers as median/p95) from one sort. The arrays hold every
 * run's duration (a million on a 2,000-Actor fleet), so the sort is a Float64Array's numeric
 * sort, several times faster than Array#sort with a comparator; the finite filter is the same.
 */
export function getDurationQuantiles(durationsSecs: readonly number[]): { p50: number | null; p95: number | null } {
    const finite = new Float64Array(durationsSecs.length);
    let count = 0;
    for (const value of durationsSecs) if (Number.isFinite(value)) finite[count++] = value;
    const sorted = Array.from(finite.subarray(0, count).sort());
    return { p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) };
}

export function buildPeriodMetrics(period: Pick<DayPeriod, 'from' | 'to'>, stats: RunGroupStats): PeriodMetrics {
    const runs = getRunCounts(stats);
    return {
        from: period.from,
        to: period.to,
        runs,
        successRate: getSuccessRate(runs),
        costUsd: roundUsd(stats.costUsd),
        runsWithoutCost: stats.runsWithoutCost,
        durationSecs: getDurationQuantiles(stats.durationsSecs),
    };
}
