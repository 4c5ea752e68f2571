import { describe, expect, it } from 'vitest';
import {
    makeActorData,
    makeDay,
    makeSampledRun,
    makeStats,
    FIXTURE_WINDOW as TEST_WINDOW,
} from '../testing/fleet-data-builder.js';
import { computeActorMetrics, getBuildInUse } from './actor-metrics.js';

/**
 * Hand-made Actor over the window 2025-03-01 … 2025-03-28:
 *   03-10 (previous-of-previous): build 1: 4 ok, 1 failed; $0.40 + 1 run without cost; durations 10,20,30,40,50
 *   03-18 (previous 7 days):     build 1: 2 ok, 1 timed out, 1 aborted; $0.25; durations 60,70,80,90
 *   03-27 (last 7 days):         build 2: 3 ok, 1 failed, 1 in progress; $0.35, 1 without cost; durations 5,15,25,35
 */
const actorData = makeActorData(
    'a1',
    [
        makeDay(
            '2025-03-10',
            {
                '1': makeStats({
                    succeeded: 4,
                    failed: 1,
                    costUsd: 0.4,
                    runsWithoutCost: 1,
                    durationsSecs: [10, 20, 30, 40, 50],
                }),
            },
            {
                byOrigin: { API: 3, SCHEDULER: 2 },
                lastSucceededAt: '2025-03-10T08:00:00.000Z',
                lastStartedAt: '2025-03-10T09:00:00.000Z',
            },
        ),
        makeDay(
            '2025-03-18',
            {
                '1': makeStats({
                    succeeded: 2,
                    timedOut: 1,
                    aborted: 1,
                    costUsd: 0.25,
                    durationsSecs: [60, 70, 80, 90],
                }),
            },
            { byOrigin: { API: 4 } },
        ),
        makeDay(
            '2025-03-27',
            {
                '2': makeStats({
                    succeeded: 3,
                    failed: 1,
                    inProgress: 1,
                    costUsd: 0.35,
                    runsWithoutCost: 1,
                    durationsSecs: [5, 15, 25, 35],
                }),
            },
            {
                byOrigin: { WEB: 5 },
                lastStartedAt: '2025-03-27T20:00:00.000Z',
                lastSucceededAt: '2025-03-27T19:00:00.000Z',
            },
        ),
        // Outside the window: ignored.
        makeDay('2025-02-27', { '1': makeStats({ failed: 100 }) }),
    ],
    {
        sampledRuns: [
            makeSampledRun('r1', {
                startedAt: '2025-03-27T19:00:00.000Z',
                buildNumber: '2',
                usageTotalUsd: 0.1,
                memoryMbytes: 1024,
                memMaxBytes: 512 * 1024 * 1024,
                dataset: { id: 'd1', itemCount: 200, cleanItemCount: 200, fields: null, fieldStatistics: null },
            }),
            makeSampledRun('r2', {
                startedAt: '2025-03-18T10:00:00.000Z',
                buildNumber: '1',
                usageTotalUsd: 0.05,
                memoryMbytes: 2048,
                memMaxBytes: 512 * 1024 * 1024,
                dataset: { id: 'd2', itemCount: 50, cleanItemCount: 50, fields: null, fieldStatistics: null },
            }),
            // Failure-biased sample: excluded from cost per result, still counts for memory.
            makeSampledRun('r3', {
                status: 'FAILED',
                sampledBecause: 'recent-failure',
                startedAt: '2025-03-27T10:00:00.000Z',
                buildNumber: '2',
                usageTotalUsd: 1,
                memoryMbytes: 1024,
                memMaxBytes: 1024 * 1024 * 1024,
                dataset: { id: 'd3', itemCount: 0, cleanItemCount: 0, fields: null, fieldStatistics: null },
            }),
        ],
    },
);

describe('computeActorMetrics', () => {
    const metrics = computeActorMetrics(actorData, TEST_WINDOW);

    it('counts runs by status and origin exactly', () => {
        expect(metrics.runs).toEqual({
            total: 5 + 4 + 5,
            succeeded: 9,
            failed: 2,
            timedOut: 1,
            aborted: 1,
            inProgress: 1,
        });
        expect(metrics.byOrigin).toEqual({ API: 7, SCHEDULER: 2, WEB: 5 });
    });

    it('success rate = 9 / (9 + 2 + 1) with a Wilson interval', () => {
        expect(metrics.successRate).toBeCloseTo(9 / 12, 12);
        expect(metrics.successRateInterval!.low).toBeLessThan(0.75);
        expect(metrics.successRateInterval!.high).toBeGreaterThan(0.75);
    });

    it('cost to the cent, runs without cost counted, not summed as $0', () => {
        expect(metrics.costUsd).toBe(1.0);
        expect(metrics.runsWithoutCost).toBe(2);
        expect(metrics.isCostComplete).toBe(false);
        // 14 runs, 2 without cost → $1.00 / 12
        expect(metrics.costPerRunUsd).toBeCloseTo(1 / 12, 6);
        // (0.10 + 0.05) / 250 items × 1000
        expect(metrics.costPer1000ResultsUsd).toBeCloseTo(0.6, 6);
    });

    it('duration p50/p95 exact over all terminal durations', () => {
        // sorted: 5 10 15 20 25 30 35 40 50 60 70 80 90 (13 values) → p50 = 35, p95 = h 11.4 → 80 + 0.4·10
        expect(metrics.durationSecs.p50).toBe(35);
        expect(metrics.durationSecs.p95).toBeCloseTo(84, 10);
    });

    it('memory utilisation is the median of sampled ratios', () => {
        // 0.5, 0.25, 1.0 → 0.5
        expect(metrics.memoryUtilization).toBe(0.5);
    });

    it('last run, last success, build in use', () => {
        expect(metrics.lastRunAt).toBe('2025-03-27T20:00:00.000Z');
        expect(metrics.lastSucceededAt).toBe('2025-03-27T19:00:00.000Z');
        expect(metrics.buildInUse).toBe('2');
    });

    it('last 7 days vs the 7 before', () => {
        expect(metrics.last7Days.from).toBe('2025-03-22T00:00:00.000Z');
        expect(metrics.last7Days.runs.total).toBe(5);
        expect(metrics.last7Days.successRate).toBe(3 / 4);
        expect(metrics.last7Days.costUsd).toBe(0.35);
        expect(metrics.previous7Days.runs.total).toBe(4);
        expect(metrics.previous7Days.successRate).toBe(2 / 3);
        expect(metrics.previous7Days.durationSecs).toEqual({ p50: 75, p95: 88.5 });
    });

    it('an Actor without runs has null rates, zero cost and complete cost', () => {
        const empty = computeActorMetrics(makeActorData('a2', []), TEST_WINDOW);
        expect(empty.runs.total).toBe(0);
        expect(empty.successRate).toBeNull();
        expect(empty.successRateInterval).toBeNull();
        expect(empty.costUsd).toBe(0);
        expect(empty.isCostComplete).toBe(true);
        expect(empty.costPerRunUsd).toBeNull();
        expect(empty.costPer1000ResultsUsd).toBeNull();
        expect(empty.durationSecs).toEqual({ p50: null, p95: null });
        expect(empty.memoryUtilization).toBeNull();
        expect(empty.lastRunAt).toBeNull();
        expect(empty.buildInUse).toBeNull();
    });

    it('falls back to the Actor stats for last run and to day builds for the build in use', () => {
        const data = makeActorData(
            'a3',
            [makeDay('2025-03-05', { '7': makeStats({ succeeded: 1 }), '8': makeStats({ succeeded: 3 }) })],
            {
                actor: { lastRunStartedAt: '2025-03-06T00:00:00.000Z' },
            },
        );
        expect(computeActorMetrics(data, TEST_WINDOW).lastRunAt).toBe('2025-03-06T00:00:00.000Z');
        expect(getBuildInUse(data)).toBe('8');
    });
});
