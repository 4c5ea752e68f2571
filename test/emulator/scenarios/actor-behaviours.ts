/**
 * How each kind of generated Actor behaves over time. An incident is a behaviour that
 * changes at a moment relative to the scenario's "now" and then continues, so advancing
 * the clock keeps the incident visible (a regression keeps failing, a stale Actor stays
 * silent).
 */

export const ACTOR_BEHAVIOURS = [
    'own-actor',
    'healthy',
    'regression',
    'cost-spike',
    'empty-datasets',
    'schema-drift',
    'stale',
    'memory-overprovisioned',
    'rising-timeouts',
    'flaky-one-of-two',
    'flaky-two-of-five',
    'null-rate-spike',
    'store-test-failing',
    'compliance-gaps',
] as const;
export type ActorBehaviour = (typeof ACTOR_BEHAVIOURS)[number];

/** Incident behaviours in the order small fleets receive them (most important first). */
export const INCIDENT_BEHAVIOURS: readonly ActorBehaviour[] = [
    'regression',
    'cost-spike',
    'empty-datasets',
    'schema-drift',
    'stale',
    'memory-overprovisioned',
    'rising-timeouts',
    'flaky-one-of-two',
    'flaky-two-of-five',
    'null-rate-spike',
    'store-test-failing',
    'compliance-gaps',
];

export const DAY_MILLIS = 86_400_000;

// --- healthy baseline ---------------------------------------------------------------------
/** ~2 % failures is what a well-kept scraper sees from blocked pages and site hiccups. */
export const HEALTHY_FAIL_RATE = 0.02;
export const HEALTHY_TIMEOUT_RATE = 0.003;
/** Users abort a few runs from Console (ABORTED is counted, never a failure). */
export const HEALTHY_ABORT_RATE = 0.006;
/** Healthy Actors use 40–85 % of their memory: nothing to save, no OOM risk. */
export const HEALTHY_MEMORY_UTILISATION: [number, number] = [0.4, 0.85];
/** Apify's compute unit price on paid plans (USD per CU = 1 GB-hour). */
export const USD_PER_COMPUTE_UNIT = 0.4;
/** The Store's daily test: prefill input, SUCCEEDED, non-empty dataset within 5 minutes. */
export const STORE_TEST_MAX_SECS = 240;
/** A run is READY (waiting for a server) for its first seconds. */
export const READY_PHASE_SECS = 5;

// --- planted incidents --------------------------------------------------------------------
/** Regression: build deployed 5 days before now; failures 2 % → 20 % over hundreds of runs. */
export const REGRESSION_BUILD_AGE_DAYS = 5;
export const REGRESSION_FAIL_RATE_AFTER = 0.2;
/** Cost spike: residential proxy switched on 3 days ago, cost per run ×3.6, runtime unchanged. */
export const COST_SPIKE_AGE_DAYS = 3;
export const COST_SPIKE_FACTOR = 3.6;
/** Empty datasets: since 6 days ago 40 % of SUCCEEDED runs store 0 items (site layout change). */
export const EMPTY_DATASETS_AGE_DAYS = 6;
export const EMPTY_DATASETS_SHARE = 0.4;
/** Schema drift: the latest build (3 days old) removes, retypes and requires fields. */
export const SCHEMA_DRIFT_BUILD_AGE_DAYS = 3;
/** Stale: no run for 23 days; its last 8 days of runs all failed, so last success is 31 days ago. */
export const STALE_LAST_RUN_AGE_DAYS = 23;
export const STALE_FAILING_SINCE_AGE_DAYS = 31;
/** Memory over-provisioning: 4 GB allocated, 6–14 % used. */
export const OVERPROVISIONED_MEMORY_MBYTES = 4096;
export const OVERPROVISIONED_UTILISATION: [number, number] = [0.06, 0.14];
/**
 * Rising timeouts: the TIMED-OUT share grows exponentially from 1 % (28 days ago) to 30 % (now),
 * roughly doubling week over week; capped at 45 % after now.
 */
export const TIMEOUT_RISE_START_AGE_DAYS = 28;
export const TIMEOUT_RATE_AT_START = 0.01;
export const TIMEOUT_RATE_AT_NOW = 0.3;
export const TIMEOUT_RATE_CAP = 0.45;
/** Low-volume flaky: one run every 13.5 days, every second one fails → 1 of 2 in 28 days. */
export const FLAKY_ONE_OF_TWO_PERIOD_DAYS = 13.5;
export const FLAKY_ONE_OF_TWO_LAST_RUN_AGE_DAYS = 3;
/** Low-volume flaky: one run every 5.5 days, 2 of every 5 fail → 2 of 5 in 28 days. */
export const FLAKY_TWO_OF_FIVE_PERIOD_DAYS = 5.5;
export const FLAKY_TWO_OF_FIVE_LAST_RUN_AGE_DAYS = 1;
/** Null-rate spike: since 4 days ago `rating` is null in 65 % of items (baseline 3 %). */
export const NULL_SPIKE_AGE_DAYS = 4;
export const NULL_SPIKE_FIELD = 'rating';
export const NULL_SPIKE_RATE = 0.65;
/** Store test failing: the daily TEST-origin runs fail since 4 days ago (prefill URL gone). */
export const STORE_TEST_FAILING_AGE_DAYS = 4;

/** Minimum runs per day an incident Actor needs for its incident to be statistically visible. */
export function minimumRunsPerDay(behaviour: ActorBehaviour, fleetAverage: number): number {
    switch (behaviour) {
        case 'regression':
            return Math.max(40, 2 * fleetAverage);
        case 'rising-timeouts':
            return Math.max(30, 1.5 * fleetAverage);
        case 'empty-datasets':
            return Math.max(15, fleetAverage);
        case 'cost-spike':
        case 'null-rate-spike':
            return Math.max(12, fleetAverage);
        case 'schema-drift':
        case 'store-test-failing':
            return Math.max(8, fleetAverage);
        case 'memory-overprovisioned':
            return Math.max(6, fleetAverage);
        case 'compliance-gaps':
            return Math.max(5, fleetAverage);
        case 'stale':
            return 2;
        default:
            return 0;
    }
}
