import { describe, expect, it } from 'vitest';
import { createEmptyActivityBaseline } from './activity-baseline.js';
import { learnActivityBaseline } from './learn-activity-baseline.js';
import { pruneActivityBaseline } from './prune-activity-baseline.js';
import { buildRun, isoAt, SALT } from './test-helpers/activity-fixtures.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

const T0 = '2026-02-01T00:00:00.000Z';

describe('pruneActivityBaseline', () => {
    it('drops day counts after 56 days, identities after 180 and Actors after 400', () => {
        const old = buildRun({ actorId: 'old', clientIp: '203.0.113.9', userAgent: 'curl/8.0.1', startedAt: T0 });
        const recent = buildRun({ actorId: 'recent', startedAt: isoAt(T0, 100 * MS_PER_DAY) });
        const learned = learnActivityBaseline(createEmptyActivityBaseline(SALT), [old, recent], {
            through: isoAt(T0, 101 * MS_PER_DAY),
        });
        const after100 = pruneActivityBaseline(learned, isoAt(T0, 101 * MS_PER_DAY));
        expect(Object.keys(after100.actors.old!.days)).toEqual([]);
        expect(after100.account!.networks['203.0.113.0/24']).toBeDefined();
        const after200 = pruneActivityBaseline(learned, isoAt(T0, 200 * MS_PER_DAY));
        expect(after200.account!.networks['203.0.113.0/24']).toBeUndefined();
        expect(after200.account!.userAgents.curl).toBeUndefined();
        expect(after200.account!.userAgents['apify-client-js']).toBeDefined();
        expect(after200.actors.old).toBeDefined();
        const after420 = pruneActivityBaseline(learned, isoAt(T0, 420 * MS_PER_DAY));
        expect(after420.actors.old).toBeUndefined();
        expect(after420.actors.recent).toBeDefined();
    });
});
