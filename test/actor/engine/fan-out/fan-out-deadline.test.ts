import { describe, expect, it } from 'vitest';
import { fanOutDeadline, remainingSecs } from '../../../../actor/engine/fan-out/fan-out-deadline.js';

describe('fanOutDeadline', () => {
    it('an hour by default, never past the orchestrator timeout minus its 120 s reserve', () => {
        const base = { nowMillis: 1_000_000, timeoutSecs: undefined, pollWaitSecs: undefined };
        expect(fanOutDeadline({ ...base, orchestratorLeftMillis: null })).toEqual({
            atMillis: 1_000_000 + 3_600_000,
            pollWaitSecs: 60,
        });
        expect(fanOutDeadline({ ...base, orchestratorLeftMillis: 600_000 }).atMillis).toBe(1_000_000 + 480_000);
        expect(fanOutDeadline({ ...base, timeoutSecs: 30, orchestratorLeftMillis: 600_000 }).atMillis).toBe(1_030_000);
    });

    it('keeps the long-poll between 1 and 60 s', () => {
        const at = (pollWaitSecs: number): number =>
            fanOutDeadline({ nowMillis: 0, timeoutSecs: 10, orchestratorLeftMillis: null, pollWaitSecs }).pollWaitSecs;
        expect([at(0), at(5), at(600)]).toEqual([1, 5, 60]);
    });

    it('counts whole seconds left, never below zero', () => {
        const deadline = { atMillis: 10_500, pollWaitSecs: 60 };
        expect([remainingSecs(deadline, 0), remainingSecs(deadline, 10_000), remainingSecs(deadline, 20_000)]).toEqual([
            10, 0, 0,
        ]);
    });
});
