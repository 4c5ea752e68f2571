/**
 * Run counts and the success rate, as published (README.md "Metric definitions", docs/DESIGN.md):
 *
 * - total = every run that started in the window, in progress included;
 * - success rate = SUCCEEDED / (SUCCEEDED + FAILED + TIMED-OUT); ABORTED runs are counted and
 *   shown but are neither successes nor failures (a person or a parent run stopped them);
 *   in-progress runs are left out; null when no run finished (never 0 and never 100 %).
 */
import type { RunCounts } from '../contracts/fleet-report.js';
import type { RunGroupStats } from '../contracts/fleet-data.js';
import { wilsonInterval, type ProportionInterval } from '../statistics/wilson-interval.js';

export function getRunCounts(stats: RunGroupStats): RunCounts {
    return {
        total: stats.succeeded + stats.failed + stats.timedOut + stats.aborted + stats.inProgress,
        succeeded: stats.succeeded,
        failed: stats.failed,
        timedOut: stats.timedOut,
        aborted: stats.aborted,
        inProgress: stats.inProgress,
    };
}

/** The denominator of the success rate: SUCCEEDED + FAILED + TIMED-OUT. */
export function getRateDenominator(counts: Pick<RunCounts, 'succeeded' | 'failed' | 'timedOut'>): number {
    return counts.succeeded + counts.failed + counts.timedOut;
}

/** FAILED + TIMED-OUT: the runs that count against the success rate. */
export function getFailureCount(counts: Pick<RunCounts, 'failed' | 'timedOut'>): number {
    return counts.failed + counts.timedOut;
}

/** null when nothing finished (aborted-only and in-progress-only Actors included). */
export function getSuccessRate(counts: Pick<RunCounts, 'succeeded' | 'failed' | 'timedOut'>): number | null {
    const denominator = getRateDenominator(counts);
    return denominator === 0 ? null : counts.succeeded / denominator;
}

/** 1 − success rate; null when nothing finished. */
export function getFailureRate(counts: Pick<RunCounts, 'succeeded' | 'failed' | 'timedOut'>): number | null {
    const denominator = getRateDenominator(counts);
    return denominator === 0 ? null : getFailureCount(counts) / denominator;
}

/** Wilson 95 % interval of the success rate; null when nothing finished. */
export function getSuccessRateInterval(
    counts: Pick<RunCounts, 'succeeded' | 'failed' | 'timedOut'>,
): ProportionInterval | null {
    return wilsonInterval(counts.succeeded, getRateDenominator(counts));
}
