import { describe, expect, it } from 'vitest';
import { loadSnapshots, pruneSnapshots, saveSnapshot } from '../../../../actor/engine/trend-store/trend-history.js';
import { createMemoryTrendStore } from '../../../../actor/engine/trend-store/trend-store-adapter.js';
import { buildSnapshot, snapshotKey } from '../../../../shared/analysis/snapshot.js';
import { buildSampleReport } from '../../../../shared/testing/sample-report.js';

describe('trend stores', () => {
    it('snapshots: saved under the run key, loaded before now only, pruned by age', async () => {
        const store = createMemoryTrendStore();
        const report = buildSampleReport();
        const olderAt = '2025-06-01T12:00:00.000Z';
        await saveSnapshot(
            store,
            snapshotKey(olderAt, 'runOld'),
            buildSnapshot({ ...report, generatedAt: olderAt }, 'runOld'),
        );
        await saveSnapshot(store, snapshotKey(report.generatedAt, 'runNow'), buildSnapshot(report, 'runNow'));
        await store.setJson('SNAPSHOT-20250602T000000000Z-garbage', { not: 'a snapshot' });
        const loaded = await loadSnapshots(store, report.generatedAt);
        expect(loaded.snapshots.map((s) => s.snapshot.runId)).toEqual(['runOld']);
        expect(loaded.invalidKeys).toEqual(['SNAPSHOT-20250602T000000000Z-garbage']);
        const pruned = await pruneSnapshots(store, report.generatedAt, 7);
        expect(pruned).toEqual([snapshotKey(olderAt, 'runOld'), 'SNAPSHOT-20250602T000000000Z-garbage']);
        expect(await store.listKeys('SNAPSHOT-')).toEqual([snapshotKey(report.generatedAt, 'runNow')]);
    });
});
