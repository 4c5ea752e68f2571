/**
 * The activity watch: one of the orchestrator's own (`core`) checks, kept apart from the
 * per-Actor core checks because it needs state: the baseline stored in the trend store.
 * (A specialist would get only FleetData, in runs mode only a shard of it, and could neither
 * read the baseline nor see an incident that spans Actors.)
 *
 * One call: take the stored baseline (or learn one from the window on the first analysis),
 * judge the runs of the last `judgedLookbackDays` against it, then learn the window — except the
 * flagged runs, which stay out of the baseline until the owner acknowledges them, so a signal
 * stays in the report for the whole lookback instead of teaching the baseline that it is normal.
 * Until the baseline spans `minLearningDays`, the watch is learning and reports nothing.
 */
import type { AnalysisWindow } from '../contracts/fleet-data.js';
import type { Signal } from '../contracts/signals.js';
import { createEmptyActivityBaseline, type ActivityBaseline } from './activity-baseline.js';
import { resolveActivityThresholds, type ActivityThresholds } from './activity-thresholds.js';
import type { ActivityDetectionContext } from './detection-context.js';
import { detectBursts } from './detect-bursts.js';
import { detectDormantStarts } from './detect-dormant-start.js';
import { detectIdleStorageWrites } from './detect-idle-storage-writes.js';
import { detectNewClients } from './detect-new-clients.js';
import { detectOriginChanges } from './detect-origin-change.js';
import { floorToHourMillis, learnActivityBaseline, toCanonicalInstant } from './learn-activity-baseline.js';
import {
    DEFAULT_ACTIVITY_RETENTION,
    pruneActivityBaseline,
    type ActivityRetention,
} from './prune-activity-baseline.js';
import type { NamedStorage, RunActivity } from './run-activity.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

export interface ActivityWatchInput {
    /** The stored baseline; null on the first analysis (or when the stored one was unreadable). */
    baseline: ActivityBaseline | null;
    /** Salt for a new baseline (see createBaselineSalt); ignored when a baseline exists. */
    newSalt: string;
    /** Every run of the window, of every Actor the account ran. */
    runs: readonly RunActivity[];
    window: AnalysisWindow;
    /** Named datasets and key-value stores; absent: the storage check is skipped. */
    storages?: readonly NamedStorage[];
    ignoredStorageIds?: readonly string[];
    actorNames?: Readonly<Record<string, string>>;
    thresholds?: Partial<ActivityThresholds>;
    retention?: ActivityRetention;
}

export interface ActivityWatchResult {
    mode: 'learning' | 'watching';
    signals: Signal[];
    /** To store in the trend store for the next analysis. */
    baseline: ActivityBaseline;
    judgedFrom: string;
    judgedThrough: string;
}

function bySignalFingerprint(a: Signal, b: Signal): number {
    return a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}

function detectAll(context: ActivityDetectionContext, input: ActivityWatchInput) {
    const bursts = detectBursts(context);
    const results = [
        bursts,
        detectNewClients(context, new Set(bursts.flaggedRunIds)),
        detectDormantStarts(context),
        detectOriginChanges(context),
        ...(input.storages
            ? [detectIdleStorageWrites(context, { ...input, storages: input.storages, windowRuns: input.runs })]
            : []),
    ];
    const byFingerprint = new Map<string, Signal>();
    for (const signal of results.flatMap((result) => result.signals))
        if (!byFingerprint.has(signal.fingerprint)) byFingerprint.set(signal.fingerprint, signal);
    return {
        signals: [...byFingerprint.values()].sort(bySignalFingerprint),
        flaggedRunIds: new Set(results.flatMap((result) => result.flaggedRunIds)),
    };
}

/** Runs with UTC instants, so hours and days are cut the same way everywhere. */
function withCanonicalInstants(runs: readonly RunActivity[]): RunActivity[] {
    return runs.map((run) => ({
        ...run,
        startedAt: toCanonicalInstant(run.startedAt),
        finishedAt: run.finishedAt === null ? null : toCanonicalInstant(run.finishedAt),
    }));
}

export function watchActivity(rawInput: ActivityWatchInput): ActivityWatchResult {
    const input = { ...rawInput, runs: withCanonicalInstants(rawInput.runs) };
    const thresholds = resolveActivityThresholds(input.thresholds);
    const throughMillis = floorToHourMillis(input.window.to);
    const judgedThrough = new Date(throughMillis).toISOString();
    const judgedFromMillis = Math.max(
        Date.parse(input.window.from),
        throughMillis - thresholds.judgedLookbackDays * MS_PER_DAY,
    );
    const judgedFrom = new Date(judgedFromMillis).toISOString();
    // First analysis: what lies before the judged period is the baseline to judge it against.
    const prior =
        input.baseline ??
        learnActivityBaseline(createEmptyActivityBaseline(input.newSalt), input.runs, { through: judgedFrom });
    const judged = input.runs
        .filter((run) => {
            const started = Date.parse(run.startedAt);
            return started >= judgedFromMillis && started < throughMillis;
        })
        .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.runId < b.runId ? -1 : 1));
    const account = prior.account;
    const isMature =
        account !== null &&
        judgedFromMillis - Date.parse(account.firstSeenAt) >= thresholds.minLearningDays * MS_PER_DAY;
    const names = input.actorNames ?? {};
    const context: ActivityDetectionContext | null = isMature
        ? { prior, account, judged, judgedFrom, judgedThrough, thresholds, actorName: (id) => names[id] ?? null }
        : null;
    const detected = context ? detectAll(context, input) : { signals: [], flaggedRunIds: new Set<string>() };
    const learned = learnActivityBaseline(prior, input.runs, {
        through: judgedThrough,
        excludedRunIds: detected.flaggedRunIds,
    });
    return {
        mode: context ? 'watching' : 'learning',
        signals: detected.signals,
        baseline: pruneActivityBaseline(learned, judgedThrough, input.retention ?? DEFAULT_ACTIVITY_RETENTION),
        judgedFrom,
        judgedThrough,
    };
}
