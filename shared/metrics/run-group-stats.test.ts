import { describe, expect, it } from 'vitest';
import { makeDay, makeStats } from '../testing/fleet-data-builder.js';
import {
    createEmptyRunGroupStats,
    getDaysStats,
    getStatsByBuild,
    mergeRunGroupStats,
    mergeRunGroupStatsList,
} from './run-group-stats.js';

describe('mergeRunGroupStats', () => {
    const a = makeStats({ succeeded: 2, failed: 1, costUsd: 0.1, runsWithoutCost: 1, durationsSecs: [1, 2, 3] });
    const b = makeStats({ timedOut: 1, aborted: 2, inProgress: 1, costUsd: 0.2, durationsSecs: [4] });

    it('adds counters and concatenates durations without touching inputs', () => {
        const merged = mergeRunGroupStats(a, b);
        expect(merged).toEqual({
            succeeded: 2,
            failed: 1,
            timedOut: 1,
            aborted: 2,
            inProgress: 1,
            costUsd: 0.1 + 0.2,
            runsWithoutCost: 1,
            durationsSecs: [1, 2, 3, 4],
        });
        expect(a.durationsSecs).toEqual([1, 2, 3]);
    });

    it('list merge equals pairwise merge; empty list is zeros', () => {
        expect(mergeRunGroupStatsList([a, b])).toEqual(mergeRunGroupStats(a, b));
        expect(mergeRunGroupStatsList([])).toEqual(createEmptyRunGroupStats());
    });

    it('handles very large duration lists (no spread overflow)', () => {
        const big = makeStats({ durationsSecs: new Array(300_000).fill(1) });
        expect(mergeRunGroupStats(big, big).durationsSecs.length).toBe(600_000);
    });

    it('merges days and splits by build', () => {
        const days = [makeDay('2025-03-01', { '1': a, '2': b }), makeDay('2025-03-02', { '1': b })];
        expect(getDaysStats(days).succeeded).toBe(2);
        expect(getDaysStats(days).aborted).toBe(4);
        const byBuild = getStatsByBuild(days);
        expect(byBuild.get('1')!.timedOut).toBe(1);
        expect(byBuild.get('2')!.aborted).toBe(2);
    });
});
