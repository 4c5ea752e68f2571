/**
 * The in-memory state's run index against a brute-force filter: every combination of
 * Actor, statuses, startedAfter/startedBefore (inclusive), desc, offset and limit gives the
 * same page and `total`. Plus the clock and upserts of new and finished runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RUN_STATUSES, type RunFixture } from './state/fixture-schema.js';
import { createMemoryState } from './state/memory-state.js';
import { buildSmallFleetFixture } from './test-support/small-fleet-fixture.js';

function bruteForce(
    runs: readonly RunFixture[],
    filter: {
        actId?: string;
        statuses?: string[];
        after?: number;
        before?: number;
        desc: boolean;
        offset: number;
        limit: number;
    },
) {
    const matching = runs
        .filter((run) => filter.actId === undefined || run.actId === filter.actId)
        .filter((run) => !filter.statuses || filter.statuses.length === 0 || filter.statuses.includes(run.status))
        .filter((run) => filter.after === undefined || Date.parse(run.startedAt) >= filter.after)
        .filter((run) => filter.before === undefined || Date.parse(run.startedAt) <= filter.before)
        .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : 1));
    if (filter.desc) matching.reverse();
    return {
        total: matching.length,
        ids: matching.slice(filter.offset, filter.offset + filter.limit).map((run) => run.id),
    };
}

describe('memory state', () => {
    const fixture = buildSmallFleetFixture();
    const state = createMemoryState(fixture, { isClockFlowing: false });
    const first = Date.parse(fixture.runs[0]!.startedAt);
    const last = Date.parse(fixture.runs[fixture.runs.length - 1]!.startedAt);

    it('lists runs exactly like a brute-force filter', () => {
        fc.assert(
            fc.property(
                fc.record({
                    actId: fc.constantFrom(undefined, 'actBusy0000000001', 'actQuiet000000001'),
                    statuses: fc.option(fc.subarray([...RUN_STATUSES]), { nil: undefined }),
                    after: fc.option(fc.integer({ min: first - 3_600_000, max: last + 3_600_000 }), { nil: undefined }),
                    before: fc.option(fc.integer({ min: first - 3_600_000, max: last + 3_600_000 }), {
                        nil: undefined,
                    }),
                    desc: fc.boolean(),
                    offset: fc.integer({ min: 0, max: 1300 }),
                    limit: fc.integer({ min: 0, max: 1000 }),
                }),
                (filter) => {
                    const page = state.listRuns({
                        actId: filter.actId,
                        statuses: filter.statuses,
                        startedAfter: filter.after === undefined ? undefined : new Date(filter.after).toISOString(),
                        startedBefore: filter.before === undefined ? undefined : new Date(filter.before).toISOString(),
                        desc: filter.desc,
                        offset: filter.offset,
                        limit: filter.limit,
                    });
                    const expected = bruteForce(fixture.runs, filter);
                    expect(page.total).toBe(expected.total);
                    expect(page.items.map((run) => run.id)).toEqual(expected.ids);
                },
            ),
            { numRuns: 300 },
        );
    });

    it('keeps the indexes right when runs are inserted, finished and moved', () => {
        const local = createMemoryState(buildSmallFleetFixture(), { isClockFlowing: false });
        const template = local.getRun('run00010')!;
        local.insertRun({
            ...template,
            id: 'runNew',
            status: 'RUNNING',
            finishedAt: null,
            startedAt: '2025-05-31T23:59:00.000Z',
        });
        expect(local.lastRun('actBusy0000000001')?.id).toBe('runNew');
        expect(local.listRuns({ statuses: ['RUNNING'], offset: 0, limit: 10 }).items.map((run) => run.id)).toEqual([
            'runNew',
        ]);
        // An upsert of a known id updates in place (a RUNNING run that has now finished).
        local.insertRun({
            ...template,
            id: 'runNew',
            status: 'SUCCEEDED',
            finishedAt: '2025-06-01T00:01:00.000Z',
            startedAt: '2025-05-31T23:59:00.000Z',
        });
        expect(local.listRuns({ statuses: ['RUNNING'], offset: 0, limit: 10 }).total).toBe(0);
        local.updateRun('runNew', { startedAt: '2020-01-01T00:00:00.000Z' });
        expect(local.listRuns({ actId: 'actBusy0000000001', offset: 0, limit: 1 }).items[0]?.id).toBe('runNew');
        expect(local.listRuns({ offset: 0, limit: 0 }).total).toBe(fixture.runs.length + 1);
    });

    it('advances a controllable clock and tells listeners the period', () => {
        const local = createMemoryState(buildSmallFleetFixture(), { isClockFlowing: false });
        const periods: Array<[string, string]> = [];
        local.clock.onAdvance((from, to) => periods.push([from.toISOString(), to.toISOString()]));
        local.clock.advance(24 * 3600 * 1000);
        expect(periods).toEqual([['2025-06-01T00:00:00.000Z', '2025-06-02T00:00:00.000Z']]);
        expect(local.clock.now().toISOString()).toBe('2025-06-02T00:00:00.000Z');
        expect(() => local.clock.advance(-1)).toThrow(/only moves forward/);
    });

    it('resolves Actors and storages by id, username~name and ~name', () => {
        expect(state.resolveActor('tester~busy-scraper')?.id).toBe('actBusy0000000001');
        expect(state.resolveActor('~busy-scraper')?.id).toBe('actBusy0000000001');
        expect(state.resolveActor('someone-else~busy-scraper')).toBeUndefined();
        expect(state.getDataset('~shared-results')?.id).toBe('dsNamed0000000001');
        expect(state.getKeyValueStore('tester~fleet-analytics-trends')?.id).toBe('kvNamed0000000001');
    });

    it('indexes 300,000 runs and pages through a window without scanning', () => {
        const base = buildSmallFleetFixture();
        const template = base.runs[0]!;
        const runCount = 300_000;
        const startMillis = Date.parse('2025-01-01T00:00:00.000Z');
        base.runs = Array.from({ length: runCount }, (_, index) => ({
            ...template,
            id: `r${index}`,
            actId: index % 2 === 0 ? 'actBusy0000000001' : 'actQuiet000000001',
            // Shuffled order on input: the index sorts once.
            startedAt: new Date(startMillis + ((index * 7919) % runCount) * 10_000).toISOString(),
        }));
        const loadStartedAt = performance.now();
        const big = createMemoryState(base, { isClockFlowing: false });
        console.log(`indexed ${runCount} runs in ${Math.round(performance.now() - loadStartedAt)} ms`);
        const windowStart = new Date(startMillis + 1000 * 10_000).toISOString();
        const windowEnd = new Date(startMillis + 2999 * 10_000).toISOString();
        const page = big.listRuns({ startedAfter: windowStart, startedBefore: windowEnd, offset: 0, limit: 1000 });
        expect(page.total).toBe(2000);
        expect(page.items[0]?.startedAt).toBe(windowStart);
        const lastPage = big.listRuns({ actId: 'actQuiet000000001', desc: true, offset: 0, limit: 3 });
        expect(lastPage.total).toBe(runCount / 2);
    });
});
