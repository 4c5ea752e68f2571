/**
 * The environment a run's process gets, as the Apify platform sets it.
 *
 * Names come from `@apify/consts` (ACTOR_ENV_VARS, APIFY_ENV_VARS). The SDK 3.7
 * (`apify/dist/configuration.js` ENV_MAP) reads both the `ACTOR_*` names and the legacy
 * `APIFY_*` aliases, and `apify-client` reads `ACTOR_RUN_ID` directly for
 * `setStatusMessage`, so both generations are set, with equal values.
 *
 * Nothing `APIFY_*`, `ACTOR_*` or `CRAWLEE_*` of the parent leaks in: a developer's own
 * APIFY_TOKEN in the shell must never reach a run on the emulator (it would also make the
 * test depend on the machine it runs on).
 */
import { ACTOR_ENV_VARS, APIFY_ENV_VARS } from '@apify/consts';

export interface PlatformEnvParams {
    runId: string;
    actorId: string;
    /** `username/actor-name`. */
    actorFullName: string;
    actorPermissionLevel: string;
    userId: string;
    runToken: string;
    apiBaseUrl: string;
    eventsWebSocketUrl: string;
    defaultKeyValueStoreId: string;
    defaultDatasetId: string;
    defaultRequestQueueId: string;
    buildId: string;
    buildNumber: string;
    memoryMbytes: number;
    startedAt: Date;
    /** Absent when the run has no timeout (timeoutSecs 0). */
    timeoutAt?: Date;
    metaOrigin: string;
    /** Local scratch dir (the container's disk); lost on migration like on the platform. */
    crawleeStorageDir: string;
    /** JSON of the Actor's current pricing info, or `null` (see note at the call site). */
    pricingInfoJson: string;
}

const INHERITED_PREFIXES_TO_DROP = ['APIFY_', 'ACTOR_', 'CRAWLEE_'] as const;
/**
 * The test runner's own settings are not the platform's: FORCE_COLOR would put ANSI codes in
 * the run log, NODE_OPTIONS may carry the runner's loaders, VITEST* tells code it is a test.
 */
const INHERITED_NAMES_TO_DROP: ReadonlySet<string> = new Set([
    'FORCE_COLOR',
    'NODE_OPTIONS',
    'VITEST',
    'VITEST_MODE',
    'VITEST_POOL_ID',
    'VITEST_WORKER_ID',
    'TEST',
]);

export function buildPlatformEnv(
    params: PlatformEnvParams,
    parentEnv: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(parentEnv)) {
        if (INHERITED_PREFIXES_TO_DROP.some((prefix) => name.startsWith(prefix)) || INHERITED_NAMES_TO_DROP.has(name))
            continue;
        env[name] = value;
    }
    const startedAt = params.startedAt.toISOString();
    const timeoutAt = params.timeoutAt?.toISOString() ?? '';
    const set = (names: readonly string[], value: string): void => {
        for (const name of names) env[name] = value;
    };

    set([APIFY_ENV_VARS.IS_AT_HOME], '1');
    set([APIFY_ENV_VARS.TOKEN], params.runToken);
    set([APIFY_ENV_VARS.API_BASE_URL], params.apiBaseUrl);
    set([APIFY_ENV_VARS.API_PUBLIC_BASE_URL], params.apiBaseUrl);
    set([APIFY_ENV_VARS.USER_ID], params.userId);
    set([APIFY_ENV_VARS.HEADLESS], '1');
    set([APIFY_ENV_VARS.META_ORIGIN], params.metaOrigin);
    set([ACTOR_ENV_VARS.RUN_ID, APIFY_ENV_VARS.ACTOR_RUN_ID, APIFY_ENV_VARS.ACT_RUN_ID], params.runId);
    set([ACTOR_ENV_VARS.ID, APIFY_ENV_VARS.ACTOR_ID, APIFY_ENV_VARS.ACT_ID], params.actorId);
    set([ACTOR_ENV_VARS.FULL_NAME], params.actorFullName);
    set([ACTOR_ENV_VARS.PERMISSION_LEVEL], params.actorPermissionLevel);
    set([ACTOR_ENV_VARS.BUILD_ID, APIFY_ENV_VARS.ACTOR_BUILD_ID], params.buildId);
    set([ACTOR_ENV_VARS.BUILD_NUMBER, APIFY_ENV_VARS.ACTOR_BUILD_NUMBER], params.buildNumber);
    set(
        [ACTOR_ENV_VARS.DEFAULT_KEY_VALUE_STORE_ID, APIFY_ENV_VARS.DEFAULT_KEY_VALUE_STORE_ID],
        params.defaultKeyValueStoreId,
    );
    set([ACTOR_ENV_VARS.DEFAULT_DATASET_ID, APIFY_ENV_VARS.DEFAULT_DATASET_ID], params.defaultDatasetId);
    set(
        [ACTOR_ENV_VARS.DEFAULT_REQUEST_QUEUE_ID, APIFY_ENV_VARS.DEFAULT_REQUEST_QUEUE_ID],
        params.defaultRequestQueueId,
    );
    set([ACTOR_ENV_VARS.INPUT_KEY, APIFY_ENV_VARS.INPUT_KEY], 'INPUT');
    set([ACTOR_ENV_VARS.MEMORY_MBYTES, APIFY_ENV_VARS.MEMORY_MBYTES], String(params.memoryMbytes));
    set([ACTOR_ENV_VARS.STARTED_AT, APIFY_ENV_VARS.STARTED_AT], startedAt);
    set([ACTOR_ENV_VARS.TIMEOUT_AT, APIFY_ENV_VARS.TIMEOUT_AT], timeoutAt);
    set([ACTOR_ENV_VARS.EVENTS_WEBSOCKET_URL, APIFY_ENV_VARS.ACTOR_EVENTS_WS_URL], params.eventsWebSocketUrl);
    // The SDK's ChargingManager reads these two instead of fetching the run when both are
    // set; the platform provides them, and an empty counter map means "nothing charged yet".
    set([APIFY_ENV_VARS.ACTOR_PRICING_INFO], params.pricingInfoJson);
    set([APIFY_ENV_VARS.CHARGED_ACTOR_EVENT_COUNTS], '{}');
    set(['CRAWLEE_STORAGE_DIR'], params.crawleeStorageDir);
    return env;
}
