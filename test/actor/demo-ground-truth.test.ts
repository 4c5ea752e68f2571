/**
 * The analysis of the `demo` scenario checked against the scenario itself: every metric in
 * OUTPUT equals an independent recomputation from the emulator's raw runs (counts exact,
 * money to the cent, durations by the published definition), every planted incident that a
 * sound analysis must find is flagged, and the low-volume flaky traps are not.
 *
 * Runs the same pipeline the Actor runs (runFleetAnalysis) against the emulator's API.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { generateScenario } from '../emulator/scenarios/index.js';
import type { RunFixture } from '../emulator/state/fixture-schema.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { computeAnalysisWindow, runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createMemoryTrendStore } from '../../actor/engine/trend-store/trend-store-adapter.js';

let emulator: RunningEmulator;
let report: FleetReport;
let window: { from: Date; to: Date };

beforeAll(async () => {
    emulator = await startEmulator({ scenario: 'demo', rateLimits: false });
    const now = emulator.state.clock.now();
    window = computeAnalysisWindow(now, 28);
    const result = await runFleetAnalysis({
        fleetClient: new ApifyClient({ token: 'apify_api_demo_full', baseUrl: emulator.url }),
        input: parseActorInput({}),
        trendStore: createMemoryTrendStore(),
        now,
        isDemo: true,
        runId: null,
    });
    report = result.report;
});

afterAll(async () => {
    await emulator?.stop();
});

/** Every run of the Actor with `from ≤ startedAt < to`, straight from the emulator's state. */
function rawRunsInWindow(actId: string): RunFixture[] {
    const runs: RunFixture[] = [];
    for (let offset = 0; ; offset += 1000) {
        const page = emulator.state.listRuns({ actId, offset, limit: 1000 });
        runs.push(...page.items);
        if (offset + 1000 >= page.total) break;
    }
    return runs.filter((run) => {
        const at = Date.parse(run.startedAt);
        return at >= window.from.getTime() && at < window.to.getTime();
    });
}

function quantile(sortedValues: number[], q: number): number | null {
    if (sortedValues.length === 0) return null;
    const position = (sortedValues.length - 1) * q;
    const lower = Math.floor(position);
    const upper = Math.ceil(position);
    return sortedValues[lower]! + (sortedValues[upper]! - sortedValues[lower]!) * (position - lower);
}

describe('demo scenario: metrics equal an independent recomputation', () => {
    it('covers every Actor the account owns', () => {
        const owned = emulator.state
            .listActors()
            .map((a) => a.id)
            .sort();
        expect(report.actors.map((a) => a.id).sort()).toEqual(owned);
    });

    it('per Actor: run counts exact, cost to the cent, success rate and durations by definition', () => {
        for (const actor of report.actors) {
            const runs = rawRunsInWindow(actor.id);
            const count = (status: string) => runs.filter((r) => r.status === status).length;
            const inProgress = runs.filter((r) =>
                ['READY', 'RUNNING', 'TIMING-OUT', 'ABORTING'].includes(r.status),
            ).length;
            expect(actor.runs, actor.name).toEqual({
                total: runs.length,
                succeeded: count('SUCCEEDED'),
                failed: count('FAILED'),
                timedOut: count('TIMED-OUT'),
                aborted: count('ABORTED'),
                inProgress,
            });
            const finished = count('SUCCEEDED') + count('FAILED') + count('TIMED-OUT');
            if (finished === 0) expect(actor.successRate).toBeNull();
            else expect(actor.successRate).toBeCloseTo(count('SUCCEEDED') / finished, 12);

            const withCost = runs.filter((r) => typeof r.usageTotalUsd === 'number');
            expect(actor.runsWithoutCost, actor.name).toBe(runs.length - withCost.length);
            expect(actor.isCostComplete).toBe(withCost.length === runs.length);
            const costCents = Math.round(withCost.reduce((sum, r) => sum + r.usageTotalUsd!, 0) * 100);
            expect(Math.round(actor.costUsd * 100), actor.name).toBe(costCents);

            const durations = runs
                .filter((r) => ['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED'].includes(r.status) && r.finishedAt)
                .map((r) => (Date.parse(r.finishedAt!) - Date.parse(r.startedAt)) / 1000)
                .sort((a, b) => a - b);
            const p50 = quantile(durations, 0.5);
            const p95 = quantile(durations, 0.95);
            if (p50 === null) expect(actor.durationSecs.p50).toBeNull();
            else expect(actor.durationSecs.p50!, actor.name).toBeCloseTo(p50, 3);
            if (p95 === null) expect(actor.durationSecs.p95).toBeNull();
            else expect(actor.durationSecs.p95!, actor.name).toBeCloseTo(p95, 3);
        }
    });

    it('fleet totals are the sums over the Actors, cost to the cent', () => {
        const all = report.actors.flatMap((a) => rawRunsInWindow(a.id));
        expect(report.fleet.runCount).toBe(all.length);
        expect(report.fleet.actorCount).toBe(report.actors.length);
        const cents = Math.round(all.reduce((sum, r) => sum + (r.usageTotalUsd ?? 0), 0) * 100);
        expect(Math.round(report.fleet.costUsd * 100)).toBe(cents);
        expect(report.fleet.runsWithoutCost).toBe(all.filter((r) => r.usageTotalUsd === null).length);
    });
});

// The ground truth is deterministic (scenario + seed): generated here to name one test per incident.
const GROUND_TRUTH = generateScenario('demo').groundTruth;
const MUST_FLAG = GROUND_TRUTH.incidents.filter((incident) => incident.shouldFlag);
const TRAPS = GROUND_TRUTH.incidents.filter((incident) => !incident.shouldFlag);

interface IncidentExpectation {
    expectedBy?: string[];
    expectedDecision?: Record<string, string>;
}

describe('demo scenario: ground truth', () => {
    it('the analysis saw the same ground truth', () => {
        expect(emulator.groundTruth).toEqual(GROUND_TRUTH);
        expect(MUST_FLAG.length).toBeGreaterThan(3);
        expect(TRAPS.length).toBeGreaterThan(0);
    });

    it.each(MUST_FLAG.map((incident) => [`${incident.kind} on ${incident.actorName}`, incident] as const))(
        '%s is flagged by the expected analyses with the expected decision',
        (_name, incident) => {
            const { expectedBy = [], expectedDecision = {} } = incident.detail as IncidentExpectation;
            const onActor = report.signals.filter((s) => s.actorId === incident.actorId);
            expect(
                onActor.some((s) => s.decision !== 'ignore'),
                'some act_now/monitor signal on the Actor',
            ).toBe(true);
            for (const source of expectedBy) {
                // The expectation is a decision (act_now / monitor) or a specialist verdict label
                // (releaseAction "halt", reviewPriority…): a signal of that source must carry it.
                const verdicts = onActor
                    .filter((s) => s.source === source)
                    .map((s) => [s.decision, ...Object.values(s.labels)]);
                const wanted = expectedDecision[source];
                const isMet = verdicts.some((values) => (wanted ? values.includes(wanted) : values[0] !== 'ignore'));
                expect(
                    isMet,
                    `${source} on ${incident.actorName}: wanted ${wanted ?? 'act_now or monitor'}, got ${JSON.stringify(verdicts)}`,
                ).toBe(true);
            }
        },
    );

    it.each(TRAPS.map((incident) => [`${incident.kind} on ${incident.actorName}`, incident] as const))(
        '%s (a trap) gets no reliability or trend alarm',
        (_name, incident) => {
            const alarms = report.signals.filter(
                (s) =>
                    s.actorId === incident.actorId &&
                    s.decision !== 'ignore' &&
                    (s.scoreImpact.component === 'reliability' || s.scoreImpact.component === 'trend'),
            );
            expect(alarms.map((s) => s.fingerprint)).toEqual([]);
        },
    );

    it('Actors without a planted incident get no act_now or monitor signal (no false alarms)', () => {
        const planted = new Set(GROUND_TRUTH.incidents.map((incident) => incident.actorId));
        const healthy = report.actors.filter((actor) => !planted.has(actor.id));
        expect(healthy.length).toBeGreaterThan(5);
        const alarms = report.signals.filter((s) => !planted.has(s.actorId) && s.decision !== 'ignore');
        expect(alarms.map((s) => `${s.actorName}: ${s.fingerprint} (${s.decision}) ${s.title}`)).toEqual([]);
    });

    it('the action plan puts a planted regression in "fix now"', () => {
        const regression = GROUND_TRUTH.incidents.find((i) => i.kind === 'regression-after-build');
        expect(regression).toBeDefined();
        expect(
            report.actionPlan.some((card) => card.bucket === 'fix-now' && card.actorId === regression!.actorId),
        ).toBe(true);
    });
});

describe('demo scenario: the headline and the plan say what the data says', () => {
    it('no A while fix-now cards exist; the attention line counts the Actors of those cards', () => {
        const fixNow = report.actionPlan.filter((card) => card.bucket === 'fix-now');
        expect(fixNow.length).toBeGreaterThan(0);
        expect(['C', 'D']).toContain(report.fleet.grade);
        expect(report.fleet.healthScore).toBeLessThanOrEqual(report.fleet.ceiling!);
        expect(report.fleet.attention.actorsNeedingActionNow).toBe(new Set(fixNow.map((c) => c.actorId)).size);
        expect(report.fleet.attention.summary).toMatch(/^\d+ of 25 Actors need action now · [\d.]+ % of runs · \$/);
    });

    it('fixing a fix-now card recovers points worth ranking by', () => {
        for (const card of report.actionPlan.filter((c) => c.bucket === 'fix-now')) {
            expect(card.impact.actorPoints, card.title).toBeGreaterThanOrEqual(20);
            expect(card.impact.points, card.title).toBeGreaterThanOrEqual(0.5);
        }
    });

    it('one card per problem: sources about the same problem share a card, README findings one checklist', () => {
        const cardOf = (kind: string) =>
            report.actionPlan.filter((c) => c.fingerprints.some((f) => f.includes(`:${kind}:`)));
        expect(cardOf('cost-data-incomplete')).toEqual(cardOf('cost-data-missing'));
        expect(cardOf('cost-data-incomplete')).toHaveLength(1);
        const halted = cardOf('release-verdict').find((c) => c.title.startsWith('Halt'))!;
        expect(halted.sources.sort()).toEqual(['core', 'release-gate']);
        const readmeCards = cardOf('readme-section-missing');
        expect(readmeCards.map((c) => c.kind)).toEqual(['checklist']);
        const fingerprints = report.actionPlan.flatMap((c) => c.fingerprints);
        expect(new Set(fingerprints).size).toBe(fingerprints.length);
        const active = report.signals.filter((s) => s.decision !== 'ignore');
        expect(fingerprints.sort()).toEqual(active.map((s) => s.fingerprint).sort());
        expect(report.actionPlan.length).toBeLessThan(active.length / 1.5);
    });

    it('documentation never ranks above a regression, a failing Store test, a halt or a cost spike', () => {
        const lastUrgent = Math.max(
            ...report.actionPlan
                .filter((c) =>
                    c.fingerprints.some((f) =>
                        /:(failure-rate-regression|store-test-risk|release-verdict|cost-spike):/.test(f),
                    ),
                )
                .map((c) => c.rank),
        );
        const firstChecklist = Math.min(...report.actionPlan.filter((c) => c.kind === 'checklist').map((c) => c.rank));
        expect(lastUrgent).toBeLessThan(firstChecklist);
    });
});
