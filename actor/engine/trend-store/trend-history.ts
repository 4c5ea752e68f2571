/**
 * Reading and writing history in a trend store: snapshots (found by key prefix, validated,
 * invalid ones skipped and counted), the ACKS record, and retention by age. The snapshot and
 * ACKS contracts live in shared/analysis; this file only moves them in and out of a store.
 */
import { ACKS_RECORD_KEY, parseAcksRecord, type AcksRecord } from '../../../shared/analysis/acknowledgements.js';
import {
    comparePreviousCandidates,
    compareWeeklyCandidates,
    rankBaselineCandidates,
    SNAPSHOT_KEY_PREFIX,
    parseSnapshotKeyTime,
    selectExpiredSnapshotKeys,
    snapshotSchema,
    type Snapshot,
    type StoredSnapshot,
} from '../../../shared/analysis/snapshot.js';
import type { TrendStoreAdapter } from './trend-store-adapter.js';
import { mapWithConcurrency } from '../map-with-concurrency.js';
import { MS_PER_DAY } from '../../../shared/metrics/day-periods.js';

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
    const horizonMs = nowMs - SNAPSHOT_READ_MAX_AGE_DAYS * MS_PER_DAY;
    const keys = (await store.listKeys(SNAPSHOT_KEY_PREFIX)).filter((key) => {
        const atMs = keyTimeMs(key);
        return !Number.isNaN(atMs) && atMs >= horizonMs && atMs < nowMs;
    });
    const snapshots: StoredSnapshot[] = [];
    const invalidKeys: string[] = [];
    await mapWithConcurrency(keys, SNAPSHOT_READ_CONCURRENCY, async (key) => {
        const parsed = snapshotSchema.safeParse(await store.getJson(key).catch(() => undefined));
        if (parsed.success) snapshots.push({ key, snapshot: parsed.data });
        else invalidKeys.push(key);
    });
    snapshots.sort((a, b) => a.key.localeCompare(b.key));
    return { snapshots, invalidKeys: invalidKeys.sort() };
}

/** A time span of the weekly trend, ISO `from` inclusive, `to` exclusive. */
export interface SnapshotWeek {
    from: string;
    to: string;
}

/**
 * The snapshots the report uses, reading only their records: the previous one (alerts), the
 * baseline (week-over-week deltas) and the newest of each trend week (weekly scores). Picked
 * by the time in the key, which is the snapshot's `generatedAt`; a record that turns out
 * invalid is skipped and that purpose's next candidate read, so pickPreviousSnapshot,
 * pickBaselineSnapshot and the weekly trend give what they would give over every snapshot.
 *
 * Why: a store with daily runs holds ~120 snapshots in the read horizon, each ~0.4 MB on a
 * 2,000-Actor fleet: ~50 MB read, validated and kept in memory to use 6 of them.
 */
export async function loadReportSnapshots(
    store: TrendStoreAdapter,
    nowIso: string,
    weeks: readonly SnapshotWeek[],
): Promise<LoadedSnapshots> {
    const nowMs = Date.parse(nowIso);
    const horizonMs = nowMs - SNAPSHOT_READ_MAX_AGE_DAYS * MS_PER_DAY;
    const candidates = (await store.listKeys(SNAPSHOT_KEY_PREFIX))
        .map((key) => ({ key, atMs: keyTimeMs(key) }))
        .filter(({ atMs }) => !Number.isNaN(atMs) && atMs >= horizonMs && atMs < nowMs);
    /** Candidate keys per purpose, in the order the pickers prefer them (the rules of shared/analysis/snapshot.ts). */
    const purposes: string[][] = [
        [...candidates].sort(comparePreviousCandidates).map((c) => c.key),
        rankBaselineCandidates(candidates, nowMs).map((c) => c.key),
        ...weeks.map((week) => {
            const fromMs = Date.parse(week.from);
            const toMs = Date.parse(week.to);
            return candidates
                .filter((c) => c.atMs >= fromMs && c.atMs < toMs)
                .sort(compareWeeklyCandidates)
                .map((c) => c.key);
        }),
    ];
    const results = new Map<string, Promise<Snapshot | null>>();
    const read = (key: string): Promise<Snapshot | null> => {
        let result = results.get(key);
        if (!result) {
            result = store
                .getJson(key)
                .catch(() => undefined)
                .then((raw) => {
                    const parsed = snapshotSchema.safeParse(raw);
                    return parsed.success ? parsed.data : null;
                });
            results.set(key, result);
        }
        return result;
    };
    await Promise.all(
        purposes.map(async (keys) => {
            for (const key of keys) if ((await read(key)) !== null) return;
        }),
    );
    const snapshots: StoredSnapshot[] = [];
    const invalidKeys: string[] = [];
    for (const [key, result] of results) {
        const snapshot = await result;
        if (snapshot) snapshots.push({ key, snapshot });
        else invalidKeys.push(key);
    }
    snapshots.sort((a, b) => a.key.localeCompare(b.key));
    return { snapshots, invalidKeys: invalidKeys.sort() };
}

export async function saveSnapshot(store: TrendStoreAdapter, key: string, snapshot: Snapshot): Promise<void> {
    await store.setJson(key, snapshotSchema.parse(snapshot));
}

/** Deletes snapshots older than the retention; returns the deleted keys. */
export async function pruneSnapshots(
    store: TrendStoreAdapter,
    nowIso: string,
    retentionDays: number,
): Promise<string[]> {
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
