/**
 * Runs the watch the way the orchestrator will: a baseline learned from 35 days of a quiet,
 * seeded account and stored, then the next analysis a day later with the planted runs added.
 */
import type { RunActivity, NamedStorage } from '../run-activity.js';
import { createEmptyActivityBaseline } from '../activity-baseline.js';
import { learnActivityBaseline } from '../learn-activity-baseline.js';
import { watchActivity, type ActivityWatchResult } from '../watch-activity.js';
import { generateQuietAccount, HISTORY_END, isoAt, SALT, WATCH_END } from './activity-fixtures.js';
import { MS_PER_DAY } from '../../metrics/day-periods.js';

export interface HarnessOptions {
    seed?: number;
    historyDays?: number;
    /** Quiet runs on the watched day too (default: yes). */
    quietWatchedDay?: boolean;
    storages?: NamedStorage[];
    extraHistory?: RunActivity[];
}

export function watchAfterQuietHistory(planted: RunActivity[], options: HarnessOptions = {}): ActivityWatchResult {
    const seed = options.seed ?? 1;
    const history = [...generateQuietAccount(seed, options.historyDays ?? 35), ...(options.extraHistory ?? [])];
    const stored = learnActivityBaseline(createEmptyActivityBaseline(SALT), history, { through: HISTORY_END });
    const watchedDay = options.quietWatchedDay === false ? [] : generateQuietAccount(seed + 1000, 1, WATCH_END);
    const runs = [...history, ...watchedDay, ...planted];
    return watchActivity({
        baseline: stored,
        newSalt: SALT,
        runs,
        window: { from: isoAt(WATCH_END, -28 * MS_PER_DAY), to: WATCH_END },
        ...(options.storages ? { storages: options.storages } : {}),
    });
}

/** The kinds of the signals, sorted: what most assertions compare. */
export function kindsOf(result: ActivityWatchResult): string[] {
    return result.signals.map((signal) => signal.kind).sort();
}
