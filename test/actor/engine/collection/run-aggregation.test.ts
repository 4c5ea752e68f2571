import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    addRun,
    finaliseDay,
    MAX_CALLERS_PER_DAY,
    mergeRunsPartial,
    type RunsPartial,
} from '../../../../actor/engine/collection/run-aggregation.js';
import { selectSample, SAMPLE_MAX_RUNS_PER_ACTOR } from '../../../../actor/engine/collection/sampling.js';
import type { RunListItem } from '../../../../actor/engine/collection/fleet-api.js';
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
