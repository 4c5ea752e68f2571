import { describe, expect, it } from 'vitest';
import { packChunks, writeChunks } from '../../../../actor/engine/trend-store/day-cache-chunks.js';
import { dayCacheChunkKey } from '../../../../actor/engine/trend-store/day-cache-layout.js';
import { createMemoryTrendStore } from '../../../../actor/engine/trend-store/trend-store-adapter.js';

const entry = (actorId: string, size: number): { actorId: string; pad: string } => ({ actorId, pad: 'x'.repeat(size) });

describe('packChunks', () => {
    it('packs in order up to the target, gives an oversized entry its own chunk and skips non-entries', () => {
        const chunks = [
            ...packChunks([entry('a', 40), entry('b', 40), 'not an entry', entry('c', 500), entry('d', 10)], 150),
        ];
        expect(chunks.map((c) => c.actorIds)).toEqual([['a', 'b'], ['c'], ['d']]);
        expect(JSON.parse(chunks[0]!.text)).toEqual({ version: 1, entries: [entry('a', 40), entry('b', 40)] });
    });

    it('serialises lazily: an entry is read only when its chunk is asked for', () => {
        let reads = 0;
        function* entries(): Generator<unknown> {
            for (const id of ['a', 'b', 'c']) {
                reads += 1;
                yield entry(id, 100);
            }
        }
        const chunks = packChunks(entries(), 50);
        expect(chunks.next().value?.actorIds).toEqual(['a']);
        expect(reads).toBe(2);
    });
});

describe('writeChunks', () => {
    it('writes numbered chunk records and returns the index naming them', async () => {
        const store = createMemoryTrendStore();
        const index = await writeChunks(store, { originsKey: '', targetBytes: 100 }, [entry('a', 80), entry('b', 80)]);
        expect(index.chunks).toEqual([
            { key: dayCacheChunkKey('', 0), actorIds: ['a'] },
            { key: dayCacheChunkKey('', 1), actorIds: ['b'] },
        ]);
        expect(store.records.get(dayCacheChunkKey('', 1))).toEqual({ version: 1, entries: [entry('b', 80)] });
    });

    it('throws the first failed write after every write settled', async () => {
        const store = createMemoryTrendStore();
        const written: string[] = [];
        const failing = {
            ...store,
            setJsonText: async (key: string) => {
                if (key.endsWith('0000')) throw new Error('quota');
                written.push(key);
            },
        };
        await expect(
            writeChunks(failing, { originsKey: '', targetBytes: 10 }, [entry('a', 20), entry('b', 20)]),
        ).rejects.toThrow('quota');
        expect(written).toEqual([dayCacheChunkKey('', 1)]);
    });
});
