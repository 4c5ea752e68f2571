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

/**
 * Console exports dataset rows to CSV and Excel; a cell that starts with one of these is run as
 * a formula there (`=HYPERLINK(...)`, `+cmd|...`). Actor titles, build versions and signal
 * texts come from the account and from runs, so they are hostile input.
 */
const SPREADSHEET_FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet shows it, never as a formula: a leading formula character gets a `'` before it. */
export function toSpreadsheetSafeText(text: string): string {
    return SPREADSHEET_FORMULA_START.test(text) ? `'${text}` : text;
}

const spreadsheetSafeText = z
    .string()
    .refine((text) => !SPREADSHEET_FORMULA_START.test(text), 'starts with a spreadsheet formula character');
const nullableNumber = z.number().finite().nullable();

export const DATASET_ROW_SCHEMA_VERSION = 1 as const;

export const datasetRowSchema = z
    .object({
        schemaVersion: z.literal(DATASET_ROW_SCHEMA_VERSION),
        generatedAt: isoDateTime.describe('When the analysis ran.'),
        isDemo: z.boolean().describe('True for the built-in sample fleet.'),
        actorId: z.string(),
        actorName: spreadsheetSafeText.describe('username/actor-name'),
        title: spreadsheetSafeText.nullable(),
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
        buildInUse: spreadsheetSafeText.nullable(),
        signalCount: z.number().int().nonnegative(),
        actNowCount: z.number().int().nonnegative(),
        /** Action-plan cards of this Actor in fix-now (the same plan as OUTPUT). */
        fixNowCards: z.number().int().nonnegative(),
        /** Bucket of the highest-ranked card for this Actor; null when none. */
        topIssueBucket: z.enum(['fix-now', 'this-week', 'improve']).nullable(),
        /** Title of the highest-ranked action-plan card for this Actor; null when none. */
        topIssue: spreadsheetSafeText.nullable(),
        topFix: spreadsheetSafeText.nullable(),
        consoleUrl: z.string(),
    })
    .strict();
export type DatasetRow = z.infer<typeof datasetRowSchema>;
