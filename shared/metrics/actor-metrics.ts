/**
 * Per-Actor metrics exactly as README.md "Metric definitions" defines them.
 *
 * - Runs, origins, cost and durations come from the day aggregates (every run of the window).
 * - Cost per run = cost / runs that reported a cost (runs without cost are not $0).
 * - Cost per 1,000 results and memory utilisation come from the bounded sample of run details;
 *   the "recent-failure" part of the sample is left out of cost per result, because it
 *   deliberately over-represents failures and would inflate the figure.
 * - Duration p50/p95 are exact type-7 quantiles over every terminal run's duration.
 */
import type { ActorData, AnalysisWindow, RunGroupStats, SampledRun } from '../contracts/fleet-data.js';
import type { PeriodMetrics, RunCounts } from '../contracts/fleet-report.js';
import { median } from '../statistics/quantile.js';
import type { ProportionInterval } from '../statistics/wilson-interval.js';
import { getTrailingPeriod, getWindowPeriod, selectDays } from './day-periods.js';
import { buildPeriodMetrics, getDurationQuantiles, roundUsd } from './period-metrics.js';
import { getRunCounts, getSuccessRate, getSuccessRateInterval } from './run-counts.js';
import { getDaysStats } from './run-group-stats.js';

/** Week-over-week compares periods of this many days. */
export const PERIOD_DAYS = 7;

const BYTES_PER_MEGABYTE = 1024 * 1024;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);

export interface ActorMetrics {
    actorId: string;
    runs: RunCounts;
    byOrigin: Record<string, number>;
    successRate: number | null;
    successRateInterval: ProportionInterval | null;
    costUsd: number;
    runsWithoutCost: number;
    isCostComplete: boolean;
    costPerRunUsd: number | null;
    costPer1000ResultsUsd: number | null;
    durationSecs: { p50: number | null; p95: number | null };
    memoryUtilization: number | null;
    lastRunAt: string | null;
    lastSucceededAt: string | null;
    buildInUse: string | null;
    last7Days: PeriodMetrics;
    previous7Days: PeriodMetrics;
    /** Merged raw counters of the window (input for fleet totals and the core analysis). */
    windowStats: RunGroupStats;
    last7DaysStats: RunGroupStats;
    previous7DaysStats: RunGroupStats;
}

function laterOf(a: string | null, b: string | null): string | null {
    if (a === null) return b;
    if (b === null) return a;
    return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Sum over days of `byOrigin`. */
export function getOriginCounts(actorData: Pick<ActorData, 'days'>): Record<string, number> {
    // A Map, then fromEntries (which defines own properties): an origin named '__proto__'
    // would otherwise be swallowed by the prototype setter of a plain object.
    const counts = new Map<string, number>();
    for (const day of actorData.days) {
        for (const [origin, count] of Object.entries(day.byOrigin))
            counts.set(origin, (counts.get(origin) ?? 0) + count);
    }
    return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Σ usageTotalUsd / Σ itemCount × 1,000 over sampled terminal runs that have both (failure-
 * biased samples excluded). null without such runs or when they produced no items.
 */
export function getCostPer1000Results(sampledRuns: readonly SampledRun[]): number | null {
    let costUsd = 0;
    let items = 0;
    let runs = 0;
    for (const run of sampledRuns) {
        if (run.sampledBecause === 'recent-failure' || !TERMINAL.has(run.status)) continue;
        if (run.usageTotalUsd === null || run.dataset === null) continue;
        costUsd += run.usageTotalUsd;
        items += run.dataset.itemCount;
        runs++;
    }
    if (runs === 0 || items === 0) return null;
    return roundUsd((costUsd / items) * 1000);
}

/** Median over sampled runs of memMaxBytes / (memoryMbytes · 2²⁰); null without samples. */
export function getMemoryUtilization(sampledRuns: readonly SampledRun[]): number | null {
    const ratios: number[] = [];
    for (const run of sampledRuns) {
        if (run.memMaxBytes === null || run.memoryMbytes === null || run.memoryMbytes <= 0) continue;
        ratios.push(run.memMaxBytes / (run.memoryMbytes * BYTES_PER_MEGABYTE));
    }
    return median(ratios);
}

/**
 * The build that served the most recent runs: the latest sampled run's build, else the build
 * with the most runs on the latest day with runs, else the latest build. null when unknown.
 */
export function getBuildInUse(actorData: Pick<ActorData, 'days' | 'sampledRuns' | 'builds'>): string | null {
    let latestSampled: SampledRun | null = null;
    for (const run of actorData.sampledRuns) {
        if (run.buildNumber === null) continue;
        if (latestSampled === null || Date.parse(run.startedAt) > Date.parse(latestSampled.startedAt))
            latestSampled = run;
    }
    if (latestSampled?.buildNumber) return latestSampled.buildNumber;
    const latestDay = [...actorData.days]
        .sort((a, b) => b.day.localeCompare(a.day))
        .find((day) => Object.keys(day.byBuild).length > 0);
    if (latestDay) {
        const [buildNumber] = Object.entries(latestDay.byBuild)
            .map(([build, stats]) => [build, getRunCounts(stats).total] as const)
            .sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0], undefined, { numeric: true }))[0]!;
        return buildNumber;
    }
    return actorData.builds.latest?.buildNumber ?? null;
}

export function computeActorMetrics(actorData: ActorData, window: AnalysisWindow): ActorMetrics {
    const windowPeriod = getWindowPeriod(window);
    const windowDays = selectDays(actorData.days, windowPeriod);
    const lastPeriod = getTrailingPeriod(window, PERIOD_DAYS, 0);
    const previousPeriod = getTrailingPeriod(window, PERIOD_DAYS, PERIOD_DAYS);

    const windowStats = getDaysStats(windowDays);
    const last7DaysStats = getDaysStats(selectDays(windowDays, lastPeriod));
    const previous7DaysStats = getDaysStats(selectDays(windowDays, previousPeriod));
    const runs = getRunCounts(windowStats);
    const runsWithCost = runs.total - windowStats.runsWithoutCost;

    let lastRunAt: string | null = actorData.actor.lastRunStartedAt;
    let lastSucceededAt: string | null = null;
    for (const day of windowDays) {
        lastRunAt = laterOf(lastRunAt, day.lastStartedAt);
        lastSucceededAt = laterOf(lastSucceededAt, day.lastSucceededAt);
    }

    return {
        actorId: actorData.actor.id,
        runs,
        byOrigin: getOriginCounts({ days: windowDays }),
        successRate: getSuccessRate(runs),
        successRateInterval: getSuccessRateInterval(runs),
        costUsd: roundUsd(windowStats.costUsd),
        runsWithoutCost: windowStats.runsWithoutCost,
        isCostComplete: windowStats.runsWithoutCost === 0,
        costPerRunUsd: runsWithCost > 0 ? roundUsd(windowStats.costUsd / runsWithCost) : null,
        costPer1000ResultsUsd: getCostPer1000Results(actorData.sampledRuns),
        durationSecs: getDurationQuantiles(windowStats.durationsSecs),
        memoryUtilization: getMemoryUtilization(actorData.sampledRuns),
        lastRunAt: lastRunAt === null ? null : new Date(lastRunAt).toISOString(),
        lastSucceededAt: lastSucceededAt === null ? null : new Date(lastSucceededAt).toISOString(),
        buildInUse: getBuildInUse(actorData),
        last7Days: buildPeriodMetrics(lastPeriod, last7DaysStats),
        previous7Days: buildPeriodMetrics(previousPeriod, previous7DaysStats),
        windowStats,
        last7DaysStats,
        previous7DaysStats,
    };
}
