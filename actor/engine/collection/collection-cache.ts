/**
 * What an incremental analysis reuses from the previous one, per Actor. The cache is per Actor
 * (not per day) because a day without runs has no aggregate: only a covered range
 * `[coveredFrom, completeThrough)` says "nothing more can appear here". Every run that started
 * in that range had finished when it was collected, so its aggregates, its sample candidates
 * and the details of its sampled runs are final.
 *
 * The caller (the Actor's trend store, the extension's global storage) keeps the entries;
 * `collectFleet` reads them with `get` and hands the fresh ones to `put`.
 */
import { z } from 'zod';
import {
    actorMetadataSchema,
    buildInfoSchema,
    datasetSampleSchema,
    dayAggregateSchema,
    daySchema,
    sampledRunSchema,
} from '../../../shared/contracts/fleet-data.js';

/**
 * 2: day candidates carry `lastSuccess` and runDatasets (the data-quality baseline sample).
 * 3: days carry their callers and sampled runs who started them (run meta, task); older entries are refetched.
 */
export const ACTOR_CACHE_VERSION = 3 as const;

const runRefSchema = z
    .object({
        id: z.string(),
        status: z.string(),
        origin: z.string(),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        buildNumber: z.string().nullable(),
        usageTotalUsd: z.number().nullable(),
        defaultDatasetId: z.string().nullable(),
        actorTaskId: z.string().nullable().optional(),
        clientIp: z.string().nullable().optional(),
        userAgent: z.string().nullable().optional(),
        scheduleId: z.string().nullable().optional(),
        scheduledAt: z.string().nullable().optional(),
    })
    .strict();

const dayCandidatesSchema = z
    .object({
        lastRun: runRefSchema.nullable(),
        lastFailure: runRefSchema.nullable(),
        lastTest: runRefSchema.nullable(),
        lastSuccess: runRefSchema.nullable(),
        lastByBuild: z.record(z.string(), runRefSchema),
    })
    .strict();

/** A sampled run's detail without the reason it was sampled (that depends on the window). */
export const cachedRunDetailSchema = sampledRunSchema.omit({ sampledBecause: true });
export type CachedRunDetail = z.infer<typeof cachedRunDetailSchema>;

export const actorCacheEntrySchema = z
    .object({
        version: z.literal(ACTOR_CACHE_VERSION),
        actorId: z.string(),
        /** The origins filter the aggregates were built with (sorted, comma-joined; '' = all). */
        originsKey: z.string(),
        coveredFrom: daySchema,
        /** Exclusive. */
        completeThrough: daySchema,
        days: z.array(z.object({ aggregate: dayAggregateSchema, candidates: dayCandidatesSchema }).strict()),
        /** Details (and dataset metadata) of sampled runs of covered days, by run id. */
        runDetails: z.record(z.string(), cachedRunDetailSchema),
        /**
         * Dataset metadata of runs sampled without their detail (the quality baseline), by run id;
         * null = no dataset to read (deleted).
         */
        runDatasets: z.record(
            z.string(),
            z.object({ startedAt: z.string(), dataset: datasetSampleSchema.nullable() }).strict(),
        ),
        /** Actor detail fields, valid while the list item's `modifiedAt` is unchanged. */
        metadata: z.object({ modifiedAt: z.string(), actor: actorMetadataSchema }).strict().nullable(),
        /** Latest / previous finished builds, valid while `stats.totalBuilds` is unchanged. */
        builds: z
            .object({
                totalBuilds: z.number().int().nonnegative(),
                latest: buildInfoSchema.nullable(),
                previous: buildInfoSchema.nullable(),
            })
            .strict()
            .nullable(),
    })
    .strict();
export type ActorCacheEntry = z.infer<typeof actorCacheEntrySchema>;

export interface DayCacheAdapter {
    get(actorId: string): Promise<unknown>;
    /** Called once per collected Actor whose runs could be read, with the fresh entry. */
    put(entry: ActorCacheEntry): Promise<void>;
}

/** A malformed or outdated entry is ignored (a full collection of that Actor follows). */
export function parseCacheEntry(value: unknown, actorId: string, originsKey: string): ActorCacheEntry | undefined {
    if (value === undefined || value === null) return undefined;
    const parsed = actorCacheEntrySchema.safeParse(value);
    if (!parsed.success) return undefined;
    if (parsed.data.actorId !== actorId || parsed.data.originsKey !== originsKey) return undefined;
    return parsed.data;
}

export function originsKeyOf(origins: readonly string[]): string {
    return [...new Set(origins)].sort().join(',');
}
