import { describe, expect, it } from 'vitest';
import type { DayAggregate } from '../contracts/fleet-data.js';
import { fleetReportSchema } from '../contracts/fleet-report.js';
import type { SignalInput } from '../contracts/signals.js';
import { dayRange, makeActorData, makeDay, makeFleetData, makeStats } from '../testing/fleet-data-builder.js';
import { buildFleetReport, type BuildFleetReportParams } from './build-fleet-report.js';
import { buildSnapshot, snapshotKey } from './snapshot.js';

const GENERATED_AT = '2025-03-29T00:00:00.000Z';

function days(lastDay: string, count: number, perDay: number, failures: number, build = '1'): DayAggregate[] {
    return dayRange(lastDay, count).map((day) =>
        makeDay(
            day,
            {
                [build]: makeStats({
                    succeeded: perDay - failures,
                    failed: failures,
                    costUsd: perDay * 0.01,
                    durationsSecs: [30, 60],
                }),
            },
            { byOrigin: { API: perDay }, recentFailedRunIds: failures > 0 ? [`${day}-f`] : [] },
        ),
    );
}

const fleetData = makeFleetData([
    // 2 % → 20 %: regression + (with 20 % recent) high-failure check does not fire (window rate ≈ 6.5 %).
    makeActorData('regressed', [...days('2025-03-21', 21, 50, 1), ...days('2025-03-28', 7, 50, 10, '2')]),
    makeActorData('flaky', [makeDay('2025-03-27', { '1': makeStats({ succeeded: 1, failed: 1 }) })]),
    makeActorData('steady', days('2025-03-28', 28, 10, 0)),
]);

function costSignal(actorId: string, extra: Partial<SignalInput> = {}): SignalInput {
    return {
        fingerprint: `cost-watchdog:memory-overprovisioned:${actorId}`,
        kind: 'memory-overprovisioned',
        source: 'cost-watchdog',
        actorId,
        actorName: null,
        severity: 'medium',
        decision: 'monitor',
        title: 'Memory over-provisioned',
        detail: '',
        metric: { name: 'memoryUtilization', value: 0.1, baseline: 0.25, unit: 'ratio' },
        evidence: { runIds: [], buildNumbers: [], notes: [] },
        scoreImpact: { component: 'cost', points: 20 },
        usdPerMonth: 12.5,
        fix: 'Lower the memory.',
        labels: {},
        ...extra,
    };
}

const costDocument = {
    schemaVersion: 1,
    specialist: 'cost-watchdog',
    runId: 'runCost',
    generatedAt: GENERATED_AT,
    window: fleetData.window,
    actorIds: ['regressed', 'flaky', 'steady'],
    status: 'complete',
    errors: [],
    signals: [
        costSignal('steady'),
        costSignal('regressed', {
            severity: 'high',
            decision: 'act_now',
            scoreImpact: { component: 'cost', points: 30 },
        }),
    ],
};
const garbage = { schemaVersion: 1, specialist: 'quality-monitor', runId: 'runQ', signals: 'not an array' };

function params(extra: Partial<BuildFleetReportParams> = {}): BuildFleetReportParams {
    return {
        fleetData,
        signalDocuments: [costDocument, garbage],
        specialistRuns: [
            {
                name: 'cost-watchdog',
                runId: 'runCost',
                status: 'succeeded',
                actorIds: ['regressed', 'flaky', 'steady'],
            },
            { name: 'quality-monitor', runId: 'runQ', status: 'succeeded', actorIds: ['regressed', 'flaky', 'steady'] },
            { name: 'release-gate', runId: 'runR', status: 'failed', actorIds: ['steady'] },
        ],
        generatedAt: GENERATED_AT,
        isDemo: false,
        trendStore: { name: 'fleet-analytics-trends', mode: 'named', note: null },
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
        ...extra,
    };
}

describe('buildFleetReport', () => {
    const report = buildFleetReport(params());

    it('is a valid FleetReport with the published fields', () => {
        expect(fleetReportSchema.safeParse(report).success).toBe(true);
        expect(report.window.days).toBe(28);
        expect(report.fleet.actorCount).toBe(3);
        expect(report.fleet.runCount).toBe(21 * 50 + 7 * 50 + 2 + 280);
        expect(report.actors.find((a) => a.id === 'steady')!.consoleUrl).toBe(
            'https://console.apify.com/actors/steady',
        );
    });

    it('money to the cent', () => {
        // regressed 28 days × 50 runs × $0.01 + steady 28 × 10 × $0.01
        expect(report.fleet.costUsd).toBe(16.8);
        expect(report.actors.find((a) => a.id === 'steady')!.costUsd).toBe(2.8);
    });

    it('finds the regression, not the flaky Actor', () => {
        const kinds = report.signals.map((s) => s.fingerprint);
        expect(kinds).toContain('core:failure-rate-regression:regressed');
        expect(kinds.filter((f) => f.endsWith(':flaky'))).toEqual([]);
        expect(report.actors.find((a) => a.id === 'flaky')!.healthScore).toBe(100);
    });

    it("every fleet component's deductions reconcile with its score and name a signal", () => {
        const fingerprints = new Set(report.signals.map((s) => s.fingerprint));
        for (const component of report.fleet.components) {
            const lost = component.deductions.reduce((sum, d) => sum + d.points, 0);
            expect(Math.abs(100 - component.score - lost)).toBeLessThanOrEqual(0.01);
            for (const d of component.deductions) expect(fingerprints.has(d.fingerprint)).toBe(true);
        }
        for (const actor of report.actors) {
            for (const component of actor.components) {
                const lost = component.deductions.reduce((sum, d) => sum + d.points, 0);
                expect(Math.abs(100 - component.score - lost)).toBeLessThanOrEqual(0.01);
            }
        }
        // Score model 2: components are a breakdown, their lost points add up to 100 − score.
        const lost = report.fleet.components.reduce((sum, c) => sum + (100 - c.score), 0);
        expect(Math.abs(100 - report.fleet.healthScore - lost)).toBeLessThanOrEqual(0.01);
    });

    it('quarantines the garbage document and reports the failed run', () => {
        expect(report.quarantine).toHaveLength(1);
        expect(report.quarantine[0]).toMatchObject({ documentIndex: 1, specialist: 'quality-monitor', runId: 'runQ' });
        expect(report.specialists.map((s) => [s.name, s.status])).toEqual([
            ['core', 'complete'],
            ['release-gate', 'failed'],
            ['cost-watchdog', 'complete'],
            ['quality-monitor', 'quarantined'],
        ]);
        expect(report.collection.partial).toBe(true);
    });

    it('ranks the plan by bucket then fleet points recovered', () => {
        expect(report.actionPlan.map((c) => [c.bucket, c.fingerprint])).toEqual([
            ['fix-now', 'core:failure-rate-regression:regressed'],
            ['fix-now', 'cost-watchdog:memory-overprovisioned:regressed'],
            ['this-week', 'cost-watchdog:memory-overprovisioned:steady'],
        ]);
        // The card recovers what the Actor lost to it, and what the fleet gains when it is gone.
        const regressed = report.actors.find((a) => a.id === 'regressed')!;
        const lostTo = (fingerprint: string) =>
            regressed.components.flatMap((c) => c.deductions).find((d) => d.fingerprint === fingerprint)!.points;
        const [first, second] = report.actionPlan;
        expect(first!.impact.actorPoints).toBe(lostTo(first!.fingerprint));
        expect(second!.impact.actorPoints).toBe(30);
        expect(first!.impact.points).toBeGreaterThan(second!.impact.points);
        expect(second!.impact.points).toBeGreaterThan(1);
        expect(second!.impact.usdPerMonth).toBe(12.5);
        expect(first!.why).toContain('act now');
    });

    it('acknowledged signals move to the acknowledged bucket and cost no points', () => {
        const acked = buildFleetReport(
            params({
                acks: {
                    schemaVersion: 1,
                    acks: {
                        'cost-watchdog:memory-overprovisioned:steady': {
                            at: '2025-03-20T00:00:00.000Z',
                            by: 'me',
                            metricValue: 0.1,
                            expiresAt: null,
                            note: null,
                        },
                    },
                },
            }),
        );
        const card = acked.actionPlan.find((c) => c.fingerprint === 'cost-watchdog:memory-overprovisioned:steady')!;
        expect(card.bucket).toBe('acknowledged');
        expect(card.impact.points).toBeGreaterThan(0);
        expect(acked.actors.find((a) => a.id === 'steady')!.healthScore).toBe(100);
        // The fix-now ceiling (set by the regressed Actor) binds, so only the mean moves.
        expect(acked.fleet.meanScore).toBeGreaterThan(report.fleet.meanScore);
        expect(acked.fleet.healthScore).toBe(report.fleet.healthScore);
        expect(report.fleet.ceiling).toBe(report.fleet.healthScore);
        expect(acked.signals.find((s) => s.fingerprint === card.fingerprint)).toMatchObject({
            acknowledged: true,
            acknowledgementState: 'active',
        });
    });

    it('is deterministic regardless of document order', () => {
        const reversed = buildFleetReport(params({ signalDocuments: [garbage, costDocument] }));
        expect({ ...reversed, quarantine: [] }).toEqual({ ...report, quarantine: [] });
    });

    it('computes deltas against a baseline snapshot and marks new signals', () => {
        const baselineSnapshot = { ...buildSnapshot(report, 'old'), generatedAt: '2025-03-22T00:00:00.000Z' };
        baselineSnapshot.signals = baselineSnapshot.signals.filter((s) => !s.fingerprint.startsWith('core:'));
        baselineSnapshot.fleet = { ...baselineSnapshot.fleet, healthScore: 95 };
        const withBaseline = buildFleetReport(
            params({ baseline: { key: snapshotKey('2025-03-22T00:00:00.000Z', 'old'), snapshot: baselineSnapshot } }),
        );
        expect(withBaseline.deltas.vsBaseline).toMatchObject({ newSignals: 1, resolvedSignals: 0 });
        expect(withBaseline.deltas.vsBaseline!.healthScore).toBeCloseTo(report.fleet.healthScore - 95, 2);
        expect(withBaseline.signals.find((s) => s.fingerprint.startsWith('core:'))!.isNew).toBe(true);
        expect(withBaseline.signals.find((s) => s.fingerprint.startsWith('cost-watchdog:'))!.isNew).toBe(false);
        expect(report.deltas.vsBaseline).toBeNull();
    });

    it('a baseline scored by the old formula gives no score delta (formula changed, not the fleet)', () => {
        const oldSnapshot = { ...buildSnapshot(report, 'old'), generatedAt: '2025-03-22T00:00:00.000Z' };
        delete oldSnapshot.scoreModel;
        oldSnapshot.fleet = { ...oldSnapshot.fleet, healthScore: 98 };
        const withOld = buildFleetReport(
            params({ baseline: { key: snapshotKey('2025-03-22T00:00:00.000Z', 'old'), snapshot: oldSnapshot } }),
        );
        expect(withOld.deltas.vsBaseline).toMatchObject({ healthScore: null, scoreModelChanged: true });
        expect(withOld.deltas.vsBaseline!.newSignals).toBe(0);
        const sameModel = buildFleetReport(
            params({
                baseline: {
                    key: snapshotKey('2025-03-22T00:00:00.000Z', 'old'),
                    snapshot: { ...oldSnapshot, scoreModel: 2 },
                },
            }),
        );
        expect(sameModel.deltas.vsBaseline).toMatchObject({ scoreModelChanged: false });
        expect(sameModel.deltas.vsBaseline!.healthScore).toBeCloseTo(report.fleet.healthScore - 98, 2);
    });

    it('week-over-week and trend points', () => {
        // the flaky Actor's 2 runs fall in the last 7 days
        expect(report.deltas.weekOverWeek.runs).toBe(2);
        expect(report.trend).toHaveLength(4);
        expect(report.trend[3]!.healthScore).toBe(report.fleet.healthScore);
        expect(report.trend[3]!.failureRate).toBeCloseTo(71 / 422, 10);
    });

    it('an empty fleet still produces a valid report', () => {
        const empty = buildFleetReport(
            params({ fleetData: makeFleetData([]), signalDocuments: [], specialistRuns: [] }),
        );
        expect(empty.fleet.healthScore).toBe(100);
        expect(empty.fleet.successRate).toBeNull();
        expect(empty.actionPlan).toEqual([]);
    });
});
