import { describe, expect, it } from 'vitest';
import { buildRun, HISTORY_END, isoAt, MILLIS_PER_HOUR } from './test-helpers/activity-fixtures.js';
import { kindsOf, watchAfterQuietHistory } from './test-helpers/watch-harness.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const daysBefore = (days: number) => isoAt(HISTORY_END, -days * MS_PER_DAY);
const at = (hour: number) => isoAt(HISTORY_END, hour * MILLIS_PER_HOUR);
/** An Actor that ran for a while, then nothing for 50 days. */
const oldHistory = [60, 58, 55, 52, 50].map((days) => buildRun({ actorId: 'actorOld', startedAt: daysBefore(days) }));

describe('detectDormantStarts', () => {
    it('reports a dormant Actor started through the API, with the idle time', () => {
        const wake = buildRun({ actorId: 'actorOld', startedAt: at(10) });
        const result = watchAfterQuietHistory([wake], { extraHistory: oldHistory });
        expect(kindsOf(result)).toEqual(['dormant-actor-started']);
        const [signal] = result.signals;
        expect(signal!.fingerprint).toBe('core:dormant-actor-started:actorOld');
        expect(signal!.metric!.value).toBe(50);
        expect(signal!.decision).toBe('monitor');
        expect(signal!.evidence.runIds).toEqual([wake.runId]);
    });

    it('calls for action when the dormant Actor is woken from a new network', () => {
        const wake = buildRun({ actorId: 'actorOld', clientIp: '203.0.113.8', startedAt: at(10) });
        const result = watchAfterQuietHistory([wake], { extraHistory: oldHistory });
        expect(result.signals.find((s) => s.kind === 'dormant-actor-started')!.decision).toBe('act_now');
    });

    it('stays quiet when the owner wakes it in Console or its schedule does, or it was idle only weeks', () => {
        const web = buildRun({ actorId: 'actorOld', origin: 'WEB', startedAt: at(10) });
        const scheduled = buildRun({
            actorId: 'actorOld',
            origin: 'SCHEDULER',
            scheduleId: 's9',
            clientIp: null,
            startedAt: at(11),
        });
        expect(watchAfterQuietHistory([web, scheduled], { extraHistory: oldHistory }).signals).toEqual([]);
        const recent = [30, 25].map((days) => buildRun({ actorId: 'actorMonthly', startedAt: daysBefore(days) }));
        const monthly = buildRun({ actorId: 'actorMonthly', startedAt: at(10) });
        expect(watchAfterQuietHistory([monthly], { extraHistory: recent }).signals).toEqual([]);
    });

    it('does not call a brand-new Actor dormant', () => {
        const fresh = buildRun({ actorId: 'actorBrandNew', startedAt: at(10) });
        expect(watchAfterQuietHistory([fresh]).signals).toEqual([]);
    });
});
