/**
 * Thresholds of the core analysis. Every value is a named default with the reason for it;
 * the Actor input overrides the published ones (`AnalysisThresholds`), the rest can be
 * overridden by callers (tests, the extension's local mode).
 */
import type { AnalysisThresholds } from '../contracts/actor-input.js';

export interface CoreThresholds {
    /** Finished runs needed in EACH compared period (and in the window for the overall rate). */
    minRunsForRateSignals: number;
    /** Overall failure rate alert: the Wilson 95 % lower bound must exceed this (percent). */
    failureRateAlertPercent: number;
    /** p-value below which a rise of the failure rate counts as a regression. */
    regressionSignificanceLevel: number;
    /** Minimum absolute rise of the failure rate, in percentage points, for a regression. */
    regressionMinIncreasePoints: number;
    /** No successful run for this many days (while it was run) / no run at all: stale. */
    staleAfterDays: number;
    /** Days after which runs still counted as in progress are considered stuck. */
    stuckRunAfterDays: number;
    /** Days of the "recent" period compared with the rest of the window. */
    recentPeriodDays: number;
}

/** Matches the Actor input defaults (shared/contracts/actor-input.ts). */
export const DEFAULT_CORE_THRESHOLDS: CoreThresholds = Object.freeze({
    // 20 finished runs per period: one run then moves the rate by ≤ 5 points, the size of the
    // smallest rise we report; fewer runs make "1 failure in 2 runs" look like 50 %.
    minRunsForRateSignals: 20,
    // 10 %: an Actor whose failure rate is *surely* (95 % lower bound) above one in ten
    // wastes money and user trust; below it, failures are usually transient site errors.
    failureRateAlertPercent: 10,
    // 1 %: the core runs many tests per analysis (one per Actor and check); 5 % would raise a
    // false alarm on one Actor in twenty every week.
    regressionSignificanceLevel: 0.01,
    // 5 points: with thousands of runs a 0.5-point rise is "significant" but not worth a
    // person's time; materiality is separate from significance.
    regressionMinIncreasePoints: 5,
    // 14 days: longer than a weekly schedule's gap plus a retry week.
    staleAfterDays: 14,
    // 2 days: longer than the platform's maximum run timeout would allow for healthy runs
    // started in the window and still far from the window's start.
    stuckRunAfterDays: 2,
    // 7 days: week-over-week, as published.
    recentPeriodDays: 7,
});

export function resolveCoreThresholds(overrides: Partial<CoreThresholds & AnalysisThresholds> = {}): CoreThresholds {
    const resolved: CoreThresholds = { ...DEFAULT_CORE_THRESHOLDS };
    for (const key of Object.keys(DEFAULT_CORE_THRESHOLDS) as (keyof CoreThresholds)[]) {
        const value = overrides[key];
        if (typeof value === 'number' && Number.isFinite(value)) resolved[key] = value;
    }
    return resolved;
}

// --- Issue 16: who is affected by silence, trends under noise, fleet-level outages ----------

/**
 * A stale Actor matters when someone depends on it. Scheduled runs on 3 or more days of the
 * window mean a schedule existed (a weekly schedule fires on 4 days in 28); fewer is a test.
 */
export const STALE_SCHEDULED_MIN_DAYS = 3;
/**
 * Runs by API, webhooks, tasks or other Actors on 5 or more days: regular use by someone other
 * than the owner at the console. A handful of hand-started runs is not a dependency.
 */
export const STALE_REGULAR_USE_MIN_DAYS = 5;
/** Origins that mean "someone or something else starts this Actor" (not the owner at the console). */
export const STALE_DEPENDENT_ORIGINS: readonly string[] = ['API', 'WEBHOOK', 'ACTOR', 'STANDBY', 'MCP'];

/**
 * Outage detection (fleet-level events). An Actor-day is an outage day when its failures are
 * far above the Actor's own rate on its other days: exact binomial tail below 0.001 (one
 * chance in a thousand per Actor-day: 40 Actors × 28 days give about one such day by chance),
 * at least 3 failures, and at least 3 times the own rate.
 */
export const OUTAGE_DAY_SIGNIFICANCE = 0.001;
export const OUTAGE_MIN_FAILURES = 3;
export const OUTAGE_MIN_RATE_MULTIPLE = 3;
/** An outage is short: at most 2 consecutive bad days (a few hours across midnight), then recovery. */
export const OUTAGE_MAX_DAYS = 2;
/** Three or more Actors failing on the same day is a shared cause (site, proxy, platform), not three regressions. */
export const OUTAGE_MIN_ACTORS = 3;

/**
 * Trend tests (last 7 days vs the Actor's own preceding 3 weeks, and Mann-Kendall drift over
 * its daily rates) are controlled together across the fleet with Benjamini-Hochberg at this
 * false discovery rate: of the trend alarms raised, at most 5 % are expected to be noise,
 * whether the fleet has 40 Actors or 2,000.
 */
export const TREND_FALSE_DISCOVERY_RATE = 0.05;
/**
 * A small rate that doubles is material even below `regressionMinIncreasePoints`: timeouts
 * 2 % → 4.8 % cost every second affected run. Both must hold: at least 2 points and ×2.
 */
export const TREND_MIN_INCREASE_POINTS_WHEN_DOUBLED = 2;
export const TREND_MIN_RATE_RATIO = 2;
/** Days with fewer finished runs are left out of the drift series (one run is a rate of 0 or 1). */
export const TREND_MIN_RUNS_PER_DAY = 5;
/** Mann-Kendall over fewer daily points says little; 14 days are two full weekly cycles. */
export const TREND_MIN_DRIFT_POINTS = 14;
/** A typical run taking half as long again costs compute and nears its timeout: worth a look. */
export const DURATION_TREND_MIN_RATIO = 1.5;
