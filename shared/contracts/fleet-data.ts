/**
 * FleetData: everything the collection fetched, in the compact shape every analysis reads.
 *
 * Collection streams run list pages into per-day, per-build aggregates instead of keeping run
 * objects, so a fleet with a million runs fits in memory and the days whose runs are all
 * finished can be cached in the trend store and reused by the next (incremental) analysis.
 * Run details, builds and dataset metadata exist only for a bounded sample.
 *
 * Analyses are pure functions of this document: a platform run, a local run and a run from
 * the editor on the same data give the same numbers.
 */
import { z } from 'zod';

export const FLEET_DATA_SCHEMA_VERSION = 1 as const;

export const TERMINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED'] as const;
export const IN_PROGRESS_STATUSES = ['READY', 'RUNNING', 'TIMING-OUT', 'ABORTING'] as const;
export const runStatusSchema = z.enum([...TERMINAL_STATUSES, ...IN_PROGRESS_STATUSES]);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const RUN_ORIGINS = [
    'DEVELOPMENT',
    'WEB',
    'API',
    'SCHEDULER',
    'TEST',
    'WEBHOOK',
    'ACTOR',
    'CLI',
    'CI',
    'STANDBY',
    'MCP',
] as const;
/** Unknown origins (the platform adds new ones) are kept as strings, not rejected. */
export const runOriginSchema = z.string().min(1);

/** The five permission groups a scoped token needs, as users see them in Console. */
export const PERMISSION_GROUPS = [
    'Actors: Read',
    'Actors: Run',
    'Actor runs: Read',
    'Actor builds: Read',
    'Datasets: Read',
    'Key-value stores: Read',
    'Key-value stores: Write',
] as const;
export const permissionGroupSchema = z.enum(PERMISSION_GROUPS);
export type PermissionGroup = z.infer<typeof permissionGroupSchema>;

/** The groups by resource, as a token's settings list them: "Actors: Read, Run · Actor runs: Read · …". */
export function describePermissionGroups(groups: readonly PermissionGroup[] = PERMISSION_GROUPS): string {
    const accessByResource = new Map<string, string[]>();
    for (const group of groups) {
        const [resource, access] = group.split(': ') as [string, string];
        accessByResource.set(resource, [...(accessByResource.get(resource) ?? []), access]);
    }
    return [...accessByResource].map(([resource, access]) => `${resource}: ${access.join(', ')}`).join(' · ');
}

/** What a scoped token needs, in every message, description and welcome text that says so. */
export const SCOPED_TOKEN_PERMISSIONS_TEXT = describePermissionGroups();

const isoDateTime = z.iso.datetime({ offset: true });
/** A UTC calendar day, `YYYY-MM-DD`. */
export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Raw counters of a group of runs; rates are derived (see shared/metrics). */
export const runGroupStatsSchema = z
    .object({
        succeeded: z.number().int().nonnegative(),
        failed: z.number().int().nonnegative(),
        timedOut: z.number().int().nonnegative(),
        aborted: z.number().int().nonnegative(),
        /** READY / RUNNING / TIMING-OUT / ABORTING: counted, left out of rates. */
        inProgress: z.number().int().nonnegative(),
        /** Sum of `usageTotalUsd` of the runs that report it. */
        costUsd: z.number().nonnegative(),
        /** Runs without `usageTotalUsd`: reported, never summed as $0. */
        runsWithoutCost: z.number().int().nonnegative(),
        /** `finishedAt − startedAt` of terminal runs, seconds. */
        durationsSecs: z.array(z.number().nonnegative()),
    })
    .strict();
export type RunGroupStats = z.infer<typeof runGroupStatsSchema>;

/**
 * Who started runs: one entry per distinct (origin, client IP, user agent, schedule, task)
 * of a day, from the run list (`meta`, `actorTaskId`). What an activity watch reads to tell
 * a new caller or a schedule that stopped from the usual traffic.
 */
export const runCallerSchema = z
    .object({
        origin: runOriginSchema,
        clientIp: z.string().nullable(),
        userAgent: z.string().nullable(),
        scheduleId: z.string().nullable(),
        actorTaskId: z.string().nullable(),
        runs: z.number().int().positive(),
        lastStartedAt: isoDateTime,
    })
    .strict();
export type RunCaller = z.infer<typeof runCallerSchema>;

export const dayAggregateSchema = z
    .object({
        day: daySchema,
        /** True when the day is over and every run that started in it is terminal: safe to cache. */
        isComplete: z.boolean(),
        /** Per build number the runs of that day ran on (release-gate compares builds). */
        byBuild: z.record(z.string(), runGroupStatsSchema),
        /** Run counts per `meta.origin`. */
        byOrigin: z.record(runOriginSchema, z.number().int().nonnegative()),
        lastStartedAt: isoDateTime.nullable(),
        lastSucceededAt: isoDateTime.nullable(),
        /** Up to a few most recent failed / timed-out run ids of the day: evidence for signals. */
        recentFailedRunIds: z.array(z.string()),
        /**
         * The day's callers, most runs first, at most MAX_CALLERS_PER_DAY (see
         * actor/engine/collection/run-aggregation.ts); absent in data collected before they were kept.
         */
        callers: z.array(runCallerSchema).optional(),
        /** Runs of the callers left out of `callers` (beyond the cap). */
        otherCallerRuns: z.number().int().nonnegative().optional(),
    })
    .strict();
export type DayAggregate = z.infer<typeof dayAggregateSchema>;

export const fieldStatisticsSchema = z.object({
    min: z.number().optional(),
    max: z.number().optional(),
    nullCount: z.number().int().nonnegative().optional(),
    emptyCount: z.number().int().nonnegative().optional(),
});

/** Metadata of a sampled run's default dataset. Never items. */
export const datasetSampleSchema = z
    .object({
        id: z.string(),
        itemCount: z.number().int().nonnegative(),
        cleanItemCount: z.number().int().nonnegative().nullable(),
        fields: z.array(z.string()).nullable(),
        fieldStatistics: z.record(z.string(), fieldStatisticsSchema).nullable(),
    })
    .strict();
export type DatasetSample = z.infer<typeof datasetSampleSchema>;

/** A run whose detail was fetched (`GET /v2/actor-runs/{id}`): memory, exit code, message. */
export const sampledRunSchema = z
    .object({
        id: z.string(),
        status: runStatusSchema,
        origin: runOriginSchema,
        startedAt: isoDateTime,
        finishedAt: isoDateTime.nullable(),
        buildNumber: z.string().nullable(),
        usageTotalUsd: z.number().nonnegative().nullable(),
        memoryMbytes: z.number().nonnegative().nullable(),
        memMaxBytes: z.number().nonnegative().nullable(),
        computeUnits: z.number().nonnegative().nullable(),
        timeoutSecs: z.number().nonnegative().nullable(),
        exitCode: z.number().int().nullable(),
        statusMessage: z.string().nullable(),
        defaultDatasetId: z.string().nullable(),
        /** Who started it (RunShort `actorTaskId`, RunMeta); absent in data collected before they were kept. */
        actorTaskId: z.string().nullable().optional(),
        clientIp: z.string().nullable().optional(),
        userAgent: z.string().nullable().optional(),
        scheduleId: z.string().nullable().optional(),
        scheduledAt: isoDateTime.nullable().optional(),
        /** Dataset metadata and field statistics; null when not fetched or not permitted. */
        dataset: datasetSampleSchema.nullable(),
        /** Why this run is in the sample (recent, recent failure, daily test, per build). */
        sampledBecause: z.enum(['recent', 'recent-failure', 'test-origin', 'build-comparison']),
    })
    .strict();
export type SampledRun = z.infer<typeof sampledRunSchema>;

/** The parts of a build the analyses read (from `actorDefinition`). */
export const buildInfoSchema = z
    .object({
        id: z.string(),
        buildNumber: z.string(),
        status: z.string(),
        finishedAt: isoDateTime.nullable(),
        inputSchema: z.unknown().nullable(),
        readme: z.string().nullable(),
        datasetSchema: z.unknown().nullable(),
        outputSchema: z.unknown().nullable(),
    })
    .strict();
export type BuildInfo = z.infer<typeof buildInfoSchema>;

/**
 * The Actor's Store notice, an enum in the API (spec ActorNotice). Apify sets
 * `UNDER_MAINTENANCE` after a public Actor fails its daily automated test. Values this
 * version does not know are kept as strings.
 */
export const ACTOR_NOTICES = ['NONE', 'RESIDENTIAL_PROXY_REQUIRED', 'UNDER_MAINTENANCE'] as const;
export const UNDER_MAINTENANCE_NOTICE = 'UNDER_MAINTENANCE' satisfies (typeof ACTOR_NOTICES)[number];

/** Actor metadata from `GET /v2/actors/{id}` (list fields plus detail fields when fetched). */
export const actorMetadataSchema = z
    .object({
        id: z.string(),
        /** `username/actor-name`, the published form. */
        name: z.string(),
        title: z.string().nullable(),
        isPublic: z.boolean().nullable(),
        actorPermissionLevel: z.string().nullable(),
        categories: z.array(z.string()).nullable(),
        seoTitle: z.string().nullable(),
        seoDescription: z.string().nullable(),
        pricingInfos: z.array(z.unknown()).nullable(),
        notice: z.string().nullable(),
        isDeprecated: z.boolean().nullable(),
        defaultMemoryMbytes: z.number().nullable(),
        defaultTimeoutSecs: z.number().nullable(),
        /** From the Actor's stats: may lie before the window (stale Actors). */
        lastRunStartedAt: isoDateTime.nullable(),
        createdAt: isoDateTime.nullable(),
    })
    .strict();
export type ActorMetadata = z.infer<typeof actorMetadataSchema>;

export const actorDataSchema = z
    .object({
        actor: actorMetadataSchema,
        /** One aggregate per UTC day of the window that had runs (days without runs are absent). */
        days: z.array(dayAggregateSchema),
        sampledRuns: z.array(sampledRunSchema),
        builds: z
            .object({
                latest: buildInfoSchema.nullable(),
                previous: buildInfoSchema.nullable(),
            })
            .strict(),
        /** Parts of this Actor's data that could not be read, each with the reason. */
        missing: z.array(
            z
                .object({
                    part: z.enum(['metadata', 'runs', 'run-details', 'builds', 'datasets']),
                    reason: z.string(),
                    permission: permissionGroupSchema.nullable(),
                })
                .strict(),
        ),
    })
    .strict();
export type ActorData = z.infer<typeof actorDataSchema>;

export const windowSchema = z
    .object({
        from: isoDateTime,
        to: isoDateTime,
    })
    .strict();
export type AnalysisWindow = z.infer<typeof windowSchema>;

export const fleetDataSchema = z
    .object({
        schemaVersion: z.literal(FLEET_DATA_SCHEMA_VERSION),
        account: z.object({ username: z.string().nullable(), userId: z.string().nullable() }).strict(),
        window: windowSchema,
        /** Origins the input narrowed to; empty = every origin. */
        origins: z.array(runOriginSchema),
        actors: z.array(actorDataSchema),
        collection: z
            .object({
                apiRequests: z.number().int().nonnegative(),
                requestsByKind: z.record(z.string(), z.number().int().nonnegative()),
                missingPermissions: z.array(permissionGroupSchema),
                skipped: z.array(z.object({ what: z.string(), reason: z.string() }).strict()),
                /** Days reused from the trend store's cache vs fetched now (incremental analysis). */
                reusedDays: z.number().int().nonnegative(),
                fetchedDays: z.number().int().nonnegative(),
                /** Which run list the collection used (fewest requests), and why. */
                runListStrategy: z.enum(['none', 'per-actor', 'account-wide']).optional(),
                runListStrategyReason: z.string().optional(),
            })
            .strict(),
    })
    .strict();
export type FleetData = z.infer<typeof fleetDataSchema>;
