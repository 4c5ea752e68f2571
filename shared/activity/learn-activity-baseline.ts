/**
 * Learning: folds the runs of an analysis window into the baseline. Windows overlap from one
 * analysis to the next (28 days each, a day apart), so only runs started in
 * `[learnedThrough, through)` are learned — learning the same window twice changes nothing.
 * `through` is rounded down to a whole hour so an hour's runs are never split between two
 * analyses (the busy-hour counts stay exact).
 *
 * Runs the watch flagged are passed in `excludedRunIds`: an unacknowledged new network or a
 * burst must not teach the baseline that it is normal.
 */
import { isScheduledOrigin, type RunActivity } from './run-activity.js';
import {
    activityBaselineSchema,
    MAX_FAMILIES_PER_NETWORK,
    MAX_HOST_HASHES_PER_NETWORK,
    MAX_MAJORS_PER_FAMILY,
    type AccountBaseline,
    type ActivityBaseline,
    type ScopeBaseline,
} from './activity-baseline.js';
import { describeClientNetwork } from './client-network.js';
import { parseUserAgentFamily } from './user-agent-family.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

export const MILLIS_PER_HOUR = 3_600_000;
/** 28 days: a habit of the last month weighs twice as much as one of the month before. */
export const DEFAULT_HOUR_PROFILE_HALF_LIFE_DAYS = 28;

export interface LearnActivityOptions {
    /** End of what is learned (exclusive), usually the window's end. */
    through: string;
    excludedRunIds?: ReadonlySet<string>;
    hourProfileHalfLifeDays?: number;
}

export function floorToHourMillis(iso: string): number {
    return Math.floor(Date.parse(iso) / MILLIS_PER_HOUR) * MILLIS_PER_HOUR;
}

/**
 * Every instant the baseline stores is canonical (`toISOString()`: UTC, milliseconds), so two of
 * them compare as strings — a million runs are learned without parsing dates twice per field.
 */
function later(a: string, b: string): string {
    return a >= b ? a : b;
}

function earlier(a: string, b: string): string {
    return a <= b ? a : b;
}

export function toCanonicalInstant(iso: string): string {
    return new Date(Date.parse(iso)).toISOString();
}

/** Client descriptions per distinct address and agent: a fleet has few of them and many runs. */
function createClientDescriber(saltHex: string) {
    const networks = new Map<string, ReturnType<typeof describeClientNetwork>>();
    const agents = new Map<string, ReturnType<typeof parseUserAgentFamily>>();
    return {
        network(clientIp: string | null | undefined) {
            if (!clientIp) return null;
            if (!networks.has(clientIp)) networks.set(clientIp, describeClientNetwork(clientIp, saltHex));
            return networks.get(clientIp)!;
        },
        agent(userAgent: string | null | undefined) {
            const key = userAgent ?? '';
            if (!agents.has(key)) agents.set(key, parseUserAgentFamily(userAgent));
            return agents.get(key)!;
        },
    };
}
type ClientDescriber = ReturnType<typeof createClientDescriber>;

function roundTo(value: number, decimals: number): number {
    const factor = 10 ** decimals;
    return Math.round(value * factor) / factor;
}

export function createScopeBaseline(firstSeenAt: string): ScopeBaseline {
    return {
        firstSeenAt,
        lastSeenAt: firstSeenAt,
        origins: {},
        schedules: {},
        hourProfile: Array.from({ length: 24 }, () => 0),
        days: {},
        acknowledgedPeakHourRuns: null,
    };
}

function countSeen(record: Record<string, { runs: number; lastSeenAt: string }>, key: string, at: string): void {
    const entry = record[key];
    record[key] = entry
        ? { runs: entry.runs + 1, lastSeenAt: later(entry.lastSeenAt, at) }
        : { runs: 1, lastSeenAt: at };
}

function learnScopeRun(scope: ScopeBaseline, run: RunActivity): void {
    scope.firstSeenAt = earlier(scope.firstSeenAt, run.startedAt);
    scope.lastSeenAt = later(scope.lastSeenAt, run.startedAt);
    countSeen(scope.origins, run.origin, run.startedAt);
    if (run.scheduleId) countSeen(scope.schedules, run.scheduleId, run.startedAt);
    scope.hourProfile[Number(run.startedAt.slice(11, 13))]! += 1;
    const day = run.startedAt.slice(0, 10);
    const counts = scope.days[day] ?? [0, 0, 0, 0, 0];
    counts[0] += 1;
    if (!isScheduledOrigin(run.origin)) counts[1] += 1;
    if (typeof run.usageTotalUsd === 'number') {
        counts[3] = roundTo(counts[3] + run.usageTotalUsd, 6);
        counts[4] += 1;
    }
    scope.days[day] = counts;
}

function addBounded<T>(list: T[], value: T, max: number): T[] {
    if (list.includes(value)) return list;
    return [...list, value].slice(-max);
}

function learnAccountRun(account: AccountBaseline, run: RunActivity, describe: ClientDescriber): void {
    const agent = describe.agent(run.userAgent);
    const network = describe.network(run.clientIp);
    if (network) {
        const entry = account.networks[network.prefix] ?? {
            firstSeenAt: run.startedAt,
            lastSeenAt: run.startedAt,
            runs: 0,
            hostHashes: [],
            userAgentFamilies: [],
            acknowledgedAt: null,
        };
        entry.runs += 1;
        entry.firstSeenAt = earlier(entry.firstSeenAt, run.startedAt);
        entry.lastSeenAt = later(entry.lastSeenAt, run.startedAt);
        entry.hostHashes = addBounded(entry.hostHashes, network.hostHash, MAX_HOST_HASHES_PER_NETWORK);
        entry.userAgentFamilies = addBounded(entry.userAgentFamilies, agent.family, MAX_FAMILIES_PER_NETWORK);
        account.networks[network.prefix] = entry;
    }
    if (agent.kind === 'none') return;
    const entry = account.userAgents[agent.family] ?? {
        firstSeenAt: run.startedAt,
        lastSeenAt: run.startedAt,
        runs: 0,
        majors: [],
        acknowledgedAt: null,
    };
    entry.runs += 1;
    entry.firstSeenAt = earlier(entry.firstSeenAt, run.startedAt);
    entry.lastSeenAt = later(entry.lastSeenAt, run.startedAt);
    if (agent.major !== null) entry.majors = addBounded(entry.majors, agent.major, MAX_MAJORS_PER_FAMILY);
    account.userAgents[agent.family] = entry;
}

/** The busiest hour of on-demand runs per day, per scope key ('' = account). */
function learnPeakHours(baseline: ActivityBaseline, runs: readonly RunActivity[]): void {
    const hourCounts = new Map<string, number>();
    for (const run of runs) {
        if (isScheduledOrigin(run.origin)) continue;
        const hourKey = run.startedAt.slice(0, 13);
        for (const scopeKey of ['', run.actorId]) {
            const key = `${scopeKey}\u0000${hourKey}`;
            hourCounts.set(key, (hourCounts.get(key) ?? 0) + 1);
        }
    }
    for (const [key, runCount] of hourCounts) {
        const [scopeKey, hourKey] = key.split('\u0000') as [string, string];
        const scope = scopeKey === '' ? baseline.account : baseline.actors[scopeKey];
        const counts = scope?.days[hourKey.slice(0, 10)];
        if (counts) counts[2] = Math.max(counts[2], runCount);
    }
}

function decayHourProfile(scope: ScopeBaseline, elapsedDays: number, halfLifeDays: number): void {
    const factor = 0.5 ** (elapsedDays / halfLifeDays);
    scope.hourProfile = scope.hourProfile.map((value) => roundTo(value * factor, 3));
}

/** Learns the runs started in `[baseline.learnedThrough, options.through)`; returns a new baseline. */
export function learnActivityBaseline(
    baseline: ActivityBaseline,
    runs: readonly RunActivity[],
    options: LearnActivityOptions,
): ActivityBaseline {
    const throughMillis = floorToHourMillis(options.through);
    const fromMillis = baseline.learnedThrough === null ? -Infinity : Date.parse(baseline.learnedThrough);
    if (throughMillis <= fromMillis) return baseline;
    const learned = structuredClone(baseline);
    if (Number.isFinite(fromMillis)) {
        const elapsedDays = (throughMillis - fromMillis) / MS_PER_DAY;
        const halfLife = options.hourProfileHalfLifeDays ?? DEFAULT_HOUR_PROFILE_HALF_LIFE_DAYS;
        for (const scope of [learned.account, ...Object.values(learned.actors)])
            if (scope) decayHourProfile(scope, elapsedDays, halfLife);
    }
    const selected = runs
        .flatMap((run) => {
            const startedMillis = Date.parse(run.startedAt);
            const isSelected =
                startedMillis >= fromMillis && startedMillis < throughMillis && !options.excludedRunIds?.has(run.runId);
            return isSelected ? [{ ...run, startedAt: new Date(startedMillis).toISOString() }] : [];
        })
        .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.runId < b.runId ? -1 : 1));
    const describe = createClientDescriber(learned.salt);
    for (const run of selected) {
        learned.account ??= { ...createScopeBaseline(run.startedAt), networks: {}, userAgents: {} };
        learnScopeRun(learned.account, run);
        learnAccountRun(learned.account, run, describe);
        learned.actors[run.actorId] ??= createScopeBaseline(run.startedAt);
        learnScopeRun(learned.actors[run.actorId]!, run);
    }
    learnPeakHours(learned, selected);
    learned.learnedThrough = new Date(throughMillis).toISOString();
    return activityBaselineSchema.parse(learned);
}
