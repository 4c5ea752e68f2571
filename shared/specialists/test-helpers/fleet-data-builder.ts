/**
 * Small builders for FleetData fixtures in the specialists' unit tests. Every builder takes a
 * partial and fills the rest with neutral values (a healthy private Actor with no runs), so a
 * test states only what its check looks at. Every result is validated by the contract schema.
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
} from '../../contracts/fleet-data.js';
import type { SpecialistContext } from '../specialist-document.js';
import { MS_PER_DAY } from '../../metrics/day-periods.js';

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

export function buildRunGroupStats(partial: Partial<RunGroupStats> = {}): RunGroupStats {
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

export function buildDay(
    dayIndex: number,
    byBuild: Record<string, RunGroupStats>,
    partial: Partial<DayAggregate> = {},
): DayAggregate {
    const total = Object.values(byBuild).reduce(
        (sum, s) => sum + s.succeeded + s.failed + s.timedOut + s.aborted + s.inProgress,
        0,
    );
    return {
        day: windowDay(dayIndex),
        isComplete: true,
        byBuild,
        byOrigin: { API: total },
        lastStartedAt: total > 0 ? windowTime(dayIndex, 23) : null,
        lastSucceededAt: Object.values(byBuild).some((s) => s.succeeded > 0) ? windowTime(dayIndex, 23) : null,
        recentFailedRunIds: [],
        ...partial,
    };
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

export function buildSampledRun(partial: Partial<SampledRun> & { dayIndex?: number } = {}): SampledRun {
    runCounter += 1;
    const { dayIndex, ...rest } = partial;
    const startedAt = rest.startedAt ?? windowTime(dayIndex ?? 27, 10);
    return {
        id: `run-${runCounter}`,
        status: 'SUCCEEDED',
        origin: 'API',
        startedAt,
        finishedAt: new Date(Date.parse(startedAt) + 60_000).toISOString(),
        buildNumber: '0.0.2',
        usageTotalUsd: 0.01,
        memoryMbytes: 1024,
        memMaxBytes: 512 * 1024 * 1024,
        computeUnits: 0.02,
        timeoutSecs: 3600,
        exitCode: 0,
        statusMessage: null,
        defaultDatasetId: 'dataset-x',
        dataset: buildDatasetSample(),
        sampledBecause: 'recent',
        ...rest,
    };
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

export function buildActorMetadata(partial: Partial<ActorMetadata> = {}): ActorMetadata {
    const id = partial.id ?? 'actor-1';
    return {
        id,
        name: `tester/${id}`,
        title: null,
        isPublic: false,
        actorPermissionLevel: 'LIMITED_PERMISSIONS',
        categories: null,
        seoTitle: null,
        seoDescription: null,
        pricingInfos: null,
        notice: null,
        isDeprecated: false,
        defaultMemoryMbytes: 1024,
        defaultTimeoutSecs: 3600,
        lastRunStartedAt: null,
        createdAt: '2025-01-01T00:00:00.000Z',
        ...partial,
    };
}

export interface ActorDataDraft {
    actor?: Partial<ActorMetadata>;
    days?: DayAggregate[];
    sampledRuns?: SampledRun[];
    latestBuild?: Partial<BuildInfo> | null;
    previousBuild?: Partial<BuildInfo> | null;
    missing?: ActorData['missing'];
}

export function buildActorData(draft: ActorDataDraft = {}): ActorData {
    return actorDataSchema.parse({
        actor: buildActorMetadata(draft.actor),
        days: draft.days ?? [],
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
    });
}

export function buildFleetData(actors: ActorData[], partial: Partial<FleetData> = {}): FleetData {
    return fleetDataSchema.parse({
        schemaVersion: FLEET_DATA_SCHEMA_VERSION,
        account: { username: 'tester', userId: 'user-1' },
        window: TEST_WINDOW,
        origins: [],
        actors,
        collection: {
            apiRequests: 0,
            requestsByKind: {},
            missingPermissions: [],
            skipped: [],
            reusedDays: 0,
            fetchedDays: 0,
        },
        ...partial,
    });
}

/** A README of `wordCount` words with the given `## headings` (each heading counts as words too). */
export function buildReadme(wordCount: number, headings: string[] = []): string {
    const body = Array.from({ length: wordCount }, (_, i) => `word${i}`).join(' ');
    return [...headings.map((heading) => `## ${heading}\n\nSome text.`), body].join('\n\n');
}
