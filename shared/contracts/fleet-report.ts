/**
 * FleetReport: the orchestrator's `OUTPUT` record. Published field names (docs/DESIGN.md, "Contracts") are
 * relied on by the VS Code extension, scripts and users: add fields freely, rename never
 * without a new schemaVersion. Validated before it is written and on every read.
 *
 * schemaVersion 2 (score model 2, README "Fleet Health Score"): components lost `weight`
 * (they are a breakdown of lost points now); added fleet.meanScore / ceiling / attention,
 * actors[].fleetWeight, action cards per problem (fingerprints, sources, items, why,
 * impact.actorPoints) and deltas.vsBaseline.scoreModelChanged.
 */
import { z } from 'zod';
import { permissionGroupSchema, windowSchema } from './fleet-data.js';
import { scoreComponentSchema, signalSchema, signalSourceSchema } from './signals.js';

export const FLEET_REPORT_SCHEMA_VERSION = 2 as const;

const isoDateTime = z.iso.datetime({ offset: true });
const nullableNumber = z.number().finite().nullable();

export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export const gradeSchema = z.enum(GRADES);
export type Grade = z.infer<typeof gradeSchema>;

export const deductionSchema = z
    .object({
        fingerprint: z.string(),
        points: z.number().finite().nonnegative(),
        reason: z.string(),
        actorId: z.string().nullable(),
    })
    .strict();
export type Deduction = z.infer<typeof deductionSchema>;

export const scoreComponentResultSchema = z
    .object({
        id: scoreComponentSchema,
        label: z.string(),
        /** 100 minus the score points lost in this component; Σ (100 − score) = 100 − total score. */
        score: z.number().min(0).max(100),
        deductions: z.array(deductionSchema),
    })
    .strict();
export type ScoreComponentResult = z.infer<typeof scoreComponentResultSchema>;

export const runCountsSchema = z
    .object({
        total: z.number().int().nonnegative(),
        succeeded: z.number().int().nonnegative(),
        failed: z.number().int().nonnegative(),
        timedOut: z.number().int().nonnegative(),
        aborted: z.number().int().nonnegative(),
        inProgress: z.number().int().nonnegative(),
    })
    .strict();
export type RunCounts = z.infer<typeof runCountsSchema>;

/** The same metrics for a sub-period (last 7 days, the 7 before). */
export const periodMetricsSchema = z
    .object({
        from: isoDateTime,
        to: isoDateTime,
        runs: runCountsSchema,
        successRate: nullableNumber,
        costUsd: z.number().nonnegative(),
        runsWithoutCost: z.number().int().nonnegative(),
        durationSecs: z.object({ p50: nullableNumber, p95: nullableNumber }).strict(),
    })
    .strict();
export type PeriodMetrics = z.infer<typeof periodMetricsSchema>;

export const actorSummarySchema = z
    .object({
        id: z.string(),
        /** `username/actor-name`. */
        name: z.string(),
        title: z.string().nullable(),
        isPublic: z.boolean().nullable(),
        healthScore: z.number().min(0).max(100),
        grade: gradeSchema,
        components: z.array(scoreComponentResultSchema),
        /** weight(a) in the fleet score, 0–1 (the weights add up to 1). */
        fleetWeight: z.number().min(0).max(1),
        runs: runCountsSchema,
        byOrigin: z.record(z.string(), z.number().int().nonnegative()),
        /** null when nothing finished in the window. */
        successRate: nullableNumber,
        /** Wilson 95 % interval of the success rate; null when nothing finished. */
        successRateInterval: z.object({ low: z.number(), high: z.number() }).strict().nullable(),
        costUsd: z.number().nonnegative(),
        runsWithoutCost: z.number().int().nonnegative(),
        /** False when some runs had no cost data: the sum is a lower bound. */
        isCostComplete: z.boolean(),
        costPerRunUsd: nullableNumber,
        /** From sampled runs' dataset item counts; null without samples. */
        costPer1000ResultsUsd: nullableNumber,
        durationSecs: z.object({ p50: nullableNumber, p95: nullableNumber }).strict(),
        /** Sampled memMaxBytes / allocated memory, median; null without samples. */
        memoryUtilization: nullableNumber,
        lastRunAt: isoDateTime.nullable(),
        lastSucceededAt: isoDateTime.nullable(),
        buildInUse: z.string().nullable(),
        last7Days: periodMetricsSchema,
        previous7Days: periodMetricsSchema,
        signalCount: z.number().int().nonnegative(),
        consoleUrl: z.string(),
        /** Parts that could not be read for this Actor, each naming the permission. */
        missing: z.array(
            z
                .object({
                    part: z.string(),
                    reason: z.string(),
                    permission: permissionGroupSchema.nullable(),
                })
                .strict(),
        ),
    })
    .strict();
export type ActorSummary = z.infer<typeof actorSummarySchema>;

export const acknowledgementSchema = z
    .object({
        at: isoDateTime,
        by: z.string().max(200),
        /** The metric value when acknowledged: the signal returns when it worsens past it. */
        metricValue: nullableNumber,
        expiresAt: isoDateTime.nullable(),
        note: z.string().max(1000).nullable(),
    })
    .strict();
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;

export const reportSignalSchema = signalSchema.extend({
    /** Published name kept for scripts: the same value as `source`. */
    specialist: signalSourceSchema,
    acknowledged: z.boolean(),
    /** The stored acknowledgement, also when it no longer applies (see acknowledgementState). */
    acknowledgement: acknowledgementSchema.nullable(),
    /** none · active (acknowledged) · expired · worsened (metric past the acknowledged value). */
    acknowledgementState: z.enum(['none', 'active', 'expired', 'worsened']),
    /** True when it was not in the baseline snapshot. */
    isNew: z.boolean(),
});
export type ReportSignal = z.infer<typeof reportSignalSchema>;

/** How much of the fleet needs action now: the line next to the headline score. */
export const fleetAttentionSchema = z
    .object({
        /** Actors with at least one fix-now card. */
        actorsNeedingActionNow: z.number().int().nonnegative(),
        actorCount: z.number().int().nonnegative(),
        /** Their share of the window's runs, 0–1. */
        runShare: z.number().min(0).max(1),
        /** Their projected monthly spend. */
        usdPerMonthAtStake: z.number().nonnegative(),
        /** Σ fleet weight of those Actors, 0–1 (what lowers the ceiling). */
        weightShare: z.number().min(0).max(1),
        /** "3 of 25 Actors need action now · 31 % of runs · $140/month at stake". */
        summary: z.string(),
    })
    .strict();
export type FleetAttention = z.infer<typeof fleetAttentionSchema>;

export const ACTION_BUCKETS = ['fix-now', 'this-week', 'improve', 'acknowledged'] as const;
export const actionBucketSchema = z.enum(ACTION_BUCKETS);
export type ActionBucket = z.infer<typeof actionBucketSchema>;

export const actionCardSchema = z
    .object({
        bucket: actionBucketSchema,
        /** 1-based rank within the whole plan (buckets in order, then by stake). */
        rank: z.number().int().positive(),
        /** `problem`: one problem seen by one or more sources; `checklist`: an Actor's documentation findings. */
        kind: z.enum(['problem', 'checklist']),
        /** The signal that names the problem and carries its deduction (the worst member). */
        fingerprint: z.string(),
        /** Every member signal, worst first (acknowledge them together). */
        fingerprints: z.array(z.string()).min(1),
        sources: z.array(signalSourceSchema).min(1),
        actorId: z.string(),
        actorName: z.string().nullable(),
        title: z.string(),
        impact: z
            .object({
                /** Fleet score points recovered when fixed. */
                points: z.number().finite().nonnegative(),
                /** The Actor's score points recovered when fixed. */
                actorPoints: z.number().finite().nonnegative(),
                usdPerMonth: z.number().finite().nonnegative(),
            })
            .strict(),
        /** Why the card is in its bucket and at its place: verdict, runs affected, money, Store status. */
        why: z.string(),
        /** The evidence of every member, merged (bounded like a signal's). */
        evidence: signalSchema.shape.evidence,
        /** Each member: what its source said and how to fix it. */
        items: z
            .array(
                z
                    .object({
                        fingerprint: z.string(),
                        source: signalSourceSchema,
                        severity: signalSchema.shape.severity,
                        decision: signalSchema.shape.decision,
                        acknowledged: z.boolean(),
                        title: z.string(),
                        fix: z.string(),
                    })
                    .strict(),
            )
            .min(1),
        fix: z.string(),
    })
    .strict();
export type ActionCard = z.infer<typeof actionCardSchema>;

export const specialistStatusSchema = z
    .object({
        name: signalSourceSchema,
        status: z.enum(['complete', 'partial', 'failed', 'quarantined', 'skipped']),
        runId: z.string().optional(),
        reason: z.string().nullable(),
        /** Actors whose signals from this specialist are missing. */
        missingActorIds: z.array(z.string()),
        signalCount: z.number().int().nonnegative(),
    })
    .strict();
export type SpecialistStatus = z.infer<typeof specialistStatusSchema>;

export const weeklyTrendPointSchema = z
    .object({
        weekStart: z.string(),
        runs: z.number().int().nonnegative(),
        failureRate: nullableNumber,
        costUsd: z.number().nonnegative(),
        /** From the snapshot closest to the week's end, when one exists. */
        healthScore: nullableNumber,
    })
    .strict();

export const fleetReportSchema = z
    .object({
        schemaVersion: z.literal(FLEET_REPORT_SCHEMA_VERSION),
        generatedAt: isoDateTime,
        /** True for the built-in sample fleet (npm start without a token): never a real account. */
        isDemo: z.boolean(),
        account: z.object({ username: z.string().nullable() }).strict(),
        window: windowSchema.extend({ days: z.number().int().positive() }),
        fleet: z
            .object({
                healthScore: z.number().min(0).max(100),
                grade: gradeSchema,
                components: z.array(scoreComponentResultSchema),
                /** Σ weight · Actor score, before the ceiling. */
                meanScore: z.number().min(0).max(100),
                /** The highest score the fleet can have while fix-now cards exist; null when none do. */
                ceiling: z.number().min(0).max(100).nullable(),
                attention: fleetAttentionSchema,
                actorCount: z.number().int().nonnegative(),
                runCount: z.number().int().nonnegative(),
                runs: runCountsSchema,
                successRate: nullableNumber,
                costUsd: z.number().nonnegative(),
                runsWithoutCost: z.number().int().nonnegative(),
                isCostComplete: z.boolean(),
                projectedMonthlyCostUsd: z.number().nonnegative(),
                last7Days: periodMetricsSchema,
                previous7Days: periodMetricsSchema,
            })
            .strict(),
        deltas: z
            .object({
                /** Last 7 days minus the 7 before (rates in percentage points × 0.01). */
                weekOverWeek: z
                    .object({
                        successRate: nullableNumber,
                        costUsd: nullableNumber,
                        runs: nullableNumber,
                    })
                    .strict(),
                /** Against the snapshot about 7 days older; null when there is none. */
                vsBaseline: z
                    .object({
                        snapshotKey: z.string(),
                        snapshotAt: isoDateTime,
                        /** null when the baseline was scored by another score model (scoreModelChanged). */
                        healthScore: nullableNumber,
                        /** The baseline's score came from an older formula: no score delta this once. */
                        scoreModelChanged: z.boolean(),
                        successRate: nullableNumber,
                        costUsd: nullableNumber,
                        newSignals: z.number().int().nonnegative(),
                        resolvedSignals: z.number().int().nonnegative(),
                    })
                    .strict()
                    .nullable(),
            })
            .strict(),
        trend: z.array(weeklyTrendPointSchema),
        actors: z.array(actorSummarySchema),
        signals: z.array(reportSignalSchema),
        actionPlan: z.array(actionCardSchema),
        specialists: z.array(specialistStatusSchema),
        /** SIGNALS documents (or single signals) that failed validation, with the reason. */
        quarantine: z.array(
            z
                .object({
                    /** Position in the list of gathered documents. */
                    documentIndex: z.number().int().nonnegative(),
                    specialist: signalSourceSchema.nullable(),
                    runId: z.string().nullable(),
                    reason: z.string(),
                })
                .strict(),
        ),
        collection: z
            .object({
                apiRequests: z.number().int().nonnegative(),
                requestsByKind: z.record(z.string(), z.number().int().nonnegative()),
                partial: z.boolean(),
                missingPermissions: z.array(permissionGroupSchema),
                skipped: z.array(z.object({ what: z.string(), reason: z.string() }).strict()),
                reusedDays: z.number().int().nonnegative(),
                fetchedDays: z.number().int().nonnegative(),
                trendStore: z
                    .object({
                        name: z.string(),
                        mode: z.enum(['named', 'fallback-default-stores', 'unavailable', 'local']),
                        note: z.string().nullable(),
                    })
                    .strict(),
            })
            .strict(),
        alert: z
            .object({
                status: z.enum(['not-configured', 'nothing-new', 'delivered', 'failed']),
                attempts: z.number().int().nonnegative(),
                signalCount: z.number().int().nonnegative(),
                error: z.string().nullable(),
            })
            .strict(),
    })
    .strict();
export type FleetReport = z.infer<typeof fleetReportSchema>;
