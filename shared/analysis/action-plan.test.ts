import { describe, expect, it } from 'vitest';
import { computeActorScore } from '../scoring/actor-score.js';
import { computeFleetScore, computeProblemRecovery, type FleetScoreInput } from '../scoring/fleet-score.js';
import type { Problem } from '../scoring/problems.js';
import { makeScoredSignal } from '../testing/signal-fixtures.js';
import { buildActionPlan, type PlannableSignal } from './action-plan.js';

const builds = (...buildNumbers: string[]) => ({ runIds: [`run-${buildNumbers[0]}`], buildNumbers, notes: [] });
const metric = (name: string) => ({ name, value: 1, baseline: 0, unit: null });

/** The plan of a fleet, built the way build-fleet-report builds it. */
function planFor(
    actors: { id: string; runs: number; monthlyCostUsd?: number; isPublic?: boolean }[],
    signals: PlannableSignal[],
) {
    const inputs: FleetScoreInput[] = actors.map((a) => ({
        actorId: a.id,
        runCount: a.runs,
        monthlyCostUsd: a.monthlyCostUsd ?? 0,
        isPublic: a.isPublic ?? false,
        score: computeActorScore(a.id, signals),
    }));
    const fleet = computeFleetScore(inputs);
    const totalRuns = actors.reduce((sum, a) => sum + a.runs, 0);
    return buildActionPlan(
        inputs.flatMap((input) =>
            input.score.problems.map((problem) => ({
                problem: problem as Problem<PlannableSignal>,
                recovery: computeProblemRecovery(fleet, input, problem.key),
                stake: {
                    actorName: `user/${input.actorId}`,
                    runCount: input.runCount,
                    runShare: input.runCount / totalRuns,
                    monthlyCostUsd: input.monthlyCostUsd,
                    isPublic: input.isPublic,
                },
            })),
        ),
    );
}

describe('action plan', () => {
    it('one card per problem, keeping the evidence and fix of each source', () => {
        const plan = planFor(
            [{ id: 'tracker', runs: 1000 }],
            [
                makeScoredSignal('core:failure-rate-regression:tracker', {
                    decision: 'act_now',
                    severity: 'high',
                    metric: metric('failureRate'),
                    evidence: builds('0.0.13', '0.0.14'),
                    scoreImpact: { component: 'trend', points: 30 },
                }),
                makeScoredSignal('release-gate:release-verdict:tracker:0.0.14', {
                    decision: 'act_now',
                    severity: 'critical',
                    title: 'Halt build 0.0.14',
                    metric: metric('failureRate'),
                    evidence: builds('0.0.14', '0.0.13'),
                    scoreImpact: { component: 'trend', points: 10 },
                }),
            ],
        );
        expect(plan).toHaveLength(1);
        const [card] = plan;
        expect(card).toMatchObject({
            bucket: 'fix-now',
            kind: 'problem',
            fingerprint: 'release-gate:release-verdict:tracker:0.0.14',
            fingerprints: ['release-gate:release-verdict:tracker:0.0.14', 'core:failure-rate-regression:tracker'],
            sources: ['release-gate', 'core'],
            title: 'Halt build 0.0.14 (+1 related finding)',
        });
        expect(card!.evidence.runIds.sort()).toEqual(['run-0.0.13', 'run-0.0.14']);
        expect(card!.items.map((i) => i.fix)).toEqual(['Fix release-verdict.', 'Fix failure-rate-regression.']);
        expect(card!.impact.actorPoints).toBe(35);
        expect(card!.impact.points).toBeGreaterThan(10);
    });

    it("one checklist card for an Actor's documentation findings, after every other improve card", () => {
        const plan = planFor(
            [
                { id: 'store', runs: 500, isPublic: true },
                { id: 'quiet', runs: 5 },
            ],
            [
                ...['faq', 'pricing', 'intro'].map((section) =>
                    makeScoredSignal(`compliance-scanner:readme-section-missing:store:${section}`, {
                        severity: 'low',
                        scoreImpact: { component: 'compliance', points: 1 },
                    }),
                ),
                makeScoredSignal('compliance-scanner:readme-too-short:store', {
                    decision: 'act_now',
                    severity: 'medium',
                    title: 'README has 40 words',
                    scoreImpact: { component: 'compliance', points: 5 },
                }),
                makeScoredSignal('core:stale-actor:quiet', {
                    severity: 'low',
                    scoreImpact: { component: 'freshness', points: 5 },
                }),
            ],
        );
        expect(plan.map((c) => [c.bucket, c.kind, c.actorId, c.fingerprints.length])).toEqual([
            ['improve', 'problem', 'quiet', 1],
            ['improve', 'checklist', 'store', 4],
        ]);
        expect(plan[1]!.title).toContain('README has 40 words');
        expect(plan[1]!.fix.split('\n')).toHaveLength(4);
        expect(plan[1]!.why).toContain('documentation checklist');
    });

    it('urgency first: a regression, Store test, halt or cost spike is never below documentation', () => {
        const plan = planFor(
            [
                { id: 'docs', runs: 10_000, monthlyCostUsd: 500, isPublic: true },
                { id: 'small', runs: 20, monthlyCostUsd: 1 },
            ],
            [
                makeScoredSignal('compliance-scanner:readme-too-short:docs', {
                    decision: 'act_now',
                    severity: 'medium',
                }),
                makeScoredSignal('core:failure-rate-regression:small', {
                    severity: 'medium',
                    metric: metric('failureRate'),
                    scoreImpact: { component: 'trend', points: 13 },
                }),
                makeScoredSignal('cost-watchdog:cost-spike:small', {
                    decision: 'act_now',
                    severity: 'high',
                    metric: metric('costPerRunUsd'),
                    usdPerMonth: 16.25,
                }),
            ],
        );
        expect(plan.map((c) => [c.rank, c.bucket, c.fingerprint])).toEqual([
            [1, 'fix-now', 'cost-watchdog:cost-spike:small'],
            [2, 'this-week', 'core:failure-rate-regression:small'],
            [3, 'improve', 'compliance-scanner:readme-too-short:docs'],
        ]);
        expect(plan[0]!.impact.usdPerMonth).toBe(16.25);
    });

    it('within a bucket, the larger stake first, and why says so', () => {
        const spike = (actorId: string) =>
            makeScoredSignal(`cost-watchdog:cost-spike:${actorId}`, {
                decision: 'act_now',
                severity: 'high',
                metric: metric('costPerRunUsd'),
            });
        const plan = planFor(
            [
                { id: 'small', runs: 10, monthlyCostUsd: 2 },
                { id: 'big', runs: 900, monthlyCostUsd: 200, isPublic: true },
            ],
            [spike('small'), spike('big')],
        );
        expect(plan.map((c) => c.actorId)).toEqual(['big', 'small']);
        expect(plan[0]!.impact.points).toBeGreaterThan(plan[1]!.impact.points);
        expect(plan[0]!.why).toMatch(/900 runs \(98\.9 % of the fleet's\) · \$200\/month spend · public Store Actor/);
        expect(plan[0]!.why).toContain('+22 Actor points');
    });

    it('acknowledged problems stay visible with what they would cost; ignore gets no card', () => {
        const plan = planFor(
            [{ id: 'a1', runs: 10 }],
            [
                makeScoredSignal('core:stale-actor:a1', {
                    decision: 'act_now',
                    severity: 'high',
                    acknowledged: true,
                }),
                makeScoredSignal('cost-watchdog:cost-summary:a1', { decision: 'ignore' }),
            ],
        );
        expect(plan.map((c) => [c.bucket, c.fingerprint])).toEqual([['acknowledged', 'core:stale-actor:a1']]);
        expect(plan[0]!.impact.actorPoints).toBe(22);
        expect(planFor([], [])).toEqual([]);
    });
});
