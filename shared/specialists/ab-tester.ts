/**
 * ab-tester: is B better than A? Pairs come from the input: two Actors (`kind: 'actors'`,
 * e.g. your scraper vs a Store alternative) or two builds of one Actor (`kind: 'builds'`).
 * A is the incumbent, B the challenger; the verdict is about switching from A to B.
 *
 * Compared, each with a significance test:
 * - success rate (primary): two-proportion test on FAILED + TIMED-OUT vs finished runs
 *   (Fisher exact when counts are small);
 * - cost per result (primary): per sampled run `usageTotalUsd / itemCount`, Mann–Whitney;
 * - duration (secondary): every finished run's duration, Mann–Whitney;
 * - result count per run (secondary): sampled SUCCEEDED datasets, Mann–Whitney.
 *
 * Verdict label `verdict`:
 * - `no_call`: too few finished runs on a side (default 30) — no verdict on noise;
 * - `switch_now` (act_now): B better on a primary metric at p < 0.01 by a material margin,
 *   and worse on nothing;
 * - `canary_recommended` (monitor): B better on some metric at p < 0.05 and worse on no primary
 *   metric (a secondary metric may be worse: try it on part of the traffic);
 * - `monitor_only` (ignore): no significant difference, or B worse on a primary metric.
 *
 * Modes: `history` (default, free) uses the window's runs. `active` is opt-in: the Actor shell
 * (I/O, not here) starts `runsPerSide` runs of each with the same input after stating
 * `estimateActiveComparisonCostUsd(...)` and checking it against the input's cap, then passes
 * the outcomes back as `pair.activeResults`; the verdict then comes from those runs only.
 */
import { z } from 'zod';
import type { ActorData, FleetData, RunGroupStats, SampledRun } from '../contracts/fleet-data.js';
import type { Decision, Severity, Signal, SignalsDocument } from '../contracts/signals.js';
import { getWindowDayCount } from '../metrics/day-periods.js';
import { DAYS_PER_MONTH } from '../metrics/fleet-metrics.js';
import { getRateDenominator, getRunCounts } from '../metrics/run-counts.js';
import { createEmptyRunGroupStats, getDaysStats, getStatsByBuild } from '../metrics/run-group-stats.js';
import { fisherExactGreater } from '../statistics/fisher-exact-test.js';
import { mannWhitneyTest } from '../statistics/mann-whitney.js';
import { median } from '../statistics/quantile.js';
import { twoProportionTest, type ProportionSample } from '../statistics/two-proportion-test.js';
import {
    buildSignal,
    buildSignalsDocument,
    collectMissingPartErrors,
    type ActorError,
    type SpecialistContext,
} from './specialist-document.js';
import { formatDurationSecs, formatPercent, formatPValue, formatUsd } from '../format/number-format.js';

const SPECIALIST = 'ab-tester' as const;

export const VERDICTS = ['switch_now', 'canary_recommended', 'monitor_only', 'no_call'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const AB_SIGNAL_KIND = 'ab-comparison';

/** 30 finished runs per side from history: one run then moves the rate by ≤ 3.3 points. */
export const DEFAULT_MIN_RUNS_PER_SIDE = 30;
/** Active comparisons are small by design (they cost money): 5 runs per side at least. */
export const DEFAULT_MIN_ACTIVE_RUNS_PER_SIDE = 5;
/** p < 0.05 for "better"/"worse" on a metric (canary). */
export const DEFAULT_SIGNIFICANCE = 0.05;
/** p < 0.01 for switching outright: a wrong switch is costly. */
export const DEFAULT_SWITCH_SIGNIFICANCE = 0.01;
/** A success-rate gain under 2 points is not worth a migration. */
export const DEFAULT_MIN_SUCCESS_RATE_GAIN_POINTS = 2;
/** A cost-per-result gain under 10 % is within run-to-run noise of a typical scraper. */
export const DEFAULT_MIN_COST_PER_RESULT_GAIN = 0.1;
/** Mann–Whitney needs at least this many values per side for cost per result and result counts. */
export const DEFAULT_MIN_SAMPLES_PER_SIDE = 5;

const runOutcomeSchema = z
    .object({
        runId: z.string().min(1),
        status: z.enum(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']),
        durationSecs: z.number().nonnegative().nullable(),
        usageTotalUsd: z.number().nonnegative().nullable(),
        itemCount: z.number().int().nonnegative().nullable(),
    })
    .strict();
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

const activeResultsSchema = z
    .object({ a: z.array(runOutcomeSchema).max(1000), b: z.array(runOutcomeSchema).max(1000) })
    .strict();

/**
 * A pair as the specialist receives it in its options: the input contract's pair
 * (shared/contracts/actor-input.ts, `abPairSchema`, which also checks the reference formats for
 * the user) plus the results of an opt-in active comparison. Kept apart because a SIGNALS run
 * gets its options from the orchestrator, not from the user.
 */
export const abPairSchema = z.discriminatedUnion('kind', [
    z
        .object({
            kind: z.literal('actors'),
            /** Actor id, `username/name` or `name` (the incumbent). */
            a: z.string().min(1).max(200),
            /** The challenger. */
            b: z.string().min(1).max(200),
            activeResults: activeResultsSchema.optional(),
        })
        .strict(),
    z
        .object({
            kind: z.literal('builds'),
            actor: z.string().min(1).max(200),
            buildA: z.string().min(1).max(40),
            buildB: z.string().min(1).max(40),
            activeResults: activeResultsSchema.optional(),
        })
        .strict(),
]);
export type AbPair = z.infer<typeof abPairSchema>;

export const abTesterOptionsSchema = z
    .object({
        pairs: z.array(abPairSchema).max(100).default([]),
        minRunsPerSide: z.number().int().min(1).default(DEFAULT_MIN_RUNS_PER_SIDE),
        minActiveRunsPerSide: z.number().int().min(1).default(DEFAULT_MIN_ACTIVE_RUNS_PER_SIDE),
        minSamplesPerSide: z.number().int().min(3).default(DEFAULT_MIN_SAMPLES_PER_SIDE),
        significance: z.number().gt(0).lt(1).default(DEFAULT_SIGNIFICANCE),
        switchSignificance: z.number().gt(0).lt(1).default(DEFAULT_SWITCH_SIGNIFICANCE),
        minSuccessRateGainPoints: z.number().min(0).max(100).default(DEFAULT_MIN_SUCCESS_RATE_GAIN_POINTS),
        minCostPerResultGain: z.number().min(0).max(1).default(DEFAULT_MIN_COST_PER_RESULT_GAIN),
    })
    .strict();
export type AbTesterOptions = z.input<typeof abTesterOptionsSchema>;
type Config = z.output<typeof abTesterOptionsSchema>;

/** What one side of a comparison brings, whatever its source (history or active runs). */
export interface ComparisonSide {
    label: string;
    success: ProportionSample;
    durationsSecs: number[];
    costPerResultUsd: number[];
    itemCounts: number[];
    /** For the monthly saving: results per month this side produces (A) — null when unknown. */
    resultsPerMonth: number | null;
    runIds: string[];
}

export type MetricDirection = 'b-better' | 'b-worse' | 'no-difference' | 'insufficient-data';

export interface MetricComparison {
    metric: 'successRate' | 'costPerResultUsd' | 'durationSecs' | 'itemCount';
    isPrimary: boolean;
    valueA: number | null;
    valueB: number | null;
    pValue: number | null;
    direction: MetricDirection;
    /** Direction at the stricter switch level (for switch_now). */
    isStronglyBetter: boolean;
}

export interface PairComparison {
    verdict: Verdict;
    metrics: MetricComparison[];
    reason: string;
}

function oneSidedRatePValues(
    a: ProportionSample,
    b: ProportionSample,
    minTrials: number,
): { pBLower: number; pBHigher: number; rateA: number; rateB: number } | null {
    const test = twoProportionTest(a, b, { minTrialsPerGroup: minTrials });
    if (test === null) return null;
    if (test.isApproximationValid)
        return { pBLower: test.pValueLess, pBHigher: test.pValueGreater, rateA: test.rateA, rateB: test.rateB };
    return {
        pBLower: fisherExactGreater(b, a) ?? 1,
        pBHigher: fisherExactGreater(a, b) ?? 1,
        rateA: test.rateA,
        rateB: test.rateB,
    };
}

function compareSuccess(a: ComparisonSide, b: ComparisonSide, minRuns: number, config: Config): MetricComparison {
    const failuresA = { events: a.success.trials - a.success.events, trials: a.success.trials };
    const failuresB = { events: b.success.trials - b.success.events, trials: b.success.trials };
    const result = oneSidedRatePValues(failuresA, failuresB, minRuns);
    const valueA = a.success.trials > 0 ? a.success.events / a.success.trials : null;
    const valueB = b.success.trials > 0 ? b.success.events / b.success.trials : null;
    if (result === null)
        return {
            metric: 'successRate',
            isPrimary: true,
            valueA,
            valueB,
            pValue: null,
            direction: 'insufficient-data',
            isStronglyBetter: false,
        };
    const gainPoints = (result.rateA - result.rateB) * 100;
    const isBetter = result.pBLower < config.significance && gainPoints >= config.minSuccessRateGainPoints;
    const isWorse = result.pBHigher < config.significance && -gainPoints >= config.minSuccessRateGainPoints;
    return {
        metric: 'successRate',
        isPrimary: true,
        valueA,
        valueB,
        pValue: isWorse ? result.pBHigher : result.pBLower,
        direction: isBetter ? 'b-better' : isWorse ? 'b-worse' : 'no-difference',
        isStronglyBetter: isBetter && result.pBLower < config.switchSignificance,
    };
}

/** Rank comparison where `lowerIsBetter` says which way B should move. */
function compareShift(
    metric: MetricComparison['metric'],
    valuesA: number[],
    valuesB: number[],
    lowerIsBetter: boolean,
    isPrimary: boolean,
    minSamples: number,
    minRelativeGain: number,
    config: Config,
): MetricComparison {
    const test = mannWhitneyTest(valuesA, valuesB, { minSamplesPerGroup: minSamples });
    const valueA = median(valuesA);
    const valueB = median(valuesB);
    if (test === null || valueA === null || valueB === null) {
        return {
            metric,
            isPrimary,
            valueA,
            valueB,
            pValue: null,
            direction: 'insufficient-data',
            isStronglyBetter: false,
        };
    }
    const pBetter = lowerIsBetter ? test.pValueLess : test.pValueGreater;
    const pWorse = lowerIsBetter ? test.pValueGreater : test.pValueLess;
    const relativeGain =
        valueA === 0
            ? valueB === 0
                ? 0
                : lowerIsBetter
                  ? -1
                  : 1
            : (lowerIsBetter ? valueA - valueB : valueB - valueA) / Math.abs(valueA);
    const isBetter = pBetter < config.significance && relativeGain >= minRelativeGain;
    const isWorse = pWorse < config.significance && -relativeGain >= minRelativeGain;
    return {
        metric,
        isPrimary,
        valueA,
        valueB,
        pValue: isWorse ? pWorse : pBetter,
        direction: isBetter ? 'b-better' : isWorse ? 'b-worse' : 'no-difference',
        isStronglyBetter: isBetter && pBetter < config.switchSignificance,
    };
}

/** The verdict from two sides, whatever their source. Exposed for the active mode and tests. */
export function comparePairSides(
    a: ComparisonSide,
    b: ComparisonSide,
    isActive: boolean,
    options: AbTesterOptions = {},
): PairComparison {
    const config = abTesterOptionsSchema.parse(options);
    const minRuns = isActive ? config.minActiveRunsPerSide : config.minRunsPerSide;
    const minSamples = isActive
        ? Math.min(config.minSamplesPerSide, config.minActiveRunsPerSide)
        : config.minSamplesPerSide;
    const metrics = [
        compareSuccess(a, b, minRuns, config),
        compareShift(
            'costPerResultUsd',
            a.costPerResultUsd,
            b.costPerResultUsd,
            true,
            true,
            minSamples,
            config.minCostPerResultGain,
            config,
        ),
        // Secondary metrics: any significant shift counts (no materiality margin).
        compareShift('durationSecs', a.durationsSecs, b.durationsSecs, true, false, minSamples, 0, config),
        compareShift('itemCount', a.itemCounts, b.itemCounts, false, false, minSamples, 0, config),
    ];
    const success = metrics[0]!;
    if (success.direction === 'insufficient-data') {
        return {
            verdict: 'no_call',
            metrics,
            reason: `too few finished runs: ${a.success.trials} for A, ${b.success.trials} for B (${minRuns} needed on each side)`,
        };
    }
    const primaryWorse = metrics.filter((m) => m.isPrimary && m.direction === 'b-worse');
    const secondaryWorse = metrics.filter((m) => !m.isPrimary && m.direction === 'b-worse');
    const better = metrics.filter((m) => m.direction === 'b-better');
    if (primaryWorse.length > 0) {
        return {
            verdict: 'monitor_only',
            metrics,
            reason: `B is worse on ${primaryWorse.map((m) => m.metric).join(', ')}: keep A`,
        };
    }
    if (metrics.some((m) => m.isPrimary && m.isStronglyBetter) && secondaryWorse.length === 0) {
        return {
            verdict: 'switch_now',
            metrics,
            reason: `B is clearly better on ${better.map((m) => m.metric).join(', ')} and worse on nothing`,
        };
    }
    if (better.length > 0) {
        return {
            verdict: 'canary_recommended',
            metrics,
            reason: `B is better on ${better.map((m) => m.metric).join(', ')}${secondaryWorse.length > 0 ? ` but worse on ${secondaryWorse.map((m) => m.metric).join(', ')}` : ''}: try it on part of the traffic`,
        };
    }
    return { verdict: 'monitor_only', metrics, reason: 'no significant difference' };
}

/** Matches an Actor by id, `username/name` or bare `name`. */
export function findActor(data: FleetData, reference: string): ActorData | null {
    return (
        data.actors.find((actorData) => actorData.actor.id === reference) ??
        data.actors.find((actorData) => actorData.actor.name === reference) ??
        data.actors.find((actorData) => actorData.actor.name.split('/').pop() === reference) ??
        null
    );
}

function costPerResultOf(runs: readonly SampledRun[]): number[] {
    return runs
        .filter(
            (run) =>
                run.status === 'SUCCEEDED' &&
                run.usageTotalUsd !== null &&
                run.dataset !== null &&
                run.dataset.itemCount > 0,
        )
        .map((run) => run.usageTotalUsd! / run.dataset!.itemCount);
}

function historySide(
    label: string,
    stats: RunGroupStats,
    sampledRuns: readonly SampledRun[],
    windowDays: number,
): ComparisonSide {
    // Failure-biased samples would make either side look worse than it is.
    const unbiased = sampledRuns.filter((run) => run.sampledBecause !== 'recent-failure');
    const itemCounts = unbiased
        .filter((run) => run.status === 'SUCCEEDED' && run.dataset !== null)
        .map((run) => run.dataset!.itemCount);
    const medianItems = median(itemCounts);
    return {
        label,
        success: { events: stats.succeeded, trials: getRateDenominator(stats) },
        durationsSecs: stats.durationsSecs,
        costPerResultUsd: costPerResultOf(unbiased),
        itemCounts,
        resultsPerMonth: medianItems === null ? null : (medianItems * stats.succeeded * DAYS_PER_MONTH) / windowDays,
        runIds: unbiased.map((run) => run.id),
    };
}

function activeSide(label: string, outcomes: readonly RunOutcome[]): ComparisonSide {
    const finished = outcomes.filter((run) => run.status !== 'ABORTED');
    return {
        label,
        success: { events: finished.filter((run) => run.status === 'SUCCEEDED').length, trials: finished.length },
        durationsSecs: finished.map((run) => run.durationSecs).filter((d): d is number => d !== null),
        costPerResultUsd: finished
            .filter((run) => run.status === 'SUCCEEDED' && run.usageTotalUsd !== null && (run.itemCount ?? 0) > 0)
            .map((run) => run.usageTotalUsd! / run.itemCount!),
        itemCounts: finished
            .filter((run) => run.status === 'SUCCEEDED' && run.itemCount !== null)
            .map((run) => run.itemCount!),
        resultsPerMonth: null,
        runIds: outcomes.map((run) => run.runId),
    };
}

interface ResolvedPair {
    /** The Actor the signal is attached to (A, or the Actor of a build pair). */
    owner: ActorData;
    key: string;
    a: { label: string; stats: RunGroupStats; sampledRuns: SampledRun[]; actorData: ActorData };
    b: { label: string; stats: RunGroupStats; sampledRuns: SampledRun[]; actorData: ActorData };
}

function resolvePair(pair: AbPair, data: FleetData): ResolvedPair | string {
    if (pair.kind === 'actors') {
        const actorA = findActor(data, pair.a);
        const actorB = findActor(data, pair.b);
        if (actorA === null || actorB === null) {
            return `Actor "${actorA === null ? pair.a : pair.b}" is not in the analysed fleet (a pair's Actors must both be analysed)`;
        }
        return {
            owner: actorA,
            key: `${actorA.actor.id}-vs-${actorB.actor.id}`,
            a: {
                label: actorA.actor.name,
                stats: getDaysStats(actorA.days),
                sampledRuns: actorA.sampledRuns,
                actorData: actorA,
            },
            b: {
                label: actorB.actor.name,
                stats: getDaysStats(actorB.days),
                sampledRuns: actorB.sampledRuns,
                actorData: actorB,
            },
        };
    }
    const actorData = findActor(data, pair.actor);
    if (actorData === null) return `Actor "${pair.actor}" is not in the analysed fleet`;
    const byBuild = getStatsByBuild(actorData.days);
    const side = (buildNumber: string) => ({
        label: `${actorData.actor.name} build ${buildNumber}`,
        stats: byBuild.get(buildNumber) ?? createEmptyRunGroupStats(),
        sampledRuns: actorData.sampledRuns.filter((run) => run.buildNumber === buildNumber),
        actorData,
    });
    return { owner: actorData, key: `${pair.buildA}-vs-${pair.buildB}`, a: side(pair.buildA), b: side(pair.buildB) };
}

/** Average cost of one run from history (window cost / runs with cost); null without cost data. */
function costPerRunUsd(stats: RunGroupStats): number | null {
    const runsWithCost = getRunCounts(stats).total - stats.runsWithoutCost;
    return runsWithCost > 0 ? stats.costUsd / runsWithCost : null;
}

/**
 * Expected cost of the opt-in active comparison: `runsPerSide` runs of A and of B, each at its
 * historical average cost per run. null when a side has no cost history (then the shell must
 * not start runs without an explicit cap). The shell states this before it starts anything.
 */
export function estimateActiveComparisonCostUsd(pair: AbPair, data: FleetData, runsPerSide: number): number | null {
    const parsed = abPairSchema.parse(pair);
    if (!Number.isInteger(runsPerSide) || runsPerSide < 1)
        throw new RangeError(`runsPerSide must be a positive integer, got ${runsPerSide}`);
    const resolved = resolvePair(parsed, data);
    if (typeof resolved === 'string') return null;
    const costA = costPerRunUsd(resolved.a.stats);
    const costB = costPerRunUsd(resolved.b.stats);
    if (costA === null || costB === null) return null;
    return runsPerSide * (costA + costB);
}

function formatMetric(m: MetricComparison): string {
    const format = (value: number | null) => {
        if (value === null) return '—';
        if (m.metric === 'successRate') return formatPercent(value);
        if (m.metric === 'costPerResultUsd') return `${formatUsd(value * 1000)}/1000`;
        if (m.metric === 'durationSecs') return formatDurationSecs(value);
        return `${value}`;
    };
    const p = m.pValue === null ? '' : `, ${formatPValue(m.pValue)}`;
    return `${m.metric}: A ${format(m.valueA)} vs B ${format(m.valueB)} (${m.direction}${p})`;
}

const VERDICT_OUTCOME: Record<Verdict, { decision: Decision; severity: Severity }> = {
    switch_now: { decision: 'act_now', severity: 'medium' },
    canary_recommended: { decision: 'monitor', severity: 'low' },
    monitor_only: { decision: 'ignore', severity: 'info' },
    no_call: { decision: 'ignore', severity: 'info' },
};

function analysePair(
    pair: AbPair,
    index: number,
    data: FleetData,
    config: Config,
): { signals: Signal[]; errors: ActorError[] } {
    const resolved = resolvePair(pair, data);
    if (typeof resolved === 'string')
        return {
            signals: [],
            errors: [{ actorId: null, message: `ab-tester pair #${index + 1}: ${resolved}; no verdict.` }],
        };
    const isActive = pair.activeResults !== undefined;
    const errors = isActive
        ? []
        : [
              ...collectMissingPartErrors(resolved.a.actorData, ['runs', 'run-details', 'datasets']),
              ...(resolved.b.actorData === resolved.a.actorData
                  ? []
                  : collectMissingPartErrors(resolved.b.actorData, ['runs', 'run-details', 'datasets'])),
          ];
    const windowDays = getWindowDayCount(data.window);
    const sideA = isActive
        ? activeSide(resolved.a.label, pair.activeResults!.a)
        : historySide(resolved.a.label, resolved.a.stats, resolved.a.sampledRuns, windowDays);
    const sideB = isActive
        ? activeSide(resolved.b.label, pair.activeResults!.b)
        : historySide(resolved.b.label, resolved.b.stats, resolved.b.sampledRuns, windowDays);
    const comparison = comparePairSides(sideA, sideB, isActive, config);
    const outcome = VERDICT_OUTCOME[comparison.verdict];
    const cost = comparison.metrics.find((m) => m.metric === 'costPerResultUsd')!;
    const usdPerMonth =
        cost.direction === 'b-better' && cost.valueA !== null && cost.valueB !== null && sideA.resultsPerMonth !== null
            ? (cost.valueA - cost.valueB) * sideA.resultsPerMonth
            : null;
    const titles: Record<Verdict, string> = {
        switch_now: `Switch to ${sideB.label}: clearly better than ${sideA.label}`,
        canary_recommended: `Try ${sideB.label} on part of the traffic instead of ${sideA.label}`,
        monitor_only: `Keep ${sideA.label}: ${sideB.label} is not better`,
        no_call: `Not enough data to compare ${sideA.label} with ${sideB.label}`,
    };
    const signal = buildSignal(SPECIALIST, {
        kind: AB_SIGNAL_KIND,
        discriminators: [resolved.key],
        actor: resolved.owner.actor,
        severity: outcome.severity,
        decision: outcome.decision,
        title: titles[comparison.verdict],
        detail:
            `${isActive ? 'Active comparison (runs started for it with the same input)' : "From the window's history"}: ${comparison.reason}. ` +
            comparison.metrics.map(formatMetric).join('; ') +
            '.',
        metric: {
            name: 'successRate',
            value: comparison.metrics[0]!.valueB,
            baseline: comparison.metrics[0]!.valueA,
            unit: 'ratio',
        },
        runIds: [...sideA.runIds.slice(0, 10), ...sideB.runIds.slice(0, 10)],
        buildNumbers: pair.kind === 'builds' ? [pair.buildA, pair.buildB] : [],
        notes: comparison.metrics.map(formatMetric),
        // A comparison is advice, not a defect: it costs no Health Score points.
        component: 'reliability',
        points: 0,
        usdPerMonth,
        fix:
            comparison.verdict === 'no_call'
                ? 'Wait for more runs, or run an active comparison (opt-in; the expected cost is stated before it starts).'
                : comparison.verdict === 'monitor_only'
                  ? 'Nothing to change.'
                  : `Point a share of the callers (or all, for switch_now) to ${sideB.label} and watch its success rate.`,
        labels: { verdict: comparison.verdict, mode: isActive ? 'active' : 'history' },
    });
    return { signals: [signal], errors };
}

export function runAbTester(data: FleetData, options: AbTesterOptions, context: SpecialistContext): SignalsDocument {
    const config = abTesterOptionsSchema.parse(options ?? {});
    const signals: Signal[] = [];
    const errors: ActorError[] = [];
    config.pairs.forEach((pair, index) => {
        try {
            const result = analysePair(pair, index, data, config);
            signals.push(...result.signals);
            errors.push(...result.errors);
        } catch (error) {
            errors.push({
                actorId: null,
                message: `ab-tester pair #${index + 1}: comparison failed (${error instanceof Error ? error.message : String(error)}).`,
            });
        }
    });
    return buildSignalsDocument(SPECIALIST, data, context, signals, errors);
}
