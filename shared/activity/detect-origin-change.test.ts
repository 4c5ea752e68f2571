import { describe, expect, it } from 'vitest';
import { buildRun, HISTORY_END, isoAt, MILLIS_PER_HOUR } from './test-helpers/activity-fixtures.js';
import { kindsOf, watchAfterQuietHistory } from './test-helpers/watch-harness.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const at = (hour: number) => isoAt(HISTORY_END, hour * MILLIS_PER_HOUR);

describe('detectOriginChanges', () => {
    it('reports an Actor that only ran from schedules, now started through the API', () => {
        const run = buildRun({ actorId: 'actorScheduled', startedAt: at(10) });
        const result = watchAfterQuietHistory([run]);
        expect(kindsOf(result)).toEqual(['scheduled-actor-started-by-token']);
        const [signal] = result.signals;
        expect(signal!.labels.origins).toBe('API');
        expect(signal!.decision).toBe('monitor');
        expect(signal!.detail).toMatch(/All \d+ runs in the baseline came from schedules/);
    });

    it('stays quiet for a Console run and for a new schedule of that Actor', () => {
        const web = buildRun({ actorId: 'actorScheduled', origin: 'WEB', startedAt: at(10) });
        const newSchedule = buildRun({
            actorId: 'actorScheduled',
            origin: 'SCHEDULER',
            scheduleId: 'schedNew',
            clientIp: null,
            userAgent: null,
            startedAt: at(12),
        });
        expect(watchAfterQuietHistory([web, newSchedule]).signals).toEqual([]);
    });

    it('needs enough scheduled history before "only ever from schedules" holds', () => {
        const fewScheduled = [9, 6, 3].map((days) =>
            buildRun({
                actorId: 'actorYoung',
                origin: 'SCHEDULER',
                scheduleId: 's1',
                clientIp: null,
                startedAt: isoAt(HISTORY_END, -days * MS_PER_DAY),
            }),
        );
        const api = buildRun({ actorId: 'actorYoung', startedAt: at(10) });
        expect(watchAfterQuietHistory([api], { extraHistory: fewScheduled }).signals).toEqual([]);
    });
});
