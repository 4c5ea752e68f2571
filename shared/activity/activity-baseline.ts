/**
 * The activity baseline: what normal activity looks like for the account and for each Actor,
 * learned from the analysis windows and kept in the trend store between analyses (one compact,
 * versioned JSON record). It holds no raw client address and no raw user agent: networks are
 * coarse prefixes (/24, /48) with salted hashes of the hosts seen in them, agents are families
 * (see client-network.ts, user-agent-family.ts). A test serialises a learned baseline and asserts
 * that no address of its input appears in it.
 */
import { z } from 'zod';
import { daySchema } from '../contracts/fleet-data.js';
import { SALT_HEX_PATTERN } from './client-network.js';

export const ACTIVITY_BASELINE_SCHEMA_VERSION = 1 as const;
/** Host hashes kept per network and families per network: enough to judge, bounded in size. */
export const MAX_HOST_HASHES_PER_NETWORK = 16;
export const MAX_FAMILIES_PER_NETWORK = 8;
export const MAX_MAJORS_PER_FAMILY = 8;

/** UTC (`…Z`) instants only: the baseline compares them as strings (see learn-activity-baseline.ts). */
const isoDateTime = z.iso.datetime();
const count = z.number().int().nonnegative();

const seenEntrySchema = z.object({ runs: count, lastSeenAt: isoDateTime }).strict();
export type SeenEntry = z.infer<typeof seenEntrySchema>;

/**
 * One UTC day of a scope: `[runs, onDemandRuns, peakHourOnDemandRuns, costUsd, runsWithCost]`.
 * On-demand = every origin except SCHEDULER. A tuple, not an object: 56 days × thousands of Actors.
 */
export const dayCountsSchema = z.tuple([count, count, count, z.number().nonnegative(), count]);
export type DayCounts = z.infer<typeof dayCountsSchema>;

export const scopeBaselineSchema = z
    .object({
        firstSeenAt: isoDateTime,
        lastSeenAt: isoDateTime,
        origins: z.record(z.string().max(40), seenEntrySchema),
        schedules: z.record(z.string().max(100), seenEntrySchema),
        /** Runs started per UTC hour of day, halved every `hourProfileHalfLifeDays` (old habits fade). */
        hourProfile: z.array(z.number().nonnegative()).length(24),
        days: z.record(daySchema, dayCountsSchema),
        /** Set when the owner acknowledged a burst ("it was me"): the new busy-hour level is normal. */
        acknowledgedPeakHourRuns: z.number().nonnegative().nullable(),
    })
    .strict();
export type ScopeBaseline = z.infer<typeof scopeBaselineSchema>;

export const networkEntrySchema = z
    .object({
        firstSeenAt: isoDateTime,
        lastSeenAt: isoDateTime,
        runs: count,
        hostHashes: z.array(z.string().regex(/^[0-9a-f]{32}$/)).max(MAX_HOST_HASHES_PER_NETWORK),
        userAgentFamilies: z.array(z.string().max(46)).max(MAX_FAMILIES_PER_NETWORK),
        acknowledgedAt: isoDateTime.nullable(),
    })
    .strict();
export type NetworkEntry = z.infer<typeof networkEntrySchema>;

export const userAgentEntrySchema = z
    .object({
        firstSeenAt: isoDateTime,
        lastSeenAt: isoDateTime,
        runs: count,
        majors: z.array(z.number().int().nonnegative()).max(MAX_MAJORS_PER_FAMILY),
        acknowledgedAt: isoDateTime.nullable(),
    })
    .strict();
export type UserAgentEntry = z.infer<typeof userAgentEntrySchema>;

/** `203.0.113.0/24`, `2001:db8:1234::/48`: a prefix, never a host address. */
export const networkPrefixSchema = z
    .string()
    .regex(/^(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.0\/24|[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::\/48)$/);

export const accountBaselineSchema = scopeBaselineSchema
    .extend({
        networks: z.record(networkPrefixSchema, networkEntrySchema),
        userAgents: z.record(z.string().max(46), userAgentEntrySchema),
    })
    .strict();
export type AccountBaseline = z.infer<typeof accountBaselineSchema>;

export const activityBaselineSchema = z
    .object({
        schemaVersion: z.literal(ACTIVITY_BASELINE_SCHEMA_VERSION),
        /** Per-account random salt of the host hashes (hex, 16 bytes). */
        salt: z.string().regex(SALT_HEX_PATTERN),
        /** Runs started before this instant are in the baseline (whole hours: an hour is never split). */
        learnedThrough: isoDateTime.nullable(),
        account: accountBaselineSchema.nullable(),
        actors: z.record(z.string().max(100), scopeBaselineSchema),
    })
    .strict();
export type ActivityBaseline = z.infer<typeof activityBaselineSchema>;

export function createEmptyActivityBaseline(saltHex: string): ActivityBaseline {
    return activityBaselineSchema.parse({
        schemaVersion: ACTIVITY_BASELINE_SCHEMA_VERSION,
        salt: saltHex,
        learnedThrough: null,
        account: null,
        actors: {},
    });
}

/**
 * Reads a stored baseline. A record that does not parse (older version, hand-edited, corrupted)
 * is reported and replaced by learning afresh: the watch then stays in learning mode for a while
 * instead of alarming on everything.
 */
export function readActivityBaseline(raw: unknown): { baseline: ActivityBaseline | null; problem: string | null } {
    if (raw === null || raw === undefined) return { baseline: null, problem: null };
    const parsed = activityBaselineSchema.safeParse(raw);
    if (parsed.success) return { baseline: parsed.data, problem: null };
    const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
        .join('; ');
    return {
        baseline: null,
        problem: `The stored activity baseline is not readable (${issues}); the watch learns a new one and stays quiet until it has.`,
    };
}
