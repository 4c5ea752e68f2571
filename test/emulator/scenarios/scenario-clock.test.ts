import { describe, expect, it } from 'vitest';
import type { RunFixture } from '../state/fixture-schema.js';
import { generateScenario } from './index.js';

const DAY_MILLIS = 86_400_000;
const HOUR_MILLIS = 3_600_000;
const demo = generateScenario('demo');
const now = new Date(demo.fixture.now);
const at = (offsetMs: number): Date => new Date(now.getTime() + offsetMs);
const TERMINAL = ['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED'];
const actorIdOf = (name: string): string => demo.fixture.actors.find((actor) => actor.name === name)!.id;

describe('runsBetween: advancing the clock', () => {
    const nextDay = demo.runsBetween(now, at(DAY_MILLIS));
    const fixtureIds = new Set(demo.fixture.runs.map((run) => run.id));

    it('adds one day of runs without duplicates and finishes the runs that were in progress', () => {
        const ids = nextDay.map((run) => run.id);
        expect(new Set(ids).size).toBe(ids.length);
        const inProgress = demo.fixture.runs.filter((run) => run.status === 'RUNNING' || run.status === 'READY');
        expect(inProgress.length).toBeGreaterThan(0);
        for (const run of inProgress) {
            const finished = nextDay.find((candidate) => candidate.id === run.id);
            expect(finished, run.id).toBeDefined();
            expect(TERMINAL).toContain(finished!.status);
            expect(finished!.startedAt).toBe(run.startedAt);
            expect(Date.parse(finished!.finishedAt!)).toBeLessThanOrEqual(at(DAY_MILLIS).getTime());
        }
        const known = nextDay.filter((run) => fixtureIds.has(run.id));
        expect(known.map((run) => run.id).sort()).toEqual(inProgress.map((run) => run.id).sort());
        const fresh = nextDay.filter((run) => !fixtureIds.has(run.id));
        for (const run of fresh) {
            expect(Date.parse(run.startedAt)).toBeGreaterThan(now.getTime());
            expect(Date.parse(run.startedAt)).toBeLessThanOrEqual(at(DAY_MILLIS).getTime());
        }
        // About a day of the demo's ≈ 250 runs per day.
        expect(fresh.length).toBeGreaterThan(180);
        expect(fresh.length).toBeLessThan(330);
    });

    it('gives the same runs whether the day is advanced at once or in two halves', () => {
        const halves = [
            ...demo.runsBetween(now, at(12 * HOUR_MILLIS)),
            ...demo.runsBetween(at(12 * HOUR_MILLIS), at(DAY_MILLIS)),
        ];
        const latestById = new Map<string, RunFixture>();
        for (const run of halves) latestById.set(run.id, run);
        expect(new Set(latestById.keys())).toEqual(new Set(nextDay.map((run) => run.id)));
        for (const run of nextDay) expect(latestById.get(run.id)).toEqual(run);
    });

    it('reproduces the fixture for a period before now', () => {
        const lastDay = demo
            .runsBetween(at(-DAY_MILLIS), now)
            .filter((run) => Date.parse(run.startedAt) > now.getTime() - DAY_MILLIS);
        const expected = demo.fixture.runs.filter((run) => Date.parse(run.startedAt) > now.getTime() - DAY_MILLIS);
        expect(lastDay.map((run) => run.id).sort()).toEqual(expected.map((run) => run.id).sort());
        const byId = new Map(expected.map((run) => [run.id, run]));
        for (const run of lastDay) expect(run).toEqual(byId.get(run.id));
    });

    it('keeps the incidents going and derives datasets of the new runs', () => {
        const fresh = nextDay.filter((run) => !fixtureIds.has(run.id));
        const regression = fresh.filter(
            (run) => run.actId === actorIdOf('product-price-tracker') && run.finishedAt !== null,
        );
        expect(regression.length).toBeGreaterThan(30);
        expect(regression.filter((run) => run.status === 'FAILED').length / regression.length).toBeGreaterThan(0.12);
        expect(fresh.filter((run) => run.actId === actorIdOf('legacy-rss-poller'))).toEqual([]);
        const memoryRuns = fresh.filter(
            (run) => run.actId === actorIdOf('pdf-to-text-converter') && run.finishedAt !== null,
        );
        expect(memoryRuns.every((run) => run.stats.memMaxBytes! <= 0.15 * 4096 * 1_048_576)).toBe(true);
        for (const run of fresh.slice(0, 50)) {
            const dataset = demo.resolveRunDataset(run.defaultDatasetId);
            expect(dataset?.actRunId).toBe(run.id);
        }
    });

    it('returns nothing for an empty or reversed interval', () => {
        expect(demo.runsBetween(now, now)).toEqual([]);
        expect(demo.runsBetween(at(DAY_MILLIS), now)).toEqual([]);
    });
});
