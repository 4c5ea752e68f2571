/**
 * quality-monitor: do the runs that "succeed" deliver data? From the sampled runs' dataset
 * metadata and field statistics only (never items):
 *
 * - `succeeded-but-empty`: recent SUCCEEDED runs with an empty dataset, for Actors that do
 *   produce data, against the Actor's normal share of empty successes (exact binomial test);
 * - `result-count-drop`: recent item counts against the Actor's own baseline (median/MAD);
 * - `field-null-rate-spike`: per field, a rise of the share of null or empty values that lasts
 *   until the latest sample, at the most significant change point of the sampled datasets
 *   (one-sided two-proportion test, Fisher when counts are small, Bonferroni over the change
 *   points tried);
 * - `store-test-risk`: public Actors whose recent TEST-origin runs (the Store's daily
 *   automated test) do not SUCCEED with a non-empty dataset within 5 minutes. Apify puts an
 *   Actor "under maintenance" when it does not pass at least twice in the last three days
 *   (docs.apify.com/platform/actors/publishing/test; help.apify.com article 10057123).
 *
 * "Recent" = sampled runs that started in the last `recentDays` days of the window; the
 * baseline is the sampled runs before that. The field check finds its own change point: the
 * sample holds about one run a day, mostly from the last week, so a fixed 7-day split would
 * often leave no baseline at all.
 */
import { z } from 'zod';
import { UNDER_MAINTENANCE_NOTICE, type ActorData, type FleetData, type SampledRun } from '../contracts/fleet-data.js';
import type { Signal, SignalsDocument } from '../contracts/signals.js';
import { getTrailingPeriod } from '../metrics/day-periods.js';
import { fisherExactGreater } from '../statistics/fisher-exact-test.js';
import { median } from '../statistics/quantile.js';
import { robustBaseline, robustZScore } from '../statistics/robust-baseline.js';
import { twoProportionTest } from '../statistics/two-proportion-test.js';
import { wilsonInterval } from '../statistics/wilson-interval.js';
import { binomialUpperTail } from '../statistics/binomial-test.js';
import { getDatasetFieldDefinitions } from './schema-shapes.js';
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
import { formatPercent, formatPValue } from '../format/number-format.js';

const SPECIALIST = 'quality-monitor' as const;

/** Week-over-week, as the rest of the product. */
export const DEFAULT_RECENT_DAYS = 7;
/** Two empty successes at least: one empty run is often a legitimately empty search. */
export const DEFAULT_MIN_EMPTY_RUNS = 2;
/** Recent SUCCEEDED samples needed before judging the empty share. */
export const DEFAULT_MIN_SUCCEEDED_SAMPLES = 3;
/**
 * The share of empty successes assumed normal when the Actor's own sampled baseline does not
 * say more (and the floor under what it says): 5 %, an occasional legitimately empty search.
 * A baseline of 0 empty in 5 samples does not prove the Actor is never empty.
 */
export const DEFAULT_HEALTHY_EMPTY_SHARE = 0.05;
/** One-sided exact binomial test level: 1 %, as the core's regressions (one test per Actor). */
export const DEFAULT_EMPTY_SIGNIFICANCE = 0.01;
/** Materiality: at least one recent success in five empty. */
export const DEFAULT_EMPTY_SHARE_MIN = 0.2;
/**
 * act_now when the Wilson 95 % lower bound of the empty share reaches this (and twice the
 * Actor's normal share): SURELY at least one success in ten delivers nothing. The core alerts
 * on visible failures at that bar; an empty success is worse, because nothing alerts the
 * caller — schedules and integrations consume no data while the run shows green.
 */
export const DEFAULT_EMPTY_ACT_NOW_LOWER_BOUND = 0.1;
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
/** Sampled datasets needed on each side of a field's change point: one dataset is one input. */
export const DEFAULT_MIN_FIELD_DATASETS = 2;
/** 20 points more nulls: a field going from "sometimes missing" to "often missing". */
export const DEFAULT_NULL_RATE_MIN_INCREASE_POINTS = 20;
/** 1 %: many fields are tested per Actor; a looser level would fire on noise. */
export const DEFAULT_NULL_RATE_SIGNIFICANCE = 0.01;
/**
 * act_now when a field that was filled in at least 90 % of items (≤ 10 % null or empty) is now
 * missing in at least half of them: more items lack it than have it, so whatever reads that
 * field downstream (averages, filters, joins) is broken, not degraded.
 */
export const DEFAULT_NULL_RATE_ACT_NOW_BEFORE_MAX = 0.1;
export const DEFAULT_NULL_RATE_ACT_NOW_AFTER_MIN = 0.5;
/** At most this many field signals per Actor, the largest rises first. */
export const DEFAULT_MAX_FIELD_SIGNALS = 10;
/** The Store test's limits: SUCCEEDED with a non-empty dataset within 5 minutes. */
export const STORE_TEST_MAX_DURATION_SECS = 300;
/** The Store looks at the last three daily tests. */
export const STORE_TEST_RUNS_CONSIDERED = 3;
/** Fewer than 2 passes in the last 3 tests puts the Actor under maintenance. */
export const STORE_TEST_FAILURES_FOR_MAINTENANCE = 2;
/** The rule the forecast applies, quoted in its signal (help.apify.com article 10057123; docs "Actor testing"). */
export const STORE_TEST_RULE =
    'Apify runs a public Actor daily with its prefilled input and expects SUCCEEDED with a non-empty dataset within 5 minutes; ' +
    'an Actor that does not pass at least twice in the last three days is marked "under maintenance"';

export const qualityMonitorOptionsSchema = z
    .object({
        recentDays: z.number().int().min(1).max(28).default(DEFAULT_RECENT_DAYS),
        minEmptyRuns: z.number().int().min(1).default(DEFAULT_MIN_EMPTY_RUNS),
        minSucceededSamples: z.number().int().min(1).default(DEFAULT_MIN_SUCCEEDED_SAMPLES),
        healthyEmptyShare: z.number().gt(0).lt(1).default(DEFAULT_HEALTHY_EMPTY_SHARE),
        emptySignificance: z.number().gt(0).lt(1).default(DEFAULT_EMPTY_SIGNIFICANCE),
        emptyShareMin: z.number().gt(0).max(1).default(DEFAULT_EMPTY_SHARE_MIN),
        emptyActNowLowerBound: z.number().gt(0).max(1).default(DEFAULT_EMPTY_ACT_NOW_LOWER_BOUND),
        minBaselineSamples: z.number().int().min(2).default(DEFAULT_MIN_BASELINE_SAMPLES),
        minRecentSamples: z.number().int().min(1).default(DEFAULT_MIN_RECENT_SAMPLES),
        resultDropRobustZ: z.number().lt(0).default(DEFAULT_RESULT_DROP_ROBUST_Z),
        resultDropMinFraction: z.number().gt(0).lt(1).default(DEFAULT_RESULT_DROP_MIN_FRACTION),
        resultDropActNowFraction: z.number().gt(0).max(1).default(DEFAULT_RESULT_DROP_ACT_NOW_FRACTION),
        minFieldItems: z.number().int().min(1).default(DEFAULT_MIN_FIELD_ITEMS),
        minFieldDatasets: z.number().int().min(1).default(DEFAULT_MIN_FIELD_DATASETS),
        nullRateMinIncreasePoints: z.number().min(0).max(100).default(DEFAULT_NULL_RATE_MIN_INCREASE_POINTS),
        nullRateSignificance: z.number().gt(0).lt(1).default(DEFAULT_NULL_RATE_SIGNIFICANCE),
        nullRateActNowBeforeMax: z.number().min(0).max(1).default(DEFAULT_NULL_RATE_ACT_NOW_BEFORE_MAX),
        nullRateActNowAfterMin: z.number().min(0).max(1).default(DEFAULT_NULL_RATE_ACT_NOW_AFTER_MIN),
        maxFieldSignals: z.number().int().min(0).default(DEFAULT_MAX_FIELD_SIGNALS),
    })
    .strict();
export type QualityMonitorOptions = z.input<typeof qualityMonitorOptionsSchema>;
type Config = z.output<typeof qualityMonitorOptionsSchema>;

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

function splitByPeriod(
    runs: readonly SampledRun[],
    recentFromMillis: number,
): { baseline: SampledRun[]; recent: SampledRun[] } {
    const baseline: SampledRun[] = [];
    const recent: SampledRun[] = [];
    for (const run of runs) (Date.parse(run.startedAt) >= recentFromMillis ? recent : baseline).push(run);
    return { baseline, recent };
}

function byNewestFirst(a: SampledRun, b: SampledRun): number {
    return Date.parse(b.startedAt) - Date.parse(a.startedAt) || a.id.localeCompare(b.id);
}

/**
 * Empty successes: the recent sampled successes against the share the Actor normally has —
 * its own older samples when there are enough, never below `healthyEmptyShare` — with an
 * exact one-sided binomial test. The sample holds about one run a day, so the test, not a
 * fixed share, decides whether "3 of 7 empty" is news (p ≈ 0.004 against 5 %) or noise
 * ("2 of 4": p ≈ 0.014).
 */
function checkEmptySuccesses(
    actorData: ActorData,
    succeeded: { baseline: SampledRun[]; recent: SampledRun[] },
    config: Config,
): Signal[] {
    const { recent, baseline } = succeeded;
    if (recent.length < config.minSucceededSamples) return [];
    const empty = recent.filter((run) => run.dataset!.itemCount === 0).sort(byNewestFirst);
    const share = empty.length / recent.length;
    if (empty.length < config.minEmptyRuns || share < config.emptyShareMin) return [];
    // An Actor that never writes a dataset (key-value store output, side effects) is not broken.
    const producesData =
        [...baseline, ...recent].some((run) => run.dataset!.itemCount > 0) ||
        getDatasetFieldDefinitions(actorData.builds.latest?.datasetSchema ?? null) !== null;
    if (!producesData) return [];
    const baselineEmpty = baseline.filter((run) => run.dataset!.itemCount === 0).length;
    const hasBaseline = baseline.length >= config.minBaselineSamples;
    const normalShare = Math.max(config.healthyEmptyShare, hasBaseline ? baselineEmpty / baseline.length : 0);
    const pValue = binomialUpperTail(empty.length, recent.length, normalShare);
    if (pValue === null || pValue >= config.emptySignificance) return [];
    const interval = wilsonInterval(empty.length, recent.length);
    const lowerBound = interval?.low ?? 0;
    const isActNow = lowerBound >= Math.max(config.emptyActNowLowerBound, 2 * normalShare);
    const normalText = hasBaseline
        ? `${baselineEmpty} of ${baseline.length} earlier sampled successes were empty (normal share taken as ${formatPercent(normalShare, 0)})`
        : `too few earlier sampled successes (${baseline.length}) for the Actor's own normal, so ${formatPercent(normalShare, 0)} is assumed`;
    return [
        buildSignal(SPECIALIST, {
            kind: 'succeeded-but-empty',
            actor: actorData.actor,
            severity: isActNow ? 'high' : 'medium',
            decision: isActNow ? 'act_now' : 'monitor',
            title: `${empty.length} of ${recent.length} recent successful runs produced an empty dataset`,
            detail:
                `Runs report SUCCEEDED but their default dataset has 0 items: ${empty.length} of ${recent.length} sampled successes of the last ${config.recentDays} days ` +
                `(${formatPercent(share, 0)}, 95 % interval ${formatPercent(lowerBound, 0)}–${formatPercent(interval?.high ?? 1, 0)}); ${normalText}; one-sided binomial ${formatPValue(pValue)}. ` +
                'Users and integrations see a success with no data; the Store test counts it as a failure.',
            metric: { name: 'emptySuccessShare', value: share, baseline: normalShare, unit: 'ratio' },
            runIds: empty.map((run) => run.id),
            buildNumbers: empty.map((run) => run.buildNumber).filter((b): b is string => b !== null),
            notes: [
                `sampled successes: ${recent.length} recent, ${baseline.length} earlier`,
                `binomial ${formatPValue(pValue)}`,
            ],
            component: 'data-quality',
            points: isActNow ? QUALITY_DEDUCTIONS.emptyActNow : QUALITY_DEDUCTIONS.emptyMonitor,
            fix: 'Open the log of an empty run: blocked requests, changed selectors or an input that matches nothing. Make the Actor fail (or warn in its status message) when it extracts nothing.',
        }),
    ];
}

function checkResultDrop(
    actorData: ActorData,
    succeeded: { baseline: SampledRun[]; recent: SampledRun[] },
    config: Config,
): Signal[] {
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
    return [
        buildSignal(SPECIALIST, {
            kind: 'result-count-drop',
            actor: actorData.actor,
            severity: isActNow ? 'high' : 'medium',
            decision: isActNow ? 'act_now' : 'monitor',
            title: `Results per run fell ${formatPercent(drop, 0)} (median ${baseline.median} → ${recentMedian})`,
            detail:
                `Recent successful runs (${recentRuns.length} sampled, last ${config.recentDays} days) have a median of ${recentMedian} items against ` +
                `${baseline.median} before (${baselineCounts.length} sampled, MAD ${baseline.mad}); robust z-score ${z.toFixed(1)}.`,
            metric: { name: 'medianItemCount', value: recentMedian, baseline: baseline.median, unit: 'items' },
            runIds: [...recentRuns].sort(byNewestFirst).map((run) => run.id),
            buildNumbers: recentRuns.map((run) => run.buildNumber).filter((b): b is string => b !== null),
            component: 'data-quality',
            points: isActNow ? QUALITY_DEDUCTIONS.resultDropActNow : QUALITY_DEDUCTIONS.resultDropMonitor,
            fix: 'Compare a recent run with an older one: pagination, blocked pages, a changed listing layout, or a smaller input by the callers.',
        }),
    ];
}

interface FieldTally {
    nullOrEmpty: number;
    items: number;
}

interface FieldObservation extends FieldTally {
    run: SampledRun;
}

interface FieldChange {
    field: string;
    before: FieldTally & { datasets: number };
    after: FieldTally & { datasets: number };
    rateBefore: number;
    rateNow: number;
    /** Bonferroni-adjusted over the change points tried for this field. */
    pValue: number;
    changePoints: number;
    afterRuns: SampledRun[];
}

function sumTallies(observations: readonly FieldObservation[]): FieldTally & { datasets: number } {
    let nullOrEmpty = 0;
    let items = 0;
    for (const o of observations) {
        nullOrEmpty += o.nullOrEmpty;
        items += o.items;
    }
    return { nullOrEmpty, items, datasets: observations.length };
}

/** Per field, its null-or-empty count in each sampled dataset that has statistics for it, oldest first. */
function observeFields(runs: readonly SampledRun[]): Map<string, FieldObservation[]> {
    const byField = new Map<string, FieldObservation[]>();
    const oldestFirst = [...runs].sort(
        (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.id.localeCompare(b.id),
    );
    for (const run of oldestFirst) {
        const dataset = run.dataset!;
        if (dataset.fieldStatistics === null || dataset.itemCount === 0) continue;
        for (const [field, stats] of Object.entries(dataset.fieldStatistics)) {
            const observations = byField.get(field) ?? [];
            observations.push({
                run,
                items: dataset.itemCount,
                nullOrEmpty: Math.min(dataset.itemCount, (stats.nullCount ?? 0) + (stats.emptyCount ?? 0)),
            });
            byField.set(field, observations);
        }
    }
    return byField;
}

/**
 * The field's most significant rise that lasts until the latest sample: every split of its
 * time-ordered datasets into "before" and "after" (both with `minFieldDatasets` datasets and
 * `minFieldItems` items) is tested, and the best p-value is multiplied by the number of splits
 * tried (Bonferroni), so scanning for the change point cannot manufacture significance.
 * Items of one dataset are not independent (one input, one page layout), so each "after"
 * dataset must show the rise on its own: a single odd input cannot carry the signal.
 */
function findFieldChange(field: string, observations: readonly FieldObservation[], config: Config): FieldChange | null {
    const minRise = config.nullRateMinIncreasePoints / 100;
    let best: (Omit<FieldChange, 'pValue' | 'changePoints'> & { rawPValue: number }) | null = null;
    let changePoints = 0;
    for (let split = config.minFieldDatasets; split <= observations.length - config.minFieldDatasets; split++) {
        const beforeObs = observations.slice(0, split);
        const afterObs = observations.slice(split);
        const before = sumTallies(beforeObs);
        const after = sumTallies(afterObs);
        if (before.items < config.minFieldItems || after.items < config.minFieldItems) continue;
        changePoints += 1;
        const beforeSample = { events: before.nullOrEmpty, trials: before.items };
        const afterSample = { events: after.nullOrEmpty, trials: after.items };
        const test = twoProportionTest(beforeSample, afterSample, { minTrialsPerGroup: config.minFieldItems });
        if (test === null || test.difference < minRise) continue;
        if (afterObs.some((o) => o.nullOrEmpty / o.items < test.rateA + minRise / 2)) continue;
        const rawPValue = test.isApproximationValid
            ? test.pValueGreater
            : fisherExactGreater(beforeSample, afterSample);
        if (rawPValue === null) continue;
        if (
            best === null ||
            rawPValue < best.rawPValue ||
            (rawPValue === best.rawPValue && test.difference > best.rateNow - best.rateBefore)
        ) {
            best = {
                field,
                before,
                after,
                rateBefore: test.rateA,
                rateNow: test.rateB,
                rawPValue,
                afterRuns: afterObs.map((o) => o.run),
            };
        }
    }
    if (best === null) return null;
    const pValue = Math.min(1, best.rawPValue * changePoints);
    if (pValue >= config.nullRateSignificance) return null;
    const { rawPValue: _raw, ...change } = best;
    return { ...change, pValue, changePoints };
}

function checkFieldNullRates(actorData: ActorData, withDatasets: readonly SampledRun[], config: Config): Signal[] {
    const spikes: FieldChange[] = [];
    for (const [field, observations] of observeFields(withDatasets)) {
        const change = findFieldChange(field, observations, config);
        if (change !== null) spikes.push(change);
    }
    spikes.sort((a, b) => b.rateNow - b.rateBefore - (a.rateNow - a.rateBefore) || a.field.localeCompare(b.field));
    return spikes.slice(0, config.maxFieldSignals).map((spike) => {
        const isBroken =
            spike.rateBefore <= config.nullRateActNowBeforeMax && spike.rateNow >= config.nullRateActNowAfterMin;
        const since = spike.afterRuns[0]!.startedAt;
        return buildSignal(SPECIALIST, {
            kind: 'field-null-rate-spike',
            discriminators: [spike.field],
            actor: actorData.actor,
            severity: isBroken ? 'high' : 'medium',
            decision: isBroken ? 'act_now' : 'monitor',
            title: `Field "${spike.field}" null or empty in ${formatPercent(spike.rateNow, 0)} of items (was ${formatPercent(spike.rateBefore, 0)})`,
            detail:
                `Field statistics of sampled datasets: since ${since.slice(0, 10)}, ${spike.after.nullOrEmpty} of ${spike.after.items} items ` +
                `(${spike.after.datasets} datasets) have "${spike.field}" null or empty, against ${spike.before.nullOrEmpty} of ${spike.before.items} ` +
                `(${spike.before.datasets} datasets) before; one-sided ${formatPValue(spike.pValue)} after correcting for the ${spike.changePoints} change points tried.`,
            metric: { name: 'nullOrEmptyRate', value: spike.rateNow, baseline: spike.rateBefore, unit: 'ratio' },
            runIds: [...spike.afterRuns].sort(byNewestFirst).map((run) => run.id),
            notes: [`field: ${spike.field}`, `change since: ${since}`],
            component: 'data-quality',
            points: QUALITY_DEDUCTIONS.perFieldSpike,
            fix: `Check the extraction of "${spike.field}" on a recent page: the site's markup or API response probably changed.`,
        });
    });
}

/**
 * Null rates come from field statistics only. When the build declares dataset fields but no
 * sampled non-empty dataset reports statistics, they cannot be measured: an info note (no
 * points, decision ignore), never a finding. Without a declared schema no statistics are
 * expected (schema-validator reports the missing schema).
 */
function noteUnmeasurableNullRates(actorData: ActorData, withDatasets: readonly SampledRun[]): Signal[] {
    const nonEmpty = withDatasets.filter((run) => run.dataset!.itemCount > 0);
    if (nonEmpty.length === 0 || nonEmpty.some((run) => run.dataset!.fieldStatistics !== null)) return [];
    if (getDatasetFieldDefinitions(actorData.builds.latest?.datasetSchema ?? null) === null) return [];
    return [
        buildSignal(SPECIALIST, {
            kind: 'field-null-rates-unmeasurable',
            actor: actorData.actor,
            severity: 'info',
            decision: 'ignore',
            title: 'Field null rates not measurable: no field statistics',
            detail: `None of the ${nonEmpty.length} sampled non-empty datasets reports field statistics, so null rates of the declared fields are unknown (items are never read).`,
            runIds: nonEmpty.map((run) => run.id),
            component: 'data-quality',
            points: 0,
            fix: 'Nothing to fix here. The platform computes field statistics for the fields the dataset schema declares.',
        }),
    ];
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
        if (duration !== null && duration > STORE_TEST_MAX_DURATION_SECS)
            reasons.push(`took ${Math.round(duration)} s (> ${STORE_TEST_MAX_DURATION_SECS} s)`);
        return { run, reasons };
    });
    const failures = verdicts.filter((verdict) => verdict.reasons.length > 0);
    if (failures.length === 0) return [];
    const isMaintenanceRisk = failures.length >= STORE_TEST_FAILURES_FOR_MAINTENANCE;
    // One failure among the last tests is a warning only if it is the latest one: an old flake already recovered.
    if (!isMaintenanceRisk && verdicts[0]!.reasons.length === 0) return [];
    // The notice is the platform's own verdict (compliance-scanner reports it, act now): the forecast
    // came true, so it stays as evidence without a second act-now card or a second deduction.
    const isConfirmed = actorData.actor.notice === UNDER_MAINTENANCE_NOTICE;
    const decision = isConfirmed ? 'monitor' : isMaintenanceRisk ? 'act_now' : 'monitor';
    return [
        buildSignal(SPECIALIST, {
            kind: 'store-test-risk',
            actor: actorData.actor,
            severity: isConfirmed ? 'medium' : isMaintenanceRisk ? 'critical' : 'high',
            decision,
            title: isConfirmed
                ? `Store daily test failed ${failures.length} of the last ${tests.length} times; the notice already says "under maintenance"`
                : isMaintenanceRisk
                  ? `Forecast: "under maintenance" risk, the Store daily test failed ${failures.length} of the last ${tests.length} times`
                  : 'Forecast: the latest Store daily test failed; one more failure risks "under maintenance"',
            detail:
                "A forecast from the TEST-origin runs in this account's run list (taken to be the Store's daily automated test), not the platform's verdict: " +
                "the Actor's notice is. " +
                `Rule used: ${STORE_TEST_RULE}. ` +
                `Failed tests: ${failures.map((f) => `${f.run.id} (${f.reasons.join(', ')})`).join('; ')}.`,
            metric: { name: 'storeTestFailures', value: failures.length, baseline: tests.length, unit: 'runs' },
            runIds: failures.map((f) => f.run.id),
            buildNumbers: failures.map((f) => f.run.buildNumber).filter((b): b is string => b !== null),
            notes: failures.map((f) => `${f.run.id}: ${f.reasons.join(', ')}`),
            component: 'reliability',
            points: isConfirmed
                ? 0
                : isMaintenanceRisk
                  ? QUALITY_DEDUCTIONS.storeTestActNow
                  : QUALITY_DEDUCTIONS.storeTestMonitor,
            fix: 'Run the Actor with its prefilled input (Console → Input → "Restore example input"): give every required field a prefill, keep that run under 5 minutes and make it push at least one item.',
            labels: { basis: isConfirmed ? 'confirmed-by-notice' : 'forecast' },
        }),
    ];
}

function analyseActor(
    actorData: ActorData,
    recentFromMillis: number,
    config: Config,
): { signals: Signal[]; errors: ActorError[] } {
    const errors = collectMissingPartErrors(actorData, ['run-details', 'datasets']);
    if (isPartMissing(actorData, 'run-details')) return { signals: [], errors };
    const signals: Signal[] = [...checkStoreTest(actorData)];
    if (!isPartMissing(actorData, 'datasets')) {
        // The failure-biased part of the sample would distort "what a normal run returns".
        const withDatasets = actorData.sampledRuns.filter(
            (run) => run.dataset !== null && run.status === 'SUCCEEDED' && run.origin !== 'TEST',
        );
        const split = splitByPeriod(withDatasets, recentFromMillis);
        signals.push(...checkEmptySuccesses(actorData, split, config));
        signals.push(...checkResultDrop(actorData, split, config));
        signals.push(...checkFieldNullRates(actorData, withDatasets, config));
        signals.push(...noteUnmeasurableNullRates(actorData, withDatasets));
    }
    return { signals, errors };
}

export function runQualityMonitor(
    data: FleetData,
    options: QualityMonitorOptions,
    context: SpecialistContext,
): SignalsDocument {
    const config = qualityMonitorOptionsSchema.parse(options ?? {});
    const recentFromMillis = Date.parse(getTrailingPeriod(data.window, config.recentDays, 0).from);
    const { signals, errors } = analyseEachActor(data, (actorData) =>
        analyseActor(actorData, recentFromMillis, config),
    );
    return buildSignalsDocument(SPECIALIST, data, context, signals, errors);
}
