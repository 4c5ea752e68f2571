/**
 * collectFleet: the whole fleet with the fewest requests. See README-level rules in
 * sampling.ts (which runs get details) and run-list-strategy.ts (which run list).
 *
 * Stages:
 * 1. Actors: `GET /v2/actors?my=1` pages of 1,000 (first page, then the rest in parallel once
 *    `total` is known); include/exclude applied to `username/name`.
 * 2. Cache: per Actor, the covered, finished days of the previous analysis are reused; runs
 *    are fetched only from the first day that is not covered.
 * 3. Runs and profiles, in ONE stage of units run side by side: the per-Actor or account-wide
 *    run lists, streamed into per-day aggregates (nothing but counters, durations and a few
 *    run references is kept), and one profile unit per Actor (metadata and builds), which
 *    needs only the Actor list. The run-list pages are the critical path (one list is one
 *    resource: 60 requests/s); the profiles fill the time they leave.
 * 4. Samples: one unit per Actor (the bounded run sample with dataset metadata and field
 *    statistics — never items). It needs the Actor's final sample, i.e. every run list page.
 *
 * Rate limits are kept by the RateLimiter (rate-limiter.ts); the units in flight are many
 * more than the requests in flight, so a unit waiting for a rate-limited page never keeps a
 * ready request from going out.
 *
 * No Apify SDK here: the VS Code extension runs the same code.
 */
import type { ApifyClient } from 'apify-client';
import type {
    ActorData,
    AnalysisWindow,
    DayAggregate,
    FleetData,
    PermissionGroup,
} from '../../../shared/contracts/fleet-data.js';
import { FLEET_DATA_SCHEMA_VERSION, PERMISSION_GROUPS } from '../../../shared/contracts/fleet-data.js';
import {
    collectActorProfile,
    collectRunSample,
    actorFullName,
    type ActorProfilePayload,
    type ActorProfileResult,
    type RunSamplePayload,
    type RunSampleResult,
} from './collect-actor.js';
import {
    ACTOR_CACHE_VERSION,
    parseCacheEntry,
    originsKeyOf,
    type ActorCacheEntry,
    type DayCacheAdapter,
    type CachedRunDetail,
} from './collection-cache.js';
import { CollectionAbortedError, InvalidCollectionOptionError } from './errors.js';
import {
    FleetApi,
    LIST_PAGE_GROUP,
    LIST_PAGE_SIZE,
    MAX_LIST_PAGES_IN_FLIGHT,
    PermissionDeniedError,
    type ActorListItem,
    type RunListItem,
} from './fleet-api.js';
import { compileActorNameMatcher } from './name-patterns.js';
import { RateLimiter } from './rate-limiter.js';
import { chooseRunListStrategy, pagesFor, type RunListStrategyKind } from './run-list-strategy.js';
import {
    addRun,
    dayEndIso,
    finaliseDay,
    mergeRunsPartial,
    type DayCandidates,
    type RunsPartial,
} from './run-aggregation.js';
import { selectSample } from './sampling.js';
import { createInMemoryTaskRunner, type CollectionUnit, type TaskRunner } from './task-runner.js';
import { MS_PER_DAY } from '../../../shared/metrics/day-periods.js';

/**
 * Requests in flight at once. The rate limits are kept by the RateLimiter, so this only bounds
 * sockets and the memory of responses being parsed: at 20–50 ms API latency, 200 in flight
 * allow 4,000–10,000 requests/s, more than the per-user limit (≈ 4,166/s).
 */
export const DEFAULT_CONCURRENCY = 200;
/**
 * Units in progress at once with the default in-memory runner. Units mostly wait (for a
 * rate-limited page, for an in-flight slot), so there are many more of them than requests in
 * flight: a unit blocked on the account-wide list's 60/s never holds back a ready one.
 */
export const DEFAULT_UNITS_IN_PROGRESS = 2_000;
/**
 * Sample units (one Actor's sampled runs) in progress at once. Each holds its runs' details
 * and dataset metadata until its last statistics request returns, and all their requests
 * queue in the RateLimiter together: with every Actor's unit started at once (2,000 on L,
 * ~40,000 runs) the whole sample sat in memory waiting, and L no longer fitted a 380 MB heap.
 * 200 units of up to 35 runs still queue thousands of requests, far more than the ~200 in
 * flight that the per-user rate needs at API latencies up to a second.
 */
export const SAMPLE_UNITS_IN_PROGRESS = 200;

export type CollectionPhase = 'actors' | 'runs' | 'details' | 'builds' | 'datasets';
export interface CollectionProgress {
    phase: CollectionPhase;
    done: number;
    total: number;
    message: string;
}

export interface CollectFleetOptions {
    /** Constructed by the caller with `{ token, baseUrl, maxRetries }`. */
    client: ApifyClient;
    /** Whole UTC days; a run counts when `from ≤ startedAt < to`. */
    window: { from: Date; to: Date };
    include?: readonly string[];
    exclude?: readonly string[];
    /** Empty = every origin. */
    origins?: readonly string[];
    dayCache?: DayCacheAdapter;
    onProgress?: (progress: CollectionProgress) => void;
    signal?: AbortSignal;
    /** Requests in flight at once (default DEFAULT_CONCURRENCY); rate limits are kept regardless. */
    concurrency?: number;
    taskRunner?: TaskRunner;
    /** "Now" for day completeness; defaults to the wall clock (tests pass the emulator's). */
    now?: Date;
}

interface RunsUnitPayload {
    /** null = account-wide. */
    actorId: string | null;
    offset: number;
    startedAfter: string;
    startedBefore: string;
}

interface RunsUnitResult {
    partial: RunsPartial;
    total: number;
    forbidden: boolean;
}

/** Units of the runs-and-profiles stage. */
type StageOnePayload = ({ kind: 'runs' } & RunsUnitPayload) | { kind: 'profile'; actorId: string };
type StageOneResult = ({ kind: 'runs' } & RunsUnitResult) | ({ kind: 'profile' } & ActorProfileResult);

function isoDay(date: Date): string {
    return date.toISOString().slice(0, 10);
}

function validateWindow(window: CollectFleetOptions['window']): AnalysisWindow {
    const { from, to } = window;
    if (
        !(from instanceof Date) ||
        !(to instanceof Date) ||
        Number.isNaN(from.getTime()) ||
        Number.isNaN(to.getTime())
    ) {
        throw new InvalidCollectionOptionError('The window needs valid `from` and `to` dates.');
    }
    if (from.getTime() % MS_PER_DAY !== 0 || to.getTime() % MS_PER_DAY !== 0) {
        throw new InvalidCollectionOptionError(
            `The window must be whole UTC days (got ${from.toISOString()} – ${to.toISOString()}): start and end at 00:00 UTC.`,
        );
    }
    if (to.getTime() <= from.getTime()) {
        throw new InvalidCollectionOptionError('The window must span at least one day (`to` after `from`).');
    }
    return { from: from.toISOString(), to: to.toISOString() };
}

/** Collects the fleet. Throws InvalidTokenError (401), InvalidCollectionOptionError, CollectionAbortedError. */
export async function collectFleet(options: CollectFleetOptions): Promise<FleetData> {
    const window = validateWindow(options.window);
    const matcher = compileActorNameMatcher(options.include ?? [], options.exclude ?? []);
    const origins = [...new Set(options.origins ?? [])].sort();
    if (origins.some((o) => o.trim() === ''))
        throw new InvalidCollectionOptionError('Run origins must be non-empty names such as "SCHEDULER" or "API".');
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 500) {
        throw new InvalidCollectionOptionError(`concurrency must be an integer from 1 to 500 (got ${concurrency}).`);
    }
    const nowIso = (options.now ?? new Date()).toISOString();
    const runner = options.taskRunner ?? createInMemoryTaskRunner(Math.max(concurrency, DEFAULT_UNITS_IN_PROGRESS));
    const limiter = new RateLimiter({
        maxInFlight: concurrency,
        maxInFlightByGroup: { [LIST_PAGE_GROUP]: Math.min(concurrency, MAX_LIST_PAGES_IN_FLIGHT) },
        ...(options.signal ? { signal: options.signal } : {}),
    });
    const api = new FleetApi(options.client, limiter, options.signal);
    const progress = (phase: CollectionPhase, done: number, total: number, message: string): void => {
        options.onProgress?.({ phase, done, total, message });
    };
    const missingPermissions = new Set<PermissionGroup>();
    const skipped: FleetData['collection']['skipped'] = [];
    const checkAbort = (): void => {
        if (options.signal?.aborted) throw new CollectionAbortedError();
    };

    let accountUsername: string | null = null;

    // 1. Actors -----------------------------------------------------------------------------
    progress('actors', 0, 1, 'Listing Actors…');
    let actorItems: ActorListItem[];
    try {
        const first = await api.listActors(0);
        const rest = await Promise.all(
            Array.from({ length: pagesFor(first.total) - 1 }, async (_, i) => api.listActors((i + 1) * LIST_PAGE_SIZE)),
        );
        const byId = new Map<string, ActorListItem>();
        for (const page of [first, ...rest]) for (const item of page.items) byId.set(item.id, item);
        actorItems = [...byId.values()];
    } catch (error) {
        if (!(error instanceof PermissionDeniedError)) throw error;
        missingPermissions.add(error.permission);
        skipped.push({
            what: 'all Actors',
            reason: `The token lacks the "${error.permission}" permission: the Actors cannot be listed.`,
        });
        return assemble([], null);
    }
    accountUsername = actorItems.find((a) => a.username)?.username ?? null;
    const selected = actorItems
        .filter((item) => matcher.matches(actorFullName(item, accountUsername)))
        .sort((a, b) => (actorFullName(a, accountUsername) < actorFullName(b, accountUsername) ? -1 : 1));
    progress('actors', 1, 1, `Found ${selected.length} Actor(s) to analyse (of ${actorItems.length}).`);
    checkAbort();

    // 2. Cache --------------------------------------------------------------------------------
    const originsKey = originsKeyOf(origins);
    const windowFromDay = isoDay(options.window.from);
    const windowToDay = isoDay(options.window.to);
    const caches = new Map<string, ActorCacheEntry>();
    if (options.dayCache) {
        const entries = await Promise.all(
            selected.map(
                async (item) =>
                    [item.id, parseCacheEntry(await options.dayCache!.get(item.id), item.id, originsKey)] as const,
            ),
        );
        for (const [id, entry] of entries) {
            if (entry && entry.coveredFrom <= windowFromDay && entry.completeThrough > windowFromDay)
                caches.set(id, entry);
        }
    }
    /** First instant whose runs must be fetched, per Actor. */
    const fetchFromIso = new Map<string, string>();
    const needsRuns: ActorListItem[] = [];
    for (const item of selected) {
        const cached = caches.get(item.id);
        const fromDay =
            cached && cached.completeThrough > windowFromDay
                ? cached.completeThrough < windowToDay
                    ? cached.completeThrough
                    : windowToDay
                : windowFromDay;
        const fromIso = `${fromDay}T00:00:00.000Z`;
        fetchFromIso.set(item.id, fromIso);
        if (fromIso >= window.to) continue;
        const stats = item.stats;
        const last = stats?.lastRunStartedAt ?? null;
        if (stats && last === null && stats.totalRuns === 0) continue;
        if (last !== null && last < fromIso) continue;
        needsRuns.push(item);
    }

    // 3. Runs ---------------------------------------------------------------------------------
    const runs: RunsPartial = {};
    const runsForbidden = new Set<string>();
    const startedBefore = new Date(Date.parse(window.to) - 1).toISOString();
    const originSet = new Set(origins);
    const fold = (partial: RunsPartial, items: RunListItem[]): void => {
        for (const run of items) {
            const from = fetchFromIso.get(run.actId);
            if (from === undefined) continue; // an Actor not selected or not owned
            addRun(partial, run, { fromIso: from, toIso: window.to, origins: originSet });
        }
    };
    let strategy: { kind: RunListStrategyKind; reason: string } = chooseRunListStrategy(needsRuns.length, null);
    let probe: { total: number; items: RunListItem[]; startedAfter: string } | null = null;
    if (needsRuns.length > 1) {
        const startedAfter = needsRuns.map((a) => fetchFromIso.get(a.id)!).sort()[0]!;
        try {
            const page = await api.listRuns(null, { offset: 0, startedAfter, startedBefore });
            probe = { ...page, startedAfter };
            strategy = chooseRunListStrategy(needsRuns.length, page.total);
        } catch (error) {
            if (!(error instanceof PermissionDeniedError)) throw error;
            strategy = { kind: 'account-wide', reason: 'The run list is not permitted for this token.' };
            for (const item of needsRuns) runsForbidden.add(item.id);
        }
    }
    const onRunsResult = (result: RunsUnitResult, actorId: string | null): void => {
        if (result.forbidden) {
            for (const item of actorId === null ? needsRuns : needsRuns.filter((a) => a.id === actorId))
                runsForbidden.add(item.id);
            return;
        }
        mergeRunsPartial(runs, result.partial);
    };

    // Profiles (metadata, builds) go first in the unit list: with a runner of fewer lanes than
    // units, pages queued first would fill every lane while waiting for the run list's 60/s.
    const profiles = new Map<string, ActorProfileResult>();
    const selectedById = new Map(selected.map((item) => [item.id, item]));
    const profileUnits: Array<CollectionUnit<StageOnePayload>> = selected.map((item) => ({
        id: `actor-profile:${item.id}`,
        payload: { kind: 'profile', actorId: item.id },
    }));
    const profileWorker = async (actorId: string): Promise<StageOneResult> => {
        const item = selectedById.get(actorId);
        if (item === undefined) throw new Error(`Internal error: no list item for Actor ${actorId}.`);
        const payload: ActorProfilePayload = { item, accountUsername, cached: caches.get(actorId) };
        return { kind: 'profile', ...(await collectActorProfile(api, payload)) };
    };
    let profilesDone = 0;
    const onStageOneResult = (result: StageOneResult, actorId: string | null, unitId: string): void => {
        if (result.kind === 'profile') {
            profiles.set(unitId.slice('actor-profile:'.length), result);
            profilesDone += 1;
            return;
        }
        onRunsResult(result, actorId);
    };
    const stageOneProgress = (unitsDone: number, unitsTotal: number): void => {
        const pagesTotal = unitsTotal - profileUnits.length;
        progress(
            'runs',
            unitsDone,
            unitsTotal,
            strategy.kind === 'per-actor'
                ? `Collected runs of ${Math.max(0, unitsDone - profilesDone)}/${pagesTotal} Actors, details of ${profilesDone}/${profileUnits.length}…`
                : `Collected ${Math.max(0, unitsDone - profilesDone)}/${pagesTotal} pages of runs, details of ${profilesDone}/${profileUnits.length} Actors…`,
        );
    };

    if (strategy.kind === 'account-wide' && probe !== null) {
        const startedAfter = probe.startedAfter;
        const pageWorker = async (offset: number): Promise<StageOneResult> => {
            const partial: RunsPartial = {};
            try {
                // The probe already holds page 0 (unless this is a resumed run without it).
                const page =
                    offset === 0 && probe !== null
                        ? probe
                        : await api.listRuns(null, { offset, startedAfter, startedBefore });
                fold(partial, page.items);
                return { kind: 'runs', partial, total: page.total, forbidden: false };
            } catch (error) {
                if (error instanceof PermissionDeniedError) return { kind: 'runs', partial, total: 0, forbidden: true };
                throw error;
            }
        };
        let coveredPages = 0;
        let knownTotal = probe.total;
        let withProfiles = true;
        // Runs may still be arriving (a window that ends in the future): loop until the last page.
        while (coveredPages < pagesFor(knownTotal)) {
            const pageCount = pagesFor(knownTotal);
            const pageUnits: Array<CollectionUnit<StageOnePayload>> = Array.from(
                { length: pageCount - coveredPages },
                (_, i) => {
                    const offset = (coveredPages + i) * LIST_PAGE_SIZE;
                    return {
                        id: `runs-page:${startedAfter}:${startedBefore}:${offset}`,
                        payload: { kind: 'runs', actorId: null, offset, startedAfter, startedBefore },
                    };
                },
            );
            await runner.run(
                'runs',
                withProfiles ? [...profileUnits, ...pageUnits] : pageUnits,
                async (unit) =>
                    unit.payload.kind === 'profile'
                        ? profileWorker(unit.payload.actorId)
                        : pageWorker(unit.payload.offset),
                (id, result) => {
                    if (result.kind === 'runs') knownTotal = Math.max(knownTotal, result.total);
                    onStageOneResult(result, null, id);
                },
                { signal: options.signal, onUnitDone: stageOneProgress },
            );
            coveredPages = pageCount;
            withProfiles = false;
        }
        probe = null;
    } else {
        const actorWorker = async (payload: RunsUnitPayload): Promise<StageOneResult> => {
            const partial: RunsPartial = {};
            const { actorId, startedAfter } = payload;
            try {
                const first = await api.listRuns(actorId, { offset: 0, startedAfter, startedBefore });
                fold(partial, first.items);
                let total = first.total;
                let covered = 1;
                while (covered < pagesFor(total)) {
                    const pages = await Promise.all(
                        Array.from({ length: pagesFor(total) - covered }, async (_, i) =>
                            api.listRuns(actorId, {
                                offset: (covered + i) * LIST_PAGE_SIZE,
                                startedAfter,
                                startedBefore,
                            }),
                        ),
                    );
                    covered = pagesFor(total);
                    for (const page of pages) {
                        fold(partial, page.items);
                        total = Math.max(total, page.total);
                    }
                }
                return { kind: 'runs', partial, total, forbidden: false };
            } catch (error) {
                if (error instanceof PermissionDeniedError) return { kind: 'runs', partial, total: 0, forbidden: true };
                throw error;
            }
        };
        const runUnits: Array<CollectionUnit<StageOnePayload>> =
            strategy.kind !== 'per-actor'
                ? []
                : needsRuns.map((item) => {
                      const startedAfter = fetchFromIso.get(item.id)!;
                      return {
                          id: `runs-actor:${item.id}:${startedAfter}:${startedBefore}`,
                          payload: { kind: 'runs', actorId: item.id, offset: 0, startedAfter, startedBefore },
                      };
                  });
        await runner.run(
            'runs',
            [...profileUnits, ...runUnits],
            async (unit) =>
                unit.payload.kind === 'profile' ? profileWorker(unit.payload.actorId) : actorWorker(unit.payload),
            (id, result) => {
                const unitActor = id.startsWith('runs-actor:') ? (id.split(':')[1] ?? null) : null;
                onStageOneResult(result, unitActor, id);
            },
            { signal: options.signal, onUnitDone: stageOneProgress },
        );
    }
    if (runsForbidden.size > 0) missingPermissions.add('Actor runs: Read');
    checkAbort();

    // 4. Details ------------------------------------------------------------------------------
    const daysByActor = new Map<string, Array<{ aggregate: DayAggregate; candidates: DayCandidates }>>();
    let reusedDays = 0;
    let fetchedDays = 0;
    for (const item of selected) {
        const days: Array<{ aggregate: DayAggregate; candidates: DayCandidates }> = [];
        if (!runsForbidden.has(item.id)) {
            const cached = caches.get(item.id);
            const from = fetchFromIso.get(item.id)!;
            for (const entry of cached?.days ?? []) {
                if (entry.aggregate.day >= windowFromDay && `${entry.aggregate.day}T00:00:00.000Z` < from) {
                    days.push(entry);
                    reusedDays += 1;
                }
            }
            for (const [day, partial] of Object.entries(runs[item.id] ?? {})) {
                days.push({ aggregate: finaliseDay(day, partial, nowIso), candidates: partial.candidates });
                fetchedDays += 1;
            }
            days.sort((a, b) => (a.aggregate.day < b.aggregate.day ? -1 : 1));
        }
        daysByActor.set(item.id, days);
        delete runs[item.id];
    }
    const sampleUnits: Array<CollectionUnit<RunSamplePayload & { item: ActorListItem }>> = selected.map((item) => {
        const days = daysByActor.get(item.id)!;
        const sample = runsForbidden.has(item.id)
            ? []
            : selectSample(new Map(days.map((d) => [d.aggregate.day, d.candidates])));
        return {
            id: `actor:${item.id}:${window.from}:${window.to}:${originsKey}`,
            payload: { item, sample, cached: caches.get(item.id) },
        };
    });
    const sampleResults = new Map<string, RunSampleResult>();
    await runner.run(
        'actors',
        sampleUnits,
        async (unit) => collectRunSample(api, unit.payload),
        (id, result) => sampleResults.set(id, result),
        {
            signal: options.signal,
            maxUnitsInProgress: SAMPLE_UNITS_IN_PROGRESS,
            onUnitDone: (done, total) =>
                progress('details', done, total, `Collected sampled runs of ${done}/${total} Actors…`),
        },
    );
    checkAbort();

    const actors: ActorData[] = [];
    const cacheWrites: ActorCacheEntry[] = [];
    for (const unit of sampleUnits) {
        const item = unit.payload.item;
        const sampled = sampleResults.get(unit.id);
        const profile = profiles.get(item.id);
        if (!sampled || !profile)
            throw new Error(`Internal error: the task runner returned no result for Actor ${item.id}.`);
        const result = {
            ...profile,
            sampledRuns: sampled.sampledRuns,
            missing: [...profile.missing, ...sampled.missing],
        };
        const missing = [...result.missing];
        if (runsForbidden.has(item.id)) {
            missing.unshift({
                part: 'runs',
                reason: 'The token lacks the "Actor runs: Read" permission.',
                permission: 'Actor runs: Read',
            });
        }
        for (const m of missing) if (m.permission) missingPermissions.add(m.permission);
        const days = daysByActor.get(item.id)!;
        actors.push({
            actor: result.actor,
            days: days.map((d) => d.aggregate),
            sampledRuns: result.sampledRuns,
            builds: result.builds ?? { latest: null, previous: null },
            missing,
        });
        if (options.dayCache && !runsForbidden.has(item.id)) {
            const datasetOnly = new Set(
                unit.payload.sample.filter((entry) => !entry.detail).map((entry) => entry.ref.id),
            );
            cacheWrites.push(
                buildCacheEntry(
                    item,
                    days,
                    result,
                    unit.payload.cached,
                    missing.map((m) => m.part),
                    datasetOnly,
                ),
            );
        }
    }
    if (options.dayCache) await Promise.all(cacheWrites.map(async (entry) => options.dayCache!.put(entry)));
    return assemble(actors, { strategy, reusedDays, fetchedDays });

    function buildCacheEntry(
        item: ActorListItem,
        days: Array<{ aggregate: DayAggregate; candidates: DayCandidates }>,
        result: ActorProfileResult & { sampledRuns: RunSampleResult['sampledRuns'] },
        previous: ActorCacheEntry | undefined,
        missingParts: string[],
        datasetOnlyRunIds: ReadonlySet<string>,
    ): ActorCacheEntry {
        // Covered = from the window start up to the first day that is not over or has unfinished runs.
        const byDay = new Map(days.map((d) => [d.aggregate.day, d]));
        let completeThrough = windowFromDay;
        while (completeThrough < windowToDay && dayEndIso(completeThrough) <= nowIso) {
            const entry = byDay.get(completeThrough);
            if (entry && !entry.aggregate.isComplete) break;
            completeThrough = dayEndIso(completeThrough).slice(0, 10);
        }
        const coveredDays = days.filter((d) => d.aggregate.day < completeThrough);
        const runDetails: Record<string, CachedRunDetail> = {};
        const runDatasets: ActorCacheEntry['runDatasets'] = {};
        const isKept = (startedAt: string): boolean =>
            startedAt >= window.from && startedAt.slice(0, 10) < completeThrough;
        if (!missingParts.includes('run-details') && !missingParts.includes('datasets')) {
            for (const run of result.sampledRuns) {
                if (run.startedAt.slice(0, 10) < completeThrough) {
                    if (datasetOnlyRunIds.has(run.id)) {
                        runDatasets[run.id] = { startedAt: run.startedAt, dataset: run.dataset };
                    } else {
                        const { sampledBecause: _reason, ...detail } = run;
                        runDetails[run.id] = detail;
                    }
                }
            }
            for (const [id, detail] of Object.entries(previous?.runDetails ?? {})) {
                if (!(id in runDetails) && isKept(detail.startedAt)) runDetails[id] = detail;
            }
            for (const [id, cached] of Object.entries(previous?.runDatasets ?? {})) {
                if (!(id in runDatasets) && !(id in runDetails) && isKept(cached.startedAt)) runDatasets[id] = cached;
            }
        }
        const totalBuilds = item.stats?.totalBuilds;
        return {
            version: ACTOR_CACHE_VERSION,
            actorId: item.id,
            originsKey,
            coveredFrom: windowFromDay,
            completeThrough,
            days: coveredDays,
            runDetails,
            runDatasets,
            metadata:
                result.metadataFromDetail && item.modifiedAt !== null
                    ? { modifiedAt: item.modifiedAt, actor: result.actor }
                    : null,
            builds:
                result.builds !== null && typeof totalBuilds === 'number' && totalBuilds >= 0
                    ? { totalBuilds, latest: result.builds.latest, previous: result.builds.previous }
                    : null,
        };
    }

    function assemble(
        actors: ActorData[],
        facts: {
            strategy: { kind: RunListStrategyKind; reason: string };
            reusedDays: number;
            fetchedDays: number;
        } | null,
    ): FleetData {
        return {
            schemaVersion: FLEET_DATA_SCHEMA_VERSION,
            account: { username: accountUsername ?? null, userId: null },
            window,
            origins,
            actors,
            collection: {
                apiRequests: api.totalRequests,
                requestsByKind: { ...api.requestsByKind },
                missingPermissions: PERMISSION_GROUPS.filter((p) => missingPermissions.has(p)),
                skipped,
                reusedDays: facts?.reusedDays ?? 0,
                fetchedDays: facts?.fetchedDays ?? 0,
                runListStrategy: facts?.strategy.kind ?? 'none',
                runListStrategyReason: facts?.strategy.reason ?? 'The Actors could not be listed.',
            },
        };
    }
}
