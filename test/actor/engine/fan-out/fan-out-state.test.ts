import { describe, expect, it } from 'vitest';
import type { FanOutPlatform } from '../../../../actor/engine/fan-out/fan-out-platform.js';
import { FAN_OUT_STATE_KEY, FanOutStateRecord } from '../../../../actor/engine/fan-out/fan-out-state.js';
import type { PlannedSpecialistRun } from '../../../../actor/engine/fan-out/shard-plan.js';

function platformWith(records: Map<string, unknown>, failWrites = false): FanOutPlatform {
    return {
        actorId: 'me',
        parentRunId: null,
        ownStoreId: 'store',
        getOwnRecord: async (key) => records.get(key),
        setOwnRecord: async (key, value) => {
            if (failWrites) throw new Error('store full');
            records.set(key, structuredClone(value));
        },
        timeLeftMillis: () => null,
    };
}
const planned = { specialist: 'cost-watchdog', shard: { key: 'FLEET-SHARD-0' } } as unknown as PlannedSpecialistRun;
const silent = { info: () => undefined, warning: () => undefined };

describe('FanOutStateRecord', () => {
    it('saves each started run and finds it again in the same analysis only', async () => {
        const records = new Map<string, unknown>();
        const state = await FanOutStateRecord.load(platformWith(records), 'T1', silent);
        expect(state.runIdOf(planned)).toBeUndefined();
        await state.remember(planned, 'run-1');
        expect(records.get(FAN_OUT_STATE_KEY)).toEqual({
            version: 1,
            generatedAt: 'T1',
            runIds: { 'cost-watchdog#FLEET-SHARD-0': 'run-1' },
        });
        expect((await FanOutStateRecord.load(platformWith(records), 'T1', silent)).runIdOf(planned)).toBe('run-1');
        expect((await FanOutStateRecord.load(platformWith(records), 'T2', silent)).runIdOf(planned)).toBeUndefined();
    });

    it('warns instead of failing when the state cannot be saved', async () => {
        const warnings: string[] = [];
        const log = { info: () => undefined, warning: (m: string) => warnings.push(m) };
        const state = await FanOutStateRecord.load(platformWith(new Map(), true), 'T1', log);
        await state.remember(planned, 'run-1');
        expect(state.runIdOf(planned)).toBe('run-1');
        expect(warnings).toEqual([expect.stringContaining('could not be saved (store full)')]);
    });
});
