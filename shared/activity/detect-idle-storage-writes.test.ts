import { describe, expect, it } from 'vitest';
import { buildActiveIntervals, isInsideIntervals } from './detect-idle-storage-writes.js';
import type { NamedStorage } from './run-activity.js';
import { buildRun, HISTORY_END, isoAt, MILLIS_PER_HOUR } from './test-helpers/activity-fixtures.js';
import { watchAfterQuietHistory } from './test-helpers/watch-harness.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const at = (hour: number, minute = 0) => isoAt(HISTORY_END, hour * MILLIS_PER_HOUR + minute * 60_000);
const store = (id: string, modifiedAt: string): NamedStorage => ({
    id,
    name: `store-${id}`,
    kind: 'key-value-store',
    modifiedAt,
});

describe('detectIdleStorageWrites', () => {
    // No quiet runs on the watched day: only the planted run is active (10:00–10:05).
    const run = buildRun({ actorId: 'actorApi', startedAt: at(10), finishedAt: at(10, 5) });

    it('reports a named storage modified while no run was active', () => {
        const result = watchAfterQuietHistory([run], {
            quietWatchedDay: false,
            storages: [store('kvsIdle', at(23, 30))],
        });
        expect(result.signals.map((s) => s.fingerprint)).toEqual([
            'core:storage-modified-without-run:~account:kvsIdle',
        ]);
        expect(result.signals[0]!.evidence.notes[0]).toContain('modifiedAt 2026-03-01T23:30:00.000Z');
    });

    it('stays quiet for writes during a run, within the grace after it, and before the judged period', () => {
        const storages = [
            store('duringRun', at(10, 3)),
            store('justAfter', at(10, 6)),
            store('longAgo', isoAt(HISTORY_END, -20 * MS_PER_DAY)),
        ];
        expect(watchAfterQuietHistory([run], { quietWatchedDay: false, storages }).signals).toEqual([]);
    });

    it('treats a run still going as active until the end of the judged period', () => {
        const running = buildRun({ actorId: 'actorApi', startedAt: at(20), finishedAt: null, status: 'RUNNING' });
        const result = watchAfterQuietHistory([running], {
            quietWatchedDay: false,
            storages: [store('kvs', at(23, 50))],
        });
        expect(result.signals).toEqual([]);
    });
});

describe('buildActiveIntervals / isInsideIntervals', () => {
    it('merges overlapping runs and finds instants inside them', () => {
        const runs = [
            buildRun({ startedAt: '2026-01-01T10:00:00.000Z', finishedAt: '2026-01-01T11:00:00.000Z' }),
            buildRun({ startedAt: '2026-01-01T10:30:00.000Z', finishedAt: '2026-01-01T12:00:00.000Z' }),
            buildRun({ startedAt: '2026-01-01T15:00:00.000Z', finishedAt: '2026-01-01T15:10:00.000Z' }),
        ];
        const intervals = buildActiveIntervals(runs, '2026-01-02T00:00:00.000Z', 0);
        expect(intervals).toHaveLength(2);
        expect(isInsideIntervals(intervals, Date.parse('2026-01-01T11:30:00.000Z'))).toBe(true);
        expect(isInsideIntervals(intervals, Date.parse('2026-01-01T13:00:00.000Z'))).toBe(false);
        expect(isInsideIntervals(intervals, Date.parse('2026-01-01T15:10:00.000Z'))).toBe(true);
        expect(isInsideIntervals([], 0)).toBe(false);
    });
});
