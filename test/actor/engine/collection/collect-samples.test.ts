import { describe, expect, it } from 'vitest';
import { ACTOR_CACHE_VERSION, type ActorCacheEntry } from '../../../../actor/engine/collection/collection-cache.js';
import { assembleActorDays, sampleUnits } from '../../../../actor/engine/collection/collect-samples.js';
import { selectSample } from '../../../../actor/engine/collection/sampling.js';
import { actorDaysOf, actorListItem, runListItem, runsPartialOf } from '../../../support/collection-items.js';

const nowIso = '2026-01-10T00:00:00.000Z';
const runs = [
    runListItem('a1', 'a', '2026-01-01T10:00:00.000Z'),
    runListItem('a2', 'a', '2026-01-02T10:00:00.000Z', { status: 'FAILED' }),
    runListItem('a3', 'a', '2026-01-04T10:00:00.000Z'),
    runListItem('b1', 'b', '2026-01-03T10:00:00.000Z'),
];
const selected = [actorListItem('a'), actorListItem('b')];

function cacheOf(actorId: string, completeThrough: string): ActorCacheEntry {
    return {
        version: ACTOR_CACHE_VERSION,
        actorId,
        originsKey: '',
        coveredFrom: '2026-01-01',
        completeThrough,
        days: actorDaysOf(actorId, runs, nowIso).filter((d) => d.aggregate.day < completeThrough),
        runDetails: {},
        runDatasets: {},
        metadata: null,
        builds: null,
    };
}

describe('assembleActorDays', () => {
    it('joins cached days before the first fetched instant with the fetched ones, in day order', () => {
        const fetchFromIso = new Map([
            ['a', '2026-01-03T00:00:00.000Z'],
            ['b', '2026-01-01T00:00:00.000Z'],
        ]);
        const fetched = runsPartialOf(runs.filter((r) => r.actId === 'b' || r.startedAt >= '2026-01-03'));
        const result = assembleActorDays({
            selected,
            caches: new Map([['a', cacheOf('a', '2026-01-03')]]),
            plan: { fetchFromIso, needsRuns: selected },
            runs: fetched,
            runsForbidden: new Set(),
            windowFromDay: '2026-01-01',
            nowIso,
        });
        expect(result.daysByActor.get('a')).toEqual(actorDaysOf('a', runs, nowIso));
        expect(result.daysByActor.get('b')).toEqual(actorDaysOf('b', runs, nowIso));
        expect([result.reusedDays, result.fetchedDays]).toEqual([2, 2]);
        // Consumed: each Actor's partials are dropped once its days are built.
        expect(fetched).toEqual({});
    });

    it('gives an Actor whose runs are forbidden no days', () => {
        const result = assembleActorDays({
            selected,
            caches: new Map([['a', cacheOf('a', '2026-01-03')]]),
            plan: { fetchFromIso: new Map(selected.map((s) => [s.id, '2026-01-01T00:00:00.000Z'])), needsRuns: [] },
            runs: runsPartialOf(runs),
            runsForbidden: new Set(['a']),
            windowFromDay: '2026-01-01',
            nowIso,
        });
        expect(result.daysByActor.get('a')).toEqual([]);
        expect(result.daysByActor.get('b')).toHaveLength(1);
    });
});

describe('sampleUnits', () => {
    it('draws each Actor sample from its days, with a unit id stable per window and origins', () => {
        const daysByActor = new Map(selected.map((s) => [s.id, actorDaysOf(s.id, runs, nowIso)]));
        const units = sampleUnits({
            selected,
            caches: new Map(),
            daysByActor,
            runsForbidden: new Set(['b']),
            unitKey: 'K',
        });
        expect(units.map((u) => u.id)).toEqual(['actor:a:K', 'actor:b:K']);
        const expected = selectSample(new Map(daysByActor.get('a')!.map((d) => [d.aggregate.day, d.candidates])));
        expect(expected.length).toBeGreaterThan(0);
        expect(units[0]!.payload.sample).toEqual(expected);
        expect(units[1]!.payload.sample).toEqual([]);
    });
});
