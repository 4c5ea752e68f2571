import { describe, expect, it } from 'vitest';
import {
    assembleActors,
    assembleFleetData,
    missingPermissionsOf,
} from '../../../../actor/engine/collection/assemble-fleet-data.js';
import type { ActorProfileResult } from '../../../../actor/engine/collection/collect-actor.js';
import type { FleetApi } from '../../../../actor/engine/collection/fleet-api.js';
import { FLEET_DATA_SCHEMA_VERSION } from '../../../../shared/contracts/fleet-data.js';
import { actorDaysOf, actorListItem, runListItem } from '../../../support/collection-items.js';

const nowIso = '2026-01-10T00:00:00.000Z';
const items = [actorListItem('a'), actorListItem('b')];
const days = new Map(
    items.map((i) => [i.id, actorDaysOf(i.id, [runListItem('r', i.id, '2026-01-02T10:00:00.000Z')], nowIso)]),
);
function profile(id: string): ActorProfileResult {
    return {
        actor: { id } as never,
        metadataFromDetail: false,
        builds: null,
        missing: [{ part: 'builds', reason: 'no', permission: 'Actor builds: Read' }],
    };
}
const samples = items.map((item) => ({
    item,
    sample: [],
    cached: undefined,
    result: {
        sampledRuns: [],
        missing: [{ part: 'datasets' as const, reason: 'no', permission: 'Datasets: Read' as const }],
    },
}));
const cache = {
    window: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z' },
    windowFromDay: '2026-01-01',
    windowToDay: '2026-01-08',
    originsKey: '',
    nowIso,
};

describe('assembleActors', () => {
    it('lists missing parts runs first, then profile, then sample; writes no cache entry where runs are forbidden', () => {
        const { actors, cacheWrites } = assembleActors({
            samples,
            profiles: new Map(items.map((i) => [i.id, profile(i.id)])),
            daysByActor: days,
            runsForbidden: new Set(['b']),
            cache,
        });
        expect(actors.map((a) => a.missing.map((m) => m.part))).toEqual([
            ['builds', 'datasets'],
            ['runs', 'builds', 'datasets'],
        ]);
        expect(actors[0]!.builds).toEqual({ latest: null, previous: null });
        expect(actors[0]!.days).toEqual(days.get('a')!.map((d) => d.aggregate));
        expect(cacheWrites.map((e) => e.actorId)).toEqual(['a']);
        const noCache = assembleActors({
            samples,
            profiles: new Map(items.map((i) => [i.id, profile(i.id)])),
            daysByActor: days,
            runsForbidden: new Set(),
            cache: null,
        });
        expect(noCache.cacheWrites).toEqual([]);
    });

    it('fails loudly when a profile is missing', () => {
        expect(() =>
            assembleActors({ samples, profiles: new Map(), daysByActor: days, runsForbidden: new Set(), cache: null }),
        ).toThrow('no result for Actor a');
    });
});

describe('missingPermissionsOf / assembleFleetData', () => {
    it('names each missing permission once, in the permission list order', () => {
        const { actors } = assembleActors({
            samples,
            profiles: new Map(items.map((i) => [i.id, profile(i.id)])),
            daysByActor: days,
            runsForbidden: new Set(),
            cache: null,
        });
        const extra = ['Actor runs: Read' as const];
        const missing = missingPermissionsOf(actors, extra);
        expect(new Set(missing)).toEqual(new Set(['Actor runs: Read', 'Actor builds: Read', 'Datasets: Read']));
        expect(missingPermissionsOf(actors, [...extra].reverse())).toEqual(missing);
    });

    it('copies the request counts and says why there is no strategy when the Actors could not be listed', () => {
        const api = { totalRequests: 3, requestsByKind: { 'actors-list': 3 } } as unknown as FleetApi;
        const data = assembleFleetData(api, {
            accountUsername: null,
            window: cache.window,
            origins: [],
            actors: [],
            missingPermissions: [],
            skipped: [],
            facts: null,
        });
        expect(data.schemaVersion).toBe(FLEET_DATA_SCHEMA_VERSION);
        expect(data.collection).toMatchObject({
            apiRequests: 3,
            requestsByKind: { 'actors-list': 3 },
            reusedDays: 0,
            fetchedDays: 0,
            runListStrategy: 'none',
            runListStrategyReason: 'The Actors could not be listed.',
        });
        expect(data.collection.requestsByKind).not.toBe(api.requestsByKind);
    });
});
