/**
 * The day cache in chunk records: few record operations for a whole fleet, every Actor's
 * entry found again, other Actors' entries kept, the per-Actor layout read and cleaned up,
 * and broken records costing only a full collection of the Actors concerned.
 */
import { describe, expect, it } from 'vitest';
import {
    createTrendStoreDayCache,
    dayCacheChunkKey,
    dayCacheIndexKey,
    dayCacheKey,
} from '../../../../actor/engine/trend-store/day-cache.js';
import {
    assertValidRecordKey,
    createMemoryTrendStore,
    type TrendStoreAdapter,
} from '../../../../actor/engine/trend-store/trend-store-adapter.js';

type CountingStore = ReturnType<typeof createMemoryTrendStore> & {
    counts: { get: number; set: number; delete: number; list: number };
};

function createCountingStore(): CountingStore {
    const inner = createMemoryTrendStore();
    const counts = { get: 0, set: 0, delete: 0, list: 0 };
    const store: TrendStoreAdapter = {
        info: inner.info,
        listKeys: async (prefix) => {
            counts.list += 1;
            return inner.listKeys(prefix);
        },
        getJson: async (key) => {
            counts.get += 1;
            return inner.getJson(key);
        },
        setJson: async (key, value) => {
            counts.set += 1;
            return inner.setJson(key, value);
        },
        deleteRecord: async (key) => {
            counts.delete += 1;
            return inner.deleteRecord(key);
        },
    };
    return Object.assign(store, { records: inner.records, counts });
}

/** A stand-in entry of a given size (the day cache does not look inside entries). */
function entryOf(actorId: string, originsKey = '', padding = 1000): never {
    return { version: 1, actorId, originsKey, days: 'x'.repeat(padding) } as never;
}

const actorIds = Array.from({ length: 60 }, (_, i) => `actor${String(i).padStart(3, '0')}`);

describe('day cache chunks', () => {
    it('writes a fleet as a few chunks plus an index and reads every entry back with a few reads', async () => {
        const store = createCountingStore();
        const writer = createTrendStoreDayCache(store, {
            originsKey: '',
            isReadEnabled: true,
            chunkTargetBytes: 10_000,
        });
        for (const id of actorIds) await writer.put(entryOf(id));
        expect(store.counts.set).toBe(0);
        expect(await writer.flush()).toBe(60);
        const chunkKeys = [...store.records.keys()].filter((key) => key.includes('-CHUNK-')).sort();
        // ~1 KB entries, 10 KB chunks: 9 per chunk → 7 chunks, plus the index.
        expect(chunkKeys).toHaveLength(7);
        expect(store.records.has(dayCacheIndexKey(''))).toBe(true);
        expect(store.counts.set).toBe(8);

        store.counts.get = 0;
        const reader = createTrendStoreDayCache(store, { originsKey: '', isReadEnabled: true });
        const entries = await Promise.all(actorIds.map(async (id) => reader.get(id)));
        expect(entries.map((entry) => (entry as { actorId: string }).actorId)).toEqual(actorIds);
        expect(store.counts.get).toBe(1 + 7);
        expect(await reader.get('unknown-actor')).toBeUndefined();
        expect(store.counts.get).toBe(8);
    });

    it('keeps the entries of Actors this analysis did not collect, and removes chunks no longer used', async () => {
        const store = createCountingStore();
        const first = createTrendStoreDayCache(store, {
            originsKey: 'API',
            isReadEnabled: true,
            chunkTargetBytes: 5_000,
        });
        for (const id of actorIds) await first.put(entryOf(id, 'API'));
        await first.flush();
        const firstChunkCount = [...store.records.keys()].filter((key) => key.includes('-CHUNK-')).length;

        // A narrowed analysis: reads and re-collects ten Actors (one of them asked for but not collected).
        const second = createTrendStoreDayCache(store, {
            originsKey: 'API',
            isReadEnabled: true,
            chunkTargetBytes: 50_000,
        });
        for (const id of actorIds.slice(0, 11)) expect(await second.get(id)).toBeDefined();
        for (const id of actorIds.slice(0, 10))
            await second.put(Object.assign(entryOf(id, 'API', 10), { fresh: true }));
        expect(await second.flush()).toBe(10);
        const chunkKeys = [...store.records.keys()].filter((key) => key.includes('-CHUNK-'));
        expect(chunkKeys.length).toBeLessThan(firstChunkCount);
        expect(chunkKeys).toContain(dayCacheChunkKey('API', 0));

        const third = createTrendStoreDayCache(store, { originsKey: 'API', isReadEnabled: true });
        const entries = await Promise.all(
            actorIds.map(async (id) => third.get(id) as Promise<{ actorId: string; fresh?: boolean }>),
        );
        expect(entries.map((entry) => entry.actorId)).toEqual(actorIds);
        expect(entries.filter((entry) => entry.fresh).map((entry) => entry.actorId)).toEqual(actorIds.slice(0, 10));
    });

    it('reads the per-Actor layout of older versions and replaces it on flush', async () => {
        const store = createCountingStore();
        for (const id of actorIds.slice(0, 5)) await store.setJson(dayCacheKey('', id), entryOf(id));
        await store.setJson(dayCacheKey('API', 'other'), entryOf('other', 'API'));
        store.counts.set = 0;
        const cache = createTrendStoreDayCache(store, { originsKey: '', isReadEnabled: true });
        expect(((await cache.get(actorIds[0]!)) as { actorId: string }).actorId).toBe(actorIds[0]);
        // Not in the listing: no read.
        store.counts.get = 0;
        expect(await cache.get('never-cached')).toBeUndefined();
        expect(store.counts.get).toBe(0);
        for (const id of actorIds.slice(0, 5)) await cache.put(entryOf(id));
        await cache.flush();
        expect([...store.records.keys()].sort()).toEqual(
            [dayCacheKey('API', 'other'), dayCacheChunkKey('', 0), dayCacheIndexKey('')].sort(),
        );
    });

    it('broken or missing records cost a full collection of the Actors concerned, nothing else', async () => {
        const store = createCountingStore();
        const writer = createTrendStoreDayCache(store, {
            originsKey: '',
            isReadEnabled: true,
            chunkTargetBytes: 3_000,
        });
        for (const id of actorIds.slice(0, 6)) await writer.put(entryOf(id));
        await writer.flush();
        await store.setJson(dayCacheChunkKey('', 0), { garbage: true });
        await store.deleteRecord(dayCacheChunkKey('', 1));
        const reader = createTrendStoreDayCache(store, { originsKey: '', isReadEnabled: true });
        const found = await Promise.all(actorIds.slice(0, 6).map(async (id) => (await reader.get(id)) !== undefined));
        expect(found).toEqual([false, false, false, false, true, true]);

        await store.setJson(dayCacheIndexKey(''), { version: 99 });
        const afterBadIndex = createTrendStoreDayCache(store, { originsKey: '', isReadEnabled: true });
        expect(await afterBadIndex.get(actorIds[5]!)).toBeUndefined();
    });

    it('reads nothing when reading is disabled, and discard drops pending writes', async () => {
        const store = createCountingStore();
        const cache = createTrendStoreDayCache(store, { originsKey: '', isReadEnabled: false });
        await cache.put(entryOf('a'));
        expect(await cache.get('a')).toBeUndefined();
        expect(store.counts.get).toBe(0);
        cache.discard();
        expect(await cache.flush()).toBe(0);
        expect(store.records.size).toBe(0);
    });

    it('packs greedily in order up to the target; an oversized entry gets a chunk of its own', async () => {
        const store = createCountingStore();
        const cache = createTrendStoreDayCache(store, { originsKey: '', isReadEnabled: true, chunkTargetBytes: 2_500 });
        const sizes = [1000, 1000, 5000, 100, 100];
        for (const [i, size] of sizes.entries()) await cache.put(entryOf(`a${i}`, '', size));
        await cache.flush();
        const index = store.records.get(dayCacheIndexKey('')) as { chunks: { key: string; actorIds: string[] }[] };
        expect(index.chunks.map((chunk) => chunk.actorIds)).toEqual([['a0', 'a1'], ['a2'], ['a3', 'a4']]);
        for (const chunk of index.chunks) {
            expect(
                (store.records.get(chunk.key) as { entries: { actorId: string }[] }).entries.map((e) => e.actorId),
            ).toEqual(chunk.actorIds);
        }
    });

    it('a failed chunk write fails the flush before the index is written', async () => {
        const store = createCountingStore();
        const failing: TrendStoreAdapter = {
            ...store,
            setJsonText: async (key) => {
                throw new Error(`refused ${key}`);
            },
        };
        const cache = createTrendStoreDayCache(failing, {
            originsKey: '',
            isReadEnabled: true,
            chunkTargetBytes: 2_000,
        });
        for (const id of actorIds.slice(0, 10)) await cache.put(entryOf(id));
        await expect(cache.flush()).rejects.toThrow(/refused DAYS-all-CHUNK-/);
        expect(store.records.has(dayCacheIndexKey(''))).toBe(false);
    });
});

describe('trend stores', () => {
    it('day cache: reads by Actor and origins, buffers writes until flush, discard drops them', async () => {
        const store = createMemoryTrendStore();
        const cache = createTrendStoreDayCache(store, { originsKey: 'API,SCHEDULER', isReadEnabled: true });
        const entry = { actorId: 'abc', originsKey: 'API,SCHEDULER' } as never;
        await cache.put(entry);
        expect(cache.pendingCount).toBe(1);
        expect(store.records.size).toBe(0);
        expect(await cache.flush()).toBe(1);
        const key = dayCacheKey('API,SCHEDULER', 'abc');
        expect(key).toBe('DAYS-API.SCHEDULER-abc');
        assertValidRecordKey(key);
        expect(await cache.get('abc')).toEqual(entry);
        expect(dayCacheKey('', 'abc')).toBe('DAYS-all-abc');

        await cache.put({ actorId: 'def', originsKey: 'API,SCHEDULER' } as never);
        cache.discard();
        expect(await cache.flush()).toBe(0);
        const readDisabled = createTrendStoreDayCache(store, { originsKey: 'API,SCHEDULER', isReadEnabled: false });
        expect(await readDisabled.get('abc')).toBeUndefined();
    });
});
