/**
 * SIGNALS v1: what every analysis (the orchestrator's core analysis and the six specialists)
 * reports. A specialist run writes one document under the key `SIGNALS` in its default
 * key-value store; the orchestrator validates it with `signalsDocumentSchema` and quarantines
 * anything that does not parse: a malformed document is reported, never trusted, never fatal.
 */
import { z } from 'zod';
import { windowSchema } from './fleet-data.js';

export const SIGNALS_SCHEMA_VERSION = 1 as const;

/** Who produced a signal. `core` is the orchestrator's own reliability/trend analysis. */
export const SPECIALISTS = [
    'schema-validator',
    'release-gate',
    'compliance-scanner',
    'cost-watchdog',
    'ab-tester',
    'quality-monitor',
] as const;
export const specialistNameSchema = z.enum(SPECIALISTS);
export type SpecialistName = z.infer<typeof specialistNameSchema>;
export const signalSourceSchema = z.enum(['core', ...SPECIALISTS]);
export type SignalSource = z.infer<typeof signalSourceSchema>;

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** 0 for the most severe (critical) to 4 (info), from SEVERITIES: sort ascending, worst first. */
export function getSeverityRank(severity: Severity): number {
    return SEVERITIES.indexOf(severity);
}

/**
 * The codicon of each severity, the same in the tree and on the dashboard. Three shapes as VS
 * Code's own Problems panel has them: critical and high are errors, medium a warning, the rest
 * information (colour then tells critical from high).
 */
export const SEVERITY_ICONS: Record<Severity, 'error' | 'warning' | 'info'> = {
    critical: 'error',
    high: 'error',
    medium: 'warning',
    low: 'info',
    info: 'info',
};

/** Scripts branch on this; never rename a value without a new schemaVersion. */
export const DECISIONS = ['act_now', 'monitor', 'ignore'] as const;
export const decisionSchema = z.enum(DECISIONS);
export type Decision = z.infer<typeof decisionSchema>;

/** The Health Score components a signal can cost points in (see shared/scoring). */
export const SCORE_COMPONENTS = ['reliability', 'trend', 'data-quality', 'cost', 'freshness', 'compliance'] as const;
export const scoreComponentSchema = z.enum(SCORE_COMPONENTS);
export type ScoreComponentId = z.infer<typeof scoreComponentSchema>;

/** Bounded strings: a hostile SIGNALS document must not be able to bloat OUTPUT. */
const shortText = z.string().min(1).max(300);
const longText = z.string().max(4000);

export const signalSchema = z
    .object({
        /**
         * Stable across runs for the same problem on the same Actor (see shared/signals/fingerprint):
         * acknowledgement and de-duplication key.
         */
        fingerprint: z
            .string()
            .regex(/^[a-z0-9-]+:[a-z0-9-]+:[A-Za-z0-9._~-]+(?::[A-Za-z0-9._~-]+)*$/)
            .max(200),
        kind: z
            .string()
            .regex(/^[a-z0-9-]+$/)
            .max(80),
        source: signalSourceSchema,
        actorId: z.string().min(1).max(100),
        actorName: z.string().max(200).nullable(),
        severity: severitySchema,
        decision: decisionSchema,
        title: shortText,
        detail: longText,
        metric: z
            .object({
                name: z.string().max(80),
                value: z.number().finite().nullable(),
                baseline: z.number().finite().nullable(),
                unit: z.string().max(20).nullable(),
                /**
                 * Direction of "worse" for acknowledgements (a signal comes back when its metric
                 * worsens past the acknowledged value). Absent: inferred from the metric name
                 * (see shared/analysis/acknowledgements.ts).
                 */
                higherIsWorse: z.boolean().optional(),
            })
            .strict()
            .nullable(),
        evidence: z
            .object({
                runIds: z.array(z.string().max(100)).max(20),
                buildNumbers: z.array(z.string().max(40)).max(10),
                notes: z.array(z.string().max(300)).max(10),
            })
            .strict(),
        /** Points this signal costs the Actor's score, and in which component. */
        scoreImpact: z
            .object({
                component: scoreComponentSchema,
                points: z.number().finite().min(0).max(100),
            })
            .strict(),
        /** Expected monthly saving when fixed (cost signals), USD. */
        usdPerMonth: z.number().finite().min(0).nullable(),
        fix: longText,
        /** Specialist-specific stable verdicts (releaseAction, reviewPriority, verdict…). */
        labels: z.record(z.string().max(40), z.string().max(40)).default({}),
    })
    .strict();
export type Signal = z.infer<typeof signalSchema>;
export type SignalInput = z.input<typeof signalSchema>;

export const signalsDocumentSchema = z
    .object({
        schemaVersion: z.literal(SIGNALS_SCHEMA_VERSION),
        specialist: signalSourceSchema,
        /** The specialist run that produced it; null for inline analyses. */
        runId: z.string().max(100).nullable(),
        generatedAt: z.iso.datetime({ offset: true }),
        window: windowSchema,
        actorIds: z.array(z.string().max(100)),
        status: z.enum(['complete', 'partial']),
        errors: z
            .array(
                z
                    .object({
                        actorId: z.string().max(100).nullable(),
                        message: z.string().max(1000),
                    })
                    .strict(),
            )
            .max(5000),
        signals: z.array(signalSchema).max(100_000),
    })
    .strict();
export type SignalsDocument = z.infer<typeof signalsDocumentSchema>;
