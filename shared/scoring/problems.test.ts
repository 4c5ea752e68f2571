import { describe, expect, it } from 'vitest';
import { makeScoredSignal } from '../testing/signal-fixtures.js';
import { getProblemUrgency, getVerdictPenalty, groupProblems, VERDICT_PENALTY_POINTS } from './problems.js';

const builds = (...buildNumbers: string[]) => ({ runIds: [], buildNumbers, notes: [] });
const metric = (name: string) => ({ name, value: 1, baseline: 0, unit: null });

describe('groupProblems', () => {
    it('merges the same problem seen by several sources (same metric, same build)', () => {
        const problems = groupProblems([
            makeScoredSignal('core:cost-data-incomplete:a1', {
                severity: 'low',
                metric: metric('runsWithoutCost'),
                evidence: builds('0.0.10'),
            }),
            makeScoredSignal('cost-watchdog:cost-data-missing:a1', {
                severity: 'low',
                metric: metric('runsWithoutCost'),
            }),
            makeScoredSignal('core:failure-rate-regression:a1', {
                decision: 'act_now',
                severity: 'high',
                metric: metric('failureRate'),
                evidence: builds('0.0.13', '0.0.14'),
            }),
            makeScoredSignal('release-gate:release-verdict:a1:0.0.14', {
                decision: 'act_now',
                severity: 'critical',
                metric: metric('failureRate'),
                evidence: builds('0.0.14', '0.0.13'),
            }),
            makeScoredSignal('core:timeout-rate-rising:a1', {
                decision: 'act_now',
                severity: 'high',
                metric: metric('timeoutRate'),
                evidence: builds('0.0.14'),
            }),
        ]);
        expect(problems.map((p) => p.signals.map((s) => s.fingerprint))).toEqual([
            ['core:cost-data-incomplete:a1', 'cost-watchdog:cost-data-missing:a1'],
            [
                'release-gate:release-verdict:a1:0.0.14',
                'core:failure-rate-regression:a1',
                'core:timeout-rate-rising:a1',
            ],
        ]);
        expect(problems[1]!.primary.fingerprint).toBe('release-gate:release-verdict:a1:0.0.14');
        expect(problems[1]!.penalty).toBe(VERDICT_PENALTY_POINTS.act_now.critical);
    });

    it('keeps problems of different builds, Actors and metrics apart', () => {
        const problems = groupProblems([
            makeScoredSignal('core:failure-rate-regression:a1', {
                metric: metric('failureRate'),
                evidence: builds('1'),
            }),
            makeScoredSignal('release-gate:release-verdict:a1:2', {
                metric: metric('failureRate'),
                evidence: builds('2'),
            }),
            makeScoredSignal('core:failure-rate-regression:a2', {
                metric: metric('failureRate'),
                evidence: builds('1'),
            }),
            makeScoredSignal('cost-watchdog:memory-overprovisioned:a1', { metric: metric('peakMemoryUtilization') }),
        ]);
        expect(problems).toHaveLength(4);
    });

    it('one checklist per Actor for its documentation findings; security findings stay apart', () => {
        const problems = groupProblems([
            makeScoredSignal('compliance-scanner:readme-section-missing:a1:faq', { severity: 'low' }),
            makeScoredSignal('compliance-scanner:readme-section-missing:a1:pricing', { severity: 'low' }),
            makeScoredSignal('compliance-scanner:readme-too-short:a1', { decision: 'act_now', severity: 'medium' }),
            makeScoredSignal('compliance-scanner:public-full-permissions:a1', {
                decision: 'act_now',
                severity: 'high',
            }),
        ]);
        expect(problems.map((p) => [p.isChecklist, p.signals.length])).toEqual([
            [true, 3],
            [false, 1],
        ]);
        expect(getProblemUrgency(problems[0]!)).toBe('improve');
        expect(getProblemUrgency(problems[1]!)).toBe('fix-now');
    });

    it('ignore signals belong to no problem; acknowledged ones cost nothing', () => {
        const problems = groupProblems([
            makeScoredSignal('cost-watchdog:cost-summary:a1', { decision: 'ignore' }),
            makeScoredSignal('core:stale-actor:a1', { decision: 'act_now', severity: 'high', acknowledged: true }),
        ]);
        expect(problems).toHaveLength(1);
        expect(problems[0]!.penalty).toBe(0);
        expect(problems[0]!.potentialPenalty).toBe(22);
        expect(getProblemUrgency(problems[0]!)).toBe('acknowledged');
    });
});

describe('urgency and penalty', () => {
    it('buckets: act-now severe → fix-now; other act-now and medium+ monitor → this-week; the rest → improve', () => {
        const urgency = (overrides: Parameters<typeof makeScoredSignal>[1]) =>
            getProblemUrgency(groupProblems([makeScoredSignal('core:x:a1', overrides)])[0]!);
        expect(urgency({ decision: 'act_now', severity: 'critical' })).toBe('fix-now');
        expect(urgency({ decision: 'act_now', severity: 'high' })).toBe('fix-now');
        expect(urgency({ decision: 'act_now', severity: 'low' })).toBe('this-week');
        expect(urgency({ decision: 'monitor', severity: 'high' })).toBe('this-week');
        expect(urgency({ decision: 'monitor', severity: 'medium' })).toBe('this-week');
        expect(urgency({ decision: 'monitor', severity: 'low' })).toBe('improve');
    });

    it('the penalty ladder is monotone in decision and severity', () => {
        const severities = ['info', 'low', 'medium', 'high', 'critical'] as const;
        for (let i = 1; i < severities.length; i++) {
            for (const decision of ['act_now', 'monitor'] as const)
                expect(VERDICT_PENALTY_POINTS[decision][severities[i]!]).toBeGreaterThan(
                    VERDICT_PENALTY_POINTS[decision][severities[i - 1]!],
                );
        }
        for (const severity of severities)
            expect(VERDICT_PENALTY_POINTS.act_now[severity]).toBeGreaterThan(VERDICT_PENALTY_POINTS.monitor[severity]);
        const signal = makeScoredSignal('core:x:a1', {
            decision: 'monitor',
            severity: 'low',
            scoreImpact: { component: 'cost', points: 40 },
        });
        expect(getVerdictPenalty(signal)).toBe(40);
    });
});
