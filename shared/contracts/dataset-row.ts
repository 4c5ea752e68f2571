/**
 * One row of the orchestrator's default dataset per analysed Actor: a flat projection of
 * the Actor's summary in OUTPUT, so Console table views (Overview, Reliability, Cost), CSV
 * exports and spreadsheets work without unwinding nested JSON.
 *
 * `.actor/dataset_schema.json` declares these fields (generated from this schema, which
 * also turns on the platform's field statistics) and the three views that show them.
 */
import { z } from 'zod';
import { gradeSchema } from './fleet-report.js';

const isoDateTime = z.iso.datetime({ offset: true });
const nullableNumber = z.number().finite().nullable();

export const DATASET_ROW_SCHEMA_VERSION = 1 as const;

export const datasetRowSchema = z
    .object({
        schemaVersion: z.literal(DATASET_ROW_SCHEMA_VERSION),
        generatedAt: isoDateTime.describe('When the analysis ran.'),
        isDemo: z.boolean().describe('True for the built-in sample fleet.'),
        actorId: z.string(),
        actorName: z.string().describe('username/actor-name'),
        title: z.string().nullable(),
        isPublic: z.boolean().nullable(),
        healthScore: z.number().min(0).max(100),
        grade: gradeSchema,
        /** The Actor's weight in the fleet score, 0–1 (OUTPUT actors[].fleetWeight). */
        fleetWeight: z.number().min(0).max(1),
        runsTotal: z.number().int().nonnegative(),
        runsSucceeded: z.number().int().nonnegative(),
        runsFailed: z.number().int().nonnegative(),
        runsTimedOut: z.number().int().nonnegative(),
        runsAborted: z.number().int().nonnegative(),
        runsInProgress: z.number().int().nonnegative(),
        /** 0–1; null when nothing finished in the window. */
        successRate: nullableNumber,
        successRateLast7Days: nullableNumber,
        successRatePrevious7Days: nullableNumber,
        costUsd: z.number().nonnegative(),
        costLast7DaysUsd: z.number().nonnegative(),
        costPrevious7DaysUsd: z.number().nonnegative(),
        costPerRunUsd: nullableNumber,
        costPer1000ResultsUsd: nullableNumber,
        runsWithoutCost: z.number().int().nonnegative(),
        isCostComplete: z.boolean(),
        durationP50Secs: nullableNumber,
        durationP95Secs: nullableNumber,
        memoryUtilization: nullableNumber,
        lastRunAt: isoDateTime.nullable(),
        lastSucceededAt: isoDateTime.nullable(),
        buildInUse: z.string().nullable(),
        signalCount: z.number().int().nonnegative(),
        actNowCount: z.number().int().nonnegative(),
        /** Action-plan cards of this Actor in fix-now (the same plan as OUTPUT). */
        fixNowCards: z.number().int().nonnegative(),
        /** Bucket of the highest-ranked card for this Actor; null when none. */
        topIssueBucket: z.enum(['fix-now', 'this-week', 'improve']).nullable(),
        /** Title of the highest-ranked action-plan card for this Actor; null when none. */
        topIssue: z.string().nullable(),
        topFix: z.string().nullable(),
        consoleUrl: z.string(),
    })
    .strict();
export type DatasetRow = z.infer<typeof datasetRowSchema>;
