import { describe, expect, it } from 'vitest';
import {
    computeDeltas,
    parseSnapshotKeyTime,
    pickBaselineSnapshot,
    pickPreviousSnapshot,
    selectAlertSignals,
    selectExpiredSnapshotKeys,
    snapshotKey,
    snapshotSchema,
    type Snapshot,
    type StoredSnapshot,
} from './snapshot.js';
import { SCORE_MODEL_VERSION } from '../scoring/score-model.js';

function snapshot(generatedAt: string, extra: Partial<Snapshot> = {}): StoredSnapshot {
    const value: Snapshot = {
        schemaVersion: 1,
        generatedAt,
        runId: 'r',
        isDemo: false,
        scoreModel: SCORE_MODEL_VERSION,
        window: { from: '2025-03-01T00:00:00.000Z', to: generatedAt },
        fleet: { healthScore: 80, grade: 'B', components: [], successRate: 0.9, costUsd: 10, runCount: 100 },
        actors: [],
        signals: [],
        ...extra,
    };
    return { key: snapshotKey(generatedAt, 'r'), snapshot: snapshotSchema.parse(value) };
}

describe('snapshot keys', () => {
    it('are unique per run, sortable by time, found by prefix, and round-trip the time', () => {
        const a = snapshotKey('2025-03-29T00:00:00.000Z', 'runA');
        const b = snapshotKey('2025-03-29T00:00:00.000Z', 'runB');
        const later = snapshotKey('2025-03-29T00:00:00.001Z', 'runA');
        expect(a).toBe('SNAPSHOT-20250329T000000000Z-runA');
        expect(a).not.toBe(b);
        expect([later, a].sort()).toEqual([a, later]);
        expect(parseSnapshotKeyTime(a)).toBe('2025-03-29T00:00:00.000Z');
        expect(parseSnapshotKeyTime('ACKS')).toBeNull();
        expect(snapshotKey('2025-03-29T00:00:00+02:00', null)).toBe('SNAPSHOT-20250328T220000000Z-local');
        expect(snapshotKey('2025-03-29T00:00:00Z', 'a/b c')).toMatch(/^[a-zA-Z0-9!\-_.'()]+$/);
    });

    it('retention selects only old snapshot keys', () => {
        const keys = [
            snapshotKey('2025-01-01T00:00:00Z', 'x'),
            snapshotKey('2025-03-20T00:00:00Z', 'y'),
            'ACKS',
            'DAYS-cache',
        ];
        expect(selectExpiredSnapshotKeys(keys, '2025-03-29T00:00:00Z', 30)).toEqual([keys[0]]);
    });
});

describe('pickBaselineSnapshot', () => {
    const now = '2025-03-29T00:00:00.000Z';
    it('picks the one closest to 7 days older, within tolerance', () => {
        const candidates = [
            snapshot('2025-03-28T00:00:00.000Z'),
            snapshot('2025-03-21T06:00:00.000Z'),
            snapshot('2025-03-22T12:00:00.000Z'),
            snapshot('2025-03-01T00:00:00.000Z'),
        ];
        expect(pickBaselineSnapshot(candidates, now)!.snapshot.generatedAt).toBe('2025-03-22T12:00:00.000Z');
    });

    it('returns null when nothing is within tolerance, or for an empty list', () => {
        expect(
            pickBaselineSnapshot([snapshot('2025-03-28T00:00:00.000Z'), snapshot('2025-03-10T00:00:00.000Z')], now),
        ).toBeNull();
        expect(pickBaselineSnapshot([], now)).toBeNull();
    });

    it('previous = newest before now', () => {
        expect(
            pickPreviousSnapshot(
                [snapshot('2025-03-20T00:00:00Z'), snapshot('2025-03-28T00:00:00Z'), snapshot('2025-03-30T00:00:00Z')],
                now,
            )!.snapshot.generatedAt,
        ).toBe('2025-03-28T00:00:00Z');
        expect(pickPreviousSnapshot([], now)).toBeNull();
    });
});

describe('computeDeltas', () => {
    it('differences and new/resolved signals', () => {
        const baseline = snapshot('2025-03-22T00:00:00.000Z', {
            signals: [
                { fingerprint: 'core:a:x', decision: 'act_now', acknowledged: false },
                { fingerprint: 'core:b:x', decision: 'monitor', acknowledged: false },
                { fingerprint: 'core:c:x', decision: 'ignore', acknowledged: false },
            ],
        });
        const deltas = computeDeltas(
            {
                fleet: {
                    healthScore: 73.5,
                    grade: 'C',
                    components: [],
                    successRate: 0.8,
                    costUsd: 12.5,
                    runCount: 100,
                },
                signals: [
                    { fingerprint: 'core:a:x', decision: 'act_now', acknowledged: false },
                    { fingerprint: 'core:c:x', decision: 'monitor', acknowledged: false },
                    { fingerprint: 'core:d:x', decision: 'act_now', acknowledged: false },
                ],
            },
            baseline,
        )!;
        expect(deltas.healthScore).toBe(-6.5);
        expect(deltas.successRate).toBeCloseTo(-0.1, 12);
        expect(deltas.costUsd).toBe(2.5);
        expect(deltas.newSignals).toBe(2);
        expect(deltas.resolvedSignals).toBe(1);
        expect(deltas.snapshotKey).toBe(baseline.key);
        expect(computeDeltas({ fleet: baseline.snapshot.fleet, signals: [] }, null)).toBeNull();
    });

    it('a snapshot of the old score model gives no score delta, the rest still compares', () => {
        const old = snapshot('2025-03-22T00:00:00.000Z', { scoreModel: undefined });
        expect(snapshotSchema.parse(old.snapshot).scoreModel).toBeUndefined();
        const current = {
            fleet: {
                healthScore: 73.5,
                grade: 'C' as const,
                components: [],
                successRate: 0.8,
                costUsd: 12.5,
                runCount: 100,
            },
            signals: [],
        };
        expect(computeDeltas(current, old)).toMatchObject({
            healthScore: null,
            scoreModelChanged: true,
            costUsd: 2.5,
        });
        expect(computeDeltas(current, snapshot('2025-03-22T00:00:00.000Z'))).toMatchObject({
            healthScore: -6.5,
            scoreModelChanged: false,
        });
    });

    it('alerts only new, unacknowledged act-now signals', () => {
        const previous = snapshot('2025-03-28T00:00:00Z', {
            signals: [{ fingerprint: 'core:old:x', decision: 'act_now', acknowledged: false }],
        });
        const signals = [
            { fingerprint: 'core:old:x', decision: 'act_now' as const, acknowledged: false },
            { fingerprint: 'core:new:x', decision: 'act_now' as const, acknowledged: false },
            { fingerprint: 'core:acked:x', decision: 'act_now' as const, acknowledged: true },
            { fingerprint: 'core:watch:x', decision: 'monitor' as const, acknowledged: false },
        ];
        expect(selectAlertSignals(signals, previous).map((s) => s.fingerprint)).toEqual(['core:new:x']);
        expect(selectAlertSignals(signals, null).map((s) => s.fingerprint)).toEqual(['core:old:x', 'core:new:x']);
    });
});
