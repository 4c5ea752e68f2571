/**
 * Streaming aggregation of run list items into per-Actor, per-UTC-day partials. A list page is
 * folded in and dropped: the collection never holds run objects, only counters, the durations
 * the percentiles need, and a handful of run references per day (the sample candidates).
 *
 * Partials are plain JSON (a resumable runner persists them) and merge associatively and
 * commutatively: money is summed in integer nano-dollars and durations are sorted when
 * finalised, so the result does not depend on the order pages arrive in, on the list strategy,
 * or on whether a day came from the cache. That is what makes incremental == full exact.
 */
import type { DayAggregate, RunCaller, RunGroupStats } from '../../../shared/contracts/fleet-data.js';
import { IN_PROGRESS_STATUSES, TERMINAL_STATUSES } from '../../../shared/contracts/fleet-data.js';
import type { RunListItem } from './fleet-api.js';
import { MS_PER_DAY } from '../../../shared/metrics/day-periods.js';

/** How many failed run ids a day keeps as evidence for signals. */
export const FAILED_RUN_IDS_PER_DAY = 3;
const NANOS_PER_USD = 1e9;
/** Build key for runs whose list item carries no build number. */
export const UNKNOWN_BUILD = 'unknown';
/**
 * Distinct callers a day's aggregate keeps (most runs first); the rest are counted in
 * `otherCallerRuns`. A day of an Actor is started by a handful of schedules, tasks and clients;
 * the cap only bounds an Actor called from many addresses.
 */
export const MAX_CALLERS_PER_DAY = 20;

/** The fields of a run the sample and the evidence need, kept instead of the whole run. */
export interface RunRef {
    id: string;
    status: string;
    origin: string;
    startedAt: string;
    finishedAt: string | null;
    buildNumber: string | null;
    usageTotalUsd: number | null;
    defaultDatasetId: string | null;
    /** Who started it (absent in cache entries written before they were kept). */
    actorTaskId?: string | null;
    clientIp?: string | null;
    userAgent?: string | null;
    scheduleId?: string | null;
    scheduledAt?: string | null;
}

/** A caller's runs of one day, keyed by `callerKeyOf`. */
export interface CallerPartial {
    caller: Omit<RunCaller, 'runs' | 'lastStartedAt'>;
    runs: number;
    lastStartedAt: string;
}

export interface GroupPartial {
    succeeded: number;
    failed: number;
    timedOut: number;
    aborted: number;
    inProgress: number;
    costNanoUsd: number;
    runsWithoutCost: number;
    durationsSecs: number[];
}

/** Per-day candidates from which the sample is drawn (terminal runs only: details are final). */
export interface DayCandidates {
    lastRun: RunRef | null;
    lastFailure: RunRef | null;
    lastTest: RunRef | null;
    /** Last SUCCEEDED run not started by the Store's test (the data-quality baseline). */
    lastSuccess: RunRef | null;
    lastByBuild: Record<string, RunRef>;
}

export interface DayPartial {
    byBuild: Record<string, GroupPartial>;
    byOrigin: Record<string, number>;
    lastStartedAt: string | null;
    lastSucceededAt: string | null;
    /** Most recent first, at most FAILED_RUN_IDS_PER_DAY. */
    recentFailed: Array<{ id: string; startedAt: string }>;
    candidates: DayCandidates;
    /** Every distinct caller of the day (capped only when finalised, so merging stays exact). */
    callers: Record<string, CallerPartial>;
}

/** actorId → day → partial. */
export type RunsPartial = Record<string, Record<string, DayPartial>>;

const TERMINAL = new Set<string>(TERMINAL_STATUSES);
const IN_PROGRESS = new Set<string>(IN_PROGRESS_STATUSES);
const FAILURE = new Set(['FAILED', 'TIMED-OUT']);

export function dayOf(iso: string): string {
    return iso.slice(0, 10);
}

/** Newer first; equal start times are ordered by id so every collector picks the same run. */
export function isNewer(a: { startedAt: string; id: string }, b: { startedAt: string; id: string } | null): boolean {
    if (b === null) return true;
    if (a.startedAt !== b.startedAt) return a.startedAt > b.startedAt;
    return a.id > b.id;
}

function newer(a: RunRef | null, b: RunRef | null): RunRef | null {
    if (a === null) return b;
    return isNewer(a, b) ? a : b;
}

function maxIso(a: string | null, b: string | null): string | null {
    if (a === null) return b;
    if (b === null) return a;
    return a > b ? a : b;
}

function emptyGroup(): GroupPartial {
    return {
        succeeded: 0,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        inProgress: 0,
        costNanoUsd: 0,
        runsWithoutCost: 0,
        durationsSecs: [],
    };
}

function emptyDay(): DayPartial {
    return {
        byBuild: {},
        byOrigin: {},
        lastStartedAt: null,
        lastSucceededAt: null,
        recentFailed: [],
        candidates: { lastRun: null, lastFailure: null, lastTest: null, lastSuccess: null, lastByBuild: {} },
        callers: {},
    };
}

function callerOf(run: RunListItem, origin: string): CallerPartial['caller'] {
    return {
        origin,
        clientIp: run.meta?.clientIp ?? null,
        userAgent: run.meta?.userAgent ?? null,
        scheduleId: run.meta?.scheduleId ?? null,
        actorTaskId: run.actorTaskId ?? null,
    };
}

function callerKeyOf(caller: CallerPartial['caller']): string {
    return JSON.stringify([caller.origin, caller.clientIp, caller.userAgent, caller.scheduleId, caller.actorTaskId]);
}

function addCaller(callers: Record<string, CallerPartial>, entry: CallerPartial): void {
    const key = callerKeyOf(entry.caller);
    const existing = callers[key];
    if (existing === undefined) callers[key] = { ...entry, caller: { ...entry.caller } };
    else {
        existing.runs += entry.runs;
        if (entry.lastStartedAt > existing.lastStartedAt) existing.lastStartedAt = entry.lastStartedAt;
    }
}

function toRef(run: RunListItem, origin: string): RunRef {
    return {
        id: run.id,
        status: run.status,
        origin,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        buildNumber: run.buildNumber,
        usageTotalUsd: run.usageTotalUsd ?? null,
        defaultDatasetId: run.defaultDatasetId,
        actorTaskId: run.actorTaskId ?? null,
        clientIp: run.meta?.clientIp ?? null,
        userAgent: run.meta?.userAgent ?? null,
        scheduleId: run.meta?.scheduleId ?? null,
        scheduledAt: run.meta?.scheduledAt ?? null,
    };
}

export interface AddRunFilter {
    /** Window and per-Actor "fetch from" instant: runs outside are ignored. */
    fromIso: string;
    toIso: string;
    /** Empty = every origin. */
    origins: ReadonlySet<string>;
}

/**
 * Folds one run list item into the partial. Returns false when the run is outside the
 * filter (another window part, another origin, a status this version does not know).
 */
export function addRun(partial: RunsPartial, run: RunListItem, filter: AddRunFilter): boolean {
    if (run.startedAt < filter.fromIso || run.startedAt >= filter.toIso) return false;
    const origin = run.meta?.origin ?? 'UNKNOWN';
    if (filter.origins.size > 0 && !filter.origins.has(origin)) return false;
    if (!TERMINAL.has(run.status) && !IN_PROGRESS.has(run.status)) return false;

    const days = (partial[run.actId] ??= {});
    const day = (days[dayOf(run.startedAt)] ??= emptyDay());
    const buildKey = run.buildNumber ?? UNKNOWN_BUILD;
    const group = (day.byBuild[buildKey] ??= emptyGroup());

    switch (run.status) {
        case 'SUCCEEDED':
            group.succeeded += 1;
            break;
        case 'FAILED':
            group.failed += 1;
            break;
        case 'TIMED-OUT':
            group.timedOut += 1;
            break;
        case 'ABORTED':
            group.aborted += 1;
            break;
        default:
            group.inProgress += 1;
    }
    if (typeof run.usageTotalUsd === 'number' && run.usageTotalUsd >= 0) {
        group.costNanoUsd += Math.round(run.usageTotalUsd * NANOS_PER_USD);
    } else {
        group.runsWithoutCost += 1;
    }
    day.byOrigin[origin] = (day.byOrigin[origin] ?? 0) + 1;
    day.lastStartedAt = maxIso(day.lastStartedAt, run.startedAt);
    addCaller((day.callers ??= {}), { caller: callerOf(run, origin), runs: 1, lastStartedAt: run.startedAt });

    if (!TERMINAL.has(run.status)) return true;
    if (run.finishedAt !== null) {
        const durationMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
        if (durationMs >= 0) group.durationsSecs.push(durationMs / 1000);
    }
    if (run.status === 'SUCCEEDED') day.lastSucceededAt = maxIso(day.lastSucceededAt, run.startedAt);
    const ref = toRef(run, origin);
    const candidates = day.candidates;
    candidates.lastRun = newer(ref, candidates.lastRun);
    if (FAILURE.has(run.status)) {
        candidates.lastFailure = newer(ref, candidates.lastFailure);
        day.recentFailed = mergeRecentFailed(day.recentFailed, [{ id: run.id, startedAt: run.startedAt }]);
    }
    if (origin === 'TEST') candidates.lastTest = newer(ref, candidates.lastTest);
    else if (run.status === 'SUCCEEDED') candidates.lastSuccess = newer(ref, candidates.lastSuccess);
    if (run.buildNumber !== null) {
        candidates.lastByBuild[run.buildNumber] = newer(ref, candidates.lastByBuild[run.buildNumber] ?? null) ?? ref;
    }
    return true;
}

function mergeRecentFailed(a: DayPartial['recentFailed'], b: DayPartial['recentFailed']): DayPartial['recentFailed'] {
    const byId = new Map<string, { id: string; startedAt: string }>();
    for (const entry of [...a, ...b]) byId.set(entry.id, entry);
    return [...byId.values()].sort((x, y) => (isNewer(x, y) ? -1 : 1)).slice(0, FAILED_RUN_IDS_PER_DAY);
}

// The same sums as mergeRunGroupStatsList (shared/metrics/run-group-stats.ts), over the
// collection's partial counters: cost in integer nano-USD, so the total is exact whatever order
// the pages arrive in; finaliseGroup turns it into a RunGroupStats.
function mergeGroup(into: GroupPartial, from: GroupPartial): void {
    into.succeeded += from.succeeded;
    into.failed += from.failed;
    into.timedOut += from.timedOut;
    into.aborted += from.aborted;
    into.inProgress += from.inProgress;
    into.costNanoUsd += from.costNanoUsd;
    into.runsWithoutCost += from.runsWithoutCost;
    for (const d of from.durationsSecs) into.durationsSecs.push(d);
}

function mergeDay(into: DayPartial, from: DayPartial): void {
    for (const [build, group] of Object.entries(from.byBuild))
        mergeGroup((into.byBuild[build] ??= emptyGroup()), group);
    for (const [origin, count] of Object.entries(from.byOrigin))
        into.byOrigin[origin] = (into.byOrigin[origin] ?? 0) + count;
    into.lastStartedAt = maxIso(into.lastStartedAt, from.lastStartedAt);
    into.lastSucceededAt = maxIso(into.lastSucceededAt, from.lastSucceededAt);
    into.recentFailed = mergeRecentFailed(into.recentFailed, from.recentFailed);
    const c = into.candidates;
    const f = from.candidates;
    c.lastRun = newer(c.lastRun, f.lastRun);
    c.lastFailure = newer(c.lastFailure, f.lastFailure);
    c.lastTest = newer(c.lastTest, f.lastTest);
    c.lastSuccess = newer(c.lastSuccess, f.lastSuccess);
    for (const [build, ref] of Object.entries(f.lastByBuild))
        c.lastByBuild[build] = newer(c.lastByBuild[build] ?? null, ref) ?? ref;
    for (const entry of Object.values(from.callers ?? {})) addCaller((into.callers ??= {}), entry);
}

/** The day's callers, most runs first (ties: latest, then key), capped at MAX_CALLERS_PER_DAY. */
function finaliseCallers(callers: Record<string, CallerPartial>): { callers: RunCaller[]; otherCallerRuns: number } {
    const sorted = Object.entries(callers).sort(
        ([keyA, a], [keyB, b]) =>
            b.runs - a.runs ||
            (a.lastStartedAt < b.lastStartedAt ? 1 : a.lastStartedAt > b.lastStartedAt ? -1 : 0) ||
            (keyA < keyB ? -1 : 1),
    );
    const kept = sorted.slice(0, MAX_CALLERS_PER_DAY).map(([, entry]) => ({
        ...entry.caller,
        runs: entry.runs,
        lastStartedAt: entry.lastStartedAt,
    }));
    const otherCallerRuns = sorted.slice(MAX_CALLERS_PER_DAY).reduce((sum, [, entry]) => sum + entry.runs, 0);
    return { callers: kept, otherCallerRuns };
}

/** Merges `from` into `into` (mutating `into`). Runs are counted once per page, never twice. */
export function mergeRunsPartial(into: RunsPartial, from: RunsPartial): void {
    for (const [actorId, days] of Object.entries(from)) {
        const target = (into[actorId] ??= {});
        for (const [day, partial] of Object.entries(days)) {
            const existing = target[day];
            if (existing === undefined) target[day] = partial;
            else mergeDay(existing, partial);
        }
    }
}

function finaliseGroup(group: GroupPartial): RunGroupStats {
    return {
        succeeded: group.succeeded,
        failed: group.failed,
        timedOut: group.timedOut,
        aborted: group.aborted,
        inProgress: group.inProgress,
        costUsd: group.costNanoUsd / NANOS_PER_USD,
        runsWithoutCost: group.runsWithoutCost,
        durationsSecs: [...group.durationsSecs].sort((a, b) => a - b),
    };
}

/**
 * The published aggregate of a day. `isComplete` = the day is over (its end ≤ `nowIso`) and
 * none of its runs is still in progress: only such days may be cached and reused.
 */
export function finaliseDay(day: string, partial: DayPartial, nowIso: string): DayAggregate {
    const byBuild: Record<string, RunGroupStats> = {};
    let inProgress = 0;
    for (const build of Object.keys(partial.byBuild).sort()) {
        const group = partial.byBuild[build]!;
        byBuild[build] = finaliseGroup(group);
        inProgress += group.inProgress;
    }
    const byOrigin: Record<string, number> = {};
    for (const origin of Object.keys(partial.byOrigin).sort()) byOrigin[origin] = partial.byOrigin[origin]!;
    return {
        day,
        isComplete: inProgress === 0 && dayEndIso(day) <= nowIso,
        byBuild,
        byOrigin,
        lastStartedAt: partial.lastStartedAt,
        lastSucceededAt: partial.lastSucceededAt,
        recentFailedRunIds: partial.recentFailed.map((entry) => entry.id),
        ...finaliseCallers(partial.callers ?? {}),
    };
}

export function dayEndIso(day: string): string {
    return new Date(Date.parse(`${day}T00:00:00.000Z`) + MS_PER_DAY).toISOString();
}
