import { describe, expect, it } from 'vitest';
import type { DayAggregate } from '../contracts/fleet-data.js';
import { dayRange, makeActorData, makeDay, makeFleetData, makeStats } from '../testing/fleet-data-builder.js';
import { analyseCoreSignals } from './core-signals.js';

const GENERATED_AT = '2025-03-29T00:00:00.000Z';

/** `perDay` runs a day over `days`, `failuresPerDay` of them failed, the rest succeeded. */
function steadyDays(
    days: string[],
    perDay: number,
    failuresPerDay: number,
    extra: Partial<DayAggregate> = {},
): DayAggregate[] {
    return days.map((day) =>
        makeDay(
            day,
            { '1': makeStats({ succeeded: perDay - failuresPerDay, failed: failuresPerDay, costUsd: perDay * 0.01 }) },
            { recentFailedRunIds: failuresPerDay > 0 ? [`${day}-fail`] : [], ...extra },
        ),
    );
}

function kindsFor(actorId: string, fleet = makeFleetData([])) {
    return analyseCoreSignals(fleet, { generatedAt: GENERATED_AT })
        .signals.filter((s) => s.actorId === actorId)
        .map((s) => s.kind);
}

describe('analyseCoreSignals', () => {
    // 21 reference days × 30 runs, 2 % failures (≈ 0.6/day → use 3 failures every 5 days pattern via totals)
    const referenceDays = dayRange('2025-03-21', 21);
    const recentDays = dayRange('2025-03-28', 7);
    const regressed = makeActorData('regressed', [
        // 630 runs, 14 failures ≈ 2.2 %
        ...referenceDays.map((day, i) =>
            makeDay(day, { '1': makeStats({ succeeded: 30 - (i % 3 === 0 ? 2 : 0), failed: i % 3 === 0 ? 2 : 0 }) }),
        ),
        // 210 runs, 42 failures = 20 %
        ...recentDays.map((day) =>
            makeDay(day, { '2': makeStats({ succeeded: 24, failed: 6 }) }, { recentFailedRunIds: [`${day}-f1`] }),
        ),
    ]);
    const flaky = makeActorData('flaky', [
        makeDay('2025-03-27', { '1': makeStats({ succeeded: 1, failed: 1 }) }, { recentFailedRunIds: ['r-flaky'] }),
    ]);
    const healthy = makeActorData('healthy', [...steadyDays(referenceDays, 20, 0), ...steadyDays(recentDays, 20, 0)]);
    const fleet = makeFleetData([regressed, flaky, healthy]);
    const document = analyseCoreSignals(fleet, { generatedAt: GENERATED_AT });

    it('fires a regression on 2 % → 20 % over hundreds of runs', () => {
        const signal = document.signals.find((s) => s.actorId === 'regressed' && s.kind === 'failure-rate-regression');
        expect(signal).toBeDefined();
        expect(signal!.fingerprint).toBe('core:failure-rate-regression:regressed');
        expect(signal!.decision).toBe('act_now');
        expect(signal!.severity).toBe('high');
        expect(signal!.metric!.value).toBeCloseTo(0.2, 10);
        expect(signal!.metric!.baseline).toBeCloseTo(14 / 630, 10);
        expect(signal!.evidence.runIds).toContain('2025-03-28-f1');
        expect(signal!.evidence.buildNumbers).toEqual(['2']);
        expect(signal!.scoreImpact.component).toBe('trend');
        expect(signal!.scoreImpact.points).toBe(36);
        expect(signal!.fix.length).toBeGreaterThan(20);
    });

    it('does not flag the low-volume flaky Actor (1 failure in 2 runs)', () => {
        expect(document.signals.filter((s) => s.actorId === 'flaky')).toEqual([]);
    });

    it('does not flag a healthy Actor', () => {
        expect(document.signals.filter((s) => s.actorId === 'healthy')).toEqual([]);
    });

    it('is a valid, complete SIGNALS document from source core', () => {
        expect(document.specialist).toBe('core');
        expect(document.status).toBe('complete');
        expect(document.actorIds).toEqual(['regressed', 'flaky', 'healthy']);
    });

    it('does not fire on a significant but immaterial rise (thousands of runs, +1 point)', () => {
        const actor = makeActorData('big', [
            ...steadyDays(referenceDays, 1000, 10),
            ...steadyDays(recentDays, 1000, 22),
        ]);
        expect(kindsFor('big', makeFleetData([actor]))).not.toContain('failure-rate-regression');
    });

    it('uses the exact test when few failures are expected', () => {
        // 0 of 420 before, 5 of 140 recently: z-test approximation invalid (expected < 5), Fisher still significant.
        const actor = makeActorData('rare', [
            ...steadyDays(referenceDays, 20, 0),
            ...recentDays.map((day, i) =>
                makeDay(day, { '1': makeStats({ succeeded: 20 - (i < 5 ? 1 : 0), failed: i < 5 ? 1 : 0 }) }),
            ),
        ]);
        // Issue 16: a rate that rises from 0 to 3.6 % (≥ 2 points and more than doubled) is
        // material although under the 5-point rule; it used to be ignored.
        const signal = analyseCoreSignals(makeFleetData([actor]), { generatedAt: GENERATED_AT }).signals.find(
            (s) => s.kind === 'failure-rate-regression',
        );
        expect(signal?.evidence.notes[0]).toContain('fisher-exact');
        // The same 3.6-point rise on a 10 % base (not doubled) stays below materiality.
        const noisy = makeActorData('noisy', [
            ...steadyDays(referenceDays, 20, 2),
            ...recentDays.map((day, i) =>
                makeDay(day, { '1': makeStats({ succeeded: 18 - (i < 5 ? 1 : 0), failed: 2 + (i < 5 ? 1 : 0) }) }),
            ),
        ]);
        expect(kindsFor('noisy', makeFleetData([noisy]))).not.toContain('failure-rate-regression');
    });

    it('flags a surely-high failure rate, not an uncertain one', () => {
        const broken = makeActorData('broken', steadyDays(dayRange('2025-03-28', 28), 10, 4));
        expect(kindsFor('broken', makeFleetData([broken]))).toContain('high-failure-rate');
        // 3 of 20 = 15 %: Wilson lower bound ≈ 5 % < 10 % → no signal.
        const uncertain = makeActorData('uncertain', [
            makeDay('2025-03-28', { '1': makeStats({ succeeded: 17, failed: 3 }) }),
        ]);
        expect(kindsFor('uncertain', makeFleetData([uncertain]))).not.toContain('high-failure-rate');
    });

    it('flags a mostly failing Actor from 3 finished runs, with points that make it an F', () => {
        const dead = makeActorData('dead', [
            makeDay('2025-03-26', { '1': makeStats({ failed: 1 }) }),
            makeDay('2025-03-27', { '1': makeStats({ failed: 1 }) }),
            makeDay('2025-03-28', { '1': makeStats({ timedOut: 1 }) }),
        ]);
        const signal = analyseCoreSignals(makeFleetData([dead]), { generatedAt: GENERATED_AT }).signals.find(
            (s) => s.kind === 'high-failure-rate',
        )!;
        expect(signal).toMatchObject({ severity: 'critical', decision: 'act_now' });
        expect(signal.scoreImpact.points).toBe(100);
        // 2 of 3 failed: mostly failing; 1 of 3: not; 2 runs: too few to say
        const twoOfThree = makeActorData('two', [
            makeDay('2025-03-28', { '1': makeStats({ failed: 2, succeeded: 1 }) }),
        ]);
        expect(kindsFor('two', makeFleetData([twoOfThree]))).toContain('high-failure-rate');
        const oneOfThree = makeActorData('one', [
            makeDay('2025-03-28', { '1': makeStats({ failed: 1, succeeded: 2 }) }),
        ]);
        expect(kindsFor('one', makeFleetData([oneOfThree]))).not.toContain('high-failure-rate');
        const twoRuns = makeActorData('pair', [makeDay('2025-03-28', { '1': makeStats({ failed: 2 }) })]);
        expect(kindsFor('pair', makeFleetData([twoRuns]))).not.toContain('high-failure-rate');
    });

    it('flags rising timeouts', () => {
        const actor = makeActorData('slow', [
            ...referenceDays.map((day) => makeDay(day, { '1': makeStats({ succeeded: 20 }) })),
            ...recentDays.map((day) => makeDay(day, { '1': makeStats({ succeeded: 15, timedOut: 5 }) })),
        ]);
        const kinds = kindsFor('slow', makeFleetData([actor]));
        expect(kinds).toContain('timeout-rate-rising');
        expect(kinds).toContain('failure-rate-regression');
    });

    it('flags an Actor whose recent runs all fail, and a stale Actor', () => {
        const dead = makeActorData('dead', [
            makeDay('2025-03-05', { '1': makeStats({ succeeded: 5 }) }),
            makeDay('2025-03-27', { '1': makeStats({ failed: 4 }) }),
        ]);
        expect(kindsFor('dead', makeFleetData([dead]))).toContain('no-recent-success');
        const stale = makeActorData('stale', [makeDay('2025-03-02', { '1': makeStats({ succeeded: 2 }) })], {
            actor: { isPublic: true },
        });
        const staleSignal = analyseCoreSignals(makeFleetData([stale]), { generatedAt: GENERATED_AT }).signals.find(
            (s) => s.kind === 'stale-actor',
        )!;
        expect(staleSignal.severity).toBe('medium');
        expect(staleSignal.metric!.value).toBe(26);
        const neverRan = makeActorData('draft', []);
        expect(kindsFor('draft', makeFleetData([neverRan]))).toEqual([]);
    });

    it('stale: monitor when a schedule stopped firing, information only for an unused private Actor (issue 16)', () => {
        const staleOf = (actorData: ReturnType<typeof makeActorData>) =>
            analyseCoreSignals(makeFleetData([actorData]), { generatedAt: GENERATED_AT }).signals.find(
                (s) => s.kind === 'stale-actor',
            )!;
        const scheduledDays = ['2025-03-02', '2025-03-03', '2025-03-04'].map((day) =>
            makeDay(day, { '1': makeStats({ succeeded: 12 }) }, { byOrigin: { SCHEDULER: 12 } }),
        );
        const stopped = staleOf(makeActorData('stopped', scheduledDays));
        expect(stopped.decision).toBe('monitor');
        expect(stopped.title).toMatch(/^Scheduled runs stopped: no run for \d+ days$/);
        const handDays = ['2025-03-02', '2025-03-04'].map((day) =>
            makeDay(day, { '1': makeStats({ succeeded: 1 }) }, { byOrigin: { WEB: 1 } }),
        );
        const unused = staleOf(makeActorData('unused', handDays, { actor: { isPublic: false } }));
        expect(unused.decision).toBe('ignore');
        expect(unused.severity).toBe('info');
        expect(unused.scoreImpact.points).toBe(0);
        expect(unused.detail).toMatch(/nobody depends on it/);
    });

    it("flags runs stuck in progress for days, not today's running ones", () => {
        const stuck = makeActorData('stuck', [
            makeDay('2025-03-20', { '1': makeStats({ succeeded: 3, inProgress: 2 }) }),
        ]);
        expect(kindsFor('stuck', makeFleetData([stuck]))).toContain('stuck-runs');
        const running = makeActorData('running', [
            makeDay('2025-03-28', { '1': makeStats({ succeeded: 3, inProgress: 2 }) }),
        ]);
        expect(kindsFor('running', makeFleetData([running]))).not.toContain('stuck-runs');
    });

    it('says the spend is a lower bound when runs have no cost data (monitor, no points), and nothing when every run is costed', () => {
        const days = dayRange('2025-03-22', 7).map((day, i) =>
            makeDay(day, {
                '1': makeStats({
                    succeeded: 10,
                    costUsd: 0.09 * (10 - (i < 3 ? 1 : 0)),
                    runsWithoutCost: i < 3 ? 1 : 0,
                }),
            }),
        );
        const partialCost = makeActorData('ppe', days);
        const doc = analyseCoreSignals(makeFleetData([partialCost, healthy]), { generatedAt: GENERATED_AT });
        const signals = doc.signals.filter((s) => s.kind === 'cost-data-incomplete');
        expect(signals.map((s) => s.actorId)).toEqual(['ppe']);
        expect(signals[0]).toMatchObject({
            fingerprint: 'core:cost-data-incomplete:ppe',
            decision: 'monitor',
            severity: 'low',
            scoreImpact: { component: 'cost', points: 0 },
        });
        expect(signals[0]!.metric).toMatchObject({ value: 3, baseline: 70 });
        expect(signals[0]!.title).toContain('lower bound');
    });

    it('marks the document partial when runs of an Actor could not be read', () => {
        const blind = makeActorData('blind', [], {
            missing: [{ part: 'runs', reason: '403', permission: 'Actor runs: Read' }],
        });
        const doc = analyseCoreSignals(makeFleetData([blind]), { generatedAt: GENERATED_AT });
        expect(doc.status).toBe('partial');
        expect(doc.errors[0]!.actorId).toBe('blind');
    });
});
