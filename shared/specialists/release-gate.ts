/**
 * release-gate: should the latest build keep serving? It compares the latest build with the
 * previous one on the runs each of them served in the window (`days[].byBuild`):
 *
 * - failure rate (FAILED + TIMED-OUT over finished runs), one-sided two-proportion z-test, or
 *   the exact Fisher test when the normal approximation does not hold;
 * - duration shift: median ratio with a Mann–Whitney test, only with enough durations;
 * - result-count drop: item counts of the sampled SUCCEEDED runs' datasets per build (TEST-origin
 *   runs left out: their prefilled input is not what callers run);
 * - breaking schema changes (see schema-drift.ts).
 *
 * → one signal per Actor and latest build, label `releaseAction`: `halt` (act_now),
 * `review` (monitor) or `deploy` (no signal, or `ignore` with `emitDeploySignals`).
 * Too few runs on a build is never a reason to halt: the statistics decide, not one run.
 */
import { z } from 'zod';
import type { ActorData, FleetData, RunGroupStats, SampledRun } from '../contracts/fleet-data.js';
import type { Decision, Severity, Signal, SignalsDocument } from '../contracts/signals.js';
import { getFailureCount, getRateDenominator } from '../metrics/run-counts.js';
import { createEmptyRunGroupStats, getStatsByBuild } from '../metrics/run-group-stats.js';
import { benjaminiHochbergAdjust } from '../statistics/benjamini-hochberg.js';
import { fisherExactGreater } from '../statistics/fisher-exact-test.js';
import { mannWhitneyTest } from '../statistics/mann-whitney.js';
import { twoProportionTest } from '../statistics/two-proportion-test.js';
import { findBreakingChanges } from './schema-drift.js';
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

const SPECIALIST = 'release-gate' as const;

export const RELEASE_ACTIONS = ['deploy', 'review', 'halt'] as const;
export type ReleaseAction = (typeof RELEASE_ACTIONS)[number];
export const RELEASE_GATE_SIGNAL_KIND = 'release-verdict';

/** 20 finished runs per build: one run then moves the rate by ≤ 5 points (same as the core analysis). */
export const DEFAULT_MIN_RUNS_PER_BUILD = 20;
/** 1 %: halting a release is expensive; a false halt on one Actor in a hundred is the most we accept. */
export const DEFAULT_HALT_SIGNIFICANCE = 0.01;
/** 10 points: a rise a user notices (2 % → 12 % failures). */
export const DEFAULT_HALT_MIN_INCREASE_POINTS = 10;
/** 5 %: a review is cheap, so a looser level is fine. */
export const DEFAULT_REVIEW_SIGNIFICANCE = 0.05;
/** 5 points: below that a significant rise on thousands of runs is not worth a person's time. */
export const DEFAULT_REVIEW_MIN_INCREASE_POINTS = 5;
/** 10 durations per build: the rank test needs ≥ 8, and medians of fewer are noise. */
export const DEFAULT_MIN_DURATION_SAMPLES = 10;
/** 1.5× the previous median: slower by half costs compute and may hit timeouts. */
export const DEFAULT_DURATION_REVIEW_RATIO = 1.5;
/** 3 sampled datasets per build: the sample is small by design (bounded run-detail requests). */
export const DEFAULT_MIN_RESULT_SAMPLES = 3;
/** A third fewer results: more than day-to-day variation of a typical scraper. */
export const DEFAULT_RESULT_DROP_REVIEW_FRACTION = 0.3;
/** 80 % fewer results: the build is effectively broken even when runs "succeed". */
export const DEFAULT_RESULT_DROP_HALT_FRACTION = 0.8;
/**
 * Benjamini-Hochberg false discovery rate over the tests of one release (failure rate,
 * duration, result counts): at most one finding in twenty is noise.
 */
export const DEFAULT_RELEASE_FALSE_DISCOVERY_RATE = 0.05;
/** p-value for the duration and result-count rank tests. */
export const DEFAULT_SHIFT_SIGNIFICANCE = 0.05;

export const releaseGateOptionsSchema = z
    .object({
        minRunsPerBuild: z.number().int().min(1).default(DEFAULT_MIN_RUNS_PER_BUILD),
        haltSignificance: z.number().gt(0).lt(1).default(DEFAULT_HALT_SIGNIFICANCE),
        haltMinIncreasePoints: z.number().min(0).max(100).default(DEFAULT_HALT_MIN_INCREASE_POINTS),
        reviewSignificance: z.number().gt(0).lt(1).default(DEFAULT_REVIEW_SIGNIFICANCE),
        reviewMinIncreasePoints: z.number().min(0).max(100).default(DEFAULT_REVIEW_MIN_INCREASE_POINTS),
        minDurationSamples: z.number().int().min(3).default(DEFAULT_MIN_DURATION_SAMPLES),
        durationReviewRatio: z.number().gt(1).default(DEFAULT_DURATION_REVIEW_RATIO),
        minResultSamples: z.number().int().min(2).default(DEFAULT_MIN_RESULT_SAMPLES),
        resultDropReviewFraction: z.number().gt(0).lt(1).default(DEFAULT_RESULT_DROP_REVIEW_FRACTION),
        resultDropHaltFraction: z.number().gt(0).max(1).default(DEFAULT_RESULT_DROP_HALT_FRACTION),
        shiftSignificance: z.number().gt(0).lt(1).default(DEFAULT_SHIFT_SIGNIFICANCE),
        falseDiscoveryRate: z.number().gt(0).lt(1).default(DEFAULT_RELEASE_FALSE_DISCOVERY_RATE),
        /** Also emit an `ignore` signal for builds that pass (scripts that want every verdict). */
        emitDeploySignals: z.boolean().default(false),
    })
    .strict();
export type ReleaseGateOptions = z.input<typeof releaseGateOptionsSchema>;
type Config = z.output<typeof releaseGateOptionsSchema>;

const ACTION_RANK: Record<ReleaseAction, number> = { deploy: 0, review: 1, halt: 2 };
const ACTION_OUTCOME: Record<ReleaseAction, { decision: Decision; severity: Severity; points: number }> = {
    // Trend points: halting costs as much as a failure-rate regression's floor in the core.
    halt: { decision: 'act_now', severity: 'critical', points: 10 },
    review: { decision: 'monitor', severity: 'medium', points: 3 },
    deploy: { decision: 'ignore', severity: 'info', points: 0 },
};

interface Finding {
    action: ReleaseAction;
    note: string;
    /** The test's p-value; null for facts that need no test (a breaking schema change). */
    pValue: number | null;
}

export interface BuildComparison {
    latestBuild: string;
    previousBuild: string;
    action: ReleaseAction;
    findings: Finding[];
    failureRate: { latest: number; previous: number; pValue: number } | null;
    /** Notes about checks that could not run (too few runs, no samples). */
    skipped: string[];
    /** p-value of every test run for this comparison, finding or not (the BH family needs all). */
    testedPValues: number[];
}

function compareFailureRates(
    previous: RunGroupStats,
    latest: RunGroupStats,
    config: Config,
    comparison: BuildComparison,
): void {
    const previousSample = { events: getFailureCount(previous), trials: getRateDenominator(previous) };
    const latestSample = { events: getFailureCount(latest), trials: getRateDenominator(latest) };
    const test = twoProportionTest(previousSample, latestSample, { minTrialsPerGroup: config.minRunsPerBuild });
    if (test === null) {
        comparison.skipped.push(
            `failure rate not compared: ${latestSample.trials} finished runs on the latest build, ${previousSample.trials} on the previous (${config.minRunsPerBuild} needed on each)`,
        );
        return;
    }
    const pValue = test.isApproximationValid ? test.pValueGreater : fisherExactGreater(previousSample, latestSample);
    if (pValue === null) return;
    comparison.failureRate = { latest: test.rateB, previous: test.rateA, pValue };
    comparison.testedPValues.push(pValue);
    const increasePoints = test.difference * 100;
    const note =
        `failure rate ${formatPercent(test.rateA)} → ${formatPercent(test.rateB)} ` +
        `(${latestSample.events}/${latestSample.trials} vs ${previousSample.events}/${previousSample.trials}, ${formatPValue(pValue)}, ` +
        `${test.isApproximationValid ? 'z-test' : 'Fisher exact'})`;
    if (pValue < config.haltSignificance && increasePoints >= config.haltMinIncreasePoints) {
        comparison.findings.push({ action: 'halt', note, pValue });
    } else if (pValue < config.reviewSignificance && increasePoints >= config.reviewMinIncreasePoints) {
        comparison.findings.push({ action: 'review', note, pValue });
    }
}

function compareDurations(
    previous: RunGroupStats,
    latest: RunGroupStats,
    config: Config,
    comparison: BuildComparison,
): void {
    const test = mannWhitneyTest(previous.durationsSecs, latest.durationsSecs, {
        minSamplesPerGroup: config.minDurationSamples,
    });
    if (test === null) {
        comparison.skipped.push(
            `duration not compared: fewer than ${config.minDurationSamples} finished runs on a build`,
        );
        return;
    }
    if (test.medianA <= 0) return;
    comparison.testedPValues.push(test.pValueGreater);
    const ratio = test.medianB / test.medianA;
    if (ratio >= config.durationReviewRatio && test.pValueGreater < config.shiftSignificance) {
        comparison.findings.push({
            action: 'review',
            pValue: test.pValueGreater,
            note: `median duration ${test.medianA.toFixed(0)} s → ${test.medianB.toFixed(0)} s (×${ratio.toFixed(2)}, Mann–Whitney ${formatPValue(test.pValueGreater)})`,
        });
    }
}

function sampledItemCounts(
    sampledRuns: readonly SampledRun[],
    buildNumber: string,
): { counts: number[]; runIds: string[] } {
    // TEST-origin runs (the Store's daily test) use the small prefilled input and are only
    // sampled for the last days, which always run the latest build: counting them would make
    // every release look like a result-count drop.
    const runs = sampledRuns.filter(
        (run) =>
            run.buildNumber === buildNumber &&
            run.status === 'SUCCEEDED' &&
            run.dataset !== null &&
            run.origin !== 'TEST',
    );
    return { counts: runs.map((run) => run.dataset!.itemCount), runIds: runs.map((run) => run.id) };
}

function compareResultCounts(
    actorData: ActorData,
    previousBuild: string,
    latestBuild: string,
    config: Config,
    comparison: BuildComparison,
): string[] {
    const previous = sampledItemCounts(actorData.sampledRuns, previousBuild);
    const latest = sampledItemCounts(actorData.sampledRuns, latestBuild);
    const test = mannWhitneyTest(previous.counts, latest.counts, { minSamplesPerGroup: config.minResultSamples });
    if (test === null) {
        comparison.skipped.push(
            `result counts not compared: ${latest.counts.length} sampled datasets on the latest build, ${previous.counts.length} on the previous (${config.minResultSamples} needed on each)`,
        );
        return [];
    }
    if (test.medianA <= 0) return [];
    comparison.testedPValues.push(test.pValueLess);
    const drop = 1 - test.medianB / test.medianA;
    if (test.pValueLess >= config.shiftSignificance || drop < config.resultDropReviewFraction) return [];
    comparison.findings.push({
        action: drop >= config.resultDropHaltFraction ? 'halt' : 'review',
        pValue: test.pValueLess,
        note: `median results per run ${test.medianA} → ${test.medianB} (−${formatPercent(drop, 0)}, Mann–Whitney ${formatPValue(test.pValueLess)})`,
    });
    return latest.runIds;
}

/** The comparison itself, exposed for tests and for the ab-tester's build pairs. */
export function compareLatestBuild(actorData: ActorData, options: ReleaseGateOptions = {}): BuildComparison | null {
    const config = releaseGateOptionsSchema.parse(options);
    const { latest, previous } = actorData.builds;
    if (latest === null || previous === null || latest.buildNumber === previous.buildNumber) return null;
    const comparison: BuildComparison = {
        latestBuild: latest.buildNumber,
        previousBuild: previous.buildNumber,
        action: 'deploy',
        findings: [],
        failureRate: null,
        skipped: [],
        testedPValues: [],
    };
    if (!isPartMissing(actorData, 'runs')) {
        const statsByBuild = getStatsByBuild(actorData.days);
        const latestStats = statsByBuild.get(latest.buildNumber) ?? createEmptyRunGroupStats();
        const previousStats = statsByBuild.get(previous.buildNumber) ?? createEmptyRunGroupStats();
        compareFailureRates(previousStats, latestStats, config, comparison);
        compareDurations(previousStats, latestStats, config, comparison);
    }
    compareResultCounts(actorData, previous.buildNumber, latest.buildNumber, config, comparison);
    for (const change of findBreakingChanges(previous, latest)) {
        comparison.findings.push({
            action: 'review',
            note: `breaking schema change: ${change.description}`,
            pValue: null,
        });
    }
    comparison.action = worstAction(comparison.findings);
    return comparison;
}

function worstAction(findings: readonly Finding[]): ReleaseAction {
    return findings.reduce<ReleaseAction>(
        (worst, finding) => (ACTION_RANK[finding.action] > ACTION_RANK[worst] ? finding.action : worst),
        'deploy',
    );
}

/**
 * A version bump alone says nothing (issue 16): the tests run for one release (failure rate,
 * duration, result counts) are one Benjamini-Hochberg family, and a finding whose q-value
 * exceeds `falseDiscoveryRate` is dropped (its note moves to `skipped`, with the q-value).
 * Three tests at p < 0.05 would otherwise "find" a worse build in one routine release of
 * seven. The family is per Actor, not per fleet, so a sharded run (fan-out) gives the same
 * verdicts as an inline one; the fleet-wide control is the core's (fleet-trends.ts).
 */
export function controlReleaseFindings(comparisons: readonly BuildComparison[], falseDiscoveryRate: number): void {
    const family = comparisons.flatMap((comparison) => comparison.testedPValues);
    const adjusted = benjaminiHochbergAdjust(family);
    // BH q-values are a monotone function of p (tied p share one q): look them up by value.
    const qValueOf = new Map(family.map((pValue, index) => [pValue, adjusted[index]!]));
    for (const comparison of comparisons) {
        comparison.findings = comparison.findings.filter((finding) => {
            if (finding.pValue === null) return true;
            const qValue = qValueOf.get(finding.pValue) ?? 1;
            if (qValue <= falseDiscoveryRate) return true;
            comparison.skipped.push(
                `${finding.note}: not significant across the ${family.length} tests of this release (Benjamini-Hochberg q = ${qValue.toFixed(3)} > ${falseDiscoveryRate})`,
            );
            return false;
        });
    }
    for (const comparison of comparisons) comparison.action = worstAction(comparison.findings);
}

function analyseActor(
    actorData: ActorData,
    comparison: BuildComparison | null,
    config: Config,
): { signals: Signal[]; errors: ActorError[] } {
    const errors = collectMissingPartErrors(actorData, ['builds', 'runs', 'run-details', 'datasets']);
    if (isPartMissing(actorData, 'builds')) return { signals: [], errors };
    if (comparison === null) return { signals: [], errors };
    if (comparison.action === 'deploy' && !config.emitDeploySignals) return { signals: [], errors };
    const outcome = ACTION_OUTCOME[comparison.action];
    const { latestBuild, previousBuild, action } = comparison;
    const failedRunIds = actorData.sampledRuns
        .filter((run) => run.buildNumber === latestBuild && (run.status === 'FAILED' || run.status === 'TIMED-OUT'))
        .map((run) => run.id);
    const sampleRunIds = actorData.sampledRuns.filter((run) => run.buildNumber === latestBuild).map((run) => run.id);
    const findingsText = comparison.findings.map((finding) => `${finding.action}: ${finding.note}`);
    const titles: Record<ReleaseAction, string> = {
        halt: `Halt build ${latestBuild}: it performs clearly worse than ${previousBuild}`,
        review: `Review build ${latestBuild} before relying on it`,
        deploy: `Build ${latestBuild} performs like ${previousBuild}`,
    };
    const fixes: Record<ReleaseAction, string> = {
        halt: `Roll back: in Console → Actor → Builds, tag build ${previousBuild} as "latest" (or pin callers to it), then fix and rebuild.`,
        review: `Look at the evidence below; if it is not intended, roll back to build ${previousBuild} or fix forward.`,
        deploy: 'Nothing to do.',
    };
    const signal = buildSignal(SPECIALIST, {
        kind: RELEASE_GATE_SIGNAL_KIND,
        discriminators: [latestBuild],
        actor: actorData.actor,
        severity: outcome.severity,
        decision: outcome.decision,
        title: titles[action],
        detail:
            `Latest build ${latestBuild} vs previous build ${previousBuild}. ` +
            (findingsText.length > 0 ? `Findings: ${findingsText.join('; ')}.` : 'No significant difference.') +
            (comparison.skipped.length > 0 ? ` Not compared: ${comparison.skipped.join('; ')}.` : ''),
        metric: comparison.failureRate
            ? {
                  name: 'failureRate',
                  value: comparison.failureRate.latest,
                  baseline: comparison.failureRate.previous,
                  unit: 'ratio',
              }
            : null,
        runIds: [...failedRunIds, ...sampleRunIds],
        buildNumbers: [latestBuild, previousBuild],
        notes: [...findingsText, ...comparison.skipped],
        component: 'trend',
        points: outcome.points,
        fix: fixes[action],
        labels: { releaseAction: action },
    });
    return { signals: [signal], errors };
}

export function runReleaseGate(
    data: FleetData,
    options: ReleaseGateOptions,
    context: SpecialistContext,
): SignalsDocument {
    const config = releaseGateOptionsSchema.parse(options ?? {});
    const comparisons = new Map<string, BuildComparison | null>();
    for (const actorData of data.actors) {
        if (isPartMissing(actorData, 'builds')) continue;
        comparisons.set(actorData.actor.id, compareLatestBuild(actorData, config));
    }
    for (const comparison of comparisons.values())
        if (comparison !== null) controlReleaseFindings([comparison], config.falseDiscoveryRate);
    const { signals, errors } = analyseEachActor(data, (actorData) =>
        analyseActor(actorData, comparisons.get(actorData.actor.id) ?? null, config),
    );
    return buildSignalsDocument(SPECIALIST, data, context, signals, errors);
}
