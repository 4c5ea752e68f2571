import { describe, expect, it } from 'vitest';
import { runListItemSchema } from '../../../../actor/engine/collection/fleet-api.js';

describe('run list item parsing', () => {
    it('parses run meta leniently: an odd value loses only itself', () => {
        const parsed = runListItemSchema.parse({
            id: 'r1',
            actId: 'a1',
            status: 'SUCCEEDED',
            startedAt: '2026-01-01T00:00:00.000Z',
            meta: { origin: 'SCHEDULER', clientIp: 42, scheduleId: 'sch1', scheduledAt: 'not a date', extra: true },
            actorTaskId: { nope: 1 },
        });
        expect(parsed.meta).toEqual({ origin: 'SCHEDULER', clientIp: null, scheduleId: 'sch1', scheduledAt: null });
        expect(parsed.actorTaskId).toBeNull();
        expect(runListItemSchema.parse({ ...parsed, meta: 'broken' }).meta).toBeNull();
    });
});
