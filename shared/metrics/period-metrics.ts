/**
 * `PeriodMetrics`: the published metrics of one sub-period (last 7 days, the 7 before) from
 * the merged counters of the days in it.
 */
import type { RunGroupStats } from '../contracts/fleet-data.js';
import type { PeriodMetrics } from '../contracts/fleet-report.js';
import { median, p95 } from '../statistics/quantile.js';
import type { DayPeriod } from './day-periods.js';
import { getRunCounts, getSuccessRate } from './run-counts.js';

/** Cost is rounded to this many decimals in outputs: 1e-6 USD keeps cents exact after sums. */
export const USD_DECIMALS = 6;

export function roundUsd(value: number): number {
    const factor = 10 ** USD_DECIMALS;
    return Math.round(value * factor) / factor;
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
        durationSecs: { p50: median(stats.durationsSecs), p95: p95(stats.durationsSecs) },
    };
}
