import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    addRun,
    finaliseDay,
    mergeRunsPartial,
    type RunsPartial,
} from '../../../../actor/engine/collection/run-aggregation.js';
import { selectSample, SAMPLE_MAX_RUNS_PER_ACTOR } from '../../../../actor/engine/collection/sampling.js';
import { filter, runArbitrary, toItem } from '../../../support/run-list-arbitrary.js';

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
});
