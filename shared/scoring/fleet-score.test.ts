import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCORE_COMPONENTS } from '../contracts/signals.js';
import { computeActorScore, type ScorableSignal } from './actor-score.js';
import { computeFleetScore, getActorWeight } from './fleet-score.js';

function reconcile(components: { score: number; deductions: { points: number }[] }[]) {
    for (const component of components) {
        const lost = component.deductions.reduce((sum, d) => sum + d.points, 0);
        expect(Math.abs(100 - component.score - lost)).toBeLessThanOrEqual(0.01);
    }
}

describe('computeFleetScore', () => {
    it('is the run-volume-weighted mean of Actor scores (hand computation)', () => {
        const signals: ScorableSignal[] = [
            {
                fingerprint: 'core:x:big',
                actorId: 'big',
                decision: 'act_now',
                title: 'x',
                scoreImpact: { component: 'reliability', points: 50 },
                acknowledged: false,
            },
        ];
        const big = computeActorScore('big', signals); // reliability 50 → 85
        const small = computeActorScore('small', signals); // 100
        // weights: √99... use 9 runs → 4, 0 runs → 1
        const fleet = computeFleetScore([
            { actorId: 'big', runCount: 9, componentUnits: big.componentUnits },
            { actorId: 'small', runCount: 0, componentUnits: small.componentUnits },
        ]);
        expect(getActorWeight(9)).toBe(4);
        expect(fleet.actorShares.get('big')).toBeCloseTo(0.8, 12);
        const reliability = fleet.components.find((c) => c.id === 'reliability')!;
        expect(reliability.score).toBe(60);
        expect(reliability.deductions).toEqual([
            { fingerprint: 'core:x:big', points: 40, reason: 'x', actorId: 'big' },
        ]);
        expect(fleet.healthScore).toBe(88);
        expect(fleet.healthScore).toBeCloseTo(0.8 * big.healthScore + 0.2 * small.healthScore, 2);
        expect(fleet.grade).toBe('B');
    });

    it('an empty fleet scores 100', () => {
        const fleet = computeFleetScore([]);
        expect(fleet.healthScore).toBe(100);
        expect(fleet.components.every((c) => c.score === 100 && c.deductions.length === 0)).toBe(true);
    });

    it('deductions always reconcile with the score to 0.01 (property)', () => {
        const signalArbitrary = fc.record({
            actor: fc.integer({ min: 0, max: 30 }),
            kind: fc.integer({ min: 0, max: 5 }),
            component: fc.constantFrom(...SCORE_COMPONENTS),
            points: fc.double({ min: 0, max: 100, noNaN: true }),
            decision: fc.constantFrom('act_now', 'monitor', 'ignore'),
            acknowledged: fc.boolean(),
        });
        fc.assert(
            fc.property(
                fc.array(signalArbitrary, { maxLength: 150 }),
                fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 31, maxLength: 31 }),
                (raw, runCounts) => {
                    const signals: ScorableSignal[] = raw.map((s) => ({
                        fingerprint: `core:k${s.kind}-${s.component}:a${s.actor}`,
                        actorId: `a${s.actor}`,
                        decision: s.decision,
                        title: 't',
                        scoreImpact: { component: s.component, points: s.points },
                        acknowledged: s.acknowledged,
                    }));
                    const actorScores = runCounts.map((runs, i) => ({
                        runs,
                        score: computeActorScore(`a${i}`, signals),
                    }));
                    actorScores.forEach(({ score }) => reconcile(score.components));
                    const fleet = computeFleetScore(
                        actorScores.map(({ runs, score }) => ({
                            actorId: score.actorId,
                            runCount: runs,
                            componentUnits: score.componentUnits,
                        })),
                    );
                    reconcile(fleet.components);
                    const weighted = fleet.components.reduce((sum, c) => sum + c.weight * c.score, 0);
                    expect(Math.abs(fleet.healthScore - weighted)).toBeLessThanOrEqual(0.01);
                    const meanOfActors = actorScores.reduce(
                        (sum, { score }) => sum + fleet.actorShares.get(score.actorId)! * score.healthScore,
                        0,
                    );
                    expect(Math.abs(fleet.healthScore - meanOfActors)).toBeLessThanOrEqual(0.02);
                    expect(fleet.healthScore).toBeGreaterThanOrEqual(0);
                    expect(fleet.healthScore).toBeLessThanOrEqual(100);
                },
            ),
            { numRuns: 200 },
        );
    });
});
