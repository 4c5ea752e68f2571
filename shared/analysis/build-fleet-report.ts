/**
 * buildFleetReport: FleetData + SIGNALS documents (+ baseline snapshot, acknowledgements) →
 * the validated `OUTPUT` (FleetReport). Pure and deterministic: the same inputs give the
 * same report, whether the specialists ran inline or as separate runs.
 *
 * Steps: metrics per Actor and fleet → core signals → merge with the specialists' documents
 * (quarantine) → acknowledgements → problems, per-Actor and fleet scores with deductions
 * (shared/scoring) → one action card per problem with what fixing it recovers → deltas and
 * weekly trend → `fleetReportSchema.parse` (a bug fails loudly instead of writing a broken OUTPUT).
 */
import type { AnalysisThresholds } from '../contracts/actor-input.js';
import type { FleetData } from '../contracts/fleet-data.js';
import {
    fleetReportSchema,
    type ActorSummary,
    type FleetReport,
    type ReportSignal,
} from '../contracts/fleet-report.js';
import { computeActorMetrics, type ActorMetrics } from '../metrics/actor-metrics.js';
import { getWindowDayCount } from '../metrics/day-periods.js';
import { computeFleetMetrics, getProjectedMonthlyCostUsd } from '../metrics/fleet-metrics.js';
import { buildWeeklyTrend, type ScoreAtTime } from '../metrics/weekly-trend.js';
import { computeActorScore, roundScore, type ActorScore } from '../scoring/actor-score.js';
import {
    computeFleetScore,
    computeProblemRecovery,
    type FleetScore,
    type FleetScoreInput,
} from '../scoring/fleet-score.js';
import type { Problem } from '../scoring/problems.js';
import { applyAcknowledgements, type AcksRecord } from './acknowledgements.js';
import { buildActionPlan, type PlannableProblem, type PlannableSignal } from './action-plan.js';
import { computeFleetAttention } from './fleet-attention.js';
import { analyseCoreSignals } from './core-signals.js';
import type { CoreThresholds } from './core-thresholds.js';
import { mergeSignalDocuments, type SpecialistRunInfo } from './merge-signals.js';
import { computeDeltas, type StoredSnapshot } from './snapshot.js';

export const CONSOLE_ACTOR_URL_PREFIX = 'https://console.apify.com/actors/';

export interface BuildFleetReportParams {
    fleetData: FleetData;
    /** The specialists' SIGNALS documents, raw (validated here). The core's is computed here. */
    signalDocuments: readonly unknown[];
    /** Specialist runs started in fan-out mode (so failed / missing ones are reported). */
    specialistRuns?: readonly SpecialistRunInfo[];
    /** The snapshot about 7 days older (see pickBaselineSnapshot). */
    baseline?: StoredSnapshot | null;
    acks?: AcksRecord | null;
    generatedAt: string;
    isDemo: boolean;
    trendStore: FleetReport['collection']['trendStore'];
    alert: FleetReport['alert'];
    thresholds?: Partial<CoreThresholds & AnalysisThresholds>;
    /** Earlier scores (from snapshots) for the weekly trend points. */
    scoreHistory?: readonly ScoreAtTime[];
}

function difference(a: number | null, b: number | null): number | null {
    return a === null || b === null ? null : a - b;
}

function roundTo(value: number, decimals: number): number {
    const factor = 10 ** decimals;
    return Math.round(value * factor) / factor;
}

function buildActorSummary(
    fleetData: FleetData,
    index: number,
    metrics: ActorMetrics,
    score: ActorScore,
    fleetWeight: number,
    signalCount: number,
): ActorSummary {
    const actorData = fleetData.actors[index]!;
    const { actor } = actorData;
    return {
        id: actor.id,
        name: actor.name,
        title: actor.title,
        isPublic: actor.isPublic,
        healthScore: score.healthScore,
        grade: score.grade,
        components: score.components,
        fleetWeight: Math.min(1, roundTo(fleetWeight, 6)),
        runs: metrics.runs,
        byOrigin: metrics.byOrigin,
        successRate: metrics.successRate,
        successRateInterval: metrics.successRateInterval,
        costUsd: metrics.costUsd,
        runsWithoutCost: metrics.runsWithoutCost,
        isCostComplete: metrics.isCostComplete,
        costPerRunUsd: metrics.costPerRunUsd,
        costPer1000ResultsUsd: metrics.costPer1000ResultsUsd,
        durationSecs: metrics.durationSecs,
        memoryUtilization: metrics.memoryUtilization,
        lastRunAt: metrics.lastRunAt,
        lastSucceededAt: metrics.lastSucceededAt,
        buildInUse: metrics.buildInUse,
        last7Days: metrics.last7Days,
        previous7Days: metrics.previous7Days,
        signalCount,
        consoleUrl: `${CONSOLE_ACTOR_URL_PREFIX}${encodeURIComponent(actor.id)}`,
        missing: actorData.missing.map((m) => ({ part: m.part, reason: m.reason, permission: m.permission })),
    };
}

/** Every problem of every Actor with its stake and what fixing it recovers. */
function planProblems(
    fleetInputs: readonly FleetScoreInput[],
    fleetScore: FleetScore,
    fleetRunCount: number,
    actorDataAt: (index: number) => FleetData['actors'][number],
): PlannableProblem[] {
    return fleetInputs.flatMap((input, i) =>
        input.score.problems.map((problem) => ({
            // The Actor's problems were grouped from the merged report signals, which carry evidence and fixes.
            problem: problem as Problem<PlannableSignal>,
            recovery: computeProblemRecovery(fleetScore, input, problem.key),
            stake: {
                actorName: actorDataAt(i).actor.name,
                runCount: input.runCount,
                runShare: fleetRunCount > 0 ? input.runCount / fleetRunCount : 0,
                monthlyCostUsd: input.monthlyCostUsd,
                isPublic: input.isPublic,
            },
        })),
    );
}

export function buildFleetReport(params: BuildFleetReportParams): FleetReport {
    const { fleetData, generatedAt } = params;
    const { window } = fleetData;

    // 1. Metrics.
    const metricsByActorId = new Map<string, ActorMetrics>();
    const actorMetrics = fleetData.actors.map((actorData) => {
        const metrics = computeActorMetrics(actorData, window);
        metricsByActorId.set(actorData.actor.id, metrics);
        return metrics;
    });
    const fleetMetrics = computeFleetMetrics(actorMetrics, window);

    // 2–3. Core signals, merged with the specialists' documents.
    const coreDocument = analyseCoreSignals(fleetData, {
        generatedAt,
        thresholds: params.thresholds ?? {},
        metricsByActorId,
    });
    const merged = mergeSignalDocuments([coreDocument, ...params.signalDocuments], params.specialistRuns ?? []);
    // The core document is index 0 internally; report the specialists' documents by their own index.
    const quarantine = merged.quarantine.map((q) => ({ ...q, documentIndex: Math.max(0, q.documentIndex - 1) }));

    // 4. Acknowledgements.
    const signals = applyAcknowledgements(merged.signals, params.acks ?? null, generatedAt);

    // 5. Problems and scores (one verdict model: shared/scoring).
    const actorScores = fleetData.actors.map((actorData) => computeActorScore(actorData.actor.id, signals));
    const fleetInputs: FleetScoreInput[] = actorScores.map((score, i) => ({
        actorId: score.actorId,
        runCount: actorMetrics[i]!.runs.total,
        monthlyCostUsd: getProjectedMonthlyCostUsd(
            window,
            actorMetrics[i]!.last7DaysStats.costUsd,
            actorMetrics[i]!.windowStats.costUsd,
        ),
        isPublic: fleetData.actors[i]!.actor.isPublic === true,
        score,
    }));
    const fleetScore = computeFleetScore(fleetInputs);

    // 6. One card per problem, with what fixing it recovers.
    const plannable = planProblems(fleetInputs, fleetScore, fleetMetrics.runCount, (i) => fleetData.actors[i]!);

    const baselineFingerprints = params.baseline
        ? new Set(params.baseline.snapshot.signals.map((s) => s.fingerprint))
        : null;
    const reportSignals: ReportSignal[] = signals.map((signal) => ({
        ...signal,
        specialist: signal.source,
        isNew: baselineFingerprints === null ? true : !baselineFingerprints.has(signal.fingerprint),
    }));

    const signalCountByActor = new Map<string, number>();
    for (const signal of reportSignals)
        signalCountByActor.set(signal.actorId, (signalCountByActor.get(signal.actorId) ?? 0) + 1);

    const actors = fleetData.actors.map((actorData, i) =>
        buildActorSummary(
            fleetData,
            i,
            actorMetrics[i]!,
            actorScores[i]!,
            fleetScore.actorShares.get(actorData.actor.id) ?? 0,
            signalCountByActor.get(actorData.actor.id) ?? 0,
        ),
    );

    const trend = buildWeeklyTrend(fleetData.actors, window, params.scoreHistory ?? []);
    const lastPoint = trend[trend.length - 1];
    if (lastPoint) lastPoint.healthScore = fleetScore.healthScore;

    const specialistsPartial = merged.statuses.some((s) => s.status !== 'complete' && s.status !== 'skipped');
    const report: FleetReport = {
        schemaVersion: 2,
        generatedAt,
        isDemo: params.isDemo,
        account: { username: fleetData.account.username },
        window: { from: window.from, to: window.to, days: getWindowDayCount(window) },
        fleet: {
            healthScore: fleetScore.healthScore,
            grade: fleetScore.grade,
            components: fleetScore.components,
            meanScore: roundScore(fleetScore.meanScore),
            ceiling: fleetScore.ceiling === null ? null : roundScore(fleetScore.ceiling),
            attention: computeFleetAttention(
                fleetInputs.map((input) => ({
                    runCount: input.runCount,
                    monthlyCostUsd: input.monthlyCostUsd,
                    fleetWeight: fleetScore.actorShares.get(input.actorId) ?? 0,
                    hasFixNow: input.score.hasFixNow,
                })),
            ),
            actorCount: fleetMetrics.actorCount,
            runCount: fleetMetrics.runCount,
            runs: fleetMetrics.runs,
            successRate: fleetMetrics.successRate,
            costUsd: fleetMetrics.costUsd,
            runsWithoutCost: fleetMetrics.runsWithoutCost,
            isCostComplete: fleetMetrics.isCostComplete,
            projectedMonthlyCostUsd: fleetMetrics.projectedMonthlyCostUsd,
            last7Days: fleetMetrics.last7Days,
            previous7Days: fleetMetrics.previous7Days,
        },
        deltas: {
            weekOverWeek: {
                successRate: difference(fleetMetrics.last7Days.successRate, fleetMetrics.previous7Days.successRate),
                costUsd: roundTo(fleetMetrics.last7Days.costUsd - fleetMetrics.previous7Days.costUsd, 6),
                runs: fleetMetrics.last7Days.runs.total - fleetMetrics.previous7Days.runs.total,
            },
            vsBaseline: computeDeltas(
                {
                    fleet: {
                        healthScore: fleetScore.healthScore,
                        grade: fleetScore.grade,
                        components: [],
                        successRate: fleetMetrics.successRate,
                        costUsd: fleetMetrics.costUsd,
                        runCount: fleetMetrics.runCount,
                    },
                    signals: reportSignals.map((s) => ({
                        fingerprint: s.fingerprint,
                        decision: s.decision,
                        acknowledged: s.acknowledged,
                    })),
                },
                params.baseline ?? null,
            ),
        },
        trend,
        actors,
        signals: reportSignals.map((signal) => ({ ...signal })),
        actionPlan: buildActionPlan(plannable),
        specialists: merged.statuses,
        quarantine,
        collection: {
            apiRequests: fleetData.collection.apiRequests,
            requestsByKind: fleetData.collection.requestsByKind,
            partial:
                fleetData.collection.missingPermissions.length > 0 ||
                fleetData.actors.some((a) => a.missing.length > 0) ||
                specialistsPartial ||
                quarantine.length > 0,
            missingPermissions: fleetData.collection.missingPermissions,
            skipped: fleetData.collection.skipped,
            reusedDays: fleetData.collection.reusedDays,
            fetchedDays: fleetData.collection.fetchedDays,
            trendStore: params.trendStore,
        },
        alert: params.alert,
    };
    return fleetReportSchema.parse(report);
}
