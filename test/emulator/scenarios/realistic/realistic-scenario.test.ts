import { describe, expect, it } from 'vitest';
import { fixtureSchema } from '../../state/fixture-schema.js';
import { generateRealisticScenario } from './index.js';

const scenario = generateRealisticScenario(16001);
const truth = scenario.groundTruth;
const incident = (kind: string) => truth.incidents.find((i) => i.kind === kind)!;
type Rate = { runs: number; events: number; rate: number };

describe('realistic scenario family', () => {
    it('is a valid fixture of ~40 Actors, deterministic per seed, different across seeds', () => {
        expect(() => fixtureSchema.parse(scenario.fixture)).not.toThrow();
        expect(scenario.fixture.actors).toHaveLength(41);
        const again = generateRealisticScenario(16001);
        expect(again.fixture.runs.map((r) => r.id)).toEqual(scenario.fixture.runs.map((r) => r.id));
        expect(again.groundTruth).toEqual(truth);
        const other = generateRealisticScenario(16002);
        expect(other.fixture.runs.length).not.toBe(scenario.fixture.runs.length);
        // Every run's default dataset is listed, so the emulator serves its metadata.
        const datasetIds = new Set(scenario.fixture.datasets.map((d) => d.id));
        expect(scenario.fixture.runs.every((r) => datasetIds.has(r.defaultDatasetId))).toBe(true);
    });

    it('plants each incident with its measured numbers', () => {
        const creeping = truth.incidents.filter((i) => i.kind === 'creeping-failures');
        expect(creeping).toHaveLength(2);
        for (const entry of creeping) {
            const weeks = entry.measured.weeklyFailureRate as Rate[];
            // The ramp starts at 2 %; the first week averages ≈ 3.5 % plus Bernoulli noise.
            expect(weeks[0]!.rate).toBeLessThan(0.07);
            expect(weeks[3]!.rate).toBeGreaterThan(0.09);
            expect(weeks.every((w) => w.runs > 300)).toBe(true);
        }
        const timeouts = incident('rising-timeouts').measured.weeklyTimeoutShare as Rate[];
        expect(timeouts[3]!.rate).toBeGreaterThan(timeouts[0]!.rate * 2);
        const empty = incident('partial-empty-results').measured as { before: Rate; after: Rate };
        expect(empty.before.events).toBe(0);
        expect(empty.after.rate).toBeGreaterThan(0.2);
        const regression = incident('build-regression').measured as { before: Rate; after: Rate };
        expect(regression.after.rate).toBeGreaterThan(regression.before.rate + 0.1);
        const cost = incident('cost-per-run-increase').measured as Record<string, number>;
        expect(cost.medianCostPerRunAfter! / cost.medianCostPerRunBefore!).toBeGreaterThan(1.8);
        const outage = incident('shared-outage');
        expect(outage.actorIds).toHaveLength(5);
        for (const victim of outage.measured.failuresInOutage as Rate[]) expect(victim.rate).toBeGreaterThan(0.6);
    });

    it('sets the traps: flaky Actors run rarely, unused ones are private and silent, bumps keep their rate', () => {
        const trapsOf = (kind: string) => truth.traps.filter((t) => t.kind === kind);
        for (const trap of trapsOf('low-volume-flaky')) expect((trap.measured as Rate).runs).toBeLessThan(20);
        for (const trap of trapsOf('unused-private')) {
            const actor = scenario.fixture.actors.find((a) => a.id === trap.actorId)!;
            expect(actor.isPublic).toBe(false);
            const ageDays = (Date.parse(truth.now) - Date.parse(trap.measured.lastRunAt as string)) / 86_400_000;
            expect(ageDays).toBeGreaterThan(14);
        }
        for (const trap of trapsOf('version-bump')) {
            const { before, after } = trap.measured as { before: Rate; after: Rate };
            expect(after.runs).toBeGreaterThan(40);
            expect(Math.abs(after.rate - before.rate)).toBeLessThan(0.05);
        }
        for (const trap of trapsOf('expensive-one-off')) {
            const { expensiveRunUsd, medianRunUsd } = trap.measured as Record<string, number>;
            expect(expensiveRunUsd! / medianRunUsd!).toBeGreaterThan(10);
        }
    });
});
