/**
 * Merging the raw per-day, per-build counters of FleetData (`RunGroupStats`).
 *
 * Counters add; duration lists concatenate so quantiles stay exact (no quantile of quantiles).
 * Merging is associative and commutative up to the order of `durationsSecs`, which no
 * metric depends on (quantiles sort first).
 */
import type { DayAggregate, RunGroupStats } from '../contracts/fleet-data.js';

export function createEmptyRunGroupStats(): RunGroupStats {
    return {
        succeeded: 0,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        inProgress: 0,
        costUsd: 0,
        runsWithoutCost: 0,
        durationsSecs: [],
    };
}

/** A new object with the sums of both; inputs are not modified. */
export function mergeRunGroupStats(a: RunGroupStats, b: RunGroupStats): RunGroupStats {
    return mergeRunGroupStatsList([a, b]);
}

/** Sums a list in one pass (no quadratic copying of duration arrays). Empty list → zeros. */
export function mergeRunGroupStatsList(list: Iterable<RunGroupStats>): RunGroupStats {
    const total = createEmptyRunGroupStats();
    for (const stats of list) {
        total.succeeded += stats.succeeded;
        total.failed += stats.failed;
        total.timedOut += stats.timedOut;
        total.aborted += stats.aborted;
        total.inProgress += stats.inProgress;
        total.costUsd += stats.costUsd;
        total.runsWithoutCost += stats.runsWithoutCost;
        for (const duration of stats.durationsSecs) total.durationsSecs.push(duration);
    }
    return total;
}

/** All builds of one day merged. */
export function getDayStats(day: DayAggregate): RunGroupStats {
    return mergeRunGroupStatsList(Object.values(day.byBuild));
}

/** All builds of all given days merged. */
export function getDaysStats(days: Iterable<DayAggregate>): RunGroupStats {
    const groups: RunGroupStats[] = [];
    for (const day of days) for (const stats of Object.values(day.byBuild)) groups.push(stats);
    return mergeRunGroupStatsList(groups);
}

/** Per build number, merged over the given days. */
export function getStatsByBuild(days: Iterable<DayAggregate>): Map<string, RunGroupStats> {
    const lists = new Map<string, RunGroupStats[]>();
    for (const day of days) {
        for (const [buildNumber, stats] of Object.entries(day.byBuild)) {
            const list = lists.get(buildNumber) ?? [];
            list.push(stats);
            lists.set(buildNumber, list);
        }
    }
    return new Map([...lists].map(([buildNumber, list]) => [buildNumber, mergeRunGroupStatsList(list)]));
}
