/**
 * API list items and collected days for the unit tests of the collection stages
 * (actor/engine/collection/): the shapes fleet-api.ts parses, with defaults a test overrides.
 */
import type { ActorDay } from '../../actor/engine/collection/collection-context.js';
import type { ActorListItem, RunListItem } from '../../actor/engine/collection/fleet-api.js';
import { addRun, finaliseDay, type RunsPartial } from '../../actor/engine/collection/run-aggregation.js';

export function actorListItem(id: string, overrides: Partial<ActorListItem> = {}): ActorListItem {
    return {
        id,
        name: `actor-${id}`,
        username: 'alice',
        title: null,
        createdAt: '2025-01-01T00:00:00.000Z',
        modifiedAt: '2025-06-01T00:00:00.000Z',
        stats: { totalRuns: 10, totalBuilds: 3, lastRunStartedAt: '2026-01-03T12:00:00.000Z' },
        ...overrides,
    };
}

export function runListItem(
    id: string,
    actId: string,
    startedAt: string,
    overrides: Partial<RunListItem> = {},
): RunListItem {
    return {
        id,
        actId,
        status: 'SUCCEEDED',
        startedAt,
        finishedAt: new Date(Date.parse(startedAt) + 60_000).toISOString(),
        buildNumber: '0.1.1',
        meta: { origin: 'API' },
        usageTotalUsd: 0.01,
        defaultDatasetId: `ds-${id}`,
        ...overrides,
    };
}

/** Runs folded as the run stage folds them (window 2026-01-01 – 2026-01-08, every origin). */
export function runsPartialOf(runs: readonly RunListItem[]): RunsPartial {
    const partial: RunsPartial = {};
    for (const run of runs)
        addRun(partial, run, {
            fromIso: '2026-01-01T00:00:00.000Z',
            toIso: '2026-01-08T00:00:00.000Z',
            origins: new Set(),
        });
    return partial;
}

/** One Actor's days, as assembleActorDays builds them from fetched runs. */
export function actorDaysOf(actorId: string, runs: readonly RunListItem[], nowIso: string): ActorDay[] {
    const byDay = runsPartialOf(runs)[actorId] ?? {};
    return Object.entries(byDay)
        .map(([day, partial]) => ({ aggregate: finaliseDay(day, partial, nowIso), candidates: partial.candidates }))
        .sort((a, b) => (a.aggregate.day < b.aggregate.day ? -1 : 1));
}
