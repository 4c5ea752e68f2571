/**
 * Thresholds of the activity watch, each a named default with the reason for it. Callers
 * (tests, later the Actor input) override them through `resolveActivityThresholds`.
 */
export interface ActivityThresholds {
    /** The account's baseline must span this many days before any signal (learning mode). */
    minLearningDays: number;
    /** Runs of the last this many days are judged on every analysis (signals persist that long). */
    judgedLookbackDays: number;
    /** Fewest runs in one hour that can be a burst. */
    burstMinRuns: number;
    /** A burst hour has at least this many times the scope's busy-hour level. */
    burstMinRatio: number;
    /** Poisson upper-tail p-value below which an hour's count is a burst. */
    burstSignificanceLevel: number;
    /** The busy-hour level never counts as less than this (scopes without on-demand history). */
    busyHourFloorRuns: number;
    /** Projected spend per day (the burst's hourly rate sustained) from which a burst is act_now. */
    materialProjectedSpendUsdPerDay: number;
    /** No run for this many days and then a token-driven start: a dormant Actor woke up. */
    dormantAfterDays: number;
    /** An Actor counts as "schedules only" after this many scheduled runs and no other origin. */
    scheduleOnlyMinRuns: number;
    /** A family seen from this many networks roams (a CI runner pool): its new networks are expected. */
    roamingMinNetworks: number;
    /** A storage modified this close to a run's start or end counts as written by that run. */
    storageWriteGraceMillis: number;
}

export const DEFAULT_ACTIVITY_THRESHOLDS: ActivityThresholds = Object.freeze({
    // 14 days: two weekly cycles, so a weekly job and a weekend lull are both in the baseline.
    minLearningDays: 14,
    // 7 days: the product's recent period; a signal stays in the report for a week unless acknowledged.
    judgedLookbackDays: 7,
    // 10 runs: fewer in an hour is neither a cost drain worth an alarm nor enough for a rate test
    // to be robust against the Poisson assumption (runs of one script are not independent).
    burstMinRuns: 10,
    // ×3: materiality apart from significance; a busy day at twice the usual pace is a good day.
    burstMinRatio: 3,
    // 1e-6: every scope × every judged hour is a test (≈ 1,000 scopes × 168 hours per analysis);
    // this keeps the expected false alarms of an analysis well below one before the floors above.
    burstSignificanceLevel: 1e-6,
    // One run per hour: what a scope with no on-demand history is compared with.
    busyHourFloorRuns: 1,
    // $5 per day: the Free plan's whole monthly credit gone in a day, $150 a month on a paid plan —
    // material for every account; below it a burst is reported to watch, not to act on at once.
    materialProjectedSpendUsdPerDay: 5,
    // 35 days: longer than a monthly cadence plus slack, so a monthly job is never "dormant".
    dormantAfterDays: 35,
    // 10 scheduled runs: two weeks of a daily schedule before "it only ever ran from schedules" holds.
    scheduleOnlyMinRuns: 10,
    // 3 networks: a laptop and a phone hotspot are two; a CI provider's runner pool is many.
    roamingMinNetworks: 3,
    // 2 minutes: `modifiedAt` of a store is updated after the write that a finishing run made.
    storageWriteGraceMillis: 120_000,
});

export function resolveActivityThresholds(overrides: Partial<ActivityThresholds> = {}): ActivityThresholds {
    const resolved: ActivityThresholds = { ...DEFAULT_ACTIVITY_THRESHOLDS };
    for (const key of Object.keys(DEFAULT_ACTIVITY_THRESHOLDS) as (keyof ActivityThresholds)[]) {
        const value = overrides[key];
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0) resolved[key] = value;
    }
    return resolved;
}
