/**
 * Property-style checks on seeded noisy accounts: a quiet account (schedules, API scripts from a
 * home network with changing addresses and client versions, a CI runner pool, Console runs,
 * a rarely used Actor) produces no signal on any seed; the same account with a leaked token at
 * work (a burst of API runs from a new network against several Actors) is always found.
 * fast-check's own seed is fixed so a failure replays exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { watchActivity } from './watch-activity.js';
import {
    generateQuietAccount,
    HISTORY_END,
    isoAt,
    MILLIS_PER_HOUR,
    plantLeakedTokenIncident,
    SALT,
    WATCH_END,
} from './test-helpers/activity-fixtures.js';
import { watchAfterQuietHistory } from './test-helpers/watch-harness.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const PROPERTY_RUNS = 20;
const accountSeed = fc.integer({ min: 1, max: 2 ** 31 - 1 });

describe('watchActivity on seeded noisy accounts', () => {
    it('finds nothing on a quiet account, first analysis and next one alike', () => {
        fc.assert(
            fc.property(accountSeed, (seed) => {
                const runs = generateQuietAccount(seed, 28, WATCH_END);
                const window = { from: isoAt(WATCH_END, -28 * MS_PER_DAY), to: WATCH_END };
                const first = watchActivity({ baseline: null, newSalt: SALT, runs, window });
                expect(first.signals.map((s) => s.fingerprint)).toEqual([]);
                expect(watchAfterQuietHistory([], { seed }).signals.map((s) => s.fingerprint)).toEqual([]);
            }),
            { numRuns: PROPERTY_RUNS, seed: 20261204 },
        );
    });

    it('always finds a planted leaked-token incident, and calls for action', () => {
        fc.assert(
            fc.property(accountSeed, fc.integer({ min: 0, max: 23 }), (seed, hour) => {
                const incident = plantLeakedTokenIncident(seed, isoAt(HISTORY_END, hour * MILLIS_PER_HOUR));
                const result = watchAfterQuietHistory(incident, { seed });
                const network = result.signals.filter((s) => s.kind === 'new-client-network');
                expect(network.length).toBeGreaterThan(0);
                expect(network.every((s) => s.decision === 'act_now')).toBe(true);
                const accountBurst = result.signals.find(
                    (s) => s.kind === 'activity-burst' && s.actorId === '~account',
                );
                expect(accountBurst?.decision).toBe('act_now');
                const incidentRunIds = new Set(incident.map((run) => run.runId));
                const evidence = result.signals.flatMap((s) => s.evidence.runIds);
                expect(evidence.every((runId) => incidentRunIds.has(runId))).toBe(true);
            }),
            { numRuns: PROPERTY_RUNS, seed: 20261205 },
        );
    });
});
