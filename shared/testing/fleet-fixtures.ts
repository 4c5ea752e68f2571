/**
 * Small builders of valid FleetData for unit tests of the analytics core and the specialists.
 * Every builder returns a document that passes `fleetDataSchema` (tested), with overrides.
 */
import type {
    ActorData,
    ActorMetadata,
    DayAggregate,
    FleetData,
    RunGroupStats,
    SampledRun,
} from '../contracts/fleet-data.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

export function makeStats(overrides: Partial<RunGroupStats> = {}): RunGroupStats {
    return {
        succeeded: 0,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        inProgress: 0,
        costUsd: 0,
        runsWithoutCost: 0,
        durationsSecs: [],
        ...overrides,
    };
}

export function makeDay(
    day: string,
    byBuild: Record<string, RunGroupStats>,
    overrides: Partial<DayAggregate> = {},
): DayAggregate {
    return {
        day,
        isComplete: true,
        byBuild,
        byOrigin: {},
        lastStartedAt: `${day}T12:00:00.000Z`,
        lastSucceededAt: Object.values(byBuild).some((s) => s.succeeded > 0) ? `${day}T12:00:00.000Z` : null,
        recentFailedRunIds: [],
        ...overrides,
    };
}

export function makeActorMetadata(id: string, overrides: Partial<ActorMetadata> = {}): ActorMetadata {
    return {
        id,
        name: `tester/${id}`,
        title: null,
        isPublic: false,
        actorPermissionLevel: null,
        categories: null,
        seoTitle: null,
        seoDescription: null,
        pricingInfos: null,
        notice: null,
        isDeprecated: false,
        defaultMemoryMbytes: 1024,
        defaultTimeoutSecs: 3600,
        lastRunStartedAt: null,
        createdAt: '2024-01-01T00:00:00.000Z',
        ...overrides,
    };
}

export function makeSampledRun(id: string, overrides: Partial<SampledRun> = {}): SampledRun {
    return {
        id,
        status: 'SUCCEEDED',
        origin: 'API',
        startedAt: '2025-03-27T10:00:00.000Z',
        finishedAt: '2025-03-27T10:01:00.000Z',
        buildNumber: '0.0.1',
        usageTotalUsd: null,
        memoryMbytes: null,
        memMaxBytes: null,
        computeUnits: null,
        timeoutSecs: null,
        exitCode: 0,
        statusMessage: null,
        defaultDatasetId: null,
        dataset: null,
        sampledBecause: 'recent',
        ...overrides,
    };
}

export function makeActorData(
    id: string,
    days: DayAggregate[],
    overrides: Partial<Omit<ActorData, 'actor'>> & { actor?: Partial<ActorMetadata> } = {},
): ActorData {
    const { actor, ...rest } = overrides;
    return {
        actor: makeActorMetadata(id, actor),
        days,
        sampledRuns: [],
        builds: { latest: null, previous: null },
        missing: [],
        ...rest,
    };
}

/** Default window: 28 whole days, 2025-03-01 … 2025-03-28 (to = 2025-03-29T00:00Z). */
export const TEST_WINDOW = { from: '2025-03-01T00:00:00.000Z', to: '2025-03-29T00:00:00.000Z' } as const;

export function makeFleetData(actors: ActorData[], overrides: Partial<FleetData> = {}): FleetData {
    return {
        schemaVersion: 1,
        account: { username: 'tester', userId: 'user1' },
        window: { ...TEST_WINDOW },
        origins: [],
        actors,
        collection: {
            apiRequests: 10,
            requestsByKind: { actors: 1, runs: 9 },
            missingPermissions: [],
            skipped: [],
            reusedDays: 0,
            fetchedDays: 28,
        },
        ...overrides,
    };
}

/** `count` consecutive days ending with `lastDay`, `YYYY-MM-DD`, oldest first. */
export function dayRange(lastDay: string, count: number): string[] {
    const lastMs = Date.parse(`${lastDay}T00:00:00.000Z`);
    return Array.from({ length: count }, (_, i) =>
        new Date(lastMs - (count - 1 - i) * MS_PER_DAY).toISOString().slice(0, 10),
    );
}
