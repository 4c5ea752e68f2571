/**
 * The realistic scenario family (issue 16): who does what in a ~40-Actor account, and every
 * constant of the noise and of the planted incidents, each with the reason for its value.
 *
 * Unlike the built-in scenarios (whose healthy failure rates are stratified and exact), runs
 * here fail by independent Bernoulli draws around each Actor's own base rate, volume dips at
 * weekends, and there are traps a naive analysis alarms on.
 */

export const REALISTIC_ROLES = [
    'healthy',
    // planted incidents (shouldFlag)
    'creeping-failures',
    'rising-timeouts',
    'partial-empty-results',
    'build-regression',
    'cost-per-run-increase',
    'stopped-schedule',
    // healthy apart from a shared outage of their target site (the outage itself is an incident)
    'outage-victim',
    // traps (must get no act-now / monitor signal)
    'low-volume-flaky',
    'unused-private',
    'version-bump',
    'expensive-one-off',
] as const;
export type RealisticRole = (typeof REALISTIC_ROLES)[number];

/** How many Actors play each role (the rest of the 40 are healthy). */
export const ROLE_COUNTS: Readonly<Record<Exclude<RealisticRole, 'healthy'>, number>> = {
    'creeping-failures': 2,
    'rising-timeouts': 1,
    'partial-empty-results': 1,
    'build-regression': 1,
    'cost-per-run-increase': 1,
    'stopped-schedule': 1,
    'outage-victim': 5,
    'low-volume-flaky': 3,
    'unused-private': 3,
    'version-bump': 3,
    'expensive-one-off': 2,
};

/** Roles that need a private Actor (nobody in the Store depends on them). */
export const PRIVATE_ROLES: ReadonlySet<RealisticRole> = new Set([
    'unused-private',
    'stopped-schedule',
    'low-volume-flaky',
]);

/** Actors in the account, this project's own included (~40 analysed, as in issue 16). */
export const REALISTIC_ACTOR_COUNT = 41;
/** The 28-day window plus two days, so the oldest window day is complete. */
export const REALISTIC_HISTORY_DAYS = 30;
export const DEFAULT_REALISTIC_NOW = new Date('2026-11-20T12:00:00.000Z');
/** The seeds the precision/recall test runs (any seed gives a valid account). */
export const REALISTIC_SEEDS = [16001, 16002, 16003] as const;

// --- noise of healthy Actors ---------------------------------------------------------------
/** Per-Actor base failure rate, uniform in this range: well-kept scrapers fail 0.5–4 % of runs. */
export const BASE_FAIL_RATE_RANGE: [number, number] = [0.005, 0.04];
/** Per-Actor base timeout share: a few slow pages per thousand runs. */
export const BASE_TIMEOUT_RATE_RANGE: [number, number] = [0, 0.006];
export const BASE_ABORT_RATE = 0.005;
/** On-demand (API, web) runs at weekends, relative to weekdays: people and their scripts rest. */
export const WEEKEND_VOLUME_FACTOR = 0.4;
/** Spread of run durations around the Actor's median (log-normal sigma). */
export const DURATION_SIGMA = 0.35;
/** Spread of item counts around the Actor's median (log-normal sigma). */
export const ITEMS_SIGMA = 0.4;

// --- planted incidents ---------------------------------------------------------------------
/** Creeping failures with no new build: issue 16's "≈ 2 % → 14 % over four weeks". */
export const CREEPING_FAIL_RATE_FROM = 0.02;
export const CREEPING_FAIL_RATE_TO = 0.14;
/** Rising timeouts: share of runs timing out grows linearly over the window. */
export const RISING_TIMEOUT_RATE_FROM = 0.005;
export const RISING_TIMEOUT_RATE_TO = 0.08;
/** Partial emptiness: issue 16's "31 % of successful runs empty in the last 5.5 days, was 0 %". */
export const PARTIAL_EMPTY_SHARE = 0.31;
export const PARTIAL_EMPTY_AGE_DAYS = 5.5;
/** Build regression: a build deployed 5 days ago fails 18 % of runs (was the base rate). */
export const REGRESSION_BUILD_AGE_DAYS = 5;
export const REGRESSION_FAIL_RATE = 0.18;
/** Cost per run ×2.2 for the last 6 days (a residential proxy on every request), runtime unchanged. */
export const COST_INCREASE_AGE_DAYS = 6;
export const COST_INCREASE_FACTOR = 2.2;
/** The schedule of a used Actor stopped firing this many days ago (past the 14-day stale line). */
export const STOPPED_SCHEDULE_AGE_DAYS = 16;

// --- the shared outage -------------------------------------------------------------------
/** The target site was down for 8 hours, 2 days before now, for every Actor scraping it. */
export const OUTAGE_START_AGE_HOURS = 53;
export const OUTAGE_HOURS = 8;
/** Runs during the outage fail with this probability (a few requests still get through). */
export const OUTAGE_FAIL_RATE = 0.85;
export const OUTAGE_ERROR = 'Error: Request failed: shop.example.com responded 503 Service Unavailable';

// --- traps ---------------------------------------------------------------------------------
/** Low-volume flaky Actors: 1–4 runs a week, a third of them fail: too few runs to say anything. */
export const FLAKY_RUNS_PER_DAY: [number, number] = [0.15, 0.55];
export const FLAKY_FAIL_RATE = 0.3;
/** Seasonal / unused private Actors: a handful of manual runs between 29 and 17 days ago, nothing since. */
export const UNUSED_RUN_COUNT: [number, number] = [2, 5];
export const UNUSED_ACTIVE_AGE_DAYS: [number, number] = [17, 29];
/** Version bumps deployed 2–6 days ago that change nothing about reliability. */
export const VERSION_BUMP_AGE_DAYS: [number, number] = [2, 6];
/** One run in the last week that used this many times the usual compute (a huge input). */
export const EXPENSIVE_RUN_FACTOR = 40;
