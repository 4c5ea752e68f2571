import { describe, expect, it } from 'vitest';
import { buildRun, HISTORY_END, isoAt, MILLIS_PER_HOUR } from './test-helpers/activity-fixtures.js';
import { watchAfterQuietHistory } from './test-helpers/watch-harness.js';

const at = (hour: number, minute = 0) => isoAt(HISTORY_END, hour * MILLIS_PER_HOUR + minute * 60_000);

function apiRuns(count: number, actorId: string, usd: number | null, hour = 13) {
    return Array.from({ length: count }, (_, i) =>
        buildRun({ actorId, usageTotalUsd: usd, startedAt: at(hour, Math.floor((i * 60) / count)) }),
    );
}

describe('detectBursts', () => {
    it('reports a burst of cheap runs to monitor, with the projected spend', () => {
        const result = watchAfterQuietHistory(apiRuns(30, 'actorRare', 0.001));
        const burst = result.signals.find((s) => s.fingerprint === 'core:activity-burst:actorRare')!;
        expect(burst.decision).toBe('monitor');
        expect(burst.severity).toBe('high');
        expect(burst.metric).toMatchObject({ name: 'runs per hour', value: 30, baseline: 1 });
        // 30 runs in the hour × 24 h × $0.001.
        expect(burst.usdPerMonth).toBeCloseTo(30 * 24 * 0.001 * 30, 6);
        expect(burst.detail).toContain('$0.72 per day');
        expect(burst.detail).toMatch(
            /usually has [0-9.]+ runs a day \(median, MAD [0-9.]+\), \d+ % of them in this hour/,
        );
        expect(burst.scoreImpact).toEqual({ component: 'cost', points: 0 });
    });

    it('calls for action when the projected spend is material', () => {
        const result = watchAfterQuietHistory(apiRuns(30, 'actorRare', 0.05));
        const burst = result.signals.find((s) => s.fingerprint === 'core:activity-burst:actorRare')!;
        expect(burst.decision).toBe('act_now');
        expect(burst.severity).toBe('critical');
    });

    it("projects with the Actor's usual cost while the burst's runs have not reported one", () => {
        const runs = apiRuns(30, 'actorApi', null).map((run) => ({
            ...run,
            finishedAt: null,
            status: 'RUNNING' as const,
        }));
        const burst = watchAfterQuietHistory(runs).signals.find(
            (s) => s.fingerprint === 'core:activity-burst:actorApi',
        )!;
        expect(burst.usdPerMonth).toBeCloseTo(30 * 24 * 0.05 * 30, 4);
    });

    it('stays quiet below the minimum count, within the busy-hour level, and for scheduled runs', () => {
        expect(watchAfterQuietHistory(apiRuns(9, 'actorRare', 1)).signals).toEqual([]);
        // The CI Actor's test suites: clumps of up to 9 runs are its normal busy hour.
        const ciClump = apiRuns(9, 'actorCi', 0.05).map((run) => ({
            ...run,
            clientIp: '20.45.10.1',
            userAgent: 'apify-cli/0.20.11',
        }));
        expect(watchAfterQuietHistory(ciClump).signals).toEqual([]);
        const scheduled = apiRuns(40, 'actorScheduled', 0.2).map((run) => ({
            ...run,
            origin: 'SCHEDULER',
            scheduleId: 'schedEveryMinute',
            clientIp: null,
            userAgent: null,
        }));
        expect(watchAfterQuietHistory(scheduled).signals).toEqual([]);
    });

    it('adds an account-wide burst only when the burst hour spans several Actors', () => {
        const oneActor = watchAfterQuietHistory(apiRuns(40, 'actorRare', 0.01));
        expect(oneActor.signals.map((s) => s.actorId)).toEqual(['actorRare']);
        const spread = [...apiRuns(20, 'actorRare', 0.01), ...apiRuns(20, 'actorWeb', 0.01)];
        const several = watchAfterQuietHistory(spread);
        expect(several.signals.map((s) => s.actorId).sort()).toEqual(['actorRare', 'actorWeb', '~account']);
        expect(several.signals.find((s) => s.actorId === '~account')!.labels.actorCount).toBe('2');
    });
});
