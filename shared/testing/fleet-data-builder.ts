/**
 * The one home of FleetData builders for tests. Every builder takes a partial and fills the
 * rest with neutral values (a healthy private Actor with no runs), so a test states only what
 * its check looks at.
 *
 * Two entry styles over the same builders:
 * - `build*` (the specialists' tests): days by window index in TEST_WINDOW (2026-01), results
 *   validated by the contract schema;
 * - `make*` (the metrics, analysis and orchestrator tests): days by date in FIXTURE_WINDOW
 *   (2025-03), results not validated, so a test may build a document the contract would refuse.
 */
import {
    actorDataSchema,
    fleetDataSchema,
    FLEET_DATA_SCHEMA_VERSION,
    type ActorData,
    type ActorMetadata,
    type BuildInfo,
    type DatasetSample,
    type DayAggregate,
    type FleetData,
    type RunGroupStats,
    type SampledRun,
} from '../contracts/fleet-data.js';
import type { SpecialistContext } from '../specialists/specialist-document.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

/** 28 days ending at midnight UTC: the product's default window. */
export const TEST_WINDOW = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-29T00:00:00.000Z' } as const;
export const TEST_CONTEXT: SpecialistContext = { generatedAt: '2026-01-29T00:05:00.000Z', runId: null };

/** `YYYY-MM-DD` of the window's n-th day (0 = first day). */
export function windowDay(index: number): string {
    return new Date(Date.parse(TEST_WINDOW.from) + index * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO timestamp at `hour` o'clock on the window's n-th day. */
export function windowTime(dayIndex: number, hour = 12, minute = 0): string {
    return new Date(
        Date.parse(TEST_WINDOW.from) + dayIndex * MS_PER_DAY + hour * 3_600_000 + minute * 60_000,
    ).toISOString();
}

export function makeStats(partial: Partial<RunGroupStats> = {}): RunGroupStats {
    return {
        succeeded: 0,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        inProgress: 0,
        costUsd: 0,
        runsWithoutCost: 0,
        durationsSecs: [],
        ...partial,
    };
}

export const buildRunGroupStats = makeStats;

/** Runs of one group with a constant duration and cost per run (cost reported on every run). */
export function buildUniformRuns(options: {
    succeeded?: number;
    failed?: number;
    timedOut?: number;
    aborted?: number;
    durationSecs?: number;
    costPerRunUsd?: number;
    runsWithoutCost?: number;
}): RunGroupStats {
    const succeeded = options.succeeded ?? 0;
    const failed = options.failed ?? 0;
    const timedOut = options.timedOut ?? 0;
    const aborted = options.aborted ?? 0;
    const terminal = succeeded + failed + timedOut + aborted;
    const runsWithoutCost = options.runsWithoutCost ?? 0;
    return buildRunGroupStats({
        succeeded,
        failed,
        timedOut,
        aborted,
        costUsd: (options.costPerRunUsd ?? 0) * Math.max(0, terminal - runsWithoutCost),
        runsWithoutCost,
        durationsSecs: Array.from({ length: terminal }, () => options.durationSecs ?? 60),
    });
}

/** A day aggregate of `day` (`YYYY-MM-DD`); runs at noon, every origin unknown. */
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

/** A day aggregate of the window's n-th day; its runs started by the API, the last at 23:00. */
export function buildDay(
    dayIndex: number,
    byBuild: Record<string, RunGroupStats>,
    partial: Partial<DayAggregate> = {},
): DayAggregate {
    const total = Object.values(byBuild).reduce(
        (sum, s) => sum + s.succeeded + s.failed + s.timedOut + s.aborted + s.inProgress,
        0,
    );
    return makeDay(windowDay(dayIndex), byBuild, {
        byOrigin: { API: total },
        lastStartedAt: total > 0 ? windowTime(dayIndex, 23) : null,
        lastSucceededAt: Object.values(byBuild).some((s) => s.succeeded > 0) ? windowTime(dayIndex, 23) : null,
        ...partial,
    });
}

/** One day aggregate per window day from `fromDay` to `toDay` inclusive. */
export function buildDays(
    fromDay: number,
    toDay: number,
    perDay: (dayIndex: number) => Record<string, RunGroupStats>,
): DayAggregate[] {
    const days: DayAggregate[] = [];
    for (let index = fromDay; index <= toDay; index++) days.push(buildDay(index, perDay(index)));
    return days;
}

export function buildDatasetSample(partial: Partial<DatasetSample> = {}): DatasetSample {
    return { id: 'dataset-x', itemCount: 10, cleanItemCount: 10, fields: null, fieldStatistics: null, ...partial };
}

let runCounter = 0;

/** A finished, successful sampled run with nothing measured; `overrides` say what is. */
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

/** A sampled run of a one-minute, measured, successful run with a dataset; ids count up. */
export function buildSampledRun(partial: Partial<SampledRun> & { dayIndex?: number } = {}): SampledRun {
    runCounter += 1;
    const { dayIndex, ...rest } = partial;
    const startedAt = rest.startedAt ?? windowTime(dayIndex ?? 27, 10);
    return makeSampledRun(`run-${runCounter}`, {
        startedAt,
        finishedAt: new Date(Date.parse(startedAt) + 60_000).toISOString(),
        buildNumber: '0.0.2',
        usageTotalUsd: 0.01,
        memoryMbytes: 1024,
        memMaxBytes: 512 * 1024 * 1024,
        computeUnits: 0.02,
        timeoutSecs: 3600,
        defaultDatasetId: 'dataset-x',
        dataset: buildDatasetSample(),
        ...rest,
    });
}

export function buildBuildInfo(partial: Partial<BuildInfo> = {}): BuildInfo {
    return {
        id: `build-${partial.buildNumber ?? '0.0.2'}`,
        buildNumber: '0.0.2',
        status: 'SUCCEEDED',
        finishedAt: windowTime(0, 1),
        inputSchema: null,
        readme: null,
        datasetSchema: null,
        outputSchema: null,
        ...partial,
    };
}

/** A private, current Actor `tester/<id>` of unknown permission level. */
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

export function buildActorMetadata(partial: Partial<ActorMetadata> = {}): ActorMetadata {
    return makeActorMetadata(partial.id ?? 'actor-1', {
        actorPermissionLevel: 'LIMITED_PERMISSIONS',
        createdAt: '2025-01-01T00:00:00.000Z',
        ...partial,
    });
}

export interface ActorDataDraft {
    actor?: Partial<ActorMetadata>;
    days?: DayAggregate[];
    sampledRuns?: SampledRun[];
    latestBuild?: Partial<BuildInfo> | null;
    previousBuild?: Partial<BuildInfo> | null;
    missing?: ActorData['missing'];
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

export function buildActorData(draft: ActorDataDraft = {}): ActorData {
    const actor = buildActorMetadata(draft.actor);
    return actorDataSchema.parse(
        makeActorData(actor.id, draft.days ?? [], {
            actor,
            sampledRuns: draft.sampledRuns ?? [],
            builds: {
                latest:
                    draft.latestBuild === undefined || draft.latestBuild === null
                        ? null
                        : buildBuildInfo(draft.latestBuild),
                previous:
                    draft.previousBuild === undefined || draft.previousBuild === null
                        ? null
                        : buildBuildInfo({ buildNumber: '0.0.1', ...draft.previousBuild }),
            },
            missing: draft.missing ?? [],
        }),
    );
}

/** Default window of the `make*` builders: 28 whole days, 2025-03-01 … 2025-03-28 (to = 2025-03-29T00:00Z). */
export const FIXTURE_WINDOW = { from: '2025-03-01T00:00:00.000Z', to: '2025-03-29T00:00:00.000Z' } as const;

/** FleetData of FIXTURE_WINDOW as a full collection of 28 days would report it. */
export function makeFleetData(actors: ActorData[], overrides: Partial<FleetData> = {}): FleetData {
    return {
        schemaVersion: FLEET_DATA_SCHEMA_VERSION,
        account: { username: 'tester', userId: 'user1' },
        window: { ...FIXTURE_WINDOW },
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

export function buildFleetData(actors: ActorData[], partial: Partial<FleetData> = {}): FleetData {
    return fleetDataSchema.parse(
        makeFleetData(actors, {
            account: { username: 'tester', userId: 'user-1' },
            window: TEST_WINDOW,
            collection: {
                apiRequests: 0,
                requestsByKind: {},
                missingPermissions: [],
                skipped: [],
                reusedDays: 0,
                fetchedDays: 0,
            },
            ...partial,
        }),
    );
}

/** `count` consecutive days ending with `lastDay`, `YYYY-MM-DD`, oldest first. */
export function dayRange(lastDay: string, count: number): string[] {
    const lastMs = Date.parse(`${lastDay}T00:00:00.000Z`);
    return Array.from({ length: count }, (_, i) =>
        new Date(lastMs - (count - 1 - i) * MS_PER_DAY).toISOString().slice(0, 10),
    );
}

/** A README of `wordCount` words with the given `## headings` (each heading counts as words too). */
export function buildReadme(wordCount: number, headings: string[] = []): string {
    const body = Array.from({ length: wordCount }, (_, i) => `word${i}`).join(' ');
    return [...headings.map((heading) => `## ${heading}\n\nSome text.`), body].join('\n\n');
}
