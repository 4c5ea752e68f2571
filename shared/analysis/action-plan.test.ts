import { describe, expect, it } from 'vitest';
import { buildActionPlan, getActionBucket, type PlannableSignal } from './action-plan.js';

function signal(fingerprint: string, extra: Partial<PlannableSignal> = {}): PlannableSignal {
    return {
        fingerprint,
        actorId: 'a1',
        actorName: 'u/a1',
        title: fingerprint,
        severity: 'medium',
        decision: 'monitor',
        evidence: { runIds: ['r1'], buildNumbers: ['0.1'], notes: [] },
        fix: 'do it',
        usdPerMonth: null,
        acknowledged: false,
        ...extra,
    };
}

describe('action plan', () => {
    it('buckets by decision, severity and acknowledgement', () => {
        expect(getActionBucket({ decision: 'act_now', severity: 'critical', acknowledged: false })).toBe('fix-now');
        expect(getActionBucket({ decision: 'act_now', severity: 'high', acknowledged: false })).toBe('fix-now');
        expect(getActionBucket({ decision: 'act_now', severity: 'medium', acknowledged: false })).toBe('this-week');
        expect(getActionBucket({ decision: 'monitor', severity: 'high', acknowledged: false })).toBe('this-week');
        expect(getActionBucket({ decision: 'monitor', severity: 'low', acknowledged: false })).toBe('improve');
        expect(getActionBucket({ decision: 'act_now', severity: 'critical', acknowledged: true })).toBe('acknowledged');
        expect(getActionBucket({ decision: 'ignore', severity: 'critical', acknowledged: false })).toBeNull();
    });

    it('ranks buckets in order, then by score points, then dollars', () => {
        const plan = buildActionPlan(
            [
                signal('core:improve:a1', { decision: 'monitor', severity: 'low' }),
                signal('core:small:a1', { decision: 'act_now', severity: 'high' }),
                signal('core:big:a1', { decision: 'act_now', severity: 'critical' }),
                signal('cost-watchdog:money:a1', { decision: 'act_now', severity: 'high', usdPerMonth: 40.123 }),
                signal('core:acked:a1', { decision: 'act_now', severity: 'critical', acknowledged: true }),
                signal('core:ignored:a1', { decision: 'ignore' }),
                signal('core:week:a1', { decision: 'monitor', severity: 'high' }),
            ],
            new Map([
                ['core:small:a1', 1],
                ['core:big:a1', 5.5],
                ['cost-watchdog:money:a1', 1],
                ['core:acked:a1', 9],
            ]),
        );
        expect(plan.map((c) => [c.rank, c.bucket, c.fingerprint])).toEqual([
            [1, 'fix-now', 'core:big:a1'],
            [2, 'fix-now', 'cost-watchdog:money:a1'],
            [3, 'fix-now', 'core:small:a1'],
            [4, 'this-week', 'core:week:a1'],
            [5, 'improve', 'core:improve:a1'],
            [6, 'acknowledged', 'core:acked:a1'],
        ]);
        expect(plan[1]!.impact).toEqual({ points: 1, usdPerMonth: 40.12 });
        expect(plan[0]!.evidence.runIds).toEqual(['r1']);
    });

    it('empty input gives an empty plan', () => {
        expect(buildActionPlan([], new Map())).toEqual([]);
    });
});
