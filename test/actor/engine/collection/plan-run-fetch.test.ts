import { describe, expect, it } from 'vitest';
import { ACTOR_CACHE_VERSION, type ActorCacheEntry } from '../../../../actor/engine/collection/collection-cache.js';
import { planRunFetch, readCachedEntries } from '../../../../actor/engine/collection/plan-run-fetch.js';
import { actorListItem } from '../../../support/collection-items.js';

function entry(actorId: string, overrides: Partial<ActorCacheEntry> = {}): ActorCacheEntry {
    return {
        version: ACTOR_CACHE_VERSION,
        actorId,
        originsKey: '',
        coveredFrom: '2026-01-01',
        completeThrough: '2026-01-05',
        days: [],
        runDetails: {},
        runDatasets: {},
        metadata: null,
        builds: null,
        ...overrides,
    };
}

const windowDays = { windowFromDay: '2026-01-03', windowToDay: '2026-01-08', windowToIso: '2026-01-08T00:00:00.000Z' };

describe('readCachedEntries', () => {
    it('keeps entries that cover the window start, of the same origins filter, and reads nothing without a cache', async () => {
        const stored = new Map<string, unknown>([
            ['a', entry('a')],
            ['b', entry('b', { coveredFrom: '2026-01-04' })],
            ['c', entry('c', { completeThrough: '2026-01-03' })],
            ['d', entry('d', { originsKey: 'API' })],
            ['e', { not: 'an entry' }],
        ]);
        const reads: string[] = [];
        const dayCache = {
            get: async (id: string) => (reads.push(id), stored.get(id)),
            put: async () => undefined,
        };
        const selected = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => actorListItem(id));
        const caches = await readCachedEntries({ dayCache, selected, originsKey: '', windowFromDay: '2026-01-03' });
        expect([...caches.keys()]).toEqual(['a']);
        expect(reads.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
        const none = await readCachedEntries({
            dayCache: undefined,
            selected,
            originsKey: '',
            windowFromDay: '2026-01-03',
        });
        expect(none.size).toBe(0);
    });
});

describe('planRunFetch', () => {
    it('fetches from the first uncovered day and skips Actors without runs since then', () => {
        const selected = [
            actorListItem('cached', {
                stats: { totalRuns: 9, totalBuilds: 1, lastRunStartedAt: '2026-01-06T08:00:00.000Z' },
            }),
            actorListItem('fresh'),
            actorListItem('never-ran', { stats: { totalRuns: 0, totalBuilds: 1, lastRunStartedAt: null } }),
            actorListItem('quiet', {
                stats: { totalRuns: 5, totalBuilds: 1, lastRunStartedAt: '2026-01-04T10:00:00.000Z' },
            }),
            actorListItem('no-stats', { stats: null }),
            actorListItem('fully-cached'),
        ];
        const caches = new Map([
            ['cached', entry('cached')],
            ['quiet', entry('quiet')],
            ['fully-cached', entry('fully-cached', { completeThrough: '2026-01-09' })],
        ]);
        const plan = planRunFetch({ selected, caches, ...windowDays });
        expect(Object.fromEntries(plan.fetchFromIso)).toEqual({
            cached: '2026-01-05T00:00:00.000Z',
            fresh: '2026-01-03T00:00:00.000Z',
            'never-ran': '2026-01-03T00:00:00.000Z',
            quiet: '2026-01-05T00:00:00.000Z',
            'no-stats': '2026-01-03T00:00:00.000Z',
            'fully-cached': '2026-01-08T00:00:00.000Z',
        });
        expect(plan.needsRuns.map((item) => item.id)).toEqual(['cached', 'fresh', 'no-stats']);
    });
});
