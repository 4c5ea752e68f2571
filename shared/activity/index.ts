/**
 * The activity watch's public surface, for the wiring into collection, trend store, core
 * analysis and editor (see the README's "Activity watch" section for what is wired today).
 */
export { watchActivity, type ActivityWatchInput, type ActivityWatchResult } from './watch-activity.js';
export { acknowledgeActivitySignals } from './acknowledge-activity.js';
export {
    activityBaselineSchema,
    createEmptyActivityBaseline,
    readActivityBaseline,
    ACTIVITY_BASELINE_SCHEMA_VERSION,
    type ActivityBaseline,
} from './activity-baseline.js';
export { createBaselineSalt } from './client-network.js';
export {
    runActivitySchema,
    namedStorageSchema,
    TOKEN_ORIGINS,
    type RunActivity,
    type NamedStorage,
} from './run-activity.js';
export {
    runActivityFromRunListItems,
    namedStoragesFromListItems,
    type RunActivitySource,
    type RunActivityParseResult,
} from './run-activity-adapter.js';
export { DEFAULT_ACTIVITY_THRESHOLDS, type ActivityThresholds } from './activity-thresholds.js';
export { DEFAULT_ACTIVITY_RETENTION, type ActivityRetention } from './prune-activity-baseline.js';
export { ACCOUNT_SCOPE_ID, IF_NOT_YOU_FIX } from './activity-signal.js';
export { BURST_KIND } from './detect-bursts.js';
export { NEW_CLIENT_NETWORK_KIND, NEW_USER_AGENT_FAMILY_KIND } from './detect-new-clients.js';
export { DORMANT_ACTOR_STARTED_KIND } from './detect-dormant-start.js';
export { SCHEDULED_ACTOR_STARTED_BY_TOKEN_KIND } from './detect-origin-change.js';
export { IDLE_STORAGE_WRITE_KIND } from './detect-idle-storage-writes.js';
