/**
 * What every core check receives: one Actor's data and metrics, the split of its days into
 * the recent period and the reference period before it, and the thresholds.
 */
import type { ActorData, AnalysisWindow, RunGroupStats } from '../../contracts/fleet-data.js';
import type { SignalInput } from '../../contracts/signals.js';
import type { ActorMetrics } from '../../metrics/actor-metrics.js';
import { getTrailingPeriod, getWindowDayCount, getWindowPeriod, selectDays } from '../../metrics/day-periods.js';
import { getDaysStats } from '../../metrics/run-group-stats.js';
import type { CoreThresholds } from '../core-thresholds.js';
import type { DurationTrend, RateTrend, TrendMetric } from './fleet-trends.js';

export interface CoreCheckContext {
    actorData: ActorData;
    metrics: ActorMetrics;
    window: AnalysisWindow;
    thresholds: CoreThresholds;
    recentStats: RunGroupStats;
    /** The window's days before the recent period (21 days for the default 28-day window). */
    referenceStats: RunGroupStats;
    /** Failed / timed-out run ids of the recent period, newest day first. */
    recentFailedRunIds: string[];
    /** Build numbers that served runs in the recent period. */
    recentBuildNumbers: string[];
    /**
     * The fleet-wide trend tests of this Actor (fleet-trends.ts), filled in by
     * analyseCoreSignals once every Actor's context exists (BH needs the whole family).
     */
    trends?: ReadonlyMap<TrendMetric, RateTrend>;
    /** The fleet-wide duration test of this Actor (null: not enough runs to test). */
    durationTrend?: DurationTrend | null;
}

export type CoreCheck = (context: CoreCheckContext) => SignalInput[];

const MAX_EVIDENCE_RUN_IDS = 10;

export function buildCoreCheckContext(
    actorData: ActorData,
    metrics: ActorMetrics,
    window: AnalysisWindow,
    thresholds: CoreThresholds,
): CoreCheckContext {
    const windowDays = selectDays(actorData.days, getWindowPeriod(window));
    const recentLength = Math.min(thresholds.recentPeriodDays, getWindowDayCount(window));
    const recentPeriod = getTrailingPeriod(window, recentLength, 0);
    const recentDays = selectDays(windowDays, recentPeriod).sort((a, b) => b.day.localeCompare(a.day));
    const referenceDays = windowDays.filter((day) => day.day < recentPeriod.firstDay);
    const recentBuilds = new Set<string>();
    for (const day of recentDays) for (const build of Object.keys(day.byBuild)) recentBuilds.add(build);
    return {
        actorData,
        metrics,
        window,
        thresholds,
        recentStats: getDaysStats(recentDays),
        referenceStats: getDaysStats(referenceDays),
        recentFailedRunIds: recentDays.flatMap((day) => day.recentFailedRunIds).slice(0, MAX_EVIDENCE_RUN_IDS),
        recentBuildNumbers: [...recentBuilds]
            .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
            .slice(-10),
    };
}
