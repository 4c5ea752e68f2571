/**
 * The only place the collection talks to the Apify API. Every call:
 * - goes through the RateLimiter (per-resource and per-user token buckets, in-flight caps),
 *   naming the resource the platform limits it by;
 * - is counted by kind (`collection.requestsByKind`): counted at the call site, one per
 *   logical request; apify-client's own retries of 429/5xx are not counted twice;
 * - maps 401 to InvalidTokenError and 403 `insufficient-permissions` to PermissionDeniedError
 *   naming the permission group that kind of request needs;
 * - parses the response leniently with zod (real payloads carry fields the spec does not
 *   list; apify-client turns `…At` fields into Date objects).
 *
 * The client is passed in (constructed by the caller with `{ token, baseUrl, maxRetries }`), so
 * this file works in the Actor and in the VS Code extension host alike: no Apify SDK here.
 */
import type { ApifyClient } from 'apify-client';
import { z } from 'zod';
import type { PermissionGroup } from '../../../shared/contracts/fleet-data.js';
import { CollectionAbortedError, InvalidTokenError } from './errors.js';
import type { RateLimiter } from './rate-limiter.js';

/** Page size of every list: the API's maximum, so the fewest pages. */
export const LIST_PAGE_SIZE = 1000;

/**
 * In-flight group of 1,000-item list pages. Each is ≈ 1 MB of JSON plus its parsed objects, so
 * their number in flight, not the request count, sets the collector's peak memory; a handful
 * already sustain the 60/s one run list allows at API latency.
 */
export const LIST_PAGE_GROUP = 'list-page';
export const MAX_LIST_PAGES_IN_FLIGHT = 6;

export const REQUEST_KINDS = [
    'actors-list',
    'actor-detail',
    'runs-list-account',
    'runs-list-actor',
    'run-detail',
    'builds-list',
    'build-detail',
    'dataset-metadata',
    'dataset-statistics',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Which permission group of a scoped token each kind of request needs. */
export const PERMISSION_BY_KIND: Record<RequestKind, PermissionGroup> = {
    'actors-list': 'Actors: Read',
    'actor-detail': 'Actors: Read',
    'runs-list-account': 'Actor runs: Read',
    'runs-list-actor': 'Actor runs: Read',
    'run-detail': 'Actor runs: Read',
    'builds-list': 'Actor builds: Read',
    'build-detail': 'Actor builds: Read',
    'dataset-metadata': 'Datasets: Read',
    'dataset-statistics': 'Datasets: Read',
};

export class PermissionDeniedError extends Error {
    override readonly name = 'PermissionDeniedError';
    constructor(
        readonly kind: RequestKind,
        readonly permission: PermissionGroup,
        apiMessage: string,
    ) {
        super(`The token lacks the "${permission}" permission (${apiMessage}).`);
    }
}

/** Accepts ISO strings and the Date objects apify-client makes of them; yields ISO strings. */
const isoInstant = z.union([z.string(), z.date()]).transform((value, ctx) => {
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'not a date-time' });
        return z.NEVER;
    }
    return date.toISOString();
});
const optionalIso = isoInstant.nullish().transform((v) => v ?? null);
const optionalString = z
    .string()
    .nullish()
    .transform((v) => v ?? null);
const optionalNumber = z
    .number()
    .nullish()
    .transform((v) => v ?? null);

export const actorListItemSchema = z
    .object({
        id: z.string(),
        name: z.string(),
        username: z.string().nullish(),
        title: optionalString.catch(null),
        createdAt: optionalIso.catch(null),
        modifiedAt: optionalIso.catch(null),
        stats: z
            .object({
                totalRuns: z.number().nullish().catch(null),
                totalBuilds: z.number().nullish().catch(null),
                lastRunStartedAt: optionalIso.catch(null),
            })
            .passthrough()
            .nullish()
            .catch(null),
    })
    .passthrough();
export type ActorListItem = z.infer<typeof actorListItemSchema>;

export const actorDetailSchema = z
    .object({
        isPublic: z.boolean().nullish().catch(null),
        actorPermissionLevel: optionalString.catch(null),
        categories: z.array(z.string()).nullish().catch(null),
        seoTitle: optionalString.catch(null),
        seoDescription: optionalString.catch(null),
        pricingInfos: z.array(z.unknown()).nullish().catch(null),
        notice: optionalString.catch(null),
        isDeprecated: z.boolean().nullish().catch(null),
        defaultRunOptions: z
            .object({
                memoryMbytes: z.number().nullish().catch(null),
                timeoutSecs: z.number().nullish().catch(null),
            })
            .passthrough()
            .nullish()
            .catch(null),
    })
    .passthrough();
export type ActorDetail = z.infer<typeof actorDetailSchema>;

/**
 * Run schemas keep only the fields the collection reads (zod strips the rest): a run-list page
 * holds 1,000 runs and the sample stage holds thousands of run details while their datasets
 * are read, so copying every other field along would only cost memory.
 */
export const runListItemSchema = z.object({
    id: z.string(),
    actId: z.string(),
    status: z.string(),
    startedAt: isoInstant,
    finishedAt: optionalIso.catch(null),
    buildNumber: optionalString.catch(null),
    /** The task the run was started from (RunShort.actorTaskId). */
    actorTaskId: z.string().nullish().catch(null),
    /** Who started the run (spec RunMeta); each field on its own, so one odd value loses only itself. */
    meta: z
        .object({
            origin: z.string().nullish().catch(null),
            clientIp: z.string().nullish().catch(null),
            userAgent: z.string().nullish().catch(null),
            scheduleId: z.string().nullish().catch(null),
            scheduledAt: isoInstant.nullish().catch(null),
        })
        .nullish()
        .catch(null),
    usageTotalUsd: z.number().nullish().catch(null),
    defaultDatasetId: optionalString.catch(null),
});
export type RunListItem = z.infer<typeof runListItemSchema>;

export const runDetailSchema = runListItemSchema.extend({
    stats: z
        .object({
            memMaxBytes: optionalNumber.catch(null),
            computeUnits: optionalNumber.catch(null),
        })
        .nullish()
        .catch(null),
    options: z
        .object({
            memoryMbytes: optionalNumber.catch(null),
            timeoutSecs: optionalNumber.catch(null),
        })
        .nullish()
        .catch(null),
    exitCode: z.number().int().nullish().catch(null),
    statusMessage: optionalString.catch(null),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const buildListItemSchema = z
    .object({
        id: z.string(),
        status: z.string().nullish(),
        startedAt: optionalIso.catch(null),
        finishedAt: optionalIso.catch(null),
        buildNumber: optionalString.catch(null),
    })
    .passthrough();
export type BuildListItem = z.infer<typeof buildListItemSchema>;

export const buildDetailSchema = buildListItemSchema.extend({
    actorDefinition: z.record(z.string(), z.unknown()).nullish().catch(null),
});
export type BuildDetail = z.infer<typeof buildDetailSchema>;

export const datasetMetadataSchema = z
    .object({
        id: z.string(),
        itemCount: z.number().int().nonnegative().catch(0),
        cleanItemCount: z.number().int().nonnegative().nullish().catch(null),
        fields: z.array(z.string()).nullish().catch(null),
    })
    .passthrough();

const fieldStatisticsSchema = z.object({
    min: z.number().optional().catch(undefined),
    max: z.number().optional().catch(undefined),
    nullCount: z.number().int().nonnegative().optional().catch(undefined),
    emptyCount: z.number().int().nonnegative().optional().catch(undefined),
});
export const datasetStatisticsSchema = z
    .object({
        fieldStatistics: z.record(z.string(), fieldStatisticsSchema.nullish()).nullish(),
    })
    .passthrough();

export interface ListPage<T> {
    total: number;
    items: T[];
}

/**
 * The envelope of a list answer. The collection pages by `total`, so a list without a
 * usable total must be a clear error, not a TypeError deep in the paging.
 */
const listEnvelopeSchema = z
    .object({
        total: z.number().int().nonnegative(),
        items: z.array(z.unknown()),
    })
    .passthrough();

function parseListPage<S extends z.ZodType>(schema: S, page: unknown, what: string): ListPage<z.output<S>> {
    const envelope = parseOrThrow(listEnvelopeSchema, page, `${what} list`);
    return { total: envelope.total, items: parseItems(schema, envelope.items) };
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const result = schema.safeParse(value);
    if (!result.success) {
        throw new Error(`The Apify API returned an unexpected ${what}: ${z.prettifyError(result.error)}`);
    }
    return result.data;
}

/** Parses list items one by one: a single malformed item is skipped, not fatal. */
function parseItems<S extends z.ZodType>(schema: S, items: unknown): Array<z.output<S>> {
    if (!Array.isArray(items)) throw new Error('The Apify API returned a list without items.');
    const parsed: Array<z.output<S>> = [];
    for (const item of items) {
        const result = schema.safeParse(item);
        if (result.success) parsed.push(result.data);
    }
    return parsed;
}

interface ApiErrorLike {
    statusCode?: unknown;
    type?: unknown;
    message?: unknown;
}

export interface RunListQuery {
    offset: number;
    /** Inclusive (the API's semantics). */
    startedAfter: string;
    /** Inclusive (the API's semantics). */
    startedBefore: string;
}

export class FleetApi {
    readonly requestsByKind: Record<string, number> = {};

    constructor(
        private readonly client: ApifyClient,
        private readonly limiter: RateLimiter,
        private readonly signal?: AbortSignal,
    ) {}

    /**
     * Calls made, one per API request the collection needs. apify-client may send a call more
     * than once (it retries a timed-out first attempt, 5 s for dataset GETs, a 429 or a 5xx);
     * those attempts are not counted: this is the collection's cost in requests, comparable
     * across runs, not a count of HTTP attempts.
     */
    get totalRequests(): number {
        return Object.values(this.requestsByKind).reduce((sum, n) => sum + n, 0);
    }

    /** `resource`: what the platform's per-resource limit counts the request against. */
    private async call<T>(kind: RequestKind, resource: string, fn: () => Promise<T>): Promise<T> {
        if (this.signal?.aborted) throw new CollectionAbortedError();
        const isListPage = kind === 'actors-list' || kind === 'runs-list-account' || kind === 'runs-list-actor';
        return this.limiter.run(
            { resource, ...(isListPage ? { group: LIST_PAGE_GROUP, urgent: true } : {}) },
            async () => {
                this.requestsByKind[kind] = (this.requestsByKind[kind] ?? 0) + 1;
                try {
                    return await fn();
                } catch (error) {
                    const apiError = error as ApiErrorLike;
                    const message = typeof apiError.message === 'string' ? apiError.message : String(error);
                    if (apiError.statusCode === 401)
                        throw new InvalidTokenError(typeof apiError.type === 'string' ? apiError.type : '401');
                    if (apiError.statusCode === 403)
                        throw new PermissionDeniedError(kind, PERMISSION_BY_KIND[kind], message);
                    throw error;
                }
            },
        );
    }

    async listActors(offset: number): Promise<ListPage<ActorListItem>> {
        const page = await this.call('actors-list', 'actors-list', async () =>
            this.client.actors().list({ my: true, offset, limit: LIST_PAGE_SIZE, desc: false }),
        );
        return parseListPage(actorListItemSchema, page, 'Actor');
    }

    async getActor(actorId: string): Promise<ActorDetail | null> {
        const actor = await this.call('actor-detail', `actor:${actorId}`, async () => this.client.actor(actorId).get());
        return actor === undefined ? null : parseOrThrow(actorDetailSchema, actor, 'Actor');
    }

    /** Ascending by `startedAt`: runs that start later only append, so page offsets stay stable. */
    async listRuns(actorId: string | null, query: RunListQuery): Promise<ListPage<RunListItem>> {
        const options = {
            offset: query.offset,
            limit: LIST_PAGE_SIZE,
            desc: false,
            startedAfter: query.startedAfter,
            startedBefore: query.startedBefore,
        };
        const page =
            actorId === null
                ? await this.call('runs-list-account', 'actor-runs', async () => this.client.runs().list(options))
                : await this.call('runs-list-actor', `actor-runs:${actorId}`, async () =>
                      this.client.actor(actorId).runs().list(options),
                  );
        return parseListPage(runListItemSchema, page, 'run');
    }

    async getRun(runId: string): Promise<RunDetail | null> {
        const run = await this.call('run-detail', `run:${runId}`, async () => this.client.run(runId).get());
        return run === undefined ? null : parseOrThrow(runDetailSchema, run, 'run');
    }

    /** Newest first; one page is plenty to find the two latest finished builds. */
    async listRecentBuilds(actorId: string, limit: number): Promise<BuildListItem[]> {
        const page = await this.call('builds-list', `actor-builds:${actorId}`, async () =>
            this.client.actor(actorId).builds().list({ desc: true, limit, offset: 0 }),
        );
        return parseListPage(buildListItemSchema, page, 'build').items;
    }

    async getBuild(buildId: string): Promise<BuildDetail | null> {
        const build = await this.call('build-detail', `build:${buildId}`, async () => this.client.build(buildId).get());
        return build === undefined ? null : parseOrThrow(buildDetailSchema, build, 'build');
    }

    async getDataset(datasetId: string): Promise<z.output<typeof datasetMetadataSchema> | null> {
        const dataset = await this.call('dataset-metadata', `dataset:${datasetId}`, async () =>
            this.client.dataset(datasetId).get(),
        );
        return dataset === undefined ? null : parseOrThrow(datasetMetadataSchema, dataset, 'dataset');
    }

    async getDatasetStatistics(datasetId: string): Promise<z.output<typeof datasetStatisticsSchema> | null> {
        const stats = await this.call('dataset-statistics', `dataset:${datasetId}`, async () =>
            this.client.dataset(datasetId).getStatistics(),
        );
        return stats === undefined ? null : parseOrThrow(datasetStatisticsSchema, stats, 'dataset statistics');
    }
}
