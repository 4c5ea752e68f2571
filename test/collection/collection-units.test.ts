/** Pure parts of the collection: name patterns, streaming aggregation, sampling, strategy, the minimum. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileActorNameMatcher } from '../../actor/engine/collection/name-patterns.js';
import {
    addRun,
    finaliseDay,
    MAX_CALLERS_PER_DAY,
    mergeRunsPartial,
    type RunsPartial,
} from '../../actor/engine/collection/run-aggregation.js';
import { chooseRunListStrategy, estimateMinimumRequests } from '../../actor/engine/collection/run-list-strategy.js';
import {
    compareBuildNumbers,
    selectSample,
    SAMPLE_BASELINE_DAYS,
    SAMPLE_MAX_RUNS_PER_ACTOR,
    SAMPLE_RECENT_DAYS,
    SAMPLE_TEST_DAYS,
} from '../../actor/engine/collection/sampling.js';
import { runListItemSchema, type RunListItem } from '../../actor/engine/collection/fleet-api.js';

describe('Actor name patterns', () => {
    it('matches username/name and the bare name, * as wildcard, exclude wins', () => {
        const m = compileActorNameMatcher(['*-scraper', 'jane/special'], ['old-*']);
        expect(m.matches('jane/web-scraper')).toBe(true);
        expect(m.matches('jane/special')).toBe(true);
        expect(m.matches('john/special')).toBe(false);
        expect(m.matches('jane/old-scraper')).toBe(false);
        expect(compileActorNameMatcher([], []).matches('any/thing')).toBe(true);
        expect(compileActorNameMatcher(['jane/*'], []).matches('jane/x')).toBe(true);
    });
    it('rejects invalid patterns naming them', () => {
        expect(() => compileActorNameMatcher(['a b'], [])).toThrow(/Include pattern "a b"/);
        expect(() => compileActorNameMatcher([], ['x/y/z'])).toThrow(/Exclude pattern "x\/y\/z"/);
        expect(() => compileActorNameMatcher([''], [])).toThrow(/not valid/);
    });
});

const STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED', 'RUNNING'] as const;
const runArbitrary = fc.record({
    n: fc.integer({ min: 0, max: 1_000_000 }),
    actor: fc.constantFrom('a1', 'a2'),
    minute: fc.integer({ min: 0, max: 3 * 1440 - 1 }),
    status: fc.constantFrom(...STATUSES),
    build: fc.constantFrom('0.0.1', '0.0.2', '0.0.10'),
    origin: fc.constantFrom('API', 'TEST', 'SCHEDULER'),
    usd: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
    durationSecs: fc.integer({ min: 0, max: 5000 }),
    clientIp: fc.constantFrom(null, '203.0.113.1', '203.0.113.2'),
    scheduleId: fc.constantFrom(null, 'schedule0000000A'),
});
type RawRun = typeof runArbitrary extends fc.Arbitrary<infer T> ? T : never;
function toItem(
    r: Omit<RawRun, 'clientIp' | 'scheduleId'> & Partial<Pick<RawRun, 'clientIp' | 'scheduleId'>>,
    i: number,
): RunListItem {
    const started = new Date(Date.UTC(2026, 0, 1) + r.minute * 60_000);
    return {
        id: `run-${i}-${r.n}`,
        actId: r.actor,
        status: r.status,
        startedAt: started.toISOString(),
        finishedAt: r.status === 'RUNNING' ? null : new Date(started.getTime() + r.durationSecs * 1000).toISOString(),
        buildNumber: r.build,
        meta: { origin: r.origin, clientIp: r.clientIp ?? null, scheduleId: r.scheduleId ?? null },
        actorTaskId: null,
        usageTotalUsd: r.usd,
        defaultDatasetId: `ds-${i}`,
    };
}
const filter = { fromIso: '2026-01-01T00:00:00.000Z', toIso: '2026-01-04T00:00:00.000Z', origins: new Set<string>() };

describe('streaming aggregation', () => {
    it('gives the same aggregates and sample whatever the page split and order', () => {
        fc.assert(
            fc.property(fc.array(runArbitrary, { maxLength: 80 }), fc.integer({ min: 1, max: 10 }), (raw, pageSize) => {
                const items = raw.map(toItem);
                const whole: RunsPartial = {};
                for (const item of items) addRun(whole, item, filter);
                const merged: RunsPartial = {};
                const pages: RunsPartial[] = [];
                for (let i = 0; i < items.length; i += pageSize) {
                    const page: RunsPartial = {};
                    for (const item of items.slice(i, i + pageSize)) addRun(page, item, filter);
                    pages.push(page);
                }
                for (const page of pages.reverse()) mergeRunsPartial(merged, page);
                const final = (p: RunsPartial) =>
                    Object.fromEntries(
                        Object.entries(p).map(([actor, days]) => [
                            actor,
                            {
                                days: Object.keys(days)
                                    .sort()
                                    .map((d) => finaliseDay(d, days[d]!, '2027-01-01T00:00:00.000Z')),
                                sample: selectSample(new Map(Object.entries(days).map(([d, v]) => [d, v.candidates]))),
                            },
                        ]),
                    );
                expect(final(merged)).toEqual(final(whole));
                for (const actor of Object.values(final(whole)))
                    expect(actor.sample.length).toBeLessThanOrEqual(SAMPLE_MAX_RUNS_PER_ACTOR);
            }),
            { numRuns: 200 },
        );
    });

    it('counts runs without cost apart and never as $0', () => {
        const partial: RunsPartial = {};
        addRun(
            partial,
            toItem(
                {
                    n: 1,
                    actor: 'a1',
                    minute: 10,
                    status: 'SUCCEEDED',
                    build: '0.0.1',
                    origin: 'API',
                    usd: null,
                    durationSecs: 5,
                },
                0,
            ),
            filter,
        );
        addRun(
            partial,
            toItem(
                {
                    n: 2,
                    actor: 'a1',
                    minute: 20,
                    status: 'SUCCEEDED',
                    build: '0.0.1',
                    origin: 'API',
                    usd: 0.1,
                    durationSecs: 5,
                },
                1,
            ),
            filter,
        );
        const day = finaliseDay('2026-01-01', partial.a1!['2026-01-01']!, '2027-01-01T00:00:00.000Z');
        expect(day.byBuild['0.0.1']).toMatchObject({ succeeded: 2, runsWithoutCost: 1, costUsd: 0.1 });
    });

    it('keeps who started the runs: one caller per origin, client, schedule and task, capped per day', () => {
        const partial: RunsPartial = {};
        const item = (i: number, meta: RunListItem['meta'], actorTaskId: string | null = null): RunListItem => ({
            id: `run-${i}`,
            actId: 'a1',
            status: 'SUCCEEDED',
            startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
            finishedAt: new Date(Date.UTC(2026, 0, 1, 0, i, 30)).toISOString(),
            buildNumber: '0.0.1',
            meta,
            actorTaskId,
            usageTotalUsd: 0.01,
            defaultDatasetId: null,
        });
        const scheduled = { origin: 'SCHEDULER', clientIp: null, userAgent: null, scheduleId: 'sch1' };
        for (let i = 0; i < 3; i++) addRun(partial, item(i, scheduled), filter);
        for (const i of [3, 4])
            addRun(partial, item(i, { origin: 'API', clientIp: '203.0.113.9', userAgent: 'curl/8' }, 'task1'), filter);
        // Many one-off clients: only the MAX_CALLERS_PER_DAY busiest are listed, the rest counted.
        for (let i = 0; i < MAX_CALLERS_PER_DAY + 5; i++)
            addRun(partial, item(10 + i, { origin: 'API', clientIp: `198.51.100.${i}` }), filter);
        const day = finaliseDay('2026-01-01', partial.a1!['2026-01-01']!, '2027-01-01T00:00:00.000Z');
        expect(day.callers).toHaveLength(MAX_CALLERS_PER_DAY);
        expect(day.callers![0]).toEqual({
            origin: 'SCHEDULER',
            clientIp: null,
            userAgent: null,
            scheduleId: 'sch1',
            actorTaskId: null,
            runs: 3,
            lastStartedAt: '2026-01-01T00:02:00.000Z',
        });
        expect(day.callers!.find((caller) => caller.actorTaskId === 'task1')).toMatchObject({
            origin: 'API',
            clientIp: '203.0.113.9',
            userAgent: 'curl/8',
            runs: 2,
        });
        const listed = day.callers!.reduce((sum, caller) => sum + caller.runs, 0);
        expect(listed + day.otherCallerRuns!).toBe(3 + 2 + MAX_CALLERS_PER_DAY + 5);
        expect(day.otherCallerRuns).toBe(7);
    });

    it('parses run meta leniently: an odd value loses only itself', () => {
        const parsed = runListItemSchema.parse({
            id: 'r1',
            actId: 'a1',
            status: 'SUCCEEDED',
            startedAt: '2026-01-01T00:00:00.000Z',
            meta: { origin: 'SCHEDULER', clientIp: 42, scheduleId: 'sch1', scheduledAt: 'not a date', extra: true },
            actorTaskId: { nope: 1 },
        });
        expect(parsed.meta).toEqual({ origin: 'SCHEDULER', clientIp: null, scheduleId: 'sch1', scheduledAt: null });
        expect(parsed.actorTaskId).toBeNull();
        expect(runListItemSchema.parse({ ...parsed, meta: 'broken' }).meta).toBeNull();
    });

    it('a day with a run in progress, or not over yet, is not complete', () => {
        const partial: RunsPartial = {};
        addRun(
            partial,
            toItem(
                {
                    n: 1,
                    actor: 'a1',
                    minute: 10,
                    status: 'RUNNING',
                    build: '0.0.1',
                    origin: 'API',
                    usd: 0,
                    durationSecs: 5,
                },
                0,
            ),
            filter,
        );
        expect(finaliseDay('2026-01-01', partial.a1!['2026-01-01']!, '2027-01-01T00:00:00.000Z').isComplete).toBe(
            false,
        );
        const done: RunsPartial = {};
        addRun(
            done,
            toItem(
                {
                    n: 1,
                    actor: 'a1',
                    minute: 10,
                    status: 'SUCCEEDED',
                    build: '0.0.1',
                    origin: 'API',
                    usd: 0,
                    durationSecs: 5,
                },
                0,
            ),
            filter,
        );
        expect(finaliseDay('2026-01-01', done.a1!['2026-01-01']!, '2026-01-01T20:00:00.000Z').isComplete).toBe(false);
        expect(finaliseDay('2026-01-01', done.a1!['2026-01-01']!, '2026-01-02T00:00:00.000Z').isComplete).toBe(true);
    });

    it('the sample takes the last run of each of the recent days', () => {
        const partial: RunsPartial = {};
        let i = 0;
        for (let day = 0; day < 3; day += 1) {
            for (const minute of [60, 600]) {
                addRun(
                    partial,
                    toItem(
                        {
                            n: i,
                            actor: 'a1',
                            minute: day * 1440 + minute,
                            status: 'SUCCEEDED',
                            build: '0.0.1',
                            origin: 'API',
                            usd: 0,
                            durationSecs: 5,
                        },
                        i,
                    ),
                    filter,
                );
                i += 1;
            }
        }
        const sample = selectSample(new Map(Object.entries(partial.a1!).map(([d, v]) => [d, v.candidates])));
        expect(sample.map((s) => s.ref.startedAt)).toEqual([
            '2026-01-03T10:00:00.000Z',
            '2026-01-02T10:00:00.000Z',
            '2026-01-01T10:00:00.000Z',
        ]);
        expect(SAMPLE_RECENT_DAYS).toBeGreaterThanOrEqual(3);
    });

    it('the quality baseline: the last SUCCEEDED non-TEST run of each of the 14 most recent days with one', () => {
        // 20 days; each day a success at 06:00, the Store's test at 12:00 and a failure at 18:00,
        // so the other rules (last run, failures, tests, builds) never pick the success.
        const days = 20;
        const wide = {
            fromIso: '2026-01-01T00:00:00.000Z',
            toIso: '2026-01-21T00:00:00.000Z',
            origins: new Set<string>(),
        };
        const partial: RunsPartial = {};
        let i = 0;
        for (let day = 0; day < days; day += 1) {
            for (const [minute, status, origin] of [
                [360, 'SUCCEEDED', 'API'],
                [720, 'SUCCEEDED', 'TEST'],
                [1080, 'FAILED', 'SCHEDULER'],
            ] as const) {
                addRun(
                    partial,
                    toItem(
                        {
                            n: i,
                            actor: 'a1',
                            minute: day * 1440 + minute,
                            status,
                            build: '0.0.1',
                            origin,
                            usd: 0,
                            durationSecs: 5,
                        },
                        i,
                    ),
                    wide,
                );
                i += 1;
            }
        }
        const sample = selectSample(new Map(Object.entries(partial.a1!).map(([d, v]) => [d, v.candidates])));
        const successes = sample.filter((s) => s.ref.status === 'SUCCEEDED' && s.ref.origin !== 'TEST');
        const expectedDays = Array.from({ length: SAMPLE_BASELINE_DAYS }, (_, k) =>
            new Date(Date.UTC(2026, 0, days - k, 6)).toISOString(),
        );
        expect(successes.map((s) => s.ref.startedAt)).toEqual(expectedDays);
        expect(successes.every((s) => s.reason === 'recent')).toBe(true);
        // Only the baseline picked them: dataset only, no run detail; the other rules' runs get theirs.
        expect(successes.every((s) => !s.detail)).toBe(true);
        expect(sample.filter((s) => !successes.includes(s)).every((s) => s.detail)).toBe(true);
        // The older days' successes stay out; TEST runs only by their own rule.
        expect(sample.filter((s) => s.ref.origin === 'TEST')).toHaveLength(SAMPLE_TEST_DAYS);
        expect(sample.filter((s) => s.ref.status === 'FAILED')).toHaveLength(SAMPLE_RECENT_DAYS);
        expect(sample.length).toBe(SAMPLE_BASELINE_DAYS + SAMPLE_TEST_DAYS + SAMPLE_RECENT_DAYS);

        // Day-anchored: one day later the baseline only gains the new day's success.
        const next: RunsPartial = structuredClone(partial);
        addRun(
            next,
            toItem(
                {
                    n: i,
                    actor: 'a1',
                    minute: days * 1440 + 360,
                    status: 'SUCCEEDED',
                    build: '0.0.1',
                    origin: 'API',
                    usd: 0,
                    durationSecs: 5,
                },
                i,
            ),
            { ...wide, fromIso: '2026-01-02T00:00:00.000Z', toIso: '2026-01-22T00:00:00.000Z' },
        );
        delete next.a1!['2026-01-01'];
        const later = selectSample(new Map(Object.entries(next.a1!).map(([d, v]) => [d, v.candidates])));
        const laterSuccesses = later
            .filter((s) => s.ref.status === 'SUCCEEDED' && s.ref.origin !== 'TEST')
            .map((s) => s.ref.id);
        const before = new Set(successes.map((s) => s.ref.id));
        expect(laterSuccesses.filter((id) => !before.has(id))).toHaveLength(1);
    });

    it('orders build numbers numerically', () => {
        expect(['0.0.10', '0.0.9', '0.1.0'].sort(compareBuildNumbers)).toEqual(['0.0.9', '0.0.10', '0.1.0']);
    });
});

describe('run list strategy and the minimum', () => {
    it('prefers the account-wide list when it needs no more pages than Actors to fetch', () => {
        expect(chooseRunListStrategy(0, null).kind).toBe('none');
        expect(chooseRunListStrategy(1, null).kind).toBe('per-actor');
        expect(chooseRunListStrategy(20, 7_000).kind).toBe('account-wide');
        expect(chooseRunListStrategy(3, 50_000).kind).toBe('per-actor');
    });
    it('estimates the fewest requests from the fleet shape', () => {
        const min = estimateMinimumRequests({
            ownedActorCount: 1500,
            accountRunsInWindow: 2500,
            actors: [
                {
                    runsInWindow: 2000,
                    totalBuilds: 5,
                    finishedRecentBuilds: 4,
                    sampledRuns: 10,
                    sampledDatasets: 6,
                    sampledDatasetsWithItems: 5,
                },
                {
                    runsInWindow: 0,
                    totalBuilds: 0,
                    finishedRecentBuilds: 0,
                    sampledRuns: 0,
                    sampledDatasets: 0,
                    sampledDatasetsWithItems: 0,
                },
            ],
        });
        // 2 actor pages + min(3, 2) run pages + (1 + 1 + 2 + 10 + 6 + 5) + 1
        expect(min).toBe(2 + 2 + 25 + 1);
    });
});
