/**
 * Fleet-wide totals: the Actors' raw counters summed, then the same derivations as per Actor
 * (so the fleet success rate is pooled over runs, not an average of Actors' rates).
 *
 * Projected monthly spend = cost of the last 7 days (or of the whole window when it is
 * shorter) / those days × 30. It is a lower bound when runs lacked cost data.
 */
import type { AnalysisWindow } from '../contracts/fleet-data.js';
import type { PeriodMetrics, RunCounts } from '../contracts/fleet-report.js';
import type { ActorMetrics } from './actor-metrics.js';
import { PERIOD_DAYS } from './actor-metrics.js';
import { getTrailingPeriod, getWindowDayCount } from './day-periods.js';
import { buildPeriodMetrics, roundUsd } from './period-metrics.js';
import { getRunCounts, getSuccessRate } from './run-counts.js';
import { mergeRunGroupStatsList } from './run-group-stats.js';

/** A month for projections: 30 days (Apify bills by calendar month; 30 is the usual proxy). */
export const DAYS_PER_MONTH = 30;

export interface FleetMetrics {
    actorCount: number;
    runCount: number;
    runs: RunCounts;
    successRate: number | null;
    costUsd: number;
    runsWithoutCost: number;
    isCostComplete: boolean;
    projectedMonthlyCostUsd: number;
    last7Days: PeriodMetrics;
    previous7Days: PeriodMetrics;
}

export function getProjectedMonthlyCostUsd(
    window: AnalysisWindow,
    recentCostUsd: number,
    windowCostUsd: number,
): number {
    const windowDays = getWindowDayCount(window);
    if (windowDays < PERIOD_DAYS) return roundUsd((windowCostUsd / windowDays) * DAYS_PER_MONTH);
    return roundUsd((recentCostUsd / PERIOD_DAYS) * DAYS_PER_MONTH);
}

/** The window's counts for the fleet, read as buildPeriodMetrics reads a period (period-metrics.ts). */
export function computeFleetMetrics(actorMetrics: readonly ActorMetrics[], window: AnalysisWindow): FleetMetrics {
    const windowStats = mergeRunGroupStatsList(actorMetrics.map((m) => m.windowStats));
    const last7DaysStats = mergeRunGroupStatsList(actorMetrics.map((m) => m.last7DaysStats));
    const previous7DaysStats = mergeRunGroupStatsList(actorMetrics.map((m) => m.previous7DaysStats));
    const runs = getRunCounts(windowStats);
    return {
        actorCount: actorMetrics.length,
        runCount: runs.total,
        runs,
        successRate: getSuccessRate(runs),
        costUsd: roundUsd(windowStats.costUsd),
        runsWithoutCost: windowStats.runsWithoutCost,
        isCostComplete: windowStats.runsWithoutCost === 0,
        projectedMonthlyCostUsd: getProjectedMonthlyCostUsd(window, last7DaysStats.costUsd, windowStats.costUsd),
        last7Days: buildPeriodMetrics(getTrailingPeriod(window, PERIOD_DAYS, 0), last7DaysStats),
        previous7Days: buildPeriodMetrics(getTrailingPeriod(window, PERIOD_DAYS, PERIOD_DAYS), previous7DaysStats),
    };
}
