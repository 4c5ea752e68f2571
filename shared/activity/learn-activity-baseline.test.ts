import { describe, expect, it } from 'vitest';
import { activityBaselineSchema, createEmptyActivityBaseline, readActivityBaseline } from './activity-baseline.js';
import { getBusyHourRuns, getMeanRunCostUsd, summariseRunsPerDay } from './baseline-rates.js';
import { learnActivityBaseline } from './learn-activity-baseline.js';
import { pruneActivityBaseline } from './prune-activity-baseline.js';
import {
    buildRun,
    generateQuietAccount,
    HISTORY_END,
    isoAt,
    MILLIS_PER_DAY,
    MILLIS_PER_HOUR,
    SALT,
} from './test-helpers/activity-fixtures.js';

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
            through: isoAt(T0, MILLIS_PER_DAY),
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
            through: isoAt(HISTORY_END, -10 * MILLIS_PER_DAY + 30 * 60_000),
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
            through: isoAt(T0, MILLIS_PER_DAY),
            excludedRunIds: new Set([flagged.runId]),
        });
        expect(baseline.account).toBeNull();
        expect(baseline.learnedThrough).toBe('2026-02-02T00:00:00.000Z');
    });

    it('summarises runs per day robustly and finds the busy hour of on-demand runs', () => {
        const runs = [0, 1, 2, 3, 4, 5, 6].flatMap((day) =>
            Array.from({ length: day === 3 ? 40 : 4 }, (_, i) =>
                buildRun({
                    actorId: 'a1',
                    startedAt: isoAt(T0, day * MILLIS_PER_DAY + 10 * MILLIS_PER_HOUR + i * 60_000),
                }),
            ),
        );
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), runs, {
            through: isoAt(T0, 7 * MILLIS_PER_DAY),
        });
        const perDay = summariseRunsPerDay(baseline.actors.a1!, isoAt(T0, 6 * MILLIS_PER_DAY))!;
        expect(perDay.median).toBe(4);
        expect(perDay.mad).toBe(0);
        // The 90th percentile of the daily busiest hours (4,4,4,40,4,4,4): one past spike does not become normal.
        expect(getBusyHourRuns(baseline.actors.a1!)).toBeCloseTo(4 + 0.4 * 36, 10);
    });
});

describe('pruneActivityBaseline', () => {
    it('drops day counts after 56 days, identities after 180 and Actors after 400', () => {
        const old = buildRun({ actorId: 'old', clientIp: '203.0.113.9', userAgent: 'curl/8.0.1', startedAt: T0 });
        const recent = buildRun({ actorId: 'recent', startedAt: isoAt(T0, 100 * MILLIS_PER_DAY) });
        const learned = learnActivityBaseline(createEmptyActivityBaseline(SALT), [old, recent], {
            through: isoAt(T0, 101 * MILLIS_PER_DAY),
        });
        const after100 = pruneActivityBaseline(learned, isoAt(T0, 101 * MILLIS_PER_DAY));
        expect(Object.keys(after100.actors.old!.days)).toEqual([]);
        expect(after100.account!.networks['203.0.113.0/24']).toBeDefined();
        const after200 = pruneActivityBaseline(learned, isoAt(T0, 200 * MILLIS_PER_DAY));
        expect(after200.account!.networks['203.0.113.0/24']).toBeUndefined();
        expect(after200.account!.userAgents.curl).toBeUndefined();
        expect(after200.account!.userAgents['apify-client-js']).toBeDefined();
        expect(after200.actors.old).toBeDefined();
        const after420 = pruneActivityBaseline(learned, isoAt(T0, 420 * MILLIS_PER_DAY));
        expect(after420.actors.old).toBeUndefined();
        expect(after420.actors.recent).toBeDefined();
    });
});

describe('the stored baseline', () => {
    it('holds no raw client address and no raw user agent, only prefixes, salted hashes and families', () => {
        const runs = generateQuietAccount(11, 28);
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), runs, { through: HISTORY_END });
        const serialised = JSON.stringify(baseline);
        const addresses = new Set(runs.flatMap((run) => (run.clientIp ? [run.clientIp] : [])));
        expect(addresses.size).toBeGreaterThan(20);
        for (const address of addresses) expect(serialised).not.toContain(`"${address}"`);
        for (const address of addresses)
            expect(serialised).not.toMatch(new RegExp(`\\b${address.replaceAll('.', '\\.')}\\b`));
        expect(serialised).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.(?!0\/24)\d{1,3}\b/);
        expect(serialised).not.toContain('Mozilla');
        expect(serialised).not.toContain('ApifyClient');
        expect(activityBaselineSchema.parse(JSON.parse(serialised))).toEqual(baseline);
    });

    it('is compact: a month of a busy account stays within a few kilobytes per Actor', () => {
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), generateQuietAccount(3, 56), {
            through: HISTORY_END,
        });
        const perActorBytes = JSON.stringify(baseline).length / Object.keys(baseline.actors).length;
        expect(perActorBytes).toBeLessThan(8_000);
    });

    it('reads a stored record back, and reports an unreadable one instead of trusting it', () => {
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), generateQuietAccount(5, 10), {
            through: HISTORY_END,
        });
        expect(readActivityBaseline(JSON.parse(JSON.stringify(baseline)))).toEqual({ baseline, problem: null });
        expect(readActivityBaseline(undefined)).toEqual({ baseline: null, problem: null });
        const broken = readActivityBaseline({ ...baseline, salt: 'not-hex' });
        expect(broken.baseline).toBeNull();
        expect(broken.problem).toMatch(/salt/);
        expect(broken.problem).toMatch(/learns a new one/);
    });
});
