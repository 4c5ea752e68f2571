/**
 * Weekly trend points of the fleet: whole 7-day periods counted back from the window's last
 * day (the newest week is the "last 7 days"), oldest first. A window of 28 days gives 4
 * points; a remainder of fewer than 7 days at the start is left out so every point covers a
 * full week. failureRate = (FAILED + TIMED-OUT) / finished, null when nothing finished.
 * healthScore = the score of the newest snapshot taken within that week, when one exists.
 */
import type { ActorData, AnalysisWindow } from '../contracts/fleet-data.js';
import type { FleetReport } from '../contracts/fleet-report.js';
import { PERIOD_DAYS } from './actor-metrics.js';
import { getTrailingPeriod, getWindowDayCount, selectDays, type DayPeriod } from './day-periods.js';
import { roundUsd } from './period-metrics.js';
import { getFailureRate, getRunCounts } from './run-counts.js';
import { getDaysStats } from './run-group-stats.js';

export type WeeklyTrendPoint = FleetReport['trend'][number];

export interface ScoreAtTime {
    at: string;
    healthScore: number;
}

/** The trend's weeks, oldest first: whole 7-day periods ending with the window. */
export function getWeeklyTrendPeriods(window: AnalysisWindow): DayPeriod[] {
    const weekCount = Math.max(1, Math.floor(getWindowDayCount(window) / PERIOD_DAYS));
    const periods: DayPeriod[] = [];
    for (let week = weekCount - 1; week >= 0; week--)
        periods.push(getTrailingPeriod(window, PERIOD_DAYS, week * PERIOD_DAYS));
    return periods;
}

export function buildWeeklyTrend(
    actors: readonly Pick<ActorData, 'days'>[],
    window: AnalysisWindow,
    scoreHistory: readonly ScoreAtTime[] = [],
): WeeklyTrendPoint[] {
    const points: WeeklyTrendPoint[] = [];
    for (const period of getWeeklyTrendPeriods(window)) {
        const stats = getDaysStats(actors.flatMap((actor) => selectDays(actor.days, period)));
        const fromMs = Date.parse(period.from);
        const toMs = Date.parse(period.to);
        const inWeek = scoreHistory
            .filter((entry) => {
                const atMs = Date.parse(entry.at);
                return atMs >= fromMs && atMs < toMs;
            })
            .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
        const runs = getRunCounts(stats);
        points.push({
            weekStart: period.firstDay,
            runs: runs.total,
            failureRate: getFailureRate(runs),
            costUsd: roundUsd(stats.costUsd),
            healthScore: inWeek[0]?.healthScore ?? null,
        });
    }
    return points;
}
