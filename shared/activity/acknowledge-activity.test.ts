import { describe, expect, it } from 'vitest';
import { acknowledgeActivitySignals } from './acknowledge-activity.js';
import { watchActivity } from './watch-activity.js';
import {
    buildRun,
    generateQuietAccount,
    HISTORY_END,
    isoAt,
    MILLIS_PER_HOUR,
    SALT,
    WATCH_END,
} from './test-helpers/activity-fixtures.js';
import { watchAfterQuietHistory } from './test-helpers/watch-harness.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const at = (hour: number, minute = 0) => isoAt(HISTORY_END, hour * MILLIS_PER_HOUR + minute * 60_000);
const ACK_AT = '2026-03-02T08:00:00.000Z';

/** The next analysis, a day later, from the acknowledged baseline. */
function watchNextDay(planted: ReturnType<typeof buildRun>[], baseline: ReturnType<typeof watchActivity>['baseline']) {
    return watchActivity({
        baseline,
        newSalt: SALT,
        runs: [...generateQuietAccount(1, 35), ...planted],
        window: { from: isoAt(WATCH_END, -27 * MS_PER_DAY), to: isoAt(WATCH_END, MS_PER_DAY) },
    });
}

describe('acknowledgeActivitySignals', () => {
    it('makes an acknowledged network and client family known', () => {
        const planted = [buildRun({ clientIp: '203.0.113.40', userAgent: 'curl/8.5.0', startedAt: at(10) })];
        const first = watchAfterQuietHistory(planted);
        expect(first.signals).toHaveLength(1);
        expect(watchNextDay(planted, first.baseline).signals.map((s) => s.kind)).toEqual(['new-client-network']);
        const acknowledged = acknowledgeActivitySignals(first.baseline, first.signals, ACK_AT);
        expect(acknowledged.account!.networks['203.0.113.0/24']!.acknowledgedAt).toBe(ACK_AT);
        expect(acknowledged.account!.userAgents.curl!.acknowledgedAt).toBe(ACK_AT);
        expect(watchNextDay(planted, acknowledged).signals).toEqual([]);
    });

    it('makes an acknowledged burst level normal for that Actor, and a new origin normal', () => {
        const burst = Array.from({ length: 30 }, (_, i) =>
            buildRun({ actorId: 'actorScheduled', startedAt: at(13, i) }),
        );
        const first = watchAfterQuietHistory(burst);
        expect(first.signals.map((s) => s.kind).sort()).toEqual(['activity-burst', 'scheduled-actor-started-by-token']);
        const acknowledged = acknowledgeActivitySignals(first.baseline, first.signals, ACK_AT);
        expect(acknowledged.actors.actorScheduled!.acknowledgedPeakHourRuns).toBe(30);
        expect(acknowledged.actors.actorScheduled!.origins.API).toEqual({ runs: 0, lastSeenAt: ACK_AT });
        expect(watchNextDay(burst, acknowledged).signals).toEqual([]);
    });

    it('ignores labels that do not parse and signals of other sources', () => {
        const planted = [buildRun({ clientIp: '203.0.113.40', userAgent: 'curl/8.5.0', startedAt: at(10) })];
        const first = watchAfterQuietHistory(planted);
        const [signal] = first.signals;
        const hostile = [
            { ...signal!, labels: { networkPrefix: '203.0.113.40', userAgentFamily: '<b>x</b>' } },
            { ...signal!, source: 'cost-watchdog' as const },
        ];
        expect(acknowledgeActivitySignals(first.baseline, hostile, ACK_AT)).toEqual(first.baseline);
    });
});
