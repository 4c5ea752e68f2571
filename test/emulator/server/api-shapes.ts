/**
 * Fixture rows → API response objects. List items carry only what the real list endpoints
 * return (the OpenAPI description's list-item schemas); details carry everything.
 * Shapes follow the bundled OpenAPI spec's component schemas.
 */
import type { ActorFixture, BuildFixture, RunFixture } from '../state/fixture-schema.js';
import type { DatasetState, EmulatorState, KeyValueStoreState, RequestQueueState } from '../state/emulator-state.js';
import type { QueueRequestRecord } from '../state/request-queue-state.js';
import type { RunCounters } from '../platform/run-executor-api.js';
import { USD_PER_COMPUTE_UNIT } from '../platform/run-usage.js';

const CONSOLE_URL = 'https://console.apify.com';
const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;
const TERMINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);

export function isTerminalStatus(status: string): boolean {
    return TERMINAL_STATUSES.has(status);
}

function buildNumberInt(buildNumber: string): number | undefined {
    const parts = buildNumber.split('.').map(Number);
    if (parts.length !== 3 || parts.some((part) => !Number.isInteger(part))) return undefined;
    return parts[0]! * 1e10 + parts[1]! * 1e5 + parts[2]!;
}

function compareBuildNumbers(a: string, b: string): number {
    return (buildNumberInt(a) ?? 0) - (buildNumberInt(b) ?? 0);
}

/** The build a tag or number resolves to: `latest` = highest SUCCEEDED build number. */
export function resolveBuild(
    state: EmulatorState,
    actor: ActorFixture,
    tagOrNumber?: string,
): BuildFixture | undefined {
    const builds = state.listBuilds(actor.id);
    const wanted = tagOrNumber ?? actor.defaultRunOptions.build;
    if (/^\d+\.\d+(\.\d+)?$/.test(wanted)) {
        return builds.find((build) => build.buildNumber === wanted || build.buildNumber.startsWith(`${wanted}.`));
    }
    let best: BuildFixture | undefined;
    for (const build of builds) {
        if (build.status !== 'SUCCEEDED') continue;
        if (!best || compareBuildNumbers(build.buildNumber, best.buildNumber) > 0) best = build;
    }
    return best;
}

function actorStats(state: EmulatorState, actor: ActorFixture) {
    const total = state.listRuns({ actId: actor.id, offset: 0, limit: 0 }).total;
    const last = state.lastRun(actor.id);
    const since = new Date(state.clock.now().getTime() - THIRTY_DAYS_MS).toISOString();
    const recent = state.listRuns({
        actId: actor.id,
        startedAfter: since,
        offset: 0,
        limit: Number.MAX_SAFE_INTEGER,
    }).items;
    const byStatus = { SUCCEEDED: 0, FAILED: 0, 'TIMED-OUT': 0, ABORTED: 0, TOTAL: recent.length };
    for (const run of recent) if (run.status in byStatus) byStatus[run.status as keyof typeof byStatus]++;
    return {
        totalBuilds: state.listBuilds(actor.id).length,
        totalRuns: total,
        totalUsers: 1,
        totalUsers7Days: 1,
        totalUsers30Days: 1,
        totalUsers90Days: 1,
        totalMetamorphs: 0,
        ...(last ? { lastRunStartedAt: last.startedAt } : {}),
        publicActorRunStats30Days: byStatus,
    };
}

export function toActorListItem(state: EmulatorState, actor: ActorFixture) {
    return {
        id: actor.id,
        createdAt: actor.createdAt,
        modifiedAt: actor.modifiedAt,
        name: actor.name,
        username: state.user.username,
        ...(actor.title !== undefined ? { title: actor.title } : {}),
        stats: actorStats(state, actor),
    };
}

export function toActorDetail(state: EmulatorState, actor: ActorFixture) {
    const latest = resolveBuild(state, actor, 'latest');
    return {
        id: actor.id,
        userId: state.user.id,
        name: actor.name,
        username: state.user.username,
        description: actor.description ?? null,
        isPublic: actor.isPublic,
        actorPermissionLevel: actor.actorPermissionLevel,
        createdAt: actor.createdAt,
        modifiedAt: actor.modifiedAt,
        stats: actorStats(state, actor),
        versions: [{ versionNumber: '0.0', sourceType: 'SOURCE_FILES', buildTag: 'latest', envVars: [] }],
        pricingInfos: actor.pricingInfos,
        defaultRunOptions: {
            build: actor.defaultRunOptions.build,
            timeoutSecs: actor.defaultRunOptions.timeoutSecs,
            memoryMbytes: actor.defaultRunOptions.memoryMbytes,
        },
        exampleRunInput: null,
        isDeprecated: actor.isDeprecated,
        title: actor.title ?? null,
        taggedBuilds: latest
            ? {
                  latest: {
                      buildId: latest.id,
                      buildNumber: latest.buildNumber,
                      finishedAt: latest.finishedAt,
                      ...optionalBuildNumberInt(latest.buildNumber),
                  },
              }
            : null,
        seoTitle: actor.seoTitle ?? null,
        seoDescription: actor.seoDescription ?? null,
        notice: actor.notice,
        categories: actor.categories,
        isCritical: false,
        isGeneric: false,
    };
}

function optionalBuildNumberInt(buildNumber: string) {
    const value = buildNumberInt(buildNumber);
    return value === undefined ? {} : { buildNumberInt: value };
}

/** Origins where a client (browser, CLI, API caller) starts the run: it has an IP and a user agent. */
const CLIENT_ORIGINS = new Set(['DEVELOPMENT', 'WEB', 'API', 'CLI', 'CI', 'MCP']);
/** Documentation addresses (RFC 5737): realistic, never a real host. */
const DEFAULT_CLIENT_IP_BY_ORIGIN: Record<string, string> = {
    WEB: '198.51.100.23',
    DEVELOPMENT: '198.51.100.23',
    API: '203.0.113.45',
    CLI: '198.51.100.23',
    CI: '192.0.2.77',
    MCP: '203.0.113.90',
};
const BROWSER_USER_AGENT =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const DEFAULT_USER_AGENT_BY_ORIGIN: Record<string, string> = {
    WEB: BROWSER_USER_AGENT,
    DEVELOPMENT: BROWSER_USER_AGENT,
    API: 'ApifyClient/2.25.0 (linux; Node/v22.20.0); isAtHome/false',
    CLI: 'ApifyClient/2.25.0 (darwin; Node/v22.20.0); isAtHome/false; apify-cli/1.1.1',
    CI: 'ApifyClient/2.25.0 (linux; Node/v22.20.0); isAtHome/false; apify-cli/1.1.1 (CI)',
    MCP: 'apify-mcp-server/0.5.0',
};
const MINUTE_MILLIS = 60_000;

/** A stable 17-character schedule id per Actor (one schedule per Actor unless the fixture says otherwise). */
function defaultScheduleIdOf(actId: string): string {
    let hash = 0x811c9dc5;
    for (const char of actId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    return `sch${actId.slice(0, 6)}${hash.toString(36).padStart(8, '0')}`.slice(0, 17).padEnd(17, '0');
}

/** `meta` as the API shows it (spec RunMeta), fixture fields first, then defaults per origin. */
export function runMetaOf(run: RunFixture) {
    const isClient = CLIENT_ORIGINS.has(run.origin);
    const isScheduled = run.origin === 'SCHEDULER';
    const scheduledAtDefault = isScheduled
        ? new Date(Math.floor(Date.parse(run.startedAt) / MINUTE_MILLIS) * MINUTE_MILLIS).toISOString()
        : null;
    return {
        origin: run.origin,
        clientIp:
            run.clientIp !== undefined ? run.clientIp : isClient ? DEFAULT_CLIENT_IP_BY_ORIGIN[run.origin]! : null,
        userAgent:
            run.userAgent !== undefined ? run.userAgent : isClient ? DEFAULT_USER_AGENT_BY_ORIGIN[run.origin]! : null,
        ...(isScheduled || run.scheduleId !== undefined
            ? { scheduleId: run.scheduleId !== undefined ? run.scheduleId : defaultScheduleIdOf(run.actId) }
            : {}),
        ...(isScheduled || run.scheduledAt !== undefined
            ? { scheduledAt: run.scheduledAt !== undefined ? run.scheduledAt : scheduledAtDefault }
            : {}),
    };
}

/**
 * The run's cost as served: the fixture's, else its compute units at the platform price;
 * undefined only when the fixture removes it on purpose (`usageTotalUsd: null`).
 */
function usageTotalUsdOf(run: RunFixture): number | undefined {
    if (run.usageTotalUsd === null) return undefined;
    if (run.usageTotalUsd !== undefined) return run.usageTotalUsd;
    return Math.round((run.stats.computeUnits ?? 0) * USD_PER_COMPUTE_UNIT * 1e6) / 1e6;
}

/** A run list item: every RunShort field of the spec. */
export function toRunListItem(state: EmulatorState, run: RunFixture) {
    const usageTotalUsd = usageTotalUsdOf(run);
    return {
        id: run.id,
        actId: run.actId,
        userId: state.user.id,
        actorTaskId: run.actorTaskId ?? null,
        status: run.status,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        buildId: run.buildId,
        buildNumber: run.buildNumber,
        ...optionalBuildNumberInt(run.buildNumber),
        meta: runMetaOf(run),
        // Left out only when the fixture removes it (some pay-per-event runs): never turned into 0.
        ...(usageTotalUsd !== undefined ? { usageTotalUsd } : {}),
        defaultDatasetId: run.defaultDatasetId,
        defaultKeyValueStoreId: run.defaultKeyValueStoreId,
        defaultRequestQueueId: run.defaultRequestQueueId,
    };
}

export function toRunDetail(state: EmulatorState, run: RunFixture, baseUrl: string, counters?: RunCounters) {
    const endMillis = run.finishedAt ? Date.parse(run.finishedAt) : state.clock.now().getTime();
    const durationMillis = Math.max(0, endMillis - Date.parse(run.startedAt));
    const computeUnits = run.stats.computeUnits;
    const usageTotalUsd = usageTotalUsdOf(run);
    return {
        id: run.id,
        actId: run.actId,
        userId: state.user.id,
        actorTaskId: run.actorTaskId ?? null,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        status: run.status,
        statusMessage: run.statusMessage,
        isStatusMessageTerminal: run.statusMessage !== null && isTerminalStatus(run.status),
        meta: runMetaOf(run),
        stats: {
            inputBodyLen: null,
            migrationCount: counters?.migrationCount ?? 0,
            rebootCount: counters?.rebootCount ?? 0,
            restartCount: counters?.restartCount ?? 0,
            resurrectCount: 0,
            durationMillis,
            runTimeSecs: run.stats.runTimeSecs ?? durationMillis / 1000,
            ...run.stats,
        },
        options: {
            build: 'latest',
            timeoutSecs: run.timeoutSecs,
            memoryMbytes: run.memoryMbytes,
            diskMbytes: run.memoryMbytes * 2,
        },
        buildId: run.buildId,
        exitCode: run.exitCode,
        generalAccess: 'FOLLOW_USER_SETTING',
        defaultKeyValueStoreId: run.defaultKeyValueStoreId,
        defaultDatasetId: run.defaultDatasetId,
        defaultRequestQueueId: run.defaultRequestQueueId,
        storageIds: {
            datasets: { default: run.defaultDatasetId },
            keyValueStores: { default: run.defaultKeyValueStoreId },
            requestQueues: { default: run.defaultRequestQueueId },
        },
        buildNumber: run.buildNumber,
        ...optionalBuildNumberInt(run.buildNumber),
        containerUrl: `${baseUrl}/containers/${run.id}`,
        usage: computeUnits !== undefined ? { ACTOR_COMPUTE_UNITS: computeUnits } : null,
        ...(usageTotalUsd !== undefined ? { usageTotalUsd, usageUsd: { ACTOR_COMPUTE_UNITS: usageTotalUsd } } : {}),
        chargedEventCounts: {},
        metamorphs: [],
        platformUsageBillingModel: 'USER',
    };
}

export function toBuildListItem(state: EmulatorState, build: BuildFixture) {
    return {
        id: build.id,
        actId: build.actId,
        userId: state.user.id,
        status: build.status,
        startedAt: build.startedAt,
        finishedAt: build.finishedAt,
        usageTotalUsd: 0,
        buildNumber: build.buildNumber,
        ...optionalBuildNumberInt(build.buildNumber),
        meta: { origin: 'WEB' },
    };
}

export function toBuildDetail(state: EmulatorState, build: BuildFixture) {
    const definition = build.actorDefinition;
    const input = definition?.input;
    const readme = definition?.readme;
    return {
        id: build.id,
        actId: build.actId,
        userId: state.user.id,
        startedAt: build.startedAt,
        finishedAt: build.finishedAt,
        status: build.status,
        meta: { origin: 'WEB' },
        stats: {
            durationMillis: build.finishedAt
                ? Math.max(0, Date.parse(build.finishedAt) - Date.parse(build.startedAt))
                : 0,
            computeUnits: 0,
        },
        options: { useCache: true, betaPackages: false, memoryMbytes: 4096, diskMbytes: 8192 },
        usage: { ACTOR_COMPUTE_UNITS: 0 },
        usageTotalUsd: 0,
        usageUsd: { ACTOR_COMPUTE_UNITS: 0 },
        // Deprecated top-level copies, still sent by the API.
        inputSchema: input !== undefined ? JSON.stringify(input, null, 2) : null,
        readme: typeof readme === 'string' ? readme : null,
        buildNumber: build.buildNumber,
        actVersion: {
            sourceType: 'SOURCE_FILES',
            buildTag: 'latest',
            versionNumber: versionNumberOf(build.buildNumber),
        },
        actorDefinition: definition ?? null,
    };
}

function versionNumberOf(buildNumber: string): string {
    const [major = '0', minor = '0'] = buildNumber.split('.');
    return `${Number(major)}.${Number(minor)}`;
}

export function toDatasetDetail(state: EmulatorState, dataset: DatasetState) {
    return {
        id: dataset.id,
        name: dataset.name ?? null,
        userId: state.user.id,
        username: state.user.username,
        createdAt: dataset.createdAt,
        modifiedAt: dataset.modifiedAt,
        accessedAt: dataset.modifiedAt,
        itemCount: dataset.itemCount,
        cleanItemCount: dataset.cleanItemCount ?? dataset.itemCount,
        actId: dataset.actId ?? null,
        actRunId: dataset.actRunId ?? null,
        // No documented meaning; the API shows [] even for datasets with items (see fixture-schema.ts).
        fields: dataset.fields ?? [],
        schema: null,
        consoleUrl: `${CONSOLE_URL}/storage/datasets/${dataset.id}`,
        generalAccess: 'FOLLOW_USER_SETTING',
        stats: { readCount: 0, writeCount: dataset.itemCount, storageBytes: 0 },
    };
}

export function toDatasetListItem(state: EmulatorState, dataset: DatasetState) {
    const detail = toDatasetDetail(state, dataset);
    return {
        id: detail.id,
        name: detail.name,
        userId: detail.userId,
        username: detail.username,
        createdAt: detail.createdAt,
        modifiedAt: detail.modifiedAt,
        accessedAt: detail.accessedAt,
        itemCount: detail.itemCount,
        cleanItemCount: detail.cleanItemCount,
        actId: detail.actId,
        actRunId: detail.actRunId,
        generalAccess: detail.generalAccess,
        stats: detail.stats,
    };
}

export function toKeyValueStore(state: EmulatorState, store: KeyValueStoreState, baseUrl: string) {
    return {
        id: store.id,
        name: store.name ?? null,
        userId: state.user.id,
        username: state.user.username,
        createdAt: store.createdAt,
        modifiedAt: store.modifiedAt,
        accessedAt: store.modifiedAt,
        actId: store.actId ?? null,
        actRunId: store.actRunId ?? null,
        consoleUrl: `${CONSOLE_URL}/storage/key-value-stores/${store.id}`,
        keysPublicUrl: `${baseUrl}/v2/key-value-stores/${store.id}/keys`,
        recordsPublicUrl: `${baseUrl}/v2/key-value-stores/${store.id}/records`,
        schema: null,
        generalAccess: 'FOLLOW_USER_SETTING',
        stats: { readCount: 0, writeCount: 0, deleteCount: 0, listCount: 0, storageBytes: 0 },
    };
}

export function toRequestQueue(state: EmulatorState, queue: RequestQueueState) {
    return {
        id: queue.id,
        name: queue.name ?? null,
        userId: state.user.id,
        username: state.user.username,
        createdAt: queue.createdAt,
        modifiedAt: queue.modifiedAt,
        accessedAt: queue.accessedAt,
        totalRequestCount: queue.totalRequestCount,
        handledRequestCount: queue.handledRequestCount,
        pendingRequestCount: queue.pendingRequestCount,
        actId: queue.actId ?? null,
        actRunId: queue.actRunId ?? null,
        hadMultipleClients: queue.hadMultipleClients,
        consoleUrl: `${CONSOLE_URL}/storage/request-queues/${queue.id}`,
        generalAccess: 'FOLLOW_USER_SETTING',
        stats: {
            deleteCount: 0,
            headItemReadCount: 0,
            readCount: 0,
            storageBytes: 0,
            writeCount: queue.totalRequestCount,
        },
    };
}

/** A stored request as GET returns it: `handledAt` only once handled (crawlee rejects null). */
export function toQueueRequest(record: QueueRequestRecord) {
    return {
        id: record.id,
        ...record.data,
        uniqueKey: record.uniqueKey,
        ...(record.handledAt !== null ? { handledAt: record.handledAt } : {}),
    };
}

/** A head item (`lockExpiresAt` for head/lock). */
export function toQueueHeadItem(record: QueueRequestRecord, lockExpiresAtMillis?: number) {
    const { url, method, retryCount } = record.data as { url?: unknown; method?: unknown; retryCount?: unknown };
    return {
        id: record.id,
        uniqueKey: record.uniqueKey,
        url: typeof url === 'string' ? url : '',
        method: typeof method === 'string' ? method : 'GET',
        ...(typeof retryCount === 'number' ? { retryCount } : {}),
        ...(lockExpiresAtMillis !== undefined ? { lockExpiresAt: new Date(lockExpiresAtMillis).toISOString() } : {}),
    };
}
