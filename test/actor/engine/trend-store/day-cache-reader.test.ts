import { describe, expect, it } from 'vitest';
import {
    dayCacheChunkKey,
    dayCacheIndexKey,
    dayCacheKey,
    isLegacyDayCacheKey,
} from '../../../../actor/engine/trend-store/day-cache-layout.js';
import { DayCacheReader } from '../../../../actor/engine/trend-store/day-cache-reader.js';
import { createMemoryTrendStore } from '../../../../actor/engine/trend-store/trend-store-adapter.js';

function storeWithIndex(): ReturnType<typeof createMemoryTrendStore> {
    const store = createMemoryTrendStore();
    store.records.set(dayCacheIndexKey(''), {
        version: 1,
        chunks: [
            { key: dayCacheChunkKey('', 0), actorIds: ['a', 'b'] },
            { key: dayCacheChunkKey('', 1), actorIds: ['c'] },
        ],
    });
    store.records.set(dayCacheChunkKey('', 0), { version: 1, entries: [{ actorId: 'a' }, { actorId: 'b' }] });
    store.records.set(dayCacheChunkKey('', 1), { version: 2, entries: [{ actorId: 'c' }] });
    return store;
}

describe('DayCacheReader', () => {
    it('hands each entry out once; a chunk that does not parse reads as empty', async () => {
        const reader = new DayCacheReader(storeWithIndex(), '');
        expect(await reader.readEntry('a')).toEqual({ actorId: 'a' });
        expect(await reader.readEntry('a')).toBeUndefined();
        expect(await reader.readEntry('c')).toBeUndefined();
        expect(await reader.readEntry('unknown')).toBeUndefined();
    });

    it('carries over the entries not replaced, reading again a chunk whose entry was handed out', async () => {
        const reader = new DayCacheReader(storeWithIndex(), '');
        expect(await reader.readEntry('b')).toEqual({ actorId: 'b' });
        const index = await reader.readIndex();
        expect(await reader.readCarryOver(index, new Set(['a']), 2)).toEqual([{ actorId: 'b' }]);
        expect(await reader.readCarryOver(null, new Set(), 2)).toEqual([]);
    });

    it('reads the per-Actor layout when there is no index', async () => {
        const store = createMemoryTrendStore();
        store.records.set(dayCacheKey('API', 'a'), { actorId: 'a' });
        store.records.set(dayCacheChunkKey('API', 0), { version: 1, entries: [] });
        const reader = new DayCacheReader(store, 'API');
        expect(await reader.readEntry('a')).toEqual({ actorId: 'a' });
        expect(await reader.readEntry('b')).toBeUndefined();
        expect([...(await reader.listLegacyKeys())]).toEqual([dayCacheKey('API', 'a')]);
        expect(isLegacyDayCacheKey('API', dayCacheIndexKey('API'))).toBe(false);
    });
});
