import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECISIONS, SCORE_COMPONENTS, SEVERITIES } from '../contracts/signals.js';
import { makeScoredSignal } from '../testing/signal-fixtures.js';
import { computeActorScore, type ScorableSignal } from './actor-score.js';
import {
    computeActorShares,
    computeFleetScore,
    computeProblemRecovery,
    FLEET_CEILING_WITH_FIX_NOW,
    type FleetScoreInput,
} from './fleet-score.js';

interface ActorSpec {
    id: string;
    runs: number;
    monthlyCostUsd?: number;
    isPublic?: boolean;
}

function fleetOf(actors: readonly ActorSpec[], signals: readonly ScorableSignal[]): FleetScoreInput[] {
    return actors.map((a) => ({
        actorId: a.id,
        runCount: a.runs,
        monthlyCostUsd: a.monthlyCostUsd ?? 0,
        isPublic: a.isPublic ?? false,
        score: computeActorScore(a.id, signals),
    }));
}

const broken = (actorId: string) =>
    makeScoredSignal(`core:high-failure-rate:${actorId}`, {
        decision: 'act_now',
        severity: 'critical',
        metric: { name: 'failureRate', value: 1, baseline: 0.1, unit: 'ratio' },
        scoreImpact: { component: 'reliability', points: 100 },
    });

function reconcile(components: { score: number; deductions: { points: number }[] }[], score: number) {
    for (const component of components) {
        const lost = component.deductions.reduce((sum, d) => sum + d.points, 0);
        expect(Math.abs(100 - component.score - lost)).toBeLessThanOrEqual(0.01);
    }
    const lost = components.reduce((sum, c) => sum + (100 - c.score), 0);
    expect(Math.abs(100 - score - lost)).toBeLessThanOrEqual(0.01);
}

describe('computeActorShares', () => {
    it('averages the stake dimensions the fleet has: count, runs, spend, Store (hand computation)', () => {
        const shares = computeActorShares([
            { actorId: 'busy', runCount: 90, monthlyCostUsd: 30, isPublic: true },
            { actorId: 'idle', runCount: 10, monthlyCostUsd: 10, isPublic: false },
        ]);
        // busy: (1/2 + 90/100 + 30/40 + 1) / 4 = 0.7875
        expect(shares.get('busy')).toBeCloseTo(0.7875, 12);
        expect(shares.get('idle')).toBeCloseTo(0.2125, 12);
        // no runs, no spend, nothing public: every Actor counts the same
        const flat = computeActorShares([
            { actorId: 'a', runCount: 0, monthlyCostUsd: 0, isPublic: false },
            { actorId: 'b', runCount: 0, monthlyCostUsd: 0, isPublic: false },
        ]);
        expect(flat.get('a')).toBe(0.5);
    });
});

describe('computeFleetScore', () => {
    it('healthy fleet: the stake-weighted mean, no ceiling', () => {
        const actors = [
            { id: 'a', runs: 30 },
            { id: 'b', runs: 10 },
        ];
        const stale = makeScoredSignal('core:stale-actor:b', {
            severity: 'low',
            scoreImpact: { component: 'freshness', points: 5 },
        });
        const fleet = computeFleetScore(fleetOf(actors, [stale]));
        // b: weight (1/2 + 10/40) / 2 = 0.375; 100 − 0.375 × 5
        expect(fleet.ceiling).toBeNull();
        expect(fleet.healthScore).toBe(98.13);
        expect(fleet.grade).toBe('A');
        reconcile(fleet.components, fleet.healthScore);
    });

    it('cannot read A while a fix-now problem exists; one broken Actor in 2,000 is visible', () => {
        const actors = Array.from({ length: 2000 }, (_, i) => ({ id: `a${i}`, runs: 20 }));
        const fleet = computeFleetScore(fleetOf(actors, [broken('a7')]));
        expect(fleet.meanScore).toBeCloseTo(99.95, 6);
        expect(fleet.ceiling).toBeCloseTo(FLEET_CEILING_WITH_FIX_NOW - 0.05, 6);
        expect(fleet.healthScore).toBe(88.95);
        expect(fleet.grade).toBe('B');
        // the deduction names the broken Actor's signal and carries all 11.05 points
        const deductions = fleet.components.flatMap((c) => c.deductions);
        expect(deductions).toEqual([
            { fingerprint: 'core:high-failure-rate:a7', points: 11.05, reason: expect.any(String), actorId: 'a7' },
        ]);
        // fixing it recovers the whole gap: a number to rank by
        const input = fleetOf(actors, [broken('a7')])[7]!;
        const recovery = computeProblemRecovery(fleet, input, input.score.problems[0]!.key);
        expect(recovery.actorPoints).toBe(100);
        expect(recovery.fleetPoints).toBeCloseTo(11.05, 6);
    });

    it('a quarter of the fleet broken reads D, not the C of the mean', () => {
        const actors = Array.from({ length: 24 }, (_, i) => ({ id: `a${i}`, runs: 50 }));
        const fleet = computeFleetScore(fleetOf(actors, ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'].map(broken)));
        expect(fleet.meanScore).toBeCloseTo(75, 6);
        expect(fleet.healthScore).toBe(64);
        expect(fleet.grade).toBe('D');
        reconcile(fleet.components, fleet.healthScore);
    });

    it('the worked example of the README ("Fleet Health Score")', () => {
        const failureRate = { name: 'failureRate', value: 0.174, baseline: 0.025, unit: 'ratio' };
        const signals = [
            makeScoredSignal('core:failure-rate-regression:tracker', {
                decision: 'act_now',
                severity: 'high',
                metric: failureRate,
                evidence: { runIds: [], buildNumbers: ['0.0.13', '0.0.14'], notes: [] },
                scoreImpact: { component: 'trend', points: 30 },
            }),
            makeScoredSignal('release-gate:release-verdict:tracker:0.0.14', {
                decision: 'act_now',
                severity: 'critical',
                metric: failureRate,
                evidence: { runIds: [], buildNumbers: ['0.0.14', '0.0.13'], notes: [] },
                scoreImpact: { component: 'trend', points: 10 },
            }),
            ...['faq', 'pricing', 'intro'].map((section) =>
                makeScoredSignal(`compliance-scanner:readme-section-missing:store:${section}`, {
                    severity: 'low',
                    scoreImpact: { component: 'compliance', points: 1 },
                }),
            ),
        ];
        const inputs = fleetOf(
            [
                { id: 'tracker', runs: 1000, monthlyCostUsd: 60 },
                { id: 'store', runs: 300, monthlyCostUsd: 30, isPublic: true },
                { id: 'idle', runs: 0 },
            ],
            signals,
        );
        expect(inputs.map((i) => i.score.healthScore)).toEqual([65, 98, 100]);
        const fleet = computeFleetScore(inputs);
        expect(fleet.actorShares.get('tracker')).toBeCloseTo(0.4423, 4);
        expect(fleet.actorShares.get('store')).toBeCloseTo(0.4744, 4);
        expect(fleet.actorShares.get('idle')).toBeCloseTo(0.0833, 4);
        expect(fleet.meanScore).toBeCloseTo(83.57, 2);
        expect(fleet.ceiling).toBeCloseTo(73.52, 2);
        expect(fleet.healthScore).toBe(73.52);
        expect(fleet.grade).toBe('C');
        const tracker = computeProblemRecovery(fleet, inputs[0]!, inputs[0]!.score.problems[0]!.key);
        expect(tracker.actorPoints).toBe(35);
        expect(tracker.fleetPoints).toBeCloseTo(25.53, 2);
        const checklist = computeProblemRecovery(fleet, inputs[1]!, inputs[1]!.score.problems[0]!.key);
        expect(checklist).toEqual({ actorPoints: 2, fleetPoints: 0 });
    });

    it('an empty fleet scores 100', () => {
        const fleet = computeFleetScore([]);
        expect(fleet.healthScore).toBe(100);
        expect(fleet.components.every((c) => c.score === 100 && c.deductions.length === 0)).toBe(true);
    });
});

const signalArbitrary = fc.record({
    actor: fc.integer({ min: 0, max: 9 }),
    kind: fc.integer({ min: 0, max: 4 }),
    component: fc.constantFrom(...SCORE_COMPONENTS),
    points: fc.double({ min: 0, max: 100, noNaN: true }),
    severity: fc.constantFrom(...SEVERITIES),
    decision: fc.constantFrom(...DECISIONS),
    acknowledged: fc.boolean(),
});
type RawSignal = typeof signalArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toSignal(raw: RawSignal, index: number): ScorableSignal {
    return makeScoredSignal(`core:k${raw.kind}:a${raw.actor}:s${index}`, {
        decision: raw.decision,
        severity: raw.severity,
        acknowledged: raw.acknowledged,
        scoreImpact: { component: raw.component, points: raw.points },
    });
}

const actorsArbitrary = fc.array(
    fc.record({
        runs: fc.integer({ min: 0, max: 100_000 }),
        monthlyCostUsd: fc.double({ min: 0, max: 1000, noNaN: true }),
        isPublic: fc.boolean(),
    }),
    { minLength: 10, maxLength: 10 },
);
const specsOf = (raw: { runs: number; monthlyCostUsd: number; isPublic: boolean }[]) =>
    raw.map((a, i) => ({ id: `a${i}`, ...a }));

describe('computeFleetScore properties', () => {
    it('deductions reconcile, name a signal, and no A with a fix-now problem (property)', () => {
        fc.assert(
            fc.property(fc.array(signalArbitrary, { maxLength: 60 }), actorsArbitrary, (raw, actors) => {
                const signals = raw.map(toSignal);
                const fleet = computeFleetScore(fleetOf(specsOf(actors), signals));
                reconcile(fleet.components, fleet.healthScore);
                const fingerprints = new Set(signals.map((s) => s.fingerprint));
                for (const d of fleet.components.flatMap((c) => c.deductions))
                    expect(fingerprints.has(d.fingerprint)).toBe(true);
                if (fleet.fixNowProblemCount > 0) expect(fleet.grade).not.toBe('A');
                expect(fleet.healthScore).toBeGreaterThanOrEqual(0);
                expect(fleet.healthScore).toBeLessThanOrEqual(100);
            }),
            { numRuns: 200 },
        );
    });

    it('monotone: adding a signal never raises the fleet score; fixing a problem never lowers it (property)', () => {
        fc.assert(
            fc.property(
                fc.array(signalArbitrary, { maxLength: 40 }),
                signalArbitrary,
                actorsArbitrary,
                (raw, extra, actors) => {
                    const signals = raw.map(toSignal);
                    const specs = specsOf(actors);
                    const inputs = fleetOf(specs, signals);
                    const fleet = computeFleetScore(inputs);
                    const more = computeFleetScore(fleetOf(specs, [...signals, toSignal(extra, raw.length)]));
                    expect(more.healthScore).toBeLessThanOrEqual(fleet.healthScore);
                    for (const input of inputs) {
                        for (const problem of input.score.problems) {
                            const recovery = computeProblemRecovery(fleet, input, problem.key);
                            expect(recovery.fleetPoints).toBeGreaterThanOrEqual(0);
                            if (problem.penalty === 0) continue;
                            // the recovery equals a recomputation without the problem's signals
                            const members = new Set(problem.signals.map((s) => s.fingerprint));
                            const fixed = computeFleetScore(
                                fleetOf(
                                    specs,
                                    signals.filter((s) => !members.has(s.fingerprint)),
                                ),
                            );
                            expect(Math.abs(fixed.healthScore - fleet.healthScore - recovery.fleetPoints)).toBeLessThan(
                                0.02,
                            );
                        }
                    }
                },
            ),
            { numRuns: 60 },
        );
    });
});
