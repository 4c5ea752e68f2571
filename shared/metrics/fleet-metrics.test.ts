import { describe, expect, it } from 'vitest';
import { makeActorData, makeDay, makeStats, FIXTURE_WINDOW as TEST_WINDOW } from '../testing/fleet-data-builder.js';
import { computeActorMetrics } from './actor-metrics.js';
import { computeFleetMetrics, getProjectedMonthlyCostUsd } from './fleet-metrics.js';
import { buildWeeklyTrend } from './weekly-trend.js';

const actors = [
    makeActorData('a1', [
        makeDay('2025-03-27', { '1': makeStats({ succeeded: 9, failed: 1, costUsd: 0.7 }) }),
        makeDay('2025-03-02', { '1': makeStats({ succeeded: 1, costUsd: 0.01 }) }),
    ]),
    makeActorData('a2', [
        makeDay('2025-03-20', {
            '1': makeStats({ succeeded: 1, timedOut: 1, aborted: 3, costUsd: 0.13, runsWithoutCost: 2 }),
        }),
    ]),
];

describe('computeFleetMetrics', () => {
    const fleet = computeFleetMetrics(
        actors.map((a) => computeActorMetrics(a, TEST_WINDOW)),
        TEST_WINDOW,
    );

    it('pools counters over Actors (not an average of rates)', () => {
        expect(fleet.actorCount).toBe(2);
        expect(fleet.runCount).toBe(16);
        expect(fleet.successRate).toBe(11 / 13);
        expect(fleet.costUsd).toBe(0.84);
        expect(fleet.runsWithoutCost).toBe(2);
        expect(fleet.isCostComplete).toBe(false);
    });

    it('projects the last 7 days to 30 days', () => {
        expect(fleet.last7Days.costUsd).toBe(0.7);
        expect(fleet.projectedMonthlyCostUsd).toBeCloseTo(3, 6);
        expect(fleet.previous7Days.runs.total).toBe(5);
    });

    it('projects short windows from the whole window', () => {
        const shortWindow = { from: '2025-03-26T00:00:00.000Z', to: '2025-03-29T00:00:00.000Z' };
        expect(getProjectedMonthlyCostUsd(shortWindow, 0, 0.3)).toBeCloseTo(3, 6);
    });

    it('empty fleet', () => {
        const empty = computeFleetMetrics([], TEST_WINDOW);
        expect(empty.runCount).toBe(0);
        expect(empty.successRate).toBeNull();
        expect(empty.projectedMonthlyCostUsd).toBe(0);
    });
});

describe('buildWeeklyTrend', () => {
    it('one point per whole week, oldest first', () => {
        const points = buildWeeklyTrend(actors, TEST_WINDOW, [
            { at: '2025-03-23T00:00:00.000Z', healthScore: 80 },
            { at: '2025-03-25T00:00:00.000Z', healthScore: 82 },
        ]);
        expect(points.map((p) => p.weekStart)).toEqual(['2025-03-01', '2025-03-08', '2025-03-15', '2025-03-22']);
        expect(points.map((p) => p.runs)).toEqual([1, 0, 5, 10]);
        expect(points[0]!.failureRate).toBe(0);
        expect(points[1]!.failureRate).toBeNull();
        expect(points[2]!.failureRate).toBe(0.5);
        expect(points[3]!.failureRate).toBe(0.1);
        expect(points[3]!.costUsd).toBe(0.7);
        expect(points[3]!.healthScore).toBe(82);
        expect(points[2]!.healthScore).toBeNull();
    });
});
