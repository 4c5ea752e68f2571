import { describe, expect, it } from 'vitest';
import { createEmptyActivityBaseline } from './activity-baseline.js';
import { getMeanRunCostUsd } from './baseline-rates.js';
import { learnActivityBaseline } from './learn-activity-baseline.js';
import {
    buildRun,
    generateQuietAccount,
    HISTORY_END,
    isoAt,
    MILLIS_PER_HOUR,
    SALT,
} from './test-helpers/activity-fixtures.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const T0 = '2026-02-01T00:00:00.000Z';

describe('learnActivityBaseline', () => {
    it('learns origins, schedules, networks, agent families, hours and day counts per Actor and account', () => {
        const runs = [
            buildRun({ actorId: 'a1', startedAt: isoAt(T0, 9 * MILLIS_PER_HOUR), usageTotalUsd: 0.1 }),
            buildRun({ actorId: 'a1', startedAt: isoAt(T0, 9 * MILLIS_PER_HOUR + 60_000), usageTotalUsd: 0.3 }),
            buildRun({
                actorId: 'a2',
                origin: 'SCHEDULER',
                scheduleId: 'sched1',
                clientIp: null,
                userAgent: null,
                startedAt: isoAt(T0, 3 * MILLIS_PER_HOUR),
                usageTotalUsd: null,
            }),
        ];
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), runs, {
            through: isoAt(T0, MS_PER_DAY),
        });
        const account = baseline.account!;
        expect(Object.keys(account.origins).sort()).toEqual(['API', 'SCHEDULER']);
        expect(account.schedules.sched1!.runs).toBe(1);
        expect(Object.keys(account.networks)).toEqual(['198.51.100.0/24']);
        expect(account.networks['198.51.100.0/24']!.runs).toBe(2);
        expect(account.networks['198.51.100.0/24']!.userAgentFamilies).toEqual(['apify-client-js']);
        expect(account.userAgents['apify-client-js']!.majors).toEqual([2]);
        expect(account.hourProfile[9]).toBe(2);
        expect(account.hourProfile[3]).toBe(1);
        // [runs, onDemandRuns, busiest on-demand hour, cost, runs with cost]
        expect(baseline.actors.a1!.days['2026-02-01']).toEqual([2, 2, 2, 0.4, 2]);
        expect(baseline.actors.a2!.days['2026-02-01']).toEqual([1, 0, 0, 0, 0]);
        expect(getMeanRunCostUsd(baseline.actors.a1!)).toBeCloseTo(0.2, 10);
        expect(baseline.learnedThrough).toBe('2026-02-02T00:00:00.000Z');
    });

    it('learns each run once when consecutive windows overlap', () => {
        const runs = generateQuietAccount(7, 28);
        const once = learnActivityBaseline(createEmptyActivityBaseline(SALT), runs, { through: HISTORY_END });
        const firstHalf = learnActivityBaseline(createEmptyActivityBaseline(SALT), runs, {
            through: isoAt(HISTORY_END, -10 * MS_PER_DAY + 30 * 60_000),
        });
        const twice = learnActivityBaseline(firstHalf, runs, { through: HISTORY_END });
        expect(twice.account!.days).toEqual(once.account!.days);
        expect(twice.account!.networks).toEqual(once.account!.networks);
        expect(twice.actors).toEqual(
            Object.fromEntries(
                Object.entries(once.actors).map(([id, scope]) => [
                    id,
                    { ...scope, hourProfile: twice.actors[id]!.hourProfile },
                ]),
            ),
        );
        expect(learnActivityBaseline(once, runs, { through: HISTORY_END })).toEqual(once);
    });

    it('does not learn excluded (flagged) runs', () => {
        const flagged = buildRun({ clientIp: '203.0.113.9', startedAt: isoAt(T0, MILLIS_PER_HOUR) });
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), [flagged], {
            through: isoAt(T0, MS_PER_DAY),
            excludedRunIds: new Set([flagged.runId]),
        });
        expect(baseline.account).toBeNull();
        expect(baseline.learnedThrough).toBe('2026-02-02T00:00:00.000Z');
    });

    it('lets the hour-of-day profile fade with a 28-day half-life', () => {
        const run = buildRun({ startedAt: isoAt(T0, 9 * MILLIS_PER_HOUR) });
        const learned = learnActivityBaseline(createEmptyActivityBaseline(SALT), [run], {
            through: isoAt(T0, MS_PER_DAY),
        });
        const later = learnActivityBaseline(learned, [], { through: isoAt(T0, 29 * MS_PER_DAY) });
        expect(learned.account!.hourProfile[9]).toBe(1);
        expect(later.account!.hourProfile[9]).toBe(0.5);
        expect(later.account!.origins).toEqual(learned.account!.origins);
    });
});
