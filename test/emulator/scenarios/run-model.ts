/**
 * Draws one Actor's runs of one UTC day from its plan, and shows a run as the API would at a
 * given moment (READY, RUNNING, or finished). Everything is a pure function of
 * (seed, Actor, day), which is what lets `runsBetween` add a day and `resolveRunDataset`
 * find a run's dataset without storing either.
 */
import type { ActorFixture, DatasetFixture, RunFixture } from '../state/fixture-schema.js';
import {
    COST_SPIKE_AGE_DAYS,
    COST_SPIKE_FACTOR,
    DAY_MILLIS,
    EMPTY_DATASETS_AGE_DAYS,
    EMPTY_DATASETS_SHARE,
    NULL_SPIKE_AGE_DAYS,
    NULL_SPIKE_FIELD,
    NULL_SPIKE_RATE,
    READY_PHASE_SECS,
    REGRESSION_FAIL_RATE_AFTER,
    STALE_FAILING_SINCE_AGE_DAYS,
    STORE_TEST_FAILING_AGE_DAYS,
    STORE_TEST_MAX_SECS,
    TIMEOUT_RATE_AT_NOW,
    TIMEOUT_RATE_AT_START,
    TIMEOUT_RATE_CAP,
    TIMEOUT_RISE_START_AGE_DAYS,
    USD_PER_COMPUTE_UNIT,
} from './actor-behaviours.js';
import type { ActorPlan, BuildPlan, FleetPlan, PeriodicStream, RunOrigin } from './fleet-plan.js';
import { MAX_RUNS_PER_ACTOR_DAY, buildId, packRunAddress } from './scenario-ids.js';
import { createRandom, hash32, stratifiedUniform, type Random } from './seeded-prng.js';
import { fieldsSchemaOfBuild } from '../state/dataset-fields-schema.js';

export type FinalRunStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED-OUT' | 'ABORTED';

/** A run's intrinsic facts, independent of when it is observed. */
export interface PlannedRun {
    day: number;
    ordinal: number;
    startedAtMs: number;
    origin: RunOrigin;
    status: FinalRunStatus;
    durationSecs: number;
    build: BuildPlan;
    memoryMbytes: number;
    timeoutSecs: number;
    usageTotalUsd: number | undefined;
    computeUnits: number;
    memMaxBytes: number;
    itemCount: number;
    exitCode: number | null;
    statusMessage: string | null;
}

const SUCCEEDED_MESSAGE = 'Finished! All requests were processed.';
const TIMED_OUT_MESSAGE = 'The Actor run timed out.';
const ABORTED_MESSAGE = 'Run aborted by user.';
const STALE_ERROR = 'Error: Feed URL returned HTTP 410 Gone';
const REGRESSION_ERROR =
    "TypeError: Cannot read properties of undefined (reading 'offers') at parseProduct (src/routes.js:88)";
const STORE_TEST_ERROR = 'Error: Prefill input no longer works: the start page returned HTTP 404';

const roundTo6 = (value: number): number => Math.round(value * 1e6) / 1e6;

interface Candidate {
    atMs: number;
    origin: RunOrigin;
    /** Occurrence index in its periodic stream (absolute), -1 for on-demand runs. */
    streamIndex: number;
    stream: 'periodic' | 'test' | 'random' | 'planted';
    minDurationSecs?: number;
}

function periodicCandidates(
    stream: PeriodicStream,
    dayStartMs: number,
    random: Random,
    kind: Candidate['stream'],
    into: Candidate[],
): void {
    const first = Math.ceil((dayStartMs - stream.phaseMs) / stream.periodMs);
    for (let k = first; ; k++) {
        const scheduledMs = stream.phaseMs + k * stream.periodMs;
        if (scheduledMs >= dayStartMs + DAY_MILLIS) break;
        into.push({
            atMs: scheduledMs + (stream.jitterMs > 0 ? random.int(0, stream.jitterMs) : 0),
            origin: stream.origin,
            streamIndex: k,
            stream: kind,
        });
    }
}

/** The SUCCEEDED build a run starting at `atMs` uses (latest finished before it). */
export function servingBuildAt(plan: ActorPlan, atMs: number): BuildPlan | undefined {
    let chosen: BuildPlan | undefined;
    for (const build of plan.servingBuilds) {
        if (build.finishedAtMs <= atMs) chosen = build;
        else break;
    }
    return chosen;
}

/** Share of runs timing out at `atMs` for a rising-timeouts Actor. */
export function risingTimeoutRate(nowMs: number, atMs: number): number {
    const riseStartMs = nowMs - TIMEOUT_RISE_START_AGE_DAYS * DAY_MILLIS;
    if (atMs < riseStartMs) return TIMEOUT_RATE_AT_START;
    const growthPerDay = Math.log(TIMEOUT_RATE_AT_NOW / TIMEOUT_RATE_AT_START) / TIMEOUT_RISE_START_AGE_DAYS;
    return Math.min(
        TIMEOUT_RATE_CAP,
        TIMEOUT_RATE_AT_START * Math.exp((growthPerDay * (atMs - riseStartMs)) / DAY_MILLIS),
    );
}

/** Every run the Actor starts on UTC `day`, ordered by start time (ordinal = position). */
export function planActorDay(fleet: FleetPlan, plan: ActorPlan, day: number): PlannedRun[] {
    const dayStartMs = day * DAY_MILLIS;
    if (dayStartMs + DAY_MILLIS <= plan.activeFromMs || dayStartMs >= plan.activeUntilMs) return [];
    const random = createRandom(hash32(fleet.seed, plan.index, day, 0xda7));
    const candidates: Candidate[] = [];
    for (const stream of plan.periodic) periodicCandidates(stream, dayStartMs, random, 'periodic', candidates);
    if (plan.storeTest) periodicCandidates(plan.storeTest, dayStartMs, random, 'test', candidates);
    const randomCount = random.poisson(plan.randomRunsPerDay);
    for (let i = 0; i < randomCount; i++) {
        candidates.push({
            atMs: dayStartMs + Math.floor(random.next() * DAY_MILLIS),
            origin: random.weighted(plan.randomOrigins as Record<RunOrigin, number>),
            streamIndex: -1,
            stream: 'random',
        });
    }
    for (const planted of plan.plantedRuns) {
        if (planted.atMs >= dayStartMs && planted.atMs < dayStartMs + DAY_MILLIS) {
            candidates.push({
                atMs: planted.atMs,
                origin: 'API',
                streamIndex: -1,
                stream: 'planted',
                minDurationSecs: planted.minDurationSecs,
            });
        }
    }
    const active = candidates
        .filter((candidate) => candidate.atMs >= plan.activeFromMs && candidate.atMs < plan.activeUntilMs)
        .sort((a, b) => a.atMs - b.atMs);
    if (active.length > MAX_RUNS_PER_ACTOR_DAY) {
        throw new Error(
            `Actor ${plan.actor.name} would start ${active.length} runs on day ${day}; the id scheme allows ${MAX_RUNS_PER_ACTOR_DAY}. Lower runsPer28Days or add Actors.`,
        );
    }
    const outcomeOffset = random.next();
    const emptyOffset = random.next();
    return active.map((candidate, ordinal) =>
        drawRun(
            fleet,
            plan,
            day,
            ordinal,
            candidate,
            random,
            stratifiedUniform(outcomeOffset, ordinal),
            stratifiedUniform(emptyOffset, ordinal),
        ),
    );
}

function drawStatus(
    fleet: FleetPlan,
    plan: ActorPlan,
    candidate: Candidate,
    outcome: number,
): { status: FinalRunStatus; message?: string } {
    const { nowMs } = fleet;
    const atMs = candidate.atMs;
    if (plan.behaviour === 'flaky-one-of-two')
        return candidate.streamIndex % 2 !== 0 ? { status: 'FAILED' } : { status: 'SUCCEEDED' };
    if (plan.behaviour === 'flaky-two-of-five') {
        const position = ((candidate.streamIndex % 5) + 5) % 5;
        return position === 1 || position === 3 ? { status: 'FAILED' } : { status: 'SUCCEEDED' };
    }
    if (candidate.stream === 'test') {
        return plan.behaviour === 'store-test-failing' && atMs >= nowMs - STORE_TEST_FAILING_AGE_DAYS * DAY_MILLIS
            ? { status: 'FAILED', message: STORE_TEST_ERROR }
            : { status: 'SUCCEEDED' };
    }
    if (candidate.stream === 'planted') return { status: 'SUCCEEDED' };
    let failRate = plan.failRate;
    let timeoutRate = plan.timeoutRate;
    let message: string | undefined;
    if (plan.behaviour === 'regression' && plan.incidentStartMs !== undefined && atMs >= plan.incidentStartMs) {
        failRate = REGRESSION_FAIL_RATE_AFTER;
        message = REGRESSION_ERROR;
    } else if (plan.behaviour === 'rising-timeouts') {
        timeoutRate = risingTimeoutRate(nowMs, atMs);
    } else if (plan.behaviour === 'stale' && atMs >= nowMs - STALE_FAILING_SINCE_AGE_DAYS * DAY_MILLIS) {
        return { status: 'FAILED', message: STALE_ERROR };
    }
    if (outcome < failRate) return message ? { status: 'FAILED', message } : { status: 'FAILED' };
    if (outcome < failRate + timeoutRate) return { status: 'TIMED-OUT' };
    if (outcome < failRate + timeoutRate + plan.abortRate) return { status: 'ABORTED' };
    return { status: 'SUCCEEDED' };
}

function drawRun(
    fleet: FleetPlan,
    plan: ActorPlan,
    day: number,
    ordinal: number,
    candidate: Candidate,
    random: Random,
    outcome: number,
    emptyDraw: number,
): PlannedRun {
    const { nowMs } = fleet;
    const atMs = candidate.atMs;
    const build = servingBuildAt(plan, atMs) ?? plan.servingBuilds[0]!;
    const { status, message } = drawStatus(fleet, plan, candidate, outcome);
    const isTest = candidate.stream === 'test';
    const timeoutSecs = plan.timeoutSecs;

    let medianSecs = plan.durationMedianSecs;
    if (plan.behaviour === 'rising-timeouts') {
        // Runs get slower as the site grows; that is what pushes more of them over the limit.
        medianSecs *= 1 + 0.35 * Math.min(1, risingTimeoutRate(nowMs, atMs) / TIMEOUT_RATE_AT_NOW);
    }
    const normalSecs = Math.min(0.8 * timeoutSecs, Math.max(3, random.logNormal(medianSecs, 0.35)));
    let durationSecs: number;
    switch (status) {
        case 'SUCCEEDED':
            durationSecs = isTest ? Math.min(STORE_TEST_MAX_SECS, Math.max(10, random.logNormal(45, 0.3))) : normalSecs;
            break;
        case 'FAILED':
            durationSecs = Math.max(2, normalSecs * random.between(0.05, 0.6));
            break;
        case 'TIMED-OUT':
            durationSecs = timeoutSecs + random.int(1, 4);
            break;
        default:
            durationSecs = Math.max(2, normalSecs * random.between(0.1, 0.9));
    }
    if (candidate.minDurationSecs !== undefined)
        durationSecs = Math.min(0.8 * timeoutSecs, Math.max(durationSecs, candidate.minDurationSecs));
    durationSecs = Math.round(durationSecs * 1000) / 1000;

    const normalItems = Math.max(1, Math.round(random.logNormal(plan.itemMedian, 0.5)));
    let itemCount: number;
    if (status === 'SUCCEEDED') {
        itemCount = isTest ? random.int(5, 20) : normalItems;
        if (
            plan.behaviour === 'empty-datasets' &&
            !isTest &&
            atMs >= nowMs - EMPTY_DATASETS_AGE_DAYS * DAY_MILLIS &&
            emptyDraw < EMPTY_DATASETS_SHARE
        )
            itemCount = 0;
    } else {
        itemCount =
            status === 'FAILED' && plan.behaviour === 'stale' ? 0 : Math.floor(normalItems * random.between(0, 0.5));
    }

    const memoryMbytes = plan.memoryMbytes;
    const utilisation = random.between(plan.memoryUtilisation[0], plan.memoryUtilisation[1]);
    const memMaxBytes = Math.round(utilisation * memoryMbytes * 1_048_576);
    const computeUnits = roundTo6(((memoryMbytes / 1024) * durationSecs) / 3600);
    let usageUsd = computeUnits * USD_PER_COMPUTE_UNIT + itemCount * plan.extraUsdPerItem;
    if (plan.behaviour === 'cost-spike' && atMs >= nowMs - COST_SPIKE_AGE_DAYS * DAY_MILLIS)
        usageUsd *= COST_SPIKE_FACTOR;
    const hasCost = !(plan.missingCostRate > 0 && random.next() < plan.missingCostRate);

    let statusMessage: string | null;
    switch (status) {
        case 'SUCCEEDED':
            statusMessage = SUCCEEDED_MESSAGE;
            break;
        case 'FAILED':
            statusMessage =
                message ?? plan.errorMessages[random.int(0, plan.errorMessages.length - 1)] ?? 'Error: Actor failed';
            break;
        case 'TIMED-OUT':
            statusMessage = TIMED_OUT_MESSAGE;
            break;
        default:
            statusMessage = ABORTED_MESSAGE;
    }
    return {
        day,
        ordinal,
        startedAtMs: atMs,
        origin: candidate.origin,
        status,
        durationSecs,
        build,
        memoryMbytes,
        timeoutSecs,
        usageTotalUsd: hasCost ? roundTo6(usageUsd) : undefined,
        computeUnits,
        memMaxBytes,
        itemCount,
        exitCode: status === 'SUCCEEDED' ? 0 : status === 'FAILED' ? 1 : null,
        statusMessage,
    };
}

export type ObservedStatus = FinalRunStatus | 'READY' | 'RUNNING';

export function observedStatusAt(run: PlannedRun, atMs: number): ObservedStatus | undefined {
    const elapsedSecs = (atMs - run.startedAtMs) / 1000;
    if (elapsedSecs < 0) return undefined;
    if (elapsedSecs < READY_PHASE_SECS) return 'READY';
    if (elapsedSecs < run.durationSecs) return 'RUNNING';
    return run.status;
}

export interface RunIds {
    id: string;
    defaultDatasetId: string;
    defaultKeyValueStoreId: string;
    defaultRequestQueueId: string;
}

export function runIdsOf(fleet: FleetPlan, plan: ActorPlan, run: PlannedRun): RunIds {
    const packed = packRunAddress({ actorIndex: plan.index, day: run.day, ordinal: run.ordinal });
    return {
        id: buildId(fleet.seed, 'run', packed),
        defaultDatasetId: buildId(fleet.seed, 'dataset', packed),
        defaultKeyValueStoreId: buildId(fleet.seed, 'kvs', packed),
        defaultRequestQueueId: buildId(fleet.seed, 'rq', packed),
    };
}

/**
 * The run as `GET /v2/actor-runs/{id}` shows it at `atMs` (undefined before it starts).
 * Kept lean for the L scenario: shared strings, one small `stats` object.
 */
export function observeRun(fleet: FleetPlan, plan: ActorPlan, run: PlannedRun, atMs: number): RunFixture | undefined {
    const status = observedStatusAt(run, atMs);
    if (status === undefined) return undefined;
    const ids = runIdsOf(fleet, plan, run);
    const isFinished = status !== 'READY' && status !== 'RUNNING';
    const elapsedSecs = Math.max(0, (atMs - run.startedAtMs) / 1000);
    const fraction = isFinished ? 1 : status === 'READY' ? 0 : elapsedSecs / run.durationSecs;
    const fixture: RunFixture = {
        id: ids.id,
        actId: plan.actor.id,
        status,
        startedAt: new Date(run.startedAtMs).toISOString(),
        finishedAt: isFinished ? new Date(run.startedAtMs + run.durationSecs * 1000).toISOString() : null,
        buildId: run.build.id,
        buildNumber: run.build.buildNumber,
        origin: run.origin,
        // null: the run reports no cost (the API answers leave the field out).
        usageTotalUsd:
            run.usageTotalUsd === undefined
                ? null
                : isFinished
                  ? run.usageTotalUsd
                  : roundTo6(run.usageTotalUsd * fraction),
        stats: isFinished
            ? { memMaxBytes: run.memMaxBytes, computeUnits: run.computeUnits, runTimeSecs: run.durationSecs }
            : {
                  memMaxBytes: Math.round(run.memMaxBytes * Math.min(1, fraction * 4)),
                  computeUnits: roundTo6(run.computeUnits * fraction),
                  runTimeSecs: Math.round(elapsedSecs * 1000) / 1000,
              },
        memoryMbytes: run.memoryMbytes,
        timeoutSecs: run.timeoutSecs,
        statusMessage: isFinished ? run.statusMessage : status === 'READY' ? null : 'Crawling…',
        exitCode: isFinished ? run.exitCode : null,
        defaultDatasetId: ids.defaultDatasetId,
        defaultKeyValueStoreId: ids.defaultKeyValueStoreId,
        defaultRequestQueueId: ids.defaultRequestQueueId,
    };
    return fixture;
}

/** Null share of a dataset field for a run of this plan starting at `atMs`. */
export function nullRateOf(
    fleet: FleetPlan,
    plan: ActorPlan,
    fieldName: string,
    baseNullRate: number,
    atMs: number,
): number {
    if (
        plan.behaviour === 'null-rate-spike' &&
        fieldName === NULL_SPIKE_FIELD &&
        atMs >= fleet.nowMs - NULL_SPIKE_AGE_DAYS * DAY_MILLIS
    )
        return NULL_SPIKE_RATE;
    return baseNullRate;
}

/**
 * The run's default dataset as `GET /v2/datasets/{id}` and `…/statistics` describe it: item
 * counts and per-field statistics of the fields its build declares, never items. `fields` is
 * left to the API's default (`[]`): the platform does not list observed fields there.
 * `emptyCount` counts items where the field is undefined: 0 for fields that are always
 * written (null or not), every item for a declared field the Actor never writes.
 */
export function deriveRunDataset(fleet: FleetPlan, plan: ActorPlan, run: PlannedRun): DatasetFixture {
    const ids = runIdsOf(fleet, plan, run);
    const random = createRandom(hash32(fleet.seed, plan.index, run.day, run.ordinal, 0xd5));
    const fieldStatistics: NonNullable<DatasetFixture['fieldStatistics']> = {};
    for (const spec of run.build.fields) {
        const statistics: { min?: number; max?: number; nullCount: number; emptyCount: number } = {
            nullCount: 0,
            emptyCount: spec.isNeverWritten ? run.itemCount : 0,
        };
        if (run.itemCount > 0 && !spec.isNeverWritten) {
            if (spec.isNullable) {
                const rate = nullRateOf(fleet, plan, spec.name, spec.baseNullRate, run.startedAtMs);
                statistics.nullCount = Math.min(
                    run.itemCount,
                    Math.round(run.itemCount * rate * random.between(0.85, 1.15)),
                );
            }
            if (spec.range && statistics.nullCount < run.itemCount) {
                const [low, high] = spec.range;
                const span = high - low;
                const isInteger = spec.type === 'integer';
                const min = low + span * random.between(0, 0.2);
                const max = high - span * random.between(0, 0.3);
                statistics.min = isInteger ? Math.round(min) : Math.round(min * 100) / 100;
                statistics.max = isInteger ? Math.round(max) : Math.round(max * 100) / 100;
            }
        }
        fieldStatistics[spec.name] = statistics;
    }
    const createdAt = new Date(run.startedAtMs).toISOString();
    const fieldsSchema = fieldsSchemaOfBuild(run.build.actorDefinition);
    return {
        id: ids.defaultDatasetId,
        actRunId: ids.id,
        actId: plan.actor.id,
        createdAt,
        modifiedAt: new Date(run.startedAtMs + run.durationSecs * 1000).toISOString(),
        itemCount: run.itemCount,
        cleanItemCount: run.itemCount,
        // The build's schema object, shared by every dataset of the build.
        ...(fieldsSchema ? { fieldsSchema } : {}),
        fieldStatistics,
    };
}

/** How a code-less Actor behaves today when started through the API. */
export function profileOf(fleet: FleetPlan, plan: ActorPlan): NonNullable<ActorFixture['profile']> {
    const { nowMs } = fleet;
    let failRate = plan.failRate + plan.timeoutRate;
    if (plan.behaviour === 'regression') failRate = REGRESSION_FAIL_RATE_AFTER + plan.timeoutRate;
    if (plan.behaviour === 'rising-timeouts') failRate = plan.failRate + risingTimeoutRate(nowMs, nowMs);
    if (plan.behaviour === 'stale') failRate = 1;
    if (plan.behaviour === 'flaky-one-of-two') failRate = 0.5;
    if (plan.behaviour === 'flaky-two-of-five') failRate = 0.4;
    const computeUnits = ((plan.memoryMbytes / 1024) * plan.durationMedianSecs) / 3600;
    let costUsd = computeUnits * USD_PER_COMPUTE_UNIT + plan.itemMedian * plan.extraUsdPerItem;
    if (plan.behaviour === 'cost-spike') costUsd *= COST_SPIKE_FACTOR;
    const utilisation = (plan.memoryUtilisation[0] + plan.memoryUtilisation[1]) / 2;
    return {
        successRate: Math.round((1 - failRate) * 1000) / 1000,
        durationSecs: plan.durationMedianSecs,
        costUsd: roundTo6(costUsd),
        itemCount: plan.behaviour === 'stale' ? 0 : plan.itemMedian,
        memMaxBytes: Math.round(utilisation * plan.memoryMbytes * 1_048_576),
    };
}
