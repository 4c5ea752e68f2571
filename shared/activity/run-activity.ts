/**
 * The activity watch's view of one run: who started it, from where, with what client, and when.
 * Every field comes from a run list item (`RunShort` with its `RunMeta` in Apify's API description),
 * so the watch costs no request beyond the run list the collection already reads.
 *
 * Raw client addresses and user-agent strings live only in this in-memory record; the learned
 * baseline that is stored between analyses keeps hashes, coarse prefixes and family names
 * (see activity-baseline.ts).
 */
import { z } from 'zod';
import { runOriginSchema, runStatusSchema } from '../contracts/fleet-data.js';

const isoDateTime = z.iso.datetime({ offset: true });

export const runActivitySchema = z
    .object({
        runId: z.string().min(1).max(100),
        actorId: z.string().min(1).max(100),
        startedAt: isoDateTime,
        finishedAt: isoDateTime.nullable(),
        status: runStatusSchema,
        /** `meta.origin`: API, WEB, SCHEDULER, … (unknown future origins are kept as strings). */
        origin: runOriginSchema,
        clientIp: z.string().max(100).nullable().optional(),
        userAgent: z.string().max(1000).nullable().optional(),
        scheduleId: z.string().max(100).nullable().optional(),
        scheduledAt: isoDateTime.nullable().optional(),
        actorTaskId: z.string().max(100).nullable().optional(),
        usageTotalUsd: z.number().nonnegative().nullable().optional(),
    })
    .strict();
export type RunActivity = z.infer<typeof runActivitySchema>;

/** A named dataset or key-value store as the storage lists return it (`GET /v2/datasets`, `…/key-value-stores`). */
export const namedStorageSchema = z
    .object({
        id: z.string().min(1).max(100),
        name: z.string().min(1).max(200),
        kind: z.enum(['dataset', 'key-value-store']),
        modifiedAt: isoDateTime,
    })
    .strict();
export type NamedStorage = z.infer<typeof namedStorageSchema>;

/**
 * Origins a person or program holding the account's API token produces. A leaked token shows up
 * here; WEB (a Console session), SCHEDULER, WEBHOOK, ACTOR, TEST and STANDBY runs are started by
 * the platform or by a logged-in owner, not by a bare token.
 */
export const TOKEN_ORIGINS: readonly string[] = Object.freeze(['API', 'CLI', 'MCP']);

export function isTokenOrigin(origin: string): boolean {
    return TOKEN_ORIGINS.includes(origin);
}

/** Scheduled runs: owner-configured cadence, left out of burst rates (a new schedule is not a burst). */
export function isScheduledOrigin(origin: string): boolean {
    return origin === 'SCHEDULER';
}
