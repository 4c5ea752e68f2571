import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECISIONS, SCORE_COMPONENTS, SEVERITIES } from '../contracts/signals.js';
import { makeScoredSignal } from '../testing/signal-fixtures.js';
import { computeActorScore, type ScorableSignal } from './actor-score.js';
import { getGrade } from './grade.js';

const lostPoints = (score: ReturnType<typeof computeActorScore>) =>
    score.components.flatMap((c) => c.deductions).reduce((sum, d) => sum + d.points, 0);

describe('computeActorScore', () => {
    it('no act-now or monitor signal: 100 (ignore signals cost nothing)', () => {
        expect(computeActorScore('a1', []).healthScore).toBe(100);
        const ignored = makeScoredSignal('cost-watchdog:cost-summary:a1', { decision: 'ignore', severity: 'info' });
        expect(computeActorScore('a1', [ignored]).healthScore).toBe(100);
    });

    it('the verdict bounds the grade: act-now critical → at most D, act-now high → at most C', () => {
        const critical = makeScoredSignal('release-gate:release-verdict:a1', {
            decision: 'act_now',
            severity: 'critical',
            scoreImpact: { component: 'trend', points: 1 },
        });
        const high = makeScoredSignal('cost-watchdog:cost-spike:a1', {
            decision: 'act_now',
            severity: 'high',
            scoreImpact: { component: 'cost', points: 1 },
        });
        expect(computeActorScore('a1', [critical]).healthScore).toBe(65);
        expect(computeActorScore('a1', [critical]).grade).toBe('D');
        expect(computeActorScore('a1', [high]).healthScore).toBe(78);
        expect(computeActorScore('a1', [high]).grade).toBe('C');
    });

    it("a signal's own points count when they exceed its verdict's", () => {
        const mostlyFailing = makeScoredSignal('core:high-failure-rate:a1', {
            decision: 'act_now',
            severity: 'critical',
            scoreImpact: { component: 'reliability', points: 100 },
        });
        const score = computeActorScore('a1', [mostlyFailing]);
        expect(score.healthScore).toBe(0);
        expect(score.grade).toBe('F');
    });

    it('every lost point names a signal and the components add up to 100 − score', () => {
        const score = computeActorScore('a1', [
            makeScoredSignal('core:failure-rate-regression:a1', {
                decision: 'act_now',
                severity: 'high',
                metric: { name: 'failureRate', value: 0.2, baseline: 0.02, unit: 'ratio' },
                scoreImpact: { component: 'trend', points: 30 },
            }),
            makeScoredSignal('cost-watchdog:memory-overprovisioned:a1', {
                severity: 'low',
                scoreImpact: { component: 'cost', points: 2 },
            }),
        ]);
        expect(score.healthScore).toBe(68);
        expect(score.components.find((c) => c.id === 'trend')!.deductions).toEqual([
            {
                fingerprint: 'core:failure-rate-regression:a1',
                points: 30,
                reason: 'failure-rate-regression on a1',
                actorId: 'a1',
            },
        ]);
        expect(lostPoints(score)).toBeCloseTo(100 - score.healthScore, 6);
        expect(score.components.reduce((sum, c) => sum + (100 - c.score), 0)).toBeCloseTo(32, 6);
    });

    it('one problem seen by two sources costs once, at its worst source', () => {
        const metric = { name: 'failureRate', value: 0.17, baseline: 0.025, unit: 'ratio' };
        const evidence = (builds: string[]) => ({ runIds: [], buildNumbers: builds, notes: [] });
        const score = computeActorScore('a1', [
            makeScoredSignal('core:failure-rate-regression:a1', {
                decision: 'act_now',
                severity: 'high',
                metric,
                evidence: evidence(['0.0.13', '0.0.14']),
                scoreImpact: { component: 'trend', points: 30 },
            }),
            makeScoredSignal('release-gate:release-verdict:a1:0.0.14', {
                decision: 'act_now',
                severity: 'critical',
                metric,
                evidence: evidence(['0.0.14', '0.0.13']),
                scoreImpact: { component: 'trend', points: 10 },
            }),
        ]);
        expect(score.problems).toHaveLength(1);
        expect(score.healthScore).toBe(65);
        expect(score.components.flatMap((c) => c.deductions).map((d) => d.fingerprint)).toEqual([
            'release-gate:release-verdict:a1:0.0.14',
        ]);
    });

    it("clamps at 0 and ignores other Actors' signals", () => {
        const signals = [
            makeScoredSignal('core:high-failure-rate:a1', {
                decision: 'act_now',
                severity: 'critical',
                scoreImpact: { component: 'reliability', points: 90 },
            }),
            makeScoredSignal('core:stale-actor:a1', {
                severity: 'low',
                scoreImpact: { component: 'freshness', points: 20 },
            }),
            makeScoredSignal('core:stale-actor:a2', {
                severity: 'low',
                scoreImpact: { component: 'freshness', points: 20 },
            }),
        ];
        const score = computeActorScore('a1', signals);
        expect(score.healthScore).toBe(0);
        expect(lostPoints(score)).toBeCloseTo(100, 6);
        expect(score.components.find((c) => c.id === 'freshness')!.deductions[0]!.points).toBe(10);
    });
});

const signalArbitrary = fc.record({
    actor: fc.constantFrom('a1', 'a2'),
    source: fc.constantFrom('core', 'release-gate', 'compliance-scanner', 'cost-watchdog', 'quality-monitor'),
    kind: fc.constantFrom('k1', 'k2', 'k3'),
    metricName: fc.constantFrom(null, 'failureRate', 'timeoutRate', 'runsWithoutCost', 'weeklyCostUsd'),
    build: fc.constantFrom(null, '0.0.1', '0.0.2'),
    component: fc.constantFrom(...SCORE_COMPONENTS),
    points: fc.double({ min: 0, max: 100, noNaN: true }),
    severity: fc.constantFrom(...SEVERITIES),
    decision: fc.constantFrom(...DECISIONS),
    acknowledged: fc.boolean(),
    discriminator: fc.integer({ min: 0, max: 1000 }),
});
type RawSignal = typeof signalArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toSignal(raw: RawSignal): ScorableSignal {
    return makeScoredSignal(`${raw.source}:${raw.kind}:${raw.actor}:d${raw.discriminator}`, {
        decision: raw.decision,
        severity: raw.severity,
        acknowledged: raw.acknowledged,
        metric: raw.metricName ? { name: raw.metricName, value: 1, baseline: 0, unit: null } : null,
        evidence: { runIds: [], buildNumbers: raw.build ? [raw.build] : [], notes: [] },
        scoreImpact: { component: raw.component, points: raw.points },
    });
}

const WORSE_DECISION = { ignore: 'monitor', monitor: 'act_now', act_now: 'act_now' } as const;

describe('computeActorScore properties', () => {
    it('monotone: adding a signal, or worsening one, never raises the score (property)', () => {
        fc.assert(
            fc.property(
                fc.array(signalArbitrary, { maxLength: 25 }),
                signalArbitrary,
                fc.nat(),
                fc.double({ min: 0, max: 100, noNaN: true }),
                fc.nat({ max: 4 }),
                (raws, extra, pick, morePoints, severitySteps) => {
                    const signals = raws.map(toSignal);
                    const base = computeActorScore('a1', signals).healthScore;
                    // adding
                    expect(computeActorScore('a1', [...signals, toSignal(extra)]).healthScore).toBeLessThanOrEqual(
                        base,
                    );
                    if (raws.length === 0) return;
                    // worsening one: more points, a more severe severity, a more urgent decision, no acknowledgement
                    const index = pick % raws.length;
                    const raw = raws[index]!;
                    const worse = {
                        ...raw,
                        points: Math.min(100, raw.points + morePoints),
                        severity: SEVERITIES[Math.max(0, SEVERITIES.indexOf(raw.severity) - severitySteps)]!,
                        decision: WORSE_DECISION[raw.decision],
                        acknowledged: false,
                    };
                    const worsened = raws.map((r, i) => toSignal(i === index ? worse : r));
                    expect(computeActorScore('a1', worsened).healthScore).toBeLessThanOrEqual(base);
                },
            ),
            { numRuns: 400 },
        );
    });

    it('acknowledged and ignore signals cost nothing (property)', () => {
        fc.assert(
            fc.property(fc.array(signalArbitrary, { maxLength: 25 }), (raws) => {
                const all = raws.map(toSignal);
                const withoutInert = all.filter((s) => s.decision !== 'ignore' && !s.acknowledged);
                expect(computeActorScore('a1', all).healthScore).toBe(
                    computeActorScore('a1', withoutInert).healthScore,
                );
            }),
            { numRuns: 300 },
        );
    });

    it('bounds by verdict and traces every lost point (property)', () => {
        fc.assert(
            fc.property(fc.array(signalArbitrary, { maxLength: 25 }), (raws) => {
                const signals = raws.map(toSignal);
                const score = computeActorScore('a1', signals);
                const active = signals.filter((s) => s.actorId === 'a1' && s.decision !== 'ignore' && !s.acknowledged);
                if (active.some((s) => s.decision === 'act_now' && s.severity === 'critical'))
                    expect(['D', 'F']).toContain(score.grade);
                if (active.some((s) => s.decision === 'act_now' && s.severity === 'high'))
                    expect(['C', 'D', 'F']).toContain(score.grade);
                if (active.length === 0) expect(score.healthScore).toBe(100);
                expect(Math.abs(lostPoints(score) - (100 - score.healthScore))).toBeLessThanOrEqual(0.01);
                const fingerprints = new Set(signals.map((s) => s.fingerprint));
                for (const d of score.components.flatMap((c) => c.deductions))
                    expect(fingerprints.has(d.fingerprint)).toBe(true);
                expect(score.grade).toBe(getGrade(score.healthScore));
            }),
            { numRuns: 300 },
        );
    });
});
