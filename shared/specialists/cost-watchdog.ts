/**
 * cost-watchdog: where does the money go, and where is it leaking?
 *
 * - spend per Actor, week over week, projected monthly spend and cost per 1,000 results
 *   (`cost-summary`, informational) and a material week-over-week rise (`cost-trend-up`);
 * - spikes of the daily cost per run against the Actor's own baseline, with robust statistics
 *   (median/MAD modified z-score), never a fixed percentage on tiny numbers (`cost-spike`);
 * - memory over-provisioning from the sampled runs' peak memory, with the estimated monthly
 *   saving in USD (`memory-overprovisioned`);
 * - runs without cost data, reported (monitor: the cost is incomplete) and never summed as $0
 *   (`cost-data-missing`).
 *
 * Everything under `minMonthlySpendUsd` (default $1/month) is ignored: a 300 % spike of
 * $0.002 is not worth anyone's attention.
 */
import { z } from 'zod';
import type { ActorData, DayAggregate, FleetData, RunGroupStats, SampledRun } from '../contracts/fleet-data.js';
import type { Signal, SignalsDocument } from '../contracts/signals.js';
import { getCostPer1000Results, PERIOD_DAYS } from '../metrics/actor-metrics.js';
import { getTrailingPeriod, getWindowPeriod, selectDays } from '../metrics/day-periods.js';
import { DAYS_PER_MONTH, getProjectedMonthlyCostUsd } from '../metrics/fleet-metrics.js';
import { roundUsd } from '../metrics/period-metrics.js';
import { getRunCounts } from '../metrics/run-counts.js';
import { getDayStats, getDaysStats } from '../metrics/run-group-stats.js';
import { median } from '../statistics/quantile.js';
import { robustBaseline, robustZScore } from '../statistics/robust-baseline.js';
// Same shape in every specialist, different rules (the `duplicates` tool pairs them): the helper list
// imported from specialist-document.ts, thresholds as documented constants, a zod options schema
// and a `run…` entry point that parses the options and analyses each Actor.
import {
    analyseEachActor,
    buildSignal,
    buildSignalsDocument,
    collectMissingPartErrors,
    isPartMissing,
    type ActorError,
    type SpecialistContext,
} from './specialist-document.js';
import { formatPercent, formatUsd } from '../format/number-format.js';

const SPECIALIST = 'cost-watchdog' as const;

/** $1/month: below it no cost finding is worth a person's time (and noise dominates). */
export const DEFAULT_MIN_MONTHLY_SPEND_USD = 1;
/** $20/month of excess: enough to act now rather than look at it this week. */
export const DEFAULT_ACT_NOW_USD_PER_MONTH = 20;
/**
 * A SUSTAINED multiplication — every recent day with costed runs at ×2 or more the baseline
 * median, on at least 2 days — is act_now from $10/month of excess: the bill has at least
 * doubled and it is not one bad day, so a smaller amount is worth acting on today.
 */
export const DEFAULT_SUSTAINED_SPIKE_MIN_RATIO = 2;
export const DEFAULT_SUSTAINED_SPIKE_MIN_DAYS = 2;
export const DEFAULT_SUSTAINED_ACT_NOW_USD_PER_MONTH = 10;
/** Modified z-score 3.5: Iglewicz & Hoaglin's outlier cut. */
export const DEFAULT_SPIKE_ROBUST_Z = 3.5;
/** The spike must also be material: at least 1.5× the baseline median cost per run. */
export const DEFAULT_SPIKE_MIN_RATIO = 1.5;
/** The last 3 days are "recent": a spike older than that already shows in the weekly trend. */
export const DEFAULT_SPIKE_RECENT_DAYS = 3;
/** 7 baseline days with costed runs: a median of fewer days is not an Actor's "normal". */
export const DEFAULT_MIN_BASELINE_DAYS = 7;
/** Absolute MAD floor, USD per run: cost per run varying by less than $0.001 is noise. */
export const DEFAULT_COST_PER_RUN_MAD_FLOOR_USD = 0.001;
/** Week-over-week spend rise that is worth a look (with the monthly floor on the difference). */
export const DEFAULT_TREND_MIN_RATIO = 1.5;
/** Runs needed in each week for the trend: fewer and one run changes the spend by half. */
export const DEFAULT_TREND_MIN_RUNS_PER_WEEK = 5;
/** Sampled runs with memory data needed before recommending less memory. */
export const DEFAULT_MIN_MEMORY_SAMPLES = 5;
/** Recommend at least 1.5× the highest observed peak: headroom for bigger inputs. */
export const DEFAULT_MEMORY_HEADROOM_FACTOR = 1.5;
/** Apify's smallest memory setting; settings are powers of two (128 MB … 32 GB). */
export const MIN_ACTOR_MEMORY_MBYTES = 128;
/**
 * USD per compute unit (1 GB-hour): Apify's list price on the Free and Starter plans
 * (apify.com/pricing, 2025: $0.3/CU; Scale and Business pay less). Only used to estimate which
 * share of a run's cost is compute (the part memory changes); the saving itself is derived
 * from the Actor's own cost, so a cheaper plan makes the estimate conservative, not wrong.
 */
export const USD_PER_COMPUTE_UNIT = 0.3;

const BYTES_PER_MEGABYTE = 1024 * 1024;

export const costWatchdogOptionsSchema = z
    .object({
        minMonthlySpendUsd: z.number().nonnegative().default(DEFAULT_MIN_MONTHLY_SPEND_USD),
        actNowUsdPerMonth: z.number().nonnegative().default(DEFAULT_ACT_NOW_USD_PER_MONTH),
        sustainedSpikeMinRatio: z.number().gt(1).default(DEFAULT_SUSTAINED_SPIKE_MIN_RATIO),
        sustainedSpikeMinDays: z.number().int().min(1).default(DEFAULT_SUSTAINED_SPIKE_MIN_DAYS),
        sustainedActNowUsdPerMonth: z.number().nonnegative().default(DEFAULT_SUSTAINED_ACT_NOW_USD_PER_MONTH),
        spikeRobustZ: z.number().positive().default(DEFAULT_SPIKE_ROBUST_Z),
        spikeMinRatio: z.number().gt(1).default(DEFAULT_SPIKE_MIN_RATIO),
        spikeRecentDays: z.number().int().min(1).max(14).default(DEFAULT_SPIKE_RECENT_DAYS),
        minBaselineDays: z.number().int().min(3).default(DEFAULT_MIN_BASELINE_DAYS),
        costPerRunMadFloorUsd: z.number().nonnegative().default(DEFAULT_COST_PER_RUN_MAD_FLOOR_USD),
        trendMinRatio: z.number().gt(1).default(DEFAULT_TREND_MIN_RATIO),
        trendMinRunsPerWeek: z.number().int().min(1).default(DEFAULT_TREND_MIN_RUNS_PER_WEEK),
        minMemorySamples: z.number().int().min(1).default(DEFAULT_MIN_MEMORY_SAMPLES),
        memoryHeadroomFactor: z.number().min(1).default(DEFAULT_MEMORY_HEADROOM_FACTOR),
        usdPerComputeUnit: z.number().positive().default(USD_PER_COMPUTE_UNIT),
        /** Emit the informational per-Actor `cost-summary` signal (decision ignore, no points). */
        emitSummaries: z.boolean().default(true),
    })
    .strict();
export type CostWatchdogOptions = z.input<typeof costWatchdogOptionsSchema>;
type Config = z.output<typeof costWatchdogOptionsSchema>;

/** Published deductions (cost component). */
export const COST_DEDUCTIONS = {
    spikeActNow: 8,
    spikeMonitor: 4,
    trendUp: 2,
    memoryOverprovisioned: 2,
} as const;

/** Runs that reported a cost (in-progress runs included: they are billed too). */
function runsWithCost(stats: RunGroupStats): number {
    return getRunCounts(stats).total - stats.runsWithoutCost;
}

interface SpendFacts {
    windowStats: RunGroupStats;
    last7: RunGroupStats;
    previous7: RunGroupStats;
    /** Median over the days of each week of that day's cost per run: one expensive run moves one day only. */
    last7MedianCostPerRunUsd: number | null;
    previous7MedianCostPerRunUsd: number | null;
    projectedMonthlyUsd: number;
}

function medianDailyCostPerRun(days: readonly DayAggregate[]): number | null {
    return median(
        days
            .map((day) => getDayStats(day))
            .filter((stats) => runsWithCost(stats) > 0)
            .map((stats) => stats.costUsd / runsWithCost(stats)),
    );
}

function getSpendFacts(actorData: ActorData, data: FleetData): SpendFacts {
    const windowDays = selectDays(actorData.days, getWindowPeriod(data.window));
    const windowStats = getDaysStats(windowDays);
    const last7Days = selectDays(windowDays, getTrailingPeriod(data.window, PERIOD_DAYS, 0));
    const previous7Days = selectDays(windowDays, getTrailingPeriod(data.window, PERIOD_DAYS, PERIOD_DAYS));
    const last7 = getDaysStats(last7Days);
    const previous7 = getDaysStats(previous7Days);
    return {
        windowStats,
        last7,
        previous7,
        last7MedianCostPerRunUsd: medianDailyCostPerRun(last7Days),
        previous7MedianCostPerRunUsd: medianDailyCostPerRun(previous7Days),
        projectedMonthlyUsd: getProjectedMonthlyCostUsd(data.window, last7.costUsd, windowStats.costUsd),
    };
}

function summarySignal(actorData: ActorData, facts: SpendFacts): Signal {
    const costPer1000 = getCostPer1000Results(actorData.sampledRuns);
    const costed = runsWithCost(facts.windowStats);
    const costPerRun = costed > 0 ? facts.windowStats.costUsd / costed : null;
    return buildSignal(SPECIALIST, {
        kind: 'cost-summary',
        actor: actorData.actor,
        severity: 'info',
        decision: 'ignore',
        title: `Spend ${formatUsd(facts.windowStats.costUsd)} in the window, about ${formatUsd(facts.projectedMonthlyUsd)}/month`,
        detail:
            `Last 7 days ${formatUsd(facts.last7.costUsd)}, the 7 before ${formatUsd(facts.previous7.costUsd)}. ` +
            `Cost per run ${costPerRun === null ? '—' : formatUsd(costPerRun)}; ` +
            `cost per 1,000 results ${costPer1000 === null ? '— (no sampled datasets with results)' : formatUsd(costPer1000)}.` +
            (facts.windowStats.runsWithoutCost > 0
                ? ` ${facts.windowStats.runsWithoutCost} runs had no cost data: spend is a lower bound.`
                : ''),
        metric: {
            name: 'projectedMonthlyCostUsd',
            value: roundUsd(facts.projectedMonthlyUsd),
            baseline: null,
            unit: 'USD',
        },
        notes: [
            `window spend USD ${roundUsd(facts.windowStats.costUsd)}`,
            `last 7 days USD ${roundUsd(facts.last7.costUsd)}`,
            `previous 7 days USD ${roundUsd(facts.previous7.costUsd)}`,
            `cost per 1000 results USD ${costPer1000 ?? 'n/a'}`,
        ],
        component: 'cost',
        points: 0,
        fix: 'Nothing to fix: this is the spend overview.',
    });
}

/**
 * Spend up week over week, judged on a robust spend (issue 16): runs × the median daily cost
 * per run, so one expensive run does not double a week. The rise is split into volume (more
 * runs at the old cost per run) and efficiency (each run costs more), each with its $/month.
 */
function checkTrend(actorData: ActorData, facts: SpendFacts, config: Config): Signal[] {
    const { last7, previous7 } = facts;
    const runsLast = runsWithCost(last7);
    const runsPrevious = runsWithCost(previous7);
    if (runsLast < config.trendMinRunsPerWeek || runsPrevious < config.trendMinRunsPerWeek) return [];
    if (previous7.costUsd <= 0 || last7.costUsd < config.trendMinRatio * previous7.costUsd) return [];
    const costPerRunLast = facts.last7MedianCostPerRunUsd;
    const costPerRunPrevious = facts.previous7MedianCostPerRunUsd;
    if (costPerRunLast === null || costPerRunPrevious === null || costPerRunPrevious <= 0) return [];
    const robustLast = runsLast * costPerRunLast;
    const robustPrevious = runsPrevious * costPerRunPrevious;
    if (robustLast < config.trendMinRatio * robustPrevious) return [];
    const toMonthly = (weeklyUsd: number) => (weeklyUsd / PERIOD_DAYS) * DAYS_PER_MONTH;
    const volumeMonthlyUsd = toMonthly((runsLast - runsPrevious) * costPerRunPrevious);
    const efficiencyMonthlyUsd = toMonthly(runsLast * (costPerRunLast - costPerRunPrevious));
    const increaseMonthlyUsd = volumeMonthlyUsd + efficiencyMonthlyUsd;
    if (increaseMonthlyUsd < config.minMonthlySpendUsd) return [];
    const driver = volumeMonthlyUsd >= efficiencyMonthlyUsd ? 'mostly more runs' : 'mostly a higher cost per run';
    return [
        buildSignal(SPECIALIST, {
            kind: 'cost-trend-up',
            actor: actorData.actor,
            severity: 'low',
            decision: 'monitor',
            title: `Spend up ×${(robustLast / robustPrevious).toFixed(1)} week over week (${driver}), about ${formatUsd(increaseMonthlyUsd)}/month more`,
            detail:
                `The last 7 days cost ${formatUsd(last7.costUsd)} against ${formatUsd(previous7.costUsd)} the week before (${driver}). ` +
                `Volume: ${runsPrevious} → ${runsLast} runs (${formatUsd(volumeMonthlyUsd)}/month). ` +
                `Efficiency: median daily cost per run ${formatUsd(costPerRunPrevious)} → ${formatUsd(costPerRunLast)} (${formatUsd(efficiencyMonthlyUsd)}/month). ` +
                `Medians of daily cost per run, so a single expensive run does not count as a trend.`,
            metric: {
                name: 'weeklyCostUsd',
                value: roundUsd(robustLast),
                baseline: roundUsd(robustPrevious),
                unit: 'USD',
            },
            component: 'cost',
            points: COST_DEDUCTIONS.trendUp,
            usdPerMonth: roundUsd(increaseMonthlyUsd),
            fix:
                driver === 'mostly more runs'
                    ? 'Check whether the extra runs are intended (schedules, integrations, a caller in a loop).'
                    : 'Compare a recent run with an older one: input size, proxy usage, retries, memory.',
        }),
    ];
}

function checkSpike(actorData: ActorData, data: FleetData, config: Config): Signal[] {
    const recentPeriod = getTrailingPeriod(data.window, config.spikeRecentDays, 0);
    const windowDays = selectDays(actorData.days, getWindowPeriod(data.window));
    const dailyCostPerRun = (days: typeof windowDays) =>
        days
            .map((day) => ({ day, stats: getDayStats(day) }))
            .filter(({ stats }) => runsWithCost(stats) > 0)
            .map(({ day, stats }) => ({
                day: day.day,
                costPerRunUsd: stats.costUsd / runsWithCost(stats),
                runs: runsWithCost(stats),
                costUsd: stats.costUsd,
            }));
    const baselineDays = dailyCostPerRun(windowDays.filter((day) => day.day < recentPeriod.firstDay));
    const recentDays = dailyCostPerRun(selectDays(windowDays, recentPeriod));
    if (baselineDays.length < config.minBaselineDays || recentDays.length === 0) return [];
    const baseline = robustBaseline(
        baselineDays.map((d) => d.costPerRunUsd),
        { absoluteMadFloor: config.costPerRunMadFloorUsd },
    );
    if (baseline === null) return [];
    const recentRuns = recentDays.reduce((sum, d) => sum + d.runs, 0);
    const recentCost = recentDays.reduce((sum, d) => sum + d.costUsd, 0);
    const recentCostPerRun = recentCost / recentRuns;
    const z = robustZScore(recentCostPerRun, baseline);
    if (z < config.spikeRobustZ || recentCostPerRun < config.spikeMinRatio * baseline.median) return [];
    const runsPerDay = recentRuns / config.spikeRecentDays;
    const excessMonthlyUsd = (recentCostPerRun - baseline.median) * runsPerDay * DAYS_PER_MONTH;
    if (excessMonthlyUsd < config.minMonthlySpendUsd) return [];
    // One recent day of a few expensive runs (a bigger input) is the commonest benign cause:
    // it is reported when it is big, or once it shows on a second day.
    const elevatedDays = recentDays.filter((d) => d.costPerRunUsd >= config.spikeMinRatio * baseline.median);
    if (elevatedDays.length < Math.min(2, config.spikeRecentDays) && excessMonthlyUsd < config.actNowUsdPerMonth)
        return [];
    const isSustained =
        recentDays.length >= config.sustainedSpikeMinDays &&
        recentDays.every((d) => d.costPerRunUsd >= config.sustainedSpikeMinRatio * baseline.median);
    const isActNow =
        excessMonthlyUsd >= config.actNowUsdPerMonth ||
        (isSustained && excessMonthlyUsd >= config.sustainedActNowUsdPerMonth);
    const worstDay = [...recentDays].sort(
        (a, b) => b.costPerRunUsd - a.costPerRunUsd || a.day.localeCompare(b.day),
    )[0]!;
    const sustainedNote = isSustained
        ? ` Sustained: every one of the ${recentDays.length} recent days is at ×${config.sustainedSpikeMinRatio} or more.`
        : '';
    return [
        buildSignal(SPECIALIST, {
            kind: 'cost-spike',
            actor: actorData.actor,
            severity: isActNow ? 'high' : 'medium',
            decision: isActNow ? 'act_now' : 'monitor',
            title: `Cost per run ${formatUsd(recentCostPerRun)} in the last ${config.spikeRecentDays} days, ×${(recentCostPerRun / baseline.median).toFixed(1)} its usual ${formatUsd(baseline.median)}`,
            detail:
                `Against the Actor's own baseline of ${baselineDays.length} days (median ${formatUsd(baseline.median)} per run, MAD ${formatUsd(baseline.mad)}), ` +
                `the recent cost per run has a robust z-score of ${z.toFixed(1)}. Worst day ${worstDay.day}: ${formatUsd(worstDay.costPerRunUsd)} per run over ${worstDay.runs} runs. ` +
                `If it continues, about ${formatUsd(excessMonthlyUsd)}/month extra.${sustainedNote}`,
            metric: {
                name: 'costPerRunUsd',
                value: roundUsd(recentCostPerRun),
                baseline: roundUsd(baseline.median),
                unit: 'USD',
            },
            runIds: actorData.sampledRuns
                .filter(
                    (run) =>
                        Date.parse(run.startedAt) >= Date.parse(recentPeriod.from) &&
                        run.usageTotalUsd !== null &&
                        run.usageTotalUsd >= config.spikeMinRatio * baseline.median,
                )
                .map((run) => run.id),
            notes: recentDays.map((d) => `${d.day}: USD ${roundUsd(d.costPerRunUsd)} per run, ${d.runs} runs`),
            component: 'cost',
            points: isActNow ? COST_DEDUCTIONS.spikeActNow : COST_DEDUCTIONS.spikeMonitor,
            usdPerMonth: roundUsd(excessMonthlyUsd),
            fix: 'Open the most expensive recent runs (evidence) and compare them with an older run: bigger inputs, retries, proxy traffic, a loop, or a memory setting changed by a caller.',
        }),
    ];
}

function nextPowerOfTwoMbytes(mbytes: number): number {
    let memory = MIN_ACTOR_MEMORY_MBYTES;
    while (memory < mbytes) memory *= 2;
    return memory;
}

/** Estimated share of a run's cost that is compute (the part memory scales); 1 when unknown. */
function estimateComputeShare(runs: readonly SampledRun[], usdPerComputeUnit: number): number {
    const shares = runs
        .filter((run) => run.computeUnits !== null && run.usageTotalUsd !== null && run.usageTotalUsd > 0)
        .map((run) => Math.min(1, (run.computeUnits! * usdPerComputeUnit) / run.usageTotalUsd!));
    return median(shares) ?? 1;
}

function checkMemory(actorData: ActorData, facts: SpendFacts, config: Config): Signal[] {
    const withMemory = actorData.sampledRuns
        .filter(
            (run) =>
                run.memMaxBytes !== null &&
                run.memoryMbytes !== null &&
                run.memoryMbytes > 0 &&
                run.status !== 'RUNNING' &&
                run.status !== 'READY',
        )
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    if (withMemory.length === 0) return [];
    // Judge the memory setting the most recent runs use; older runs may have had another one.
    const currentMbytes = withMemory[0]!.memoryMbytes!;
    const samples = withMemory.filter((run) => run.memoryMbytes === currentMbytes);
    if (samples.length < config.minMemorySamples) return [];
    const peakMbytes = Math.max(...samples.map((run) => run.memMaxBytes! / BYTES_PER_MEGABYTE));
    const recommendedMbytes = nextPowerOfTwoMbytes(peakMbytes * config.memoryHeadroomFactor);
    if (recommendedMbytes >= currentMbytes) return [];
    const computeShare = estimateComputeShare(samples, config.usdPerComputeUnit);
    const savingMonthlyUsd = facts.projectedMonthlyUsd * computeShare * (1 - recommendedMbytes / currentMbytes);
    if (savingMonthlyUsd < config.minMonthlySpendUsd) return [];
    const peakUtilization = peakMbytes / currentMbytes;
    return [
        buildSignal(SPECIALIST, {
            kind: 'memory-overprovisioned',
            actor: actorData.actor,
            severity: 'low',
            decision: 'monitor',
            title: `Memory ${currentMbytes} MB but peak use ${peakMbytes.toFixed(0)} MB: ${recommendedMbytes} MB would save about ${formatUsd(savingMonthlyUsd)}/month`,
            detail:
                `The highest peak of ${samples.length} sampled runs at ${currentMbytes} MB was ${peakMbytes.toFixed(0)} MB (${formatPercent(peakUtilization, 0)}). ` +
                `With ${config.memoryHeadroomFactor}× headroom, ${recommendedMbytes} MB is enough. Compute units scale with memory × time, so at the projected ` +
                `${formatUsd(facts.projectedMonthlyUsd)}/month (about ${formatPercent(computeShare, 0)} of it compute) the saving is about ${formatUsd(savingMonthlyUsd)}/month. ` +
                'Apify gives CPU in proportion to memory: check that runs do not get much slower.',
            metric: {
                name: 'peakMemoryUtilization',
                value: peakUtilization,
                baseline: 1 / config.memoryHeadroomFactor,
                unit: 'ratio',
            },
            runIds: samples.map((run) => run.id),
            component: 'cost',
            points: COST_DEDUCTIONS.memoryOverprovisioned,
            usdPerMonth: roundUsd(savingMonthlyUsd),
            fix: `Set the default memory to ${recommendedMbytes} MB (Actor → Settings → Default run options → Memory), and the memory of scheduled tasks that override it.`,
            labels: { recommendedMemoryMbytes: String(recommendedMbytes) },
        }),
    ];
}

/**
 * Runs without `usageTotalUsd`: the Actor's spend is incomplete, not alarming. monitor (no
 * points, whatever the amount): every cost figure of this Actor is a lower bound by an
 * unknown amount — the missing runs may cost more than the others (pay-per-event) — so
 * someone should know before trusting its totals, projection or spike checks.
 */
function checkMissingCost(actorData: ActorData, facts: SpendFacts): Signal[] {
    const { runsWithoutCost } = facts.windowStats;
    if (runsWithoutCost === 0) return [];
    const total = getRunCounts(facts.windowStats).total;
    return [
        buildSignal(SPECIALIST, {
            kind: 'cost-data-missing',
            actor: actorData.actor,
            severity: 'low',
            decision: 'monitor',
            title: `${runsWithoutCost} of ${total} runs have no cost data: spend is a lower bound`,
            detail:
                `${runsWithoutCost} of ${total} runs in the window (${formatPercent(runsWithoutCost / total)}) carry no usageTotalUsd. ` +
                "They are not counted as $0: this Actor's spend, projection and cost per run cover the costed runs only, and the missing runs may cost more (pay-per-event).",
            metric: { name: 'runsWithoutCost', value: runsWithoutCost, baseline: total, unit: 'runs' },
            component: 'cost',
            points: 0,
            fix: 'Open one of these runs in Console: if it is pay-per-event, read its charged events in Console → Billing for the full cost; otherwise ask Apify support why the run has no usage.',
        }),
    ];
}

function analyseActor(
    actorData: ActorData,
    data: FleetData,
    config: Config,
): { signals: Signal[]; errors: ActorError[] } {
    const errors = collectMissingPartErrors(actorData, ['runs', 'run-details', 'datasets']);
    const signals: Signal[] = [];
    if (!isPartMissing(actorData, 'runs')) {
        const facts = getSpendFacts(actorData, data);
        const isMaterial =
            facts.projectedMonthlyUsd >= config.minMonthlySpendUsd ||
            facts.windowStats.costUsd >= config.minMonthlySpendUsd;
        if (config.emitSummaries && isMaterial) signals.push(summarySignal(actorData, facts));
        signals.push(...checkTrend(actorData, facts, config));
        signals.push(...checkSpike(actorData, data, config));
        signals.push(...checkMissingCost(actorData, facts));
        if (!isPartMissing(actorData, 'run-details')) signals.push(...checkMemory(actorData, facts, config));
    }
    return { signals, errors };
}

export function runCostWatchdog(
    data: FleetData,
    options: CostWatchdogOptions,
    context: SpecialistContext,
): SignalsDocument {
    const config = costWatchdogOptionsSchema.parse(options ?? {});
    const { signals, errors } = analyseEachActor(data, (actorData) => analyseActor(actorData, data, config));
    return buildSignalsDocument(SPECIALIST, data, context, signals, errors);
}
