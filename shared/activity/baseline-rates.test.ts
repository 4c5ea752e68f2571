import { describe, expect, it } from 'vitest';
import { createEmptyActivityBaseline } from './activity-baseline.js';
import { getBusyHourRuns, summariseRunsPerDay } from './baseline-rates.js';
import { learnActivityBaseline } from './learn-activity-baseline.js';
import { buildRun, isoAt, MILLIS_PER_HOUR, SALT } from './test-helpers/activity-fixtures.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const T0 = '2026-02-01T00:00:00.000Z';

describe('baseline rates', () => {
    it('summarises runs per day robustly and finds the busy hour of on-demand runs', () => {
        const runs = [0, 1, 2, 3, 4, 5, 6].flatMap((day) =>
            Array.from({ length: day === 3 ? 40 : 4 }, (_, i) =>
                buildRun({
                    actorId: 'a1',
                    startedAt: isoAt(T0, day * MS_PER_DAY + 10 * MILLIS_PER_HOUR + i * 60_000),
                }),
            ),
        );
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), runs, {
            through: isoAt(T0, 7 * MS_PER_DAY),
        });
        const perDay = summariseRunsPerDay(baseline.actors.a1!, isoAt(T0, 6 * MS_PER_DAY))!;
        expect(perDay.median).toBe(4);
        expect(perDay.mad).toBe(0);
        // The 90th percentile of the daily busiest hours (4,4,4,40,4,4,4): one past spike does not become normal.
        expect(getBusyHourRuns(baseline.actors.a1!)).toBeCloseTo(4 + 0.4 * 36, 10);
    });
});
