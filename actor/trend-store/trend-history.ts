/**
 * Reading and writing history in a trend store: snapshots (found by key prefix, validated,
 * invalid ones skipped and counted), the ACKS record, and retention by age. The snapshot and
 * ACKS contracts live in shared/analysis; this file only moves them in and out of a store.
 */
import { ACKS_RECORD_KEY, parseAcksRecord, type AcksRecord } from '../../shared/analysis/acknowledgements.js';
import {
    SNAPSHOT_KEY_PREFIX, parseSnapshotKeyTime, selectExpiredSnapshotKeys, snapshotSchema, type Snapshot, type StoredSnapshot,
} from '../../shared/analysis/snapshot.js';
import type { TrendStoreAdapter } from './trend-store-adapter.js';

/** Snapshots older than the longest useful look-back are never read: bounds the reads. */
const SNAPSHOT_READ_MAX_AGE_DAYS = 120;
const SNAPSHOT_READ_CONCURRENCY = 10;

export interface LoadedSnapshots {
    snapshots: StoredSnapshot[];
    /** Keys whose record did not match the snapshot contract (skipped, reported). */
    invalidKeys: string[];
}

function keyTimeMs(key: string): number {
    const at = parseSnapshotKeyTime(key);
    return at === null ? Number.NaN : Date.parse(at);
}

/** Snapshots written before `now` within the read horizon, oldest first. */
export async function loadSnapshots(store: TrendStoreAdapter, nowIso: string): Promise<LoadedSnapshots> {
    const nowMs = Date.parse(nowIso);
    const horizonMs = nowMs - SNAPSHOT_READ_MAX_AGE_DAYS * 86_400_000;
    const keys = (await store.listKeys(SNAPSHOT_KEY_PREFIX)).filter((key) => {
        const atMs = keyTimeMs(key);
        return !Number.isNaN(atMs) && atMs >= horizonMs && atMs < nowMs;
    });
    const snapshots: StoredSnapshot[] = [];
    const invalidKeys: string[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
        while (next < keys.length) {
            const key = keys[next]!;
            next += 1;
            const parsed = snapshotSchema.safeParse(await store.getJson(key).catch(() => undefined));
            if (parsed.success) snapshots.push({ key, snapshot: parsed.data });
            else invalidKeys.push(key);
        }
    };
    await Promise.all(Array.from({ length: Math.min(SNAPSHOT_READ_CONCURRENCY, keys.length) }, lane));
    snapshots.sort((a, b) => a.key.localeCompare(b.key));
    return { snapshots, invalidKeys: invalidKeys.sort() };
}

export async function saveSnapshot(store: TrendStoreAdapter, key: string, snapshot: Snapshot): Promise<void> {
    await store.setJson(key, snapshotSchema.parse(snapshot));
}

/** Deletes snapshots older than the retention; returns the deleted keys. */
export async function pruneSnapshots(store: TrendStoreAdapter, nowIso: string, retentionDays: number): Promise<string[]> {
    const expired = selectExpiredSnapshotKeys(await store.listKeys(SNAPSHOT_KEY_PREFIX), nowIso, retentionDays);
    for (const key of expired) await store.deleteRecord(key);
    return expired;
}

export interface LoadedAcks {
    acks: AcksRecord | null;
    /** Why ACKS was ignored (malformed), or null. */
    error: string | null;
}

export async function loadAcks(store: TrendStoreAdapter): Promise<LoadedAcks> {
    let raw: unknown;
    try {
        raw = await store.getJson(ACKS_RECORD_KEY);
    } catch (error) {
        return { acks: null, error: `ACKS could not be read (${(error as Error).message}).` };
    }
    if (raw === undefined) return { acks: null, error: null };
    return parseAcksRecord(raw);
}
