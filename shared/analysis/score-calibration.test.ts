/**
 * Calibration of the Health Score (score model 2): hand-written Actors and fleets, each with
 * the band a careful engineer would give it and why. They run through the whole report
 * (core checks on the runs, hand-written specialist signals, problems, scores) so the bands
 * hold for what users see. A grade that leaves its band fails the suite.
 */
import { describe, expect, it } from 'vitest';
import type { ActorData, DayAggregate } from '../contracts/fleet-data.js';
import type { FleetReport } from '../contracts/fleet-report.js';
import type { SignalInput, SignalSource } from '../contracts/signals.js';
import {
    dayRange,
    makeActorData,
    makeDay,
    makeFleetData,
    makeStats,
    TEST_WINDOW,
} from '../testing/fleet-data-builder.js';
import { makeSignal, makeSignalsDocument } from '../testing/signal-fixtures.js';
import { buildFleetReport } from './build-fleet-report.js';

const LAST_DAY = '2025-03-28';

interface RunPattern {
    days: number;
    perDay: number;
    failedPerDay?: number;
    build?: string;
    /** Last day of the pattern (default: the window's last day). */
    lastDay?: string;
    costPerRunUsd?: number;
}

function runDays(...patterns: RunPattern[]): DayAggregate[] {
    return patterns.flatMap((p) =>
        dayRange(p.lastDay ?? LAST_DAY, p.days).map((day) =>
            makeDay(
                day,
                {
                    [p.build ?? '0.0.1']: makeStats({
                        succeeded: p.perDay - (p.failedPerDay ?? 0),
                        failed: p.failedPerDay ?? 0,
                        costUsd: p.perDay * (p.costPerRunUsd ?? 0.01),
                        durationsSecs: [30],
                    }),
                },
                { recentFailedRunIds: p.failedPerDay ? [`${day}-failed`] : [] },
            ),
        ),
    );
}

const healthyDays = () => runDays({ days: 28, perDay: 10 });

function actor(id: string, days: DayAggregate[], isPublic = false): ActorData {
    const lastDay = days
        .map((d) => d.day)
        .sort()
        .at(-1);
    return makeActorData(id, days, {
        actor: { isPublic, lastRunStartedAt: lastDay ? `${lastDay}T12:00:00.000Z` : null },
    });
}

function report(actors: ActorData[], signals: SignalInput[] = []): FleetReport {
    const bySource = new Map<SignalSource, SignalInput[]>();
    for (const s of signals) bySource.set(s.source, [...(bySource.get(s.source) ?? []), s]);
    const ids = actors.map((a) => a.actor.id);
    return buildFleetReport({
        fleetData: makeFleetData(actors),
        signalDocuments: [...bySource.entries()].map(([source, list]) =>
            makeSignalsDocument(source, TEST_WINDOW, ids, list),
        ),
        generatedAt: TEST_WINDOW.to,
        isDemo: false,
        trendStore: { name: 'trends', mode: 'local', note: null },
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
    });
}

interface ActorCase {
    name: string;
    band: [min: number, max: number];
    why: string;
    actors: () => ActorData[];
    signals?: SignalInput[];
}

const actorCases: ActorCase[] = [
    {
        name: 'healthy',
        band: [95, 100],
        why: 'every run succeeds, nothing to do: an A with nothing to explain',
        actors: () => [actor('subject', healthyDays())],
    },
    {
        name: '0 % success over 28 runs',
        band: [0, 20],
        why: 'nothing it does works: the worst grade, near 0',
        actors: () => [actor('subject', runDays({ days: 28, perDay: 1, failedPerDay: 1 }))],
    },
    {
        name: '0 % success over 3 runs',
        band: [0, 20],
        why: 'three of three failed: too few runs for statistics, enough to say it is broken',
        actors: () => [actor('subject', runDays({ days: 3, perDay: 1, failedPerDay: 1 }))],
    },
    {
        name: '40 % success',
        band: [0, 59.99],
        why: 'most runs fail: F, whatever else is fine',
        actors: () => [actor('subject', runDays({ days: 28, perDay: 10, failedPerDay: 6 }))],
    },
    {
        name: 'regression after a build (2 % → 20 %)',
        band: [60, 79.99],
        why: 'a fresh, significant regression on a busy Actor: must be fixed now, at most C',
        actors: () => [
            actor(
                'subject',
                runDays(
                    { days: 21, perDay: 50, failedPerDay: 1, lastDay: '2025-03-21' },
                    { days: 7, perDay: 50, failedPerDay: 10, build: '0.0.2' },
                ),
            ),
        ],
    },
    {
        name: 'regression after a build that the release gate says to halt',
        band: [60, 69.99],
        why: 'the same regression plus a critical "halt this build": D, one card, not two',
        actors: () => [
            actor(
                'subject',
                runDays(
                    { days: 21, perDay: 50, failedPerDay: 1, lastDay: '2025-03-21' },
                    { days: 7, perDay: 50, failedPerDay: 10, build: '0.0.2' },
                ),
            ),
        ],
        signals: [
            makeSignal('release-gate:release-verdict:subject:0.0.2', {
                decision: 'act_now',
                severity: 'critical',
                title: 'Halt build 0.0.2',
                metric: { name: 'failureRate', value: 0.2, baseline: 0.02, unit: 'ratio' },
                evidence: { runIds: [], buildNumbers: ['0.0.2', '0.0.1'], notes: [] },
                scoreImpact: { component: 'trend', points: 10 },
            }),
        ],
    },
    {
        name: 'failing Store daily test on a public Actor',
        band: [60, 69.99],
        why: 'Apify will mark it "under maintenance" and Store users lose it: D',
        actors: () => [actor('subject', healthyDays(), true)],
        signals: [
            makeSignal('quality-monitor:store-test-risk:subject', {
                decision: 'act_now',
                severity: 'critical',
                metric: { name: 'storeTestFailures', value: 3, baseline: 0, unit: 'runs' },
                scoreImpact: { component: 'reliability', points: 10 },
            }),
        ],
    },
    {
        name: 'cost spike, no failures',
        band: [70, 79.99],
        why: 'money is leaking but every run works: C, fix now for the money',
        actors: () => [actor('subject', healthyDays())],
        signals: [
            makeSignal('cost-watchdog:cost-spike:subject', {
                decision: 'act_now',
                severity: 'high',
                metric: { name: 'costPerRunUsd', value: 0.068, baseline: 0.0187, unit: 'usd' },
                scoreImpact: { component: 'cost', points: 8 },
                usdPerMonth: 16.25,
            }),
        ],
    },
    {
        name: 'stale private Actor (last run 23 days ago, all fine)',
        band: [90, 100],
        why: 'nobody depends on it: worth a look, not a lower grade than A',
        actors: () => [actor('subject', runDays({ days: 5, perDay: 2, lastDay: '2025-03-05' }))],
    },
    {
        name: 'README-only findings on a public Actor',
        band: [80, 94.99],
        why: 'documentation hygiene: one checklist, B at worst, never an alarm',
        actors: () => [actor('subject', healthyDays(), true)],
        signals: [
            makeSignal('compliance-scanner:readme-too-short:subject', {
                decision: 'act_now',
                severity: 'medium',
                scoreImpact: { component: 'compliance', points: 5 },
            }),
            ...['faq', 'pricing', 'intro', 'how-to-use', 'input-example', 'output-example'].map((section) =>
                makeSignal(`compliance-scanner:readme-section-missing:subject:${section}`, {
                    severity: 'low',
                    scoreImpact: { component: 'compliance', points: 1 },
                }),
            ),
        ],
    },
];

describe('score calibration: Actors', () => {
    it.each(actorCases)('$name → $band ($why)', ({ actors, signals, band }) => {
        const result = report(actors(), signals);
        const subject = result.actors.find((a) => a.id === 'subject')!;
        expect(subject.healthScore).toBeGreaterThanOrEqual(band[0]);
        expect(subject.healthScore).toBeLessThanOrEqual(band[1]);
    });

    it('the regression with its halt verdict is one card with both sources', () => {
        const halted = actorCases.find((c) => c.name.includes('halt'))!;
        const result = report(halted.actors(), halted.signals);
        expect(result.actionPlan.map((c) => [c.bucket, [...c.sources].sort()])).toEqual([
            ['fix-now', ['core', 'release-gate']],
        ]);
    });

    it('README-only findings make one improve checklist card', () => {
        const readme = actorCases.find((c) => c.name.startsWith('README'))!;
        const result = report(readme.actors(), readme.signals);
        expect(result.actionPlan.map((c) => [c.bucket, c.kind, c.fingerprints.length])).toEqual([
            ['improve', 'checklist', 7],
        ]);
    });
});

describe('score calibration: fleets', () => {
    it('one broken Actor among 2,000 healthy ones → B (80–89.99), and the headline says so', () => {
        const actors = Array.from({ length: 2000 }, (_, i) =>
            actor(`a${String(i).padStart(4, '0')}`, runDays({ days: 7, perDay: 2 })),
        );
        actors[1234] = actor('a1234', runDays({ days: 7, perDay: 2, failedPerDay: 2 }));
        const result = report(actors);
        expect(result.fleet.healthScore).toBeGreaterThanOrEqual(80);
        expect(result.fleet.healthScore).toBeLessThan(90);
        expect(result.fleet.attention.summary).toMatch(/^1 of 2000 Actors needs action now · 0\.1 % of runs/);
        expect(result.actionPlan[0]).toMatchObject({ bucket: 'fix-now', actorId: 'a1234' });
        expect(result.actionPlan[0]!.impact.points).toBeGreaterThan(10);
    });

    it('a quarter of the Actors broken → D (60–69.99): worse than the mean alone would say', () => {
        const actors = Array.from({ length: 20 }, (_, i) =>
            actor(`a${i}`, runDays({ days: 28, perDay: 5, failedPerDay: i < 5 ? 5 : 0 })),
        );
        const result = report(actors);
        expect(result.fleet.grade).toBe('D');
        expect(result.fleet.meanScore).toBeGreaterThanOrEqual(70);
        expect(result.fleet.attention).toMatchObject({ actorsNeedingActionNow: 5, actorCount: 20 });
        expect(result.fleet.attention.runShare).toBeCloseTo(0.25, 10);
    });

    it('a healthy fleet → A, "none of N Actors needs action now"', () => {
        const result = report(Array.from({ length: 25 }, (_, i) => actor(`a${i}`, healthyDays())));
        expect(result.fleet.grade).toBe('A');
        expect(result.fleet.ceiling).toBeNull();
        expect(result.fleet.attention.summary).toBe('none of 25 Actors needs action now');
    });
});
