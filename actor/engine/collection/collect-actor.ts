/**
 * One Actor's detail work, in two units so that the first can run while the run lists are
 * still being read:
 * - the profile (collectActorProfile): its metadata (`GET /v2/actors/{id}`) and its two latest
 *   finished builds. Needs only the Actor list item.
 * - the sample (collectRunSample): its sampled runs (run detail, dataset metadata and field
 *   statistics). Needs the sample, i.e. the Actor's run lists.
 * Whatever the previous analysis already knows (unchanged Actor, unchanged build count,
 * details of finished runs) comes from the cache entry instead of the API.
 *
 * A 403 on one part marks that part missing (naming the permission) and the rest goes on.
 */
import type {
    ActorData,
    ActorMetadata,
    BuildInfo,
    DatasetSample,
    SampledRun,
} from '../../../shared/contracts/fleet-data.js';
import { runStatusSchema } from '../../../shared/contracts/fleet-data.js';
import type { ActorCacheEntry, CachedRunDetail } from './collection-cache.js';
import { PermissionDeniedError, type ActorListItem, type BuildDetail, type FleetApi } from './fleet-api.js';
import type { RunRef } from './run-aggregation.js';
import { wantsDataset, type SampleEntry } from './sampling.js';

/** One page of the newest builds is enough to find the two latest finished ones. */
export const BUILDS_LIST_LIMIT = 10;

export type MissingPart = ActorData['missing'][number];

export interface ActorProfilePayload {
    item: ActorListItem;
    accountUsername: string | null;
    cached: ActorCacheEntry | undefined;
}

export interface RunSamplePayload {
    sample: SampleEntry[];
    cached: ActorCacheEntry | undefined;
}

/** JSON result of the profile unit (persisted by a resumable runner). */
export interface ActorProfileResult {
    actor: ActorMetadata;
    metadataFromDetail: boolean;
    builds: { latest: BuildInfo | null; previous: BuildInfo | null } | null;
    missing: MissingPart[];
}

/** JSON result of the sample unit (persisted by a resumable runner). */
export interface RunSampleResult {
    sampledRuns: SampledRun[];
    missing: MissingPart[];
}

/**
 * Free-form parts of API payloads (pricing, schemas) as plain JSON: apify-client turns every
 * `…At` field into a Date, which would not survive the cache or a persisted unit result, and
 * a resumed or incremental collection must return exactly what a full one returns.
 */
function asJson<T>(value: T): T {
    return value === undefined || value === null ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function actorFullName(item: ActorListItem, accountUsername: string | null): string {
    const username = item.username ?? accountUsername;
    return username ? `${username}/${item.name}` : item.name;
}

function metadataFromList(item: ActorListItem, accountUsername: string | null): ActorMetadata {
    return {
        id: item.id,
        name: actorFullName(item, accountUsername),
        title: item.title,
        isPublic: null,
        actorPermissionLevel: null,
        categories: null,
        seoTitle: null,
        seoDescription: null,
        pricingInfos: null,
        notice: null,
        isDeprecated: null,
        defaultMemoryMbytes: null,
        defaultTimeoutSecs: null,
        lastRunStartedAt: item.stats?.lastRunStartedAt ?? null,
        createdAt: item.createdAt,
    };
}

function missingFrom(error: unknown, part: MissingPart['part']): MissingPart {
    if (error instanceof PermissionDeniedError) {
        return { part, reason: `The token lacks the "${error.permission}" permission.`, permission: error.permission };
    }
    throw error;
}

async function collectMetadata(
    api: FleetApi,
    payload: ActorProfilePayload,
    missing: MissingPart[],
): Promise<{ actor: ActorMetadata; fromDetail: boolean }> {
    const base = metadataFromList(payload.item, payload.accountUsername);
    const cached = payload.cached?.metadata;
    if (cached && payload.item.modifiedAt !== null && cached.modifiedAt === payload.item.modifiedAt) {
        // Detail fields from the cache; list fields (name, last run) always fresh.
        return {
            actor: {
                ...cached.actor,
                name: base.name,
                title: base.title,
                lastRunStartedAt: base.lastRunStartedAt,
                createdAt: base.createdAt,
            },
            fromDetail: true,
        };
    }
    try {
        const detail = await api.getActor(payload.item.id);
        if (detail === null) return { actor: base, fromDetail: false };
        return {
            actor: {
                ...base,
                isPublic: detail.isPublic ?? null,
                actorPermissionLevel: detail.actorPermissionLevel,
                categories: detail.categories ?? null,
                seoTitle: detail.seoTitle,
                seoDescription: detail.seoDescription,
                pricingInfos: asJson(detail.pricingInfos ?? null),
                notice: detail.notice,
                isDeprecated: detail.isDeprecated ?? null,
                defaultMemoryMbytes: detail.defaultRunOptions?.memoryMbytes ?? null,
                defaultTimeoutSecs: detail.defaultRunOptions?.timeoutSecs ?? null,
            },
            fromDetail: true,
        };
    } catch (error) {
        missing.push(missingFrom(error, 'metadata'));
        return { actor: base, fromDetail: false };
    }
}

function toBuildInfo(build: BuildDetail): BuildInfo {
    const definition = build.actorDefinition ?? {};
    const storages = definition.storages as Record<string, unknown> | undefined;
    return {
        id: build.id,
        buildNumber: build.buildNumber ?? '',
        status: build.status ?? 'UNKNOWN',
        finishedAt: build.finishedAt,
        inputSchema: asJson(definition.input ?? null),
        readme: typeof definition.readme === 'string' ? definition.readme : null,
        datasetSchema: asJson(storages?.dataset ?? null),
        outputSchema: asJson(definition.output ?? null),
    };
}

async function collectBuilds(
    api: FleetApi,
    payload: ActorProfilePayload,
    missing: MissingPart[],
): Promise<ActorProfileResult['builds']> {
    const totalBuilds = payload.item.stats?.totalBuilds ?? null;
    const cached = payload.cached?.builds;
    if (cached && totalBuilds !== null && cached.totalBuilds === totalBuilds)
        return { latest: cached.latest, previous: cached.previous };
    if (totalBuilds === 0) return { latest: null, previous: null };
    try {
        const recent = await api.listRecentBuilds(payload.item.id, BUILDS_LIST_LIMIT);
        const finished = recent.filter((b) => b.status === 'SUCCEEDED').slice(0, 2);
        const details = await Promise.all(finished.map(async (b) => api.getBuild(b.id)));
        const infos = details.filter((d): d is BuildDetail => d !== null).map(toBuildInfo);
        return { latest: infos[0] ?? null, previous: infos[1] ?? null };
    } catch (error) {
        missing.push(missingFrom(error, 'builds'));
        return null;
    }
}

interface SampleState {
    runsDenied: MissingPart | null;
    datasetsDenied: MissingPart | null;
}

async function collectDataset(api: FleetApi, datasetId: string, state: SampleState): Promise<DatasetSample | null> {
    if (state.datasetsDenied) return null;
    try {
        const dataset = await api.getDataset(datasetId);
        if (dataset === null) return null;
        let fieldStatistics: DatasetSample['fieldStatistics'] = null;
        if (dataset.itemCount > 0) {
            const stats = await api.getDatasetStatistics(datasetId);
            if (stats?.fieldStatistics) {
                fieldStatistics = {};
                for (const field of Object.keys(stats.fieldStatistics).sort()) {
                    const s = stats.fieldStatistics[field];
                    if (s) fieldStatistics[field] = s;
                }
            }
        }
        return {
            id: dataset.id,
            itemCount: dataset.itemCount,
            cleanItemCount: dataset.cleanItemCount ?? null,
            fields: dataset.fields ?? null,
            fieldStatistics,
        };
    } catch (error) {
        state.datasetsDenied ??= missingFrom(error, 'datasets');
        return null;
    }
}

/**
 * The dataset id and the status are already in the run list item (sampled runs are finished,
 * so the status cannot change), so the dataset metadata is requested together with the run
 * detail instead of after it: one round trip less on every sampled run. The detail still
 * decides: should it disagree (the run was deleted, another dataset id), the early answer is
 * dropped and the result is exactly what the sequential order gives.
 */
async function collectSampledRun(api: FleetApi, ref: RunRef, state: SampleState): Promise<CachedRunDetail | null> {
    if (state.runsDenied) return null;
    const early =
        ref.defaultDatasetId !== null && wantsDataset(ref)
            ? { datasetId: ref.defaultDatasetId, dataset: collectDataset(api, ref.defaultDatasetId, state) }
            : null;
    // It may fail (an abort) while the run detail is still awaited: that is not an unhandled
    // rejection; every path below awaits it and sees the error.
    early?.dataset.catch(() => undefined);
    // Only the fields kept leave this block: while the dataset requests wait in the rate
    // limiter, thousands of runs are in this state at once on a large fleet.
    let fields: Omit<CachedRunDetail, 'dataset'>;
    try {
        const detail = await api.getRun(ref.id);
        // Deleted since the list was read, or a status this version does not know: skip it.
        const status = runStatusSchema.safeParse(detail?.status);
        if (detail === null || !status.success) {
            await early?.dataset;
            return null;
        }
        fields = {
            id: detail.id,
            status: status.data,
            origin: detail.meta?.origin ?? ref.origin,
            startedAt: detail.startedAt,
            finishedAt: detail.finishedAt,
            buildNumber: detail.buildNumber ?? ref.buildNumber,
            usageTotalUsd:
                typeof detail.usageTotalUsd === 'number' && detail.usageTotalUsd >= 0 ? detail.usageTotalUsd : null,
            memoryMbytes: detail.options?.memoryMbytes ?? null,
            memMaxBytes: detail.stats?.memMaxBytes ?? null,
            computeUnits: detail.stats?.computeUnits ?? null,
            timeoutSecs: detail.options?.timeoutSecs ?? null,
            exitCode: detail.exitCode ?? null,
            statusMessage: detail.statusMessage,
            defaultDatasetId: detail.defaultDatasetId ?? ref.defaultDatasetId,
            ...callerFieldsOf({
                actorTaskId: detail.actorTaskId ?? ref.actorTaskId,
                clientIp: detail.meta?.clientIp ?? ref.clientIp,
                userAgent: detail.meta?.userAgent ?? ref.userAgent,
                scheduleId: detail.meta?.scheduleId ?? ref.scheduleId,
                scheduledAt: detail.meta?.scheduledAt ?? ref.scheduledAt,
            }),
        };
    } catch (error) {
        await early?.dataset;
        state.runsDenied ??= missingFrom(error, 'run-details');
        return null;
    }
    const datasetId = fields.defaultDatasetId;
    const wanted = datasetId !== null && wantsDataset({ ...ref, status: fields.status, defaultDatasetId: datasetId });
    const earlyDataset = early === null ? null : await early.dataset;
    const dataset = !wanted
        ? null
        : early !== null && early.datasetId === datasetId
          ? earlyDataset
          : await collectDataset(api, datasetId, state);
    return { ...fields, dataset };
}

/** Metadata and builds: needs only the Actor list item, so it runs alongside the run lists. */
export async function collectActorProfile(api: FleetApi, payload: ActorProfilePayload): Promise<ActorProfileResult> {
    const missing: MissingPart[] = [];
    const [metadata, builds] = await Promise.all([
        collectMetadata(api, payload, missing),
        collectBuilds(api, payload, missing),
    ]);
    return { actor: metadata.actor, metadataFromDetail: metadata.fromDetail, builds, missing };
}

/**
 * A run sampled for its dataset only (see SampleEntry.detail): the fields come from the run
 * list item, the detail-only ones are null. Built the same way whether the dataset comes from
 * the API or the cache (an earlier full detail included), so incremental equals full.
 */
async function collectDatasetOnlyRun(
    api: FleetApi,
    ref: RunRef,
    cached: ActorCacheEntry | undefined,
    state: SampleState,
): Promise<CachedRunDetail | null> {
    const status = runStatusSchema.safeParse(ref.status);
    if (!status.success || ref.defaultDatasetId === null) return null;
    const fromCache = cached?.runDatasets[ref.id] ?? cached?.runDetails[ref.id];
    const dataset =
        fromCache !== undefined ? fromCache.dataset : await collectDataset(api, ref.defaultDatasetId, state);
    // Without dataset permission the run has nothing to offer.
    if (dataset === null && state.datasetsDenied) return null;
    return {
        id: ref.id,
        status: status.data,
        origin: ref.origin,
        startedAt: ref.startedAt,
        finishedAt: ref.finishedAt,
        buildNumber: ref.buildNumber,
        usageTotalUsd: typeof ref.usageTotalUsd === 'number' && ref.usageTotalUsd >= 0 ? ref.usageTotalUsd : null,
        memoryMbytes: null,
        memMaxBytes: null,
        computeUnits: null,
        timeoutSecs: null,
        exitCode: null,
        statusMessage: null,
        defaultDatasetId: ref.defaultDatasetId,
        ...callerFieldsOf(ref),
        dataset,
    };
}

/** Who started a sampled run, each field null when the API did not say. */
function callerFieldsOf(
    fields: Pick<RunRef, 'actorTaskId' | 'clientIp' | 'userAgent' | 'scheduleId' | 'scheduledAt'>,
): Pick<SampledRun, 'actorTaskId' | 'clientIp' | 'userAgent' | 'scheduleId' | 'scheduledAt'> {
    return {
        actorTaskId: fields.actorTaskId ?? null,
        clientIp: fields.clientIp ?? null,
        userAgent: fields.userAgent ?? null,
        scheduleId: fields.scheduleId ?? null,
        scheduledAt: fields.scheduledAt ?? null,
    };
}

/** The sampled runs' details (cached ones from the cache): needs the Actor's run lists. */
export async function collectRunSample(api: FleetApi, payload: RunSamplePayload): Promise<RunSampleResult> {
    const state: SampleState = { runsDenied: null, datasetsDenied: null };
    const details = await Promise.all(
        payload.sample.map(async (entry) => {
            const detail = entry.detail
                ? (payload.cached?.runDetails[entry.ref.id] ?? (await collectSampledRun(api, entry.ref, state)))
                : await collectDatasetOnlyRun(api, entry.ref, payload.cached, state);
            return detail === null ? null : ({ ...detail, sampledBecause: entry.reason } satisfies SampledRun);
        }),
    );
    const missing: MissingPart[] = [];
    if (state.runsDenied) missing.push(state.runsDenied);
    if (state.datasetsDenied) missing.push(state.datasetsDenied);
    return { sampledRuns: details.filter((d): d is SampledRun => d !== null), missing };
}
