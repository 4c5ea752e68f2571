/**
 * loadReportSnapshots reads only the snapshots the report uses and gives the same previous
 * snapshot, baseline and weekly scores as loading every snapshot, invalid records included.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadReportSnapshots, loadSnapshots } from '../../actor/engine/trend-store/trend-history.js';
import { createMemoryTrendStore, type TrendStoreAdapter } from '../../actor/engine/trend-store/trend-store-adapter.js';
import {
    pickBaselineSnapshot,
    pickPreviousSnapshot,
    snapshotKey,
    type Snapshot,
    type StoredSnapshot,
} from '../../shared/analysis/snapshot.js';
import { buildWeeklyTrend, getWeeklyTrendPeriods } from '../../shared/metrics/weekly-trend.js';
import { MS_PER_DAY } from '../../shared/metrics/day-periods.js';

const NOW_MS = Date.parse('2026-03-01T06:00:00.000Z');
const WINDOW = {
    from: new Date(Date.parse('2026-03-02T00:00:00.000Z') - 28 * MS_PER_DAY).toISOString(),
    to: '2026-03-02T00:00:00.000Z',
};

function snapshotAt(atMs: number, runId: string, healthScore: number): Snapshot {
    const generatedAt = new Date(atMs).toISOString();
    return {
        schemaVersion: 1,
        generatedAt,
        runId,
        isDemo: false,
        window: { from: generatedAt, to: generatedAt },
        fleet: { healthScore, grade: 'A', components: [], successRate: null, costUsd: 0, runCount: 0 },
        actors: [],
        signals: [],
    };
}

function summarise(snapshots: readonly StoredSnapshot[], nowIso: string) {
    const scores = buildWeeklyTrend(
        [],
        WINDOW,
        snapshots.map((s) => ({ at: s.snapshot.generatedAt, healthScore: s.snapshot.fleet.healthScore })),
    );
    return {
        previous: pickPreviousSnapshot(snapshots, nowIso)?.key ?? null,
        baseline: pickBaselineSnapshot(snapshots, nowIso)?.key ?? null,
        weeklyScores: scores.map((point) => point.healthScore),
    };
}

describe('loadReportSnapshots', () => {
    it('gives the same previous, baseline and weekly scores as reading every snapshot, with a few reads', async () => {
        const record = fc.record({
            ageMinutes: fc.integer({ min: -600, max: 130 * 24 * 60 }),
            // Some runs share a time (concurrent runs): ties must resolve the same way.
            sharedTime: fc.boolean(),
            runId: fc.constantFrom('a', 'b', 'c', 'd'),
            isValid: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
            healthScore: fc.integer({ min: 0, max: 100 }),
        });
        await fc.assert(
            fc.asyncProperty(fc.array(record, { maxLength: 40 }), async (records) => {
                const store = createMemoryTrendStore();
                for (const r of records) {
                    const atMs = r.sharedTime ? NOW_MS - 8 * MS_PER_DAY : NOW_MS - r.ageMinutes * 60_000;
                    const key = snapshotKey(new Date(atMs).toISOString(), r.runId);
                    await store.setJson(
                        key,
                        r.isValid ? snapshotAt(atMs, r.runId, r.healthScore) : { not: 'a snapshot' },
                    );
                }
                let reads = 0;
                const counting: TrendStoreAdapter = {
                    ...store,
                    getJson: async (key) => {
                        reads += 1;
                        return store.getJson(key);
                    },
                };
                const nowIso = new Date(NOW_MS).toISOString();
                const all = await loadSnapshots(store, nowIso);
                const weeks = getWeeklyTrendPeriods(WINDOW);
                const selected = await loadReportSnapshots(counting, nowIso, weeks);
                expect(summarise(selected.snapshots, nowIso)).toEqual(summarise(all.snapshots, nowIso));
                // Each purpose reads until its first valid record: never more than the invalid ones plus one per
                // purpose.
                expect(reads).toBeLessThanOrEqual(all.invalidKeys.length + weeks.length + 2);
                expect(selected.invalidKeys.every((key) => all.invalidKeys.includes(key))).toBe(true);
            }),
            { numRuns: 150 },
        );
    });

    it('reads nothing from an empty store', async () => {
        const store = createMemoryTrendStore();
        expect(await loadReportSnapshots(store, new Date(NOW_MS).toISOString(), getWeeklyTrendPeriods(WINDOW))).toEqual(
            { snapshots: [], invalidKeys: [] },
        );
    });
});
