/**
 * One dataset row per analysed Actor: the flat projection the Console views show.
 * Pure and SDK-free; validated against the dataset row contract. Free text (titles, build
 * versions, signal texts) is made spreadsheet-safe: users export these rows to CSV and Excel.
 */
import {
    datasetRowSchema,
    DATASET_ROW_SCHEMA_VERSION,
    toSpreadsheetSafeText,
    type DatasetRow,
} from '../../../shared/contracts/dataset-row.js';
import type { FleetReport } from '../../../shared/contracts/fleet-report.js';

const safeOrNull = (text: string | null): string | null => (text === null ? null : toSpreadsheetSafeText(text));

export function buildDatasetRows(report: FleetReport): DatasetRow[] {
    return report.actors.map((actor) => {
        const actorSignals = report.signals.filter((s) => s.actorId === actor.id);
        // The plan is ranked already: the first card of this Actor is its most important issue.
        const topCard =
            report.actionPlan.find((card) => card.actorId === actor.id && card.bucket !== 'acknowledged') ?? null;
        return datasetRowSchema.parse({
            schemaVersion: DATASET_ROW_SCHEMA_VERSION,
            generatedAt: report.generatedAt,
            isDemo: report.isDemo,
            actorId: actor.id,
            actorName: toSpreadsheetSafeText(actor.name),
            title: safeOrNull(actor.title),
            isPublic: actor.isPublic,
            healthScore: actor.healthScore,
            grade: actor.grade,
            fleetWeight: actor.fleetWeight,
            runsTotal: actor.runs.total,
            runsSucceeded: actor.runs.succeeded,
            runsFailed: actor.runs.failed,
            runsTimedOut: actor.runs.timedOut,
            runsAborted: actor.runs.aborted,
            runsInProgress: actor.runs.inProgress,
            successRate: actor.successRate,
            successRateLast7Days: actor.last7Days.successRate,
            successRatePrevious7Days: actor.previous7Days.successRate,
            costUsd: actor.costUsd,
            costLast7DaysUsd: actor.last7Days.costUsd,
            costPrevious7DaysUsd: actor.previous7Days.costUsd,
            costPerRunUsd: actor.costPerRunUsd,
            costPer1000ResultsUsd: actor.costPer1000ResultsUsd,
            runsWithoutCost: actor.runsWithoutCost,
            isCostComplete: actor.isCostComplete,
            durationP50Secs: actor.durationSecs.p50,
            durationP95Secs: actor.durationSecs.p95,
            memoryUtilization: actor.memoryUtilization,
            lastRunAt: actor.lastRunAt,
            lastSucceededAt: actor.lastSucceededAt,
            buildInUse: safeOrNull(actor.buildInUse),
            signalCount: actor.signalCount,
            actNowCount: actorSignals.filter((s) => s.decision === 'act_now' && !s.acknowledged).length,
            fixNowCards: report.actionPlan.filter((c) => c.actorId === actor.id && c.bucket === 'fix-now').length,
            topIssueBucket: topCard?.bucket ?? null,
            topIssue: safeOrNull(topCard?.title ?? null),
            topFix: safeOrNull(topCard?.fix ?? null),
            consoleUrl: actor.consoleUrl,
        });
    });
}
