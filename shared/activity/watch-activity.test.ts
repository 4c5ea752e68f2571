import { describe, expect, it } from 'vitest';
import { signalSchema } from '../contracts/signals.js';
import { watchActivity } from './watch-activity.js';
import {
    buildRun,
    generateQuietAccount,
    HISTORY_END,
    isoAt,
    MILLIS_PER_HOUR,
    plantLeakedTokenIncident,
    SALT,
    WATCH_END,
} from './test-helpers/activity-fixtures.js';
import { kindsOf, watchAfterQuietHistory } from './test-helpers/watch-harness.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const WATCHED_DAY = HISTORY_END;

describe('watchActivity', () => {
    it('stays quiet on an ordinary day of a quiet account', () => {
        const result = watchAfterQuietHistory([]);
        expect(result.mode).toBe('watching');
        expect(result.signals).toEqual([]);
    });

    it('finds a leaked token at work: a burst of API runs from a new network against several Actors', () => {
        const incident = plantLeakedTokenIncident(1, isoAt(WATCHED_DAY, 14 * MILLIS_PER_HOUR));
        const result = watchAfterQuietHistory(incident);
        const kinds = kindsOf(result);
        expect(kinds).toContain('new-client-network');
        expect(kinds).toContain('activity-burst');
        const network = result.signals.find((s) => s.kind === 'new-client-network')!;
        expect(network.decision).toBe('act_now');
        expect(network.labels.networkPrefix).toMatch(/^185\.220\.10[01]\.0\/24$/);
        expect(network.evidence.notes.join('\n')).toContain('python-requests 2');
        expect(network.fix).toContain('Console → Settings → API & Integrations');
        const accountBurst = result.signals.find((s) => s.kind === 'activity-burst' && s.actorId === '~account')!;
        expect(accountBurst.decision).toBe('act_now');
        expect(accountBurst.usdPerMonth).toBeGreaterThan(0);
        for (const signal of result.signals) expect(signalSchema.parse(signal)).toEqual(signal);
        // Flagged runs are not learned: the new network stays unknown until acknowledged.
        expect(result.baseline.account!.networks[network.labels.networkPrefix!]).toBeUndefined();
    });

    it('keeps reporting an unacknowledged incident on the next analysis, from the stored baseline', () => {
        const incident = plantLeakedTokenIncident(2, isoAt(WATCHED_DAY, 10 * MILLIS_PER_HOUR));
        const first = watchAfterQuietHistory(incident);
        const runs = [...generateQuietAccount(1, 35), ...incident];
        const next = watchActivity({
            baseline: first.baseline,
            newSalt: SALT,
            runs,
            window: { from: isoAt(WATCH_END, -27 * MS_PER_DAY), to: isoAt(WATCH_END, MS_PER_DAY) },
        });
        expect(kindsOf(next)).toEqual(kindsOf(first));
    });

    it('learns a first baseline from the window and judges only its last week', () => {
        const runs = generateQuietAccount(4, 28, WATCH_END);
        const result = watchActivity({
            baseline: null,
            newSalt: SALT,
            runs,
            window: { from: isoAt(WATCH_END, -28 * MS_PER_DAY), to: WATCH_END },
        });
        expect(result.mode).toBe('watching');
        expect(result.judgedFrom).toBe(isoAt(WATCH_END, -7 * MS_PER_DAY));
        expect(result.signals).toEqual([]);
        expect(result.baseline.learnedThrough).toBe(WATCH_END);
        expect(result.baseline.salt).toBe(SALT);
    });

    it('stays in learning mode, silent, while the baseline is younger than two weeks', () => {
        const runs = [
            ...generateQuietAccount(4, 10, WATCH_END),
            ...plantLeakedTokenIncident(4, isoAt(WATCH_END, -5 * MILLIS_PER_HOUR)),
        ];
        const result = watchActivity({
            baseline: null,
            newSalt: SALT,
            runs,
            window: { from: isoAt(WATCH_END, -28 * MS_PER_DAY), to: WATCH_END },
        });
        expect(result.mode).toBe('learning');
        expect(result.signals).toEqual([]);
    });

    it('gives the same result for the same input (deterministic, order-independent)', () => {
        const incident = plantLeakedTokenIncident(5, isoAt(WATCHED_DAY, 9 * MILLIS_PER_HOUR));
        const runs = [...generateQuietAccount(5, 35), ...incident];
        const input = {
            baseline: null,
            newSalt: SALT,
            window: { from: isoAt(WATCH_END, -28 * MS_PER_DAY), to: WATCH_END },
        };
        const forward = watchActivity({ ...input, runs });
        const backward = watchActivity({ ...input, runs: [...runs].reverse() });
        expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
    });
});

describe('traps that must stay quiet', () => {
    it('a new schedule added through Console (SCHEDULER with a new schedule id)', () => {
        const planted = Array.from({ length: 24 }, (_, hour) =>
            buildRun({
                actorId: 'actorScheduled',
                origin: 'SCHEDULER',
                scheduleId: 'schedHourlyNew',
                clientIp: null,
                userAgent: null,
                startedAt: isoAt(WATCHED_DAY, hour * MILLIS_PER_HOUR + 60_000),
            }),
        );
        expect(watchAfterQuietHistory(planted).signals).toEqual([]);
    });

    it('a run from Console (WEB) by the owner, from a network and browser never seen', () => {
        const planted = [
            buildRun({
                actorId: 'actorScheduled',
                origin: 'WEB',
                clientIp: '203.0.113.77',
                userAgent: 'Mozilla/5.0 (Macintosh) Gecko/20100101 Firefox/133.0',
                startedAt: isoAt(WATCHED_DAY, 11 * MILLIS_PER_HOUR),
            }),
        ];
        expect(watchAfterQuietHistory(planted).signals).toEqual([]);
    });

    it("a CI system's usual runner, from yet another network of its pool", () => {
        const planted = Array.from({ length: 8 }, (_, i) =>
            buildRun({
                actorId: 'actorCi',
                clientIp: `20.55.${200 + i}.9`,
                userAgent: 'apify-cli/0.21.0 (linux; node/v22.2.0)',
                startedAt: isoAt(WATCHED_DAY, 15 * MILLIS_PER_HOUR + i * 60_000),
            }),
        );
        expect(watchAfterQuietHistory(planted).signals).toEqual([]);
    });

    it('a known user-agent family with a new minor version', () => {
        const planted = [
            buildRun({
                actorId: 'actorApi',
                userAgent: 'ApifyClient/2.25.3 (linux; Node/v22.11.0); isAtHome/false',
                startedAt: isoAt(WATCHED_DAY, 10 * MILLIS_PER_HOUR),
            }),
        ];
        expect(watchAfterQuietHistory(planted).signals).toEqual([]);
    });

    it('low-volume noise: a few extra API runs of a rarely used Actor', () => {
        const planted = Array.from({ length: 4 }, (_, i) =>
            buildRun({ actorId: 'actorRare', startedAt: isoAt(WATCHED_DAY, (9 + i) * MILLIS_PER_HOUR) }),
        );
        expect(watchAfterQuietHistory(planted).signals).toEqual([]);
    });
});
