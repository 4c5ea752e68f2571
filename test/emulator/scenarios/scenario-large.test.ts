/**
 * The L scenario (2,000 Actors, ≈1 M runs in 28 days) takes seconds and most of a GB, so
 * it runs only on request: FLEET_TEST_L=1 npx vitest run test/emulator/scenarios/scenario-large.test.ts
 * Speed and memory are measured by measure-scenario.ts, not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { generateScenario, INCIDENT_KINDS } from './index.js';

const DAY_MILLIS = 86_400_000;

describe.skipIf(process.env.FLEET_TEST_L !== '1')('L scenario (opt-in)', () => {
    it('has 2,000 Actors, about 1 M runs in 28 days, every incident kind, and lazy datasets', () => {
        const scenario = generateScenario('L');
        expect(scenario.fixture.actors).toHaveLength(2000);
        const nowMs = Date.parse(scenario.fixture.now);
        let inWindow = 0;
        for (const run of scenario.fixture.runs) if (Date.parse(run.startedAt) >= nowMs - 28 * DAY_MILLIS) inWindow++;
        expect(inWindow).toBeGreaterThan(850_000);
        expect(inWindow).toBeLessThan(1_150_000);
        expect(scenario.fixture.datasets.length).toBeLessThan(10);
        const kinds = new Set(scenario.groundTruth.incidents.map((incident) => incident.kind));
        expect([...kinds].sort()).toEqual([...INCIDENT_KINDS].sort());
        const run = scenario.fixture.runs[scenario.fixture.runs.length >> 1]!;
        expect(scenario.resolveRunDataset(run.defaultDatasetId)?.actRunId).toBe(run.id);
        const nextHour = scenario.runsBetween(new Date(nowMs), new Date(nowMs + 3_600_000));
        expect(nextHour.length).toBeGreaterThan(1000);
    }, 120_000);
});
