/**
 * Stage 5 of collectFleet: the collected parts become one ActorData per selected Actor, the
 * cache entries for the next analysis, and the FleetData with the collection facts.
 */
import type { ActorData, AnalysisWindow, FleetData, PermissionGroup } from '../../../shared/contracts/fleet-data.js';
import { FLEET_DATA_SCHEMA_VERSION, PERMISSION_GROUPS } from '../../../shared/contracts/fleet-data.js';
import { buildCacheEntry } from './build-cache-entry.js';
import type { ActorProfileResult, MissingPart } from './collect-actor.js';
import type { ActorCacheEntry } from './collection-cache.js';
import type { ActorDay } from './collection-context.js';
import type { ActorSample } from './collect-samples.js';
import type { FleetApi } from './fleet-api.js';
import type { RunListStrategy } from './run-list-strategy.js';

const RUNS_FORBIDDEN: MissingPart = {
    part: 'runs',
    reason: 'The token lacks the "Actor runs: Read" permission.',
    permission: 'Actor runs: Read',
};

export interface AssembledActors {
    actors: ActorData[];
    /** Entries to write back (only with a day cache, and never for an Actor whose runs are forbidden). */
    cacheWrites: ActorCacheEntry[];
}

/** One ActorData per sample (selection order), and its cache entry when `cache` is given. */
export function assembleActors(input: {
    samples: readonly ActorSample[];
    profiles: ReadonlyMap<string, ActorProfileResult>;
    daysByActor: ReadonlyMap<string, ActorDay[]>;
    runsForbidden: ReadonlySet<string>;
    cache: {
        window: AnalysisWindow;
        windowFromDay: string;
        windowToDay: string;
        originsKey: string;
        nowIso: string;
    } | null;
}): AssembledActors {
    const actors: ActorData[] = [];
    const cacheWrites: ActorCacheEntry[] = [];
    for (const { item, sample, cached, result: sampled } of input.samples) {
        const profile = input.profiles.get(item.id);
        if (!profile) throw new Error(`Internal error: the task runner returned no result for Actor ${item.id}.`);
        const forbidden = input.runsForbidden.has(item.id);
        const missing = [...(forbidden ? [{ ...RUNS_FORBIDDEN }] : []), ...profile.missing, ...sampled.missing];
        const days = input.daysByActor.get(item.id)!;
        actors.push({
            actor: profile.actor,
            days: days.map((d) => d.aggregate),
            sampledRuns: sampled.sampledRuns,
            builds: profile.builds ?? { latest: null, previous: null },
            missing,
        });
        if (input.cache && !forbidden) {
            cacheWrites.push(
                buildCacheEntry({
                    ...input.cache,
                    item,
                    days,
                    profile,
                    sampledRuns: sampled.sampledRuns,
                    previous: cached,
                    missingParts: missing.map((m) => m.part),
                    datasetOnlyRunIds: new Set(sample.filter((entry) => !entry.detail).map((entry) => entry.ref.id)),
                }),
            );
        }
    }
    return { actors, cacheWrites };
}

/** The permission groups the actors miss, plus `extra`, in PERMISSION_GROUPS order. */
export function missingPermissionsOf(
    actors: readonly ActorData[],
    extra: Iterable<PermissionGroup>,
): PermissionGroup[] {
    const missing = new Set<PermissionGroup>(extra);
    for (const actor of actors) for (const m of actor.missing) if (m.permission) missing.add(m.permission);
    return PERMISSION_GROUPS.filter((p) => missing.has(p));
}

export interface FleetDataParts {
    accountUsername: string | null;
    window: AnalysisWindow;
    origins: string[];
    actors: ActorData[];
    missingPermissions: PermissionGroup[];
    skipped: FleetData['collection']['skipped'];
    /** null when the Actors could not be listed. */
    facts: { strategy: RunListStrategy; reusedDays: number; fetchedDays: number } | null;
}

/** The FleetData; the request counts are read from `api` now, after the last request. */
export function assembleFleetData(api: FleetApi, parts: FleetDataParts): FleetData {
    const { facts } = parts;
    return {
        schemaVersion: FLEET_DATA_SCHEMA_VERSION,
        account: { username: parts.accountUsername, userId: null },
        window: parts.window,
        origins: parts.origins,
        actors: parts.actors,
        collection: {
            apiRequests: api.totalRequests,
            requestsByKind: { ...api.requestsByKind },
            missingPermissions: parts.missingPermissions,
            skipped: parts.skipped,
            reusedDays: facts?.reusedDays ?? 0,
            fetchedDays: facts?.fetchedDays ?? 0,
            runListStrategy: facts?.strategy.kind ?? 'none',
            runListStrategyReason: facts?.strategy.reason ?? 'The Actors could not be listed.',
        },
    };
}
