/**
 * Named datasets and key-value stores modified while no run of the account was active. Runs
 * write their storages; a write with no run around it came from outside — the owner's script or
 * the Console, or someone else holding the token (data pushed or a record replaced).
 *
 * Inputs: the named storages with `modifiedAt` (the storage lists, a few requests), and the
 * runs of the whole window, every Actor the account ran — including other developers' Actors —
 * whose `[startedAt, finishedAt]` intervals (a run still going: until the judged end) count
 * as active, widened by `storageWriteGraceMillis`. Only writes in the judged period are judged,
 * and the caller lists the storages this product writes from outside a run (the trend store,
 * which the editor updates) in `ignoredStorageIds`.
 */
import type { Signal } from '../contracts/signals.js';
import { ACCOUNT_SCOPE_ID, buildActivitySignal } from './activity-signal.js';
import type { ActivityDetectionContext, DetectionResult } from './detection-context.js';
import type { NamedStorage, RunActivity } from './run-activity.js';

export const IDLE_STORAGE_WRITE_KIND = 'storage-modified-without-run';

export interface StorageWriteInput {
    storages: readonly NamedStorage[];
    /** Every run of the window (not only the judged ones): a long run may have started before. */
    windowRuns: readonly RunActivity[];
    ignoredStorageIds?: readonly string[];
}

/** Active intervals of the runs, widened by the grace, merged and sorted (millis). */
export function buildActiveIntervals(
    runs: readonly RunActivity[],
    endIso: string,
    graceMillis: number,
): [number, number][] {
    const intervals = runs
        .map((run): [number, number] => [
            Date.parse(run.startedAt) - graceMillis,
            Date.parse(run.finishedAt ?? endIso) + graceMillis,
        ])
        .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const interval of intervals) {
        const last = merged[merged.length - 1];
        if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
        else merged.push([...interval]);
    }
    return merged;
}

/** Binary search over merged intervals. */
export function isInsideIntervals(intervals: readonly [number, number][], millis: number): boolean {
    let low = 0;
    let high = intervals.length - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const [start, end] = intervals[middle]!;
        if (millis < start) high = middle - 1;
        else if (millis > end) low = middle + 1;
        else return true;
    }
    return false;
}

function storageSignal(storage: NamedStorage, context: ActivityDetectionContext): Signal {
    const label = storage.kind === 'dataset' ? 'Dataset' : 'Key-value store';
    return buildActivitySignal(
        {
            kind: IDLE_STORAGE_WRITE_KIND,
            scopeId: ACCOUNT_SCOPE_ID,
            scopeName: null,
            discriminators: [storage.id],
            severity: 'medium',
            decision: 'monitor',
            title: `${label} "${storage.name}" was modified while no run of the account was active`,
            detail:
                `${label} ${storage.name} (${storage.id}) was last modified at ${storage.modifiedAt}, when no run of ` +
                'the account was running. Writes from outside a run come from a script, the Console, or whoever holds the token.',
            metric: null,
            runs: [],
            extraNotes: [`${storage.kind} ${storage.id} "${storage.name}" modifiedAt ${storage.modifiedAt}`],
            ifYou: 'If it was you (a script or the Console), acknowledge it.',
            labels: { storageKind: storage.kind },
        },
        context.prior.salt,
    );
}

export function detectIdleStorageWrites(context: ActivityDetectionContext, input: StorageWriteInput): DetectionResult {
    const ignored = new Set(input.ignoredStorageIds ?? []);
    const fromMillis = Date.parse(context.judgedFrom);
    const throughMillis = Date.parse(context.judgedThrough);
    const intervals = buildActiveIntervals(
        input.windowRuns,
        context.judgedThrough,
        context.thresholds.storageWriteGraceMillis,
    );
    const signals = input.storages
        .filter((storage) => !ignored.has(storage.id))
        .filter((storage) => {
            const modified = Date.parse(storage.modifiedAt);
            return modified >= fromMillis && modified < throughMillis && !isInsideIntervals(intervals, modified);
        })
        .map((storage) => storageSignal(storage, context));
    return { signals, flaggedRunIds: [] };
}
