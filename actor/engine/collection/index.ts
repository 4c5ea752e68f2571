/** Fleet collection (SDK-free: the Actor and the VS Code extension both use it). */
export {
    collectFleet,
    DEFAULT_CONCURRENCY,
    type CollectFleetOptions,
    type CollectionProgress,
    type CollectionPhase,
} from './collect-fleet.js';
export { createInMemoryTaskRunner, type TaskRunner, type CollectionUnit, type TaskRunOptions } from './task-runner.js';
export { actorCacheEntrySchema, type ActorCacheEntry, type DayCacheAdapter } from './collection-cache.js';
export { InvalidTokenError, InvalidCollectionOptionError, CollectionAbortedError } from './errors.js';
export { compileActorNameMatcher, type ActorNameMatcher } from './name-patterns.js';
export { estimateMinimumRequests, chooseRunListStrategy, type FleetShape } from './run-list-strategy.js';
export {
    selectSample,
    SAMPLE_RECENT_DAYS,
    SAMPLE_FAILURE_DAYS,
    SAMPLE_TEST_DAYS,
    SAMPLE_BUILDS,
    SAMPLE_DAYS_PER_BUILD,
    SAMPLE_BASELINE_DAYS,
    SAMPLE_MAX_RUNS_PER_ACTOR,
} from './sampling.js';
export { REQUEST_KINDS, PERMISSION_BY_KIND, LIST_PAGE_SIZE, type RequestKind } from './fleet-api.js';
// The crawlee runner is exported from './crawlee-task-runner.js' directly, so the extension
// bundle never pulls crawlee in.
