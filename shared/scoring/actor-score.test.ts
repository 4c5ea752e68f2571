import { describe, expect, it } from 'vitest';
import { computeActorScore, type ScorableSignal } from './actor-score.js';

function signal(
    fingerprint: string,
    component: ScorableSignal['scoreImpact']['component'],
    points: number,
    extra: Partial<ScorableSignal> = {},
): ScorableSignal {
    return {
        fingerprint,
        actorId: 'a1',
        decision: 'act_now',
        title: `t ${fingerprint}`,
        scoreImpact: { component, points },
        acknowledged: false,
        ...extra,
    };
}

describe('computeActorScore', () => {
    it('starts at 100 and deducts per component, weighted', () => {
        const score = computeActorScore('a1', [
            signal('core:x:a1', 'reliability', 40),
            signal('core:y:a1', 'cost', 10),
        ]);
        const reliability = score.components.find((c) => c.id === 'reliability')!;
        expect(reliability.score).toBe(60);
        expect(reliability.deductions).toEqual([
            { fingerprint: 'core:x:a1', points: 40, reason: 't core:x:a1', actorId: 'a1' },
        ]);
        // 100 − 0.30·40 − 0.15·10 = 86.5
        expect(score.healthScore).toBe(86.5);
        expect(score.grade).toBe('B');
    });

    it("skips ignored, acknowledged and other Actors' signals", () => {
        const score = computeActorScore('a1', [
            signal('core:x:a1', 'reliability', 40, { decision: 'ignore' }),
            signal('core:y:a1', 'reliability', 40, { acknowledged: true }),
            signal('core:z:a2', 'reliability', 40, { actorId: 'a2' }),
            signal('core:m:a1', 'reliability', 5, { decision: 'monitor' }),
        ]);
        expect(score.healthScore).toBe(98.5);
        expect(score.components[0]!.deductions.map((d) => d.fingerprint)).toEqual(['core:m:a1']);
    });

    it('clamps at 0 and the deductions still add up to 100 − score', () => {
        const score = computeActorScore('a1', [
            signal('core:a:a1', 'trend', 60),
            signal('core:b:a1', 'trend', 50),
            signal('core:c:a1', 'trend', 30),
        ]);
        const trend = score.components.find((c) => c.id === 'trend')!;
        expect(trend.score).toBe(0);
        expect(trend.deductions.map((d) => [d.fingerprint, d.points])).toEqual([
            ['core:a:a1', 60],
            ['core:b:a1', 40],
        ]);
    });

    it('no signals: 100, grade A', () => {
        const score = computeActorScore('a1', []);
        expect(score.healthScore).toBe(100);
        expect(score.grade).toBe('A');
        expect(score.components.every((c) => c.deductions.length === 0)).toBe(true);
    });
});
