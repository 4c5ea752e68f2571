/**
 * collectFleet: the whole fleet with the fewest requests, in named stages, each a function in
 * its own file that takes and returns a plain object:
 * 1. list-actors.ts — the Actors (`GET /v2/actors?my=1`), include/exclude applied;
 * 2. plan-run-fetch.ts — per Actor, the covered days of the previous analysis are reused and
 *    runs are fetched only from the first day that is not covered;
 * 3. collect-runs-and-profiles.ts — the run lists (collect-runs-per-actor.ts or
 *    collect-runs-account-wide.ts, chosen by run-list-strategy.ts) streamed into per-day
 *    aggregates, side by side with one profile unit per Actor (metadata and builds);
 * 4. collect-samples.ts — per Actor, its days and the bounded run sample (sampling.ts) with
 *    dataset metadata and field statistics, never items;
 * 5. assemble-fleet-data.ts — ActorData, the cache entries for the next analysis, FleetData.
 *
 * Rate limits are kept by the RateLimiter (rate-limiter.ts); the units in flight are many
 * more than the requests in flight, so a unit waiting for a rate-limited page never keeps a
 * ready request from going out.
 *
 * No Apify SDK here: the VS Code extension runs the same code.
 */
import type { ApifyClient } from 'apify-client';
import type { FleetData, PermissionGroup } from '../../../shared/contracts/fleet-data.js';
import { assembleActors, assembleFleetData, missingPermissionsOf } from './assemble-fleet-data.js';
import { originsKeyOf, type DayCacheAdapter } from './collection-cache.js';
import { throwIfAborted, type CollectionContext, type CollectionProgress } from './collection-context.js';
import { collectRunsAndProfiles } from './collect-runs-and-profiles.js';
import { assembleActorDays, collectSamples, sampleUnits } from './collect-samples.js';
import { resolveCollectionSettings, type CollectionSettings } from './collect-options.js';
import { FleetApi, LIST_PAGE_GROUP, MAX_LIST_PAGES_IN_FLIGHT } from './fleet-api.js';
import { listActors } from './list-actors.js';
import { planRunFetch, readCachedEntries } from './plan-run-fetch.js';
import { RateLimiter } from './rate-limiter.js';
import { createInMemoryTaskRunner, type TaskRunner } from './task-runner.js';

export { DEFAULT_CONCURRENCY } from './collect-options.js';
export { SAMPLE_UNITS_IN_PROGRESS } from './collect-samples.js';
export type { CollectionPhase, CollectionProgress } from './collection-context.js';

/**
 * Units in progress at once with the default in-memory runner. Units mostly wait (for a
 * rate-limited page, for an in-flight slot), so there are many more of them than requests in
 * flight: a unit blocked on the account-wide list's 60/s never holds back a ready one.
 */
export const DEFAULT_UNITS_IN_PROGRESS = 2_000;

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

function createCollectionContext(options: CollectFleetOptions, concurrency: number): CollectionContext {
    const limiter = new RateLimiter({
        maxInFlight: concurrency,
        maxInFlightByGroup: { [LIST_PAGE_GROUP]: Math.min(concurrency, MAX_LIST_PAGES_IN_FLIGHT) },
        ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
        api: new FleetApi(options.client, limiter, options.signal),
        runner: options.taskRunner ?? createInMemoryTaskRunner(Math.max(concurrency, DEFAULT_UNITS_IN_PROGRESS)),
        signal: options.signal,
        onProgress: options.onProgress,
    };
}

/** The FleetData of a token that may not list the Actors: nothing but that fact. */
function actorsNotListable(
    context: CollectionContext,
    settings: CollectionSettings,
    permission: PermissionGroup,
): FleetData {
    return assembleFleetData(context.api, {
        accountUsername: null,
        window: settings.window,
        origins: settings.origins,
        actors: [],
        missingPermissions: missingPermissionsOf([], [permission]),
        skipped: [
            {
                what: 'all Actors',
                reason: `The token lacks the "${permission}" permission: the Actors cannot be listed.`,
            },
        ],
        facts: null,
    });
}

/** Collects the fleet. Throws InvalidTokenError (401), InvalidCollectionOptionError, CollectionAbortedError. */
export async function collectFleet(options: CollectFleetOptions): Promise<FleetData> {
    const settings = resolveCollectionSettings(options);
    const { window, windowFromDay, windowToDay, origins, nowIso } = settings;
    const originsKey = originsKeyOf(origins);
    const context = createCollectionContext(options, settings.concurrency);

    const listing = await listActors(context, settings.matcher);
    if (listing.kind === 'denied') return actorsNotListable(context, settings, listing.permission);
    const { selected, accountUsername } = listing;
    throwIfAborted(options.signal);

    const caches = await readCachedEntries({ dayCache: options.dayCache, selected, originsKey, windowFromDay });
    const plan = planRunFetch({ selected, caches, windowFromDay, windowToDay, windowToIso: window.to });

    const runStage = await collectRunsAndProfiles(context, {
        selected,
        caches,
        accountUsername,
        plan,
        windowToIso: window.to,
        origins,
    });
    const { runsForbidden } = runStage;
    throwIfAborted(options.signal);

    const days = assembleActorDays({ ...runStage, selected, caches, plan, windowFromDay, nowIso });
    const units = sampleUnits({
        selected,
        caches,
        daysByActor: days.daysByActor,
        runsForbidden,
        unitKey: `${window.from}:${window.to}:${originsKey}`,
    });
    const samples = await collectSamples(context, units);
    throwIfAborted(options.signal);

    const { actors, cacheWrites } = assembleActors({
        samples,
        profiles: runStage.profiles,
        daysByActor: days.daysByActor,
        runsForbidden,
        cache: options.dayCache ? { window, windowFromDay, windowToDay, originsKey, nowIso } : null,
    });
    if (options.dayCache) await Promise.all(cacheWrites.map(async (entry) => options.dayCache!.put(entry)));
    return assembleFleetData(context.api, {
        accountUsername,
        window,
        origins,
        actors,
        missingPermissions: missingPermissionsOf(actors, runsForbidden.size > 0 ? ['Actor runs: Read'] : []),
        skipped: [],
        facts: { strategy: runStage.strategy, reusedDays: days.reusedDays, fetchedDays: days.fetchedDays },
    });
}
