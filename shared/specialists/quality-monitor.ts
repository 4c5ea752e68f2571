/**
 * quality-monitor: do the runs that "succeed" deliver data? From the sampled runs' dataset
 * metadata and field statistics only (never items):
 *
 * - `succeeded-but-empty`: recent SUCCEEDED runs with an empty dataset, for Actors that do
 *   produce data;
 * - `result-count-drop`: recent item counts against the Actor's own baseline (median/MAD);
 * - `field-null-rate-spike`: per field, the share of null or empty values in recent samples
 *   against earlier samples (one-sided two-proportion test, Fisher when counts are small);
 * - `store-test-risk`: public Actors whose recent TEST-origin runs (the Store's daily
 *   automated test) do not SUCCEED with a non-empty dataset within 5 minutes. Apify puts an
 *   Actor "under maintenance" when it does not pass at least twice in the last three days
 *   (docs.apify.com/platform/actors/publishing/test; help.apify.com article 10057123).
 *
 * "Recent" = sampled runs that started in the last `recentDays` days of the window; the
 * baseline is the sampled runs before that.
 */
import { z } from 'zod';
import type { ActorData, FleetData, SampledRun } from '../contracts/fleet-data.js';
import type { Signal, SignalsDocument } from '../contracts/signals.js';
import { getTrailingPeriod } from '../metrics/day-periods.js';
import { fisherExactGreater } from '../statistics/fisher-exact-test.js';
import { median } from '../statistics/quantile.js';
import { robustBaseline, robustZScore } from '../statistics/robust-baseline.js';
import { twoProportionTest } from '../statistics/two-proportion-test.js';
import { getDatasetFieldDefinitions } from './schema-shapes.js';
import {
    analyseEachActor,
    buildSignal,
    buildSignalsDocument,
    collectMissingPartErrors,
    isPartMissing,
    type ActorError,
    type SpecialistContext,
} from './specialist-document.js';

const SPECIALIST = 'quality-monitor' as const;

/** Week-over-week, as the rest of the product. */
export const DEFAULT_RECENT_DAYS = 7;
/** Two empty successes at least: one empty run is often a legitimately empty search. */
export const DEFAULT_MIN_EMPTY_RUNS = 2;
/** Recent SUCCEEDED samples needed before judging the empty share. */
export const DEFAULT_MIN_SUCCEEDED_SAMPLES = 3;
/** Half of recent successes empty: no longer "an occasional empty search". */
export const DEFAULT_EMPTY_SHARE_MONITOR = 0.5;
/** Four in five empty: the Actor is effectively broken while reporting success. */
export const DEFAULT_EMPTY_SHARE_ACT_NOW = 0.8;
/** Baseline samples for a result-count baseline; recent samples for the comparison. */
export const DEFAULT_MIN_BASELINE_SAMPLES = 5;
export const DEFAULT_MIN_RECENT_SAMPLES = 3;
/** Robust z-score (modified z) below which the recent median is anomalous. */
export const DEFAULT_RESULT_DROP_ROBUST_Z = -3.5;
/** And it must be material: at least half fewer results than the baseline median. */
export const DEFAULT_RESULT_DROP_MIN_FRACTION = 0.5;
/** A drop of 80 % or more is act-now. */
export const DEFAULT_RESULT_DROP_ACT_NOW_FRACTION = 0.8;
/** Items needed on each side before comparing a field's null/empty share. */
export const DEFAULT_MIN_FIELD_ITEMS = 50;
/** 20 points more nulls: a field going from "sometimes missing" to "often missing". */
export const DEFAULT_NULL_RATE_MIN_INCREASE_POINTS = 20;
/** 1 %: many fields are tested per Actor; a looser level would fire on noise. */
export const DEFAULT_NULL_RATE_SIGNIFICANCE = 0.01;
/** At most this many field signals per Actor, the largest rises first. */
export const DEFAULT_MAX_FIELD_SIGNALS = 10;
/** The Store test's limits: SUCCEEDED with a non-empty dataset within 5 minutes. */
export const STORE_TEST_MAX_DURATION_SECS = 300;
/** The Store looks at the last three daily tests. */
export const STORE_TEST_RUNS_CONSIDERED = 3;
/** Fewer than 2 passes in the last 3 tests puts the Actor under maintenance. */
export const STORE_TEST_FAILURES_FOR_MAINTENANCE = 2;

export const qualityMonitorOptionsSchema = z.object({
    recentDays: z.number().int().min(1).max(28).default(DEFAULT_RECENT_DAYS),
    minEmptyRuns: z.number().int().min(1).default(DEFAULT_MIN_EMPTY_RUNS),
    minSucceededSamples: z.number().int().min(1).default(DEFAULT_MIN_SUCCEEDED_SAMPLES),
    emptyShareMonitor: z.number().gt(0).max(1).default(DEFAULT_EMPTY_SHARE_MONITOR),
    emptyShareActNow: z.number().gt(0).max(1).default(DEFAULT_EMPTY_SHARE_ACT_NOW),
    minBaselineSamples: z.number().int().min(2).default(DEFAULT_MIN_BASELINE_SAMPLES),
    minRecentSamples: z.number().int().min(1).default(DEFAULT_MIN_RECENT_SAMPLES),
    resultDropRobustZ: z.number().lt(0).default(DEFAULT_RESULT_DROP_ROBUST_Z),
    resultDropMinFraction: z.number().gt(0).lt(1).default(DEFAULT_RESULT_DROP_MIN_FRACTION),
    resultDropActNowFraction: z.number().gt(0).max(1).default(DEFAULT_RESULT_DROP_ACT_NOW_FRACTION),
    minFieldItems: z.number().int().min(1).default(DEFAULT_MIN_FIELD_ITEMS),
    nullRateMinIncreasePoints: z.number().min(0).max(100).default(DEFAULT_NULL_RATE_MIN_INCREASE_POINTS),
    nullRateSignificance: z.number().gt(0).lt(1).default(DEFAULT_NULL_RATE_SIGNIFICANCE),
    maxFieldSignals: z.number().int().min(0).default(DEFAULT_MAX_FIELD_SIGNALS),
}).strict();
export type QualityMonitorOptions = z.input<typeof qualityMonitorOptionsSchema>;
type Config = z.output<typeof qualityMonitorOptionsSchema>;

export const QUALITY_SIGNAL_KINDS = ['succeeded-but-empty', 'result-count-drop', 'field-null-rate-spike', 'store-test-risk'] as const;

/** Published deductions (data-quality, and reliability for the Store test). */
export const QUALITY_DEDUCTIONS = {
    emptyActNow: 10,
    emptyMonitor: 5,
    resultDropActNow: 10,
    resultDropMonitor: 5,
    perFieldSpike: 2,
    storeTestActNow: 10,
    storeTestMonitor: 4,
} as const;

function durationSecs(run: SampledRun): number | null {
    if (run.finishedAt === null) return null;
    return (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
}

function splitByPeriod(runs: readonly SampledRun[], recentFromMillis: number): { baseline: SampledRun[]; recent: SampledRun[] } {
    const baseline: SampledRun[] = [];
    const recent: SampledRun[] = [];
    for (const run of runs) (Date.parse(run.startedAt) >= recentFromMillis ? recent : baseline).push(run);
    return { baseline, recent };
}

function byNewestFirst(a: SampledRun, b: SampledRun): number {
    return Date.parse(b.startedAt) - Date.parse(a.startedAt) || a.id.localeCompare(b.id);
}

function checkEmptySuccesses(actorData: ActorData, succeeded: { baseline: SampledRun[]; recent: SampledRun[] }, config: Config): Signal[] {
    const { recent } = succeeded;
    if (recent.length < config.minSucceededSamples) return [];
    const empty = recent.filter((run) => run.dataset!.itemCount === 0).sort(byNewestFirst);
    const share = empty.length / recent.length;
    if (empty.length < config.minEmptyRuns || share < config.emptyShareMonitor) return [];
    // An Actor that never writes a dataset (key-value store output, side effects) is not broken.
    const producesData = [...succeeded.baseline, ...recent].some((run) => run.dataset!.itemCount > 0)
        || getDatasetFieldDefinitions(actorData.builds.latest?.datasetSchema ?? null) !== null;
    if (!producesData) return [];
    const isActNow = share >= config.emptyShareActNow;
    return [buildSignal(SPECIALIST, {
        kind: 'succeeded-but-empty',
        actor: actorData.actor,
        severity: isActNow ? 'high' : 'medium',
        decision: isActNow ? 'act_now' : 'monitor',
        title: `${empty.length} of ${recent.length} recent successful runs produced an empty dataset`,
        detail: `Runs report SUCCEEDED but their default dataset has 0 items (${(share * 100).toFixed(0)} % of the sampled successes of the last ${config.recentDays} days). `
            + 'Users and integrations see a success with no data; the Store test counts it as a failure.',
        metric: { name: 'emptySuccessShare', value: share, baseline: null, unit: 'ratio' },
        runIds: empty.map((run) => run.id),
        buildNumbers: empty.map((run) => run.buildNumber).filter((b): b is string => b !== null),
        component: 'data-quality',
        points: isActNow ? QUALITY_DEDUCTIONS.emptyActNow : QUALITY_DEDUCTIONS.emptyMonitor,
        fix: 'Open the log of an empty run: blocked requests, changed selectors or an input that matches nothing. Make the Actor fail (or warn in its status message) when it extracts nothing.',
    })];
}

function checkResultDrop(actorData: ActorData, succeeded: { baseline: SampledRun[]; recent: SampledRun[] }, config: Config): Signal[] {
    // Empty runs are the other check's business; here: fewer results from runs that produce some.
    const baselineCounts = succeeded.baseline.map((run) => run.dataset!.itemCount).filter((count) => count > 0);
    const recentRuns = succeeded.recent.filter((run) => run.dataset!.itemCount > 0);
    if (baselineCounts.length < config.minBaselineSamples || recentRuns.length < config.minRecentSamples) return [];
    const baseline = robustBaseline(baselineCounts, { absoluteMadFloor: 1 });
    const recentMedian = median(recentRuns.map((run) => run.dataset!.itemCount));
    if (baseline === null || recentMedian === null || baseline.median <= 0) return [];
    const z = robustZScore(recentMedian, baseline);
    const drop = 1 - recentMedian / baseline.median;
    if (z > config.resultDropRobustZ || drop < config.resultDropMinFraction) return [];
    const isActNow = drop >= config.resultDropActNowFraction;
    return [buildSignal(SPECIALIST, {
        kind: 'result-count-drop',
        actor: actorData.actor,
        severity: isActNow ? 'high' : 'medium',
        decision: isActNow ? 'act_now' : 'monitor',
        title: `Results per run fell ${(drop * 100).toFixed(0)} % (median ${baseline.median} → ${recentMedian})`,
        detail: `Recent successful runs (${recentRuns.length} sampled, last ${config.recentDays} days) have a median of ${recentMedian} items against `
            + `${baseline.median} before (${baselineCounts.length} sampled, MAD ${baseline.mad}); robust z-score ${z.toFixed(1)}.`,
        metric: { name: 'medianItemCount', value: recentMedian, baseline: baseline.median, unit: 'items' },
        runIds: [...recentRuns].sort(byNewestFirst).map((run) => run.id),
        buildNumbers: recentRuns.map((run) => run.buildNumber).filter((b): b is string => b !== null),
        component: 'data-quality',
        points: isActNow ? QUALITY_DEDUCTIONS.resultDropActNow : QUALITY_DEDUCTIONS.resultDropMonitor,
        fix: 'Compare a recent run with an older one: pagination, blocked pages, a changed listing layout, or a smaller input by the callers.',
    })];
}

interface FieldTally {
    nullOrEmpty: number;
    items: number;
}

function tallyFields(runs: readonly SampledRun[]): Map<string, FieldTally> {
    const tallies = new Map<string, FieldTally>();
    for (const run of runs) {
        const dataset = run.dataset!;
        if (dataset.fieldStatistics === null || dataset.itemCount === 0) continue;
        for (const [field, stats] of Object.entries(dataset.fieldStatistics)) {
            const tally = tallies.get(field) ?? { nullOrEmpty: 0, items: 0 };
            tally.nullOrEmpty += Math.min(dataset.itemCount, (stats.nullCount ?? 0) + (stats.emptyCount ?? 0));
            tally.items += dataset.itemCount;
            tallies.set(field, tally);
        }
    }
    return tallies;
}

function checkFieldNullRates(actorData: ActorData, withDatasets: { baseline: SampledRun[]; recent: SampledRun[] }, config: Config): Signal[] {
    const baseline = tallyFields(withDatasets.baseline);
    const recent = tallyFields(withDatasets.recent);
    const spikes: { field: string; rateBefore: number; rateNow: number; pValue: number; recent: FieldTally; baseline: FieldTally }[] = [];
    for (const [field, recentTally] of recent) {
        const baselineTally = baseline.get(field);
        if (baselineTally === undefined) continue;
        const before = { events: baselineTally.nullOrEmpty, trials: baselineTally.items };
        const now = { events: recentTally.nullOrEmpty, trials: recentTally.items };
        const test = twoProportionTest(before, now, { minTrialsPerGroup: config.minFieldItems });
        if (test === null || test.difference * 100 < config.nullRateMinIncreasePoints) continue;
        const pValue = test.isApproximationValid ? test.pValueGreater : fisherExactGreater(before, now);
        if (pValue === null || pValue >= config.nullRateSignificance) continue;
        spikes.push({ field, rateBefore: test.rateA, rateNow: test.rateB, pValue, recent: recentTally, baseline: baselineTally });
    }
    spikes.sort((a, b) => (b.rateNow - b.rateBefore) - (a.rateNow - a.rateBefore) || a.field.localeCompare(b.field));
    const recentRunIds = withDatasets.recent.filter((run) => run.dataset!.fieldStatistics !== null).sort(byNewestFirst).map((run) => run.id);
    return spikes.slice(0, config.maxFieldSignals).map((spike) => {
        // A field that was almost always filled and is now almost always empty is broken extraction.
        const isBroken = spike.rateNow >= 0.9 && spike.rateBefore <= 0.1;
        return buildSignal(SPECIALIST, {
            kind: 'field-null-rate-spike',
            discriminators: [spike.field],
            actor: actorData.actor,
            severity: isBroken ? 'high' : 'medium',
            decision: isBroken ? 'act_now' : 'monitor',
            title: `Field "${spike.field}" null or empty in ${(spike.rateNow * 100).toFixed(0)} % of items (was ${(spike.rateBefore * 100).toFixed(0)} %)`,
            detail: `Field statistics of sampled datasets: ${spike.recent.nullOrEmpty} of ${spike.recent.items} recent items have "${spike.field}" null or empty, `
                + `against ${spike.baseline.nullOrEmpty} of ${spike.baseline.items} before (one-sided p ${spike.pValue < 0.0001 ? '< 0.0001' : `= ${spike.pValue.toFixed(4)}`}).`,
            metric: { name: 'nullOrEmptyRate', value: spike.rateNow, baseline: spike.rateBefore, unit: 'ratio' },
            runIds: recentRunIds,
            notes: [`field: ${spike.field}`],
            component: 'data-quality',
            points: QUALITY_DEDUCTIONS.perFieldSpike,
            fix: `Check the extraction of "${spike.field}" on a recent page: the site's markup or API response probably changed.`,
        });
    });
}

function checkStoreTest(actorData: ActorData): Signal[] {
    if (actorData.actor.isPublic !== true) return [];
    const tests = actorData.sampledRuns
        .filter((run) => run.origin === 'TEST' && run.status !== 'RUNNING' && run.status !== 'READY')
        .sort(byNewestFirst)
        .slice(0, STORE_TEST_RUNS_CONSIDERED);
    if (tests.length === 0) return [];
    const verdicts = tests.map((run) => {
        const duration = durationSecs(run);
        const reasons: string[] = [];
        if (run.status !== 'SUCCEEDED') reasons.push(`status ${run.status}`);
        if (run.dataset !== null && run.dataset.itemCount === 0) reasons.push('empty dataset');
        if (duration !== null && duration > STORE_TEST_MAX_DURATION_SECS) reasons.push(`took ${Math.round(duration)} s (> ${STORE_TEST_MAX_DURATION_SECS} s)`);
        return { run, reasons };
    });
    const failures = verdicts.filter((verdict) => verdict.reasons.length > 0);
    if (failures.length === 0) return [];
    const isMaintenanceRisk = failures.length >= STORE_TEST_FAILURES_FOR_MAINTENANCE;
    // One failure among the last tests is a warning only if it is the latest one: an old flake already recovered.
    if (!isMaintenanceRisk && verdicts[0]!.reasons.length === 0) return [];
    return [buildSignal(SPECIALIST, {
        kind: 'store-test-risk',
        actor: actorData.actor,
        severity: isMaintenanceRisk ? 'critical' : 'high',
        decision: isMaintenanceRisk ? 'act_now' : 'monitor',
        title: isMaintenanceRisk
            ? `Store daily test failed ${failures.length} of the last ${tests.length} times: "under maintenance" risk`
            : 'The latest Store daily test failed: one more failure risks "under maintenance"',
        detail: 'Apify runs public Actors daily with their prefilled input and expects SUCCEEDED with a non-empty dataset within 5 minutes; '
            + 'an Actor that does not pass at least twice in the last three days is marked "under maintenance". '
            + `Failed tests: ${failures.map((f) => `${f.run.id} (${f.reasons.join(', ')})`).join('; ')}.`,
        metric: { name: 'storeTestFailures', value: failures.length, baseline: tests.length, unit: 'runs' },
        runIds: failures.map((f) => f.run.id),
        buildNumbers: failures.map((f) => f.run.buildNumber).filter((b): b is string => b !== null),
        notes: failures.map((f) => `${f.run.id}: ${f.reasons.join(', ')}`),
        component: 'reliability',
        points: isMaintenanceRisk ? QUALITY_DEDUCTIONS.storeTestActNow : QUALITY_DEDUCTIONS.storeTestMonitor,
        fix: 'Run the Actor with its prefilled input (Console → Input → "Restore example input"): give every required field a prefill, keep that run under 5 minutes and make it push at least one item.',
    })];
}

function analyseActor(actorData: ActorData, recentFromMillis: number, config: Config): { signals: Signal[]; errors: ActorError[] } {
    const errors = collectMissingPartErrors(actorData, ['run-details', 'datasets']);
    if (isPartMissing(actorData, 'run-details')) return { signals: [], errors };
    const signals: Signal[] = [...checkStoreTest(actorData)];
    if (!isPartMissing(actorData, 'datasets')) {
        // The failure-biased part of the sample would distort "what a normal run returns".
        const withDatasets = actorData.sampledRuns.filter((run) => run.dataset !== null && run.status === 'SUCCEEDED' && run.origin !== 'TEST');
        const split = splitByPeriod(withDatasets, recentFromMillis);
        signals.push(...checkEmptySuccesses(actorData, split, config));
        signals.push(...checkResultDrop(actorData, split, config));
        signals.push(...checkFieldNullRates(actorData, split, config));
    }
    return { signals, errors };
}

export function runQualityMonitor(data: FleetData, options: QualityMonitorOptions, context: SpecialistContext): SignalsDocument {
    const config = qualityMonitorOptionsSchema.parse(options ?? {});
    const recentFromMillis = Date.parse(getTrailingPeriod(data.window, config.recentDays, 0).from);
    const { signals, errors } = analyseEachActor(data, (actorData) => analyseActor(actorData, recentFromMillis, config));
    return buildSignalsDocument(SPECIALIST, data, context, signals, errors);
}
