import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSystemTrendStore } from '../../../../actor/engine/trend-store/file-system-trend-store.js';

describe('trend stores', () => {
    const directories: string[] = [];
    afterEach(async () => {
        for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
    });

    it('file system store: prefix listing, JSON round trip, delete, SDK layout', async () => {
        const storageDir = await mkdtemp(join(tmpdir(), 'trend-store-'));
        directories.push(storageDir);
        const store = createFileSystemTrendStore(storageDir, 'my-trends');
        expect(await store.listKeys('SNAPSHOT-')).toEqual([]);
        await store.setJson('SNAPSHOT-b', { n: 2 });
        await store.setJson('SNAPSHOT-a', { n: 1 });
        await store.setJson('ACKS', { acks: {} });
        expect(await store.listKeys('SNAPSHOT-')).toEqual(['SNAPSHOT-a', 'SNAPSHOT-b']);
        expect(await store.getJson('SNAPSHOT-b')).toEqual({ n: 2 });
        expect(await store.getJson('missing')).toBeUndefined();
        await store.deleteRecord('SNAPSHOT-a');
        await store.deleteRecord('SNAPSHOT-a');
        expect((await readdir(join(storageDir, 'key_value_stores', 'my-trends'))).sort()).toEqual([
            'ACKS.json',
            'SNAPSHOT-b.json',
        ]);
        await expect(store.setJson('bad key/with slash', {})).rejects.toThrow(/not a valid key-value store key/);
    });
});
