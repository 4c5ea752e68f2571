/**
 * The trend store for local runs (`npm start`, the CLI, the extension's local mode): a
 * directory of `<key>.json` files, the same layout the Apify SDK uses for a named local
 * key-value store (`<storageDir>/key_value_stores/<name>/`), so `apify run` and this code see
 * the same history.
 */
import { mkdir, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { assertValidRecordKey, type TrendStoreAdapter } from './trend-store-adapter.js';
import { DAY_CACHE_KEY_PREFIX } from './day-cache.js';

export function createFileSystemTrendStore(
    storageDir: string,
    name: string,
): TrendStoreAdapter & { directory: string } {
    const directory = join(storageDir, 'key_value_stores', name);
    const pathOf = (key: string): string => join(directory, `${key}.json`);
    const writeText = async (key: string, text: string): Promise<void> => {
        assertValidRecordKey(key);
        await mkdir(directory, { recursive: true });
        // Write-then-rename: a crash mid-write never leaves a half snapshot behind.
        const temporaryPath = `${pathOf(key)}.${process.pid}.tmp`;
        await writeFile(temporaryPath, `${text}\n`);
        await rename(temporaryPath, pathOf(key));
    };
    return {
        info: { name, mode: 'local', note: null },
        directory,
        listKeys: async (prefix) => {
            let names: string[];
            try {
                names = await readdir(directory);
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
                throw error;
            }
            return names
                .filter((n) => n.endsWith('.json') && !n.endsWith('.__metadata__.json'))
                .map((n) => n.slice(0, -'.json'.length))
                .filter((key) => key.startsWith(prefix))
                .sort();
        },
        getJson: async (key) => {
            assertValidRecordKey(key);
            try {
                return JSON.parse(await readFile(pathOf(key), 'utf8'));
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
                throw error;
            }
        },
        setJson: async (key, value) => {
            // Snapshots and ACKS are indented for people; the day cache is megabytes for machines.
            await writeText(
                key,
                key.startsWith(DAY_CACHE_KEY_PREFIX) ? JSON.stringify(value) : JSON.stringify(value, null, 2),
            );
        },
        setJsonText: async (key, jsonText) => {
            await writeText(key, jsonText);
        },
        deleteRecord: async (key) => {
            assertValidRecordKey(key);
            await rm(pathOf(key), { force: true });
        },
    };
}
