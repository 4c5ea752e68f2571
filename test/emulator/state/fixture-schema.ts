/**
 * The emulator's fleet fixture format: an explicit, documented JSON document that describes
 * one Apify account as the API would show it. Custom fixtures are loaded as is (validated
 * here); built-in scenarios are produced by the seeded generator in `../scenarios/`, which
 * may build the same state directly without going through JSON (1 M runs do not fit a
 * comfortable JSON file).
 *
 * Field names follow the Apify API (its OpenAPI description, see README.md) so that a fixture
 * row can be served with little or no translation.
 */
import { z } from 'zod';

/** The permission groups a scoped token may hold (the five groups the product asks for). */
export const PERMISSIONS = [
    'actors:read',
    'actors:run',
    'runs:read',
    'builds:read',
    'datasets:read',
    'kvs:read',
    'kvs:write',
] as const;
export const permissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof permissionSchema>;

export const RUN_STATUSES = [
    'READY',
    'RUNNING',
    'SUCCEEDED',
    'FAILED',
    'TIMING-OUT',
    'TIMED-OUT',
    'ABORTING',
    'ABORTED',
] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);

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
export const runOriginSchema = z.enum(RUN_ORIGINS);

const isoDate = z.iso.datetime({ offset: true });

/**
 * The Actor's Store notice, an enum in the API (spec `ActorNotice`). Apify sets
 * `UNDER_MAINTENANCE` when a public Actor fails its daily automated test (see
 * ../scenarios/README.md for the rule the scenarios use).
 */
export const ACTOR_NOTICES = ['NONE', 'RESIDENTIAL_PROXY_REQUIRED', 'UNDER_MAINTENANCE'] as const;
export const actorNoticeSchema = z.enum(ACTOR_NOTICES);

export const tokenFixtureSchema = z.discriminatedUnion('kind', [
    z
        .object({
            /** Stable id used in the access log instead of the token itself. */
            id: z.string().min(1),
            token: z.string().min(8),
            kind: z.literal('full'),
        })
        .strict(),
    z
        .object({
            id: z.string().min(1),
            token: z.string().min(8),
            kind: z.literal('scoped'),
            permissions: z.array(permissionSchema),
            /** The "access default run storages" toggle of a scoped token. */
            defaultRunStorages: z.boolean().default(true),
            /** The real API may refuse /v2/users/me to scoped tokens; a fixture decides. */
            usersMeForbidden: z.boolean().default(false),
        })
        .strict(),
]);
export type TokenFixture = z.infer<typeof tokenFixtureSchema>;

export const userFixtureSchema = z
    .object({
        id: z.string(),
        username: z.string(),
        email: z.string().optional(),
        plan: z.string().default('STARTER'),
        /** null = no monthly usage cap set (the account guard warns about it). */
        monthlyUsageCapUsd: z.number().nonnegative().nullable().default(null),
        monthlyUsageUsd: z.number().nonnegative().default(0),
    })
    .strict();

/**
 * How a code-less Actor behaves when a run is started through the API (active A/B runs,
 * run-sync), and how the scenario generator draws its history.
 */
export const runProfileSchema = z
    .object({
        successRate: z.number().min(0).max(1).default(1),
        durationSecs: z.number().nonnegative().default(5),
        costUsd: z.number().nonnegative().nullable().default(0.01),
        itemCount: z.number().int().nonnegative().default(10),
        memMaxBytes: z.number().int().nonnegative().optional(),
    })
    .strict();

export const actorFixtureSchema = z
    .object({
        id: z.string(),
        name: z.string().regex(/^[a-zA-Z0-9-]+$/),
        title: z.string().optional(),
        description: z.string().optional(),
        isPublic: z.boolean().default(false),
        actorPermissionLevel: z.enum(['LIMITED_PERMISSIONS', 'FULL_PERMISSIONS']).default('LIMITED_PERMISSIONS'),
        categories: z.array(z.string()).default([]),
        seoTitle: z.string().optional(),
        seoDescription: z.string().optional(),
        pricingInfos: z.array(z.record(z.string(), z.unknown())).default([]),
        notice: actorNoticeSchema.default('NONE'),
        isDeprecated: z.boolean().default(false),
        defaultRunOptions: z
            .object({
                build: z.string().default('latest'),
                memoryMbytes: z.number().int().positive().default(1024),
                timeoutSecs: z.number().int().nonnegative().default(3600),
            })
            .strict()
            .default({ build: 'latest', memoryMbytes: 1024, timeoutSecs: 3600 }),
        createdAt: isoDate,
        modifiedAt: isoDate,
        /**
         * Backing code: a local command spawned as a child process with the platform environment
         * (this project's Actor bundle is one). Without it, runs follow `profile`.
         */
        command: z
            .object({
                argv: z.array(z.string()).min(1),
                cwd: z.string().optional(),
            })
            .strict()
            .optional(),
        profile: runProfileSchema.optional(),
    })
    .strict();
export type ActorFixture = z.infer<typeof actorFixtureSchema>;

export const buildFixtureSchema = z
    .object({
        id: z.string(),
        actId: z.string(),
        buildNumber: z.string().regex(/^\d+\.\d+\.\d+$/),
        status: runStatusSchema,
        startedAt: isoDate,
        finishedAt: isoDate.nullable(),
        /** As `GET /v2/actor-builds/{id}` returns it: input schema, README, storages.dataset. */
        actorDefinition: z.record(z.string(), z.unknown()).optional(),
    })
    .strict();
export type BuildFixture = z.infer<typeof buildFixtureSchema>;

export const runFixtureSchema = z
    .object({
        id: z.string(),
        actId: z.string(),
        status: runStatusSchema,
        startedAt: isoDate,
        finishedAt: isoDate.nullable(),
        buildId: z.string(),
        buildNumber: z.string(),
        origin: runOriginSchema,
        /**
         * Always in the API's answers (RunShort requires it). Absent here: the emulator serves the
         * run's compute units at 0.4 USD each (0 without them). `null`: left out of the answers on
         * purpose, to test tolerance of runs that report no cost.
         */
        usageTotalUsd: z.number().nonnegative().nullable().optional(),
        /** The task the run was started from; absent = none (null in the answers). */
        actorTaskId: z.string().nullable().optional(),
        /**
         * `meta` of the run. Absent fields get defaults per origin (see server/api-shapes.ts
         * `runMetaOf`): a client IP and user agent for runs a client started (API, WEB, CLI…),
         * none for platform-started ones; a schedule id and time for SCHEDULER runs.
         */
        clientIp: z.string().nullable().optional(),
        userAgent: z.string().nullable().optional(),
        scheduleId: z.string().nullable().optional(),
        scheduledAt: isoDate.nullable().optional(),
        stats: z
            .object({
                memMaxBytes: z.number().int().nonnegative().optional(),
                memAvgBytes: z.number().int().nonnegative().optional(),
                cpuAvgUsage: z.number().nonnegative().optional(),
                computeUnits: z.number().nonnegative().optional(),
                runTimeSecs: z.number().nonnegative().optional(),
            })
            .strict()
            .default({}),
        memoryMbytes: z.number().int().positive(),
        timeoutSecs: z.number().int().nonnegative(),
        statusMessage: z.string().nullable().default(null),
        exitCode: z.number().int().nullable().default(null),
        defaultDatasetId: z.string(),
        defaultKeyValueStoreId: z.string(),
        defaultRequestQueueId: z.string(),
    })
    .strict();
export type RunFixture = z.infer<typeof runFixtureSchema>;

export const fieldStatisticsSchema = z
    .object({
        min: z.number().optional(),
        max: z.number().optional(),
        nullCount: z.number().int().nonnegative().optional(),
        emptyCount: z.number().int().nonnegative().optional(),
    })
    .strict();

export const datasetFixtureSchema = z
    .object({
        id: z.string(),
        name: z.string().optional(),
        /** The run that created it, when it is a run's default dataset. */
        actRunId: z.string().optional(),
        actId: z.string().optional(),
        createdAt: isoDate,
        modifiedAt: isoDate,
        itemCount: z.number().int().nonnegative(),
        cleanItemCount: z.number().int().nonnegative().optional(),
        /**
         * `Dataset.fields` as served; default `[]`, what the API shows (it has no documented
         * meaning: never the declared or the observed field names).
         */
        fields: z.array(z.string()).optional(),
        /**
         * The dataset's fields schema (JSON Schema of one item). A run's default dataset gets its
         * build's (`actorDefinition.storages.dataset.fields`) when this is absent. With a schema,
         * pushes are validated and the statistics are computed from the stored items.
         */
        fieldsSchema: z.record(z.string(), z.unknown()).optional(),
        /**
         * Statistics of a dataset with a fields schema whose items the fixture does not hold
         * (counts only); ignored once items are stored (then computed from them).
         */
        fieldStatistics: z.record(z.string(), fieldStatisticsSchema).optional(),
        items: z.array(z.unknown()).optional(),
    })
    .strict();
export type DatasetFixture = z.infer<typeof datasetFixtureSchema>;

export const recordFixtureSchema = z
    .object({
        key: z.string().min(1).max(256),
        contentType: z.string().default('application/json; charset=utf-8'),
        /** JSON value (serialised on read), or a string; `base64: true` for binary. */
        value: z.unknown(),
        base64: z.boolean().default(false),
    })
    .strict();

export const keyValueStoreFixtureSchema = z
    .object({
        id: z.string(),
        name: z.string().optional(),
        actRunId: z.string().optional(),
        actId: z.string().optional(),
        createdAt: isoDate,
        modifiedAt: isoDate,
        records: z.array(recordFixtureSchema).default([]),
    })
    .strict();

export const fixtureSchema = z
    .object({
        schemaVersion: z.literal(1),
        /** The emulator clock's "now" for this fixture. */
        now: isoDate,
        user: userFixtureSchema,
        tokens: z.array(tokenFixtureSchema).min(1),
        actors: z.array(actorFixtureSchema),
        builds: z.array(buildFixtureSchema),
        runs: z.array(runFixtureSchema),
        datasets: z.array(datasetFixtureSchema).default([]),
        keyValueStores: z.array(keyValueStoreFixtureSchema).default([]),
    })
    .strict();
export type Fixture = z.infer<typeof fixtureSchema>;
export type FixtureInput = z.input<typeof fixtureSchema>;
