/**
 * Draws the runs of one Actor of the realistic family for one UTC day. Every outcome is an
 * independent Bernoulli draw from the Actor's rate at that moment (its own base rate, or the
 * planted incident's curve, or the outage), so a test of the analysis sees sampling noise
 * the way it would on a real account.
 */
import { USD_PER_COMPUTE_UNIT, DAY_MILLIS } from '../actor-behaviours.js';
import type { ActorPlan, BuildPlan, RunOrigin } from '../fleet-plan.js';
import type { FinalRunStatus, PlannedRun } from '../run-model.js';
import { servingBuildAt } from '../run-model.js';
import { createRandom, hash32, type Random } from '../seeded-prng.js';
import {
    BASE_ABORT_RATE,
    COST_INCREASE_AGE_DAYS,
    COST_INCREASE_FACTOR,
    CREEPING_FAIL_RATE_FROM,
    CREEPING_FAIL_RATE_TO,
    DURATION_SIGMA,
    EXPENSIVE_RUN_FACTOR,
    FLAKY_FAIL_RATE,
    ITEMS_SIGMA,
    OUTAGE_ERROR,
    OUTAGE_FAIL_RATE,
    PARTIAL_EMPTY_AGE_DAYS,
    PARTIAL_EMPTY_SHARE,
    REGRESSION_FAIL_RATE,
    RISING_TIMEOUT_RATE_FROM,
    RISING_TIMEOUT_RATE_TO,
    WEEKEND_VOLUME_FACTOR,
    type RealisticRole,
} from './realistic-roles.js';

export interface RealisticActor {
    plan: ActorPlan;
    role: RealisticRole;
    failRate: number;
    timeoutRate: number;
    /** A schedule firing every this many ms from `schedulePhaseMs` until `scheduleUntilMs`; null = none. */
    scheduleEveryMs: number | null;
    schedulePhaseMs: number;
    scheduleUntilMs: number;
    /** Mean on-demand runs per weekday (weekends × WEEKEND_VOLUME_FACTOR). */
    onDemandPerDay: number;
    onDemandOrigins: readonly RunOrigin[];
    /** Exact start times of hand-started runs (unused private Actors). */
    manualRunsAtMs: readonly number[];
    /** The one run that costs EXPENSIVE_RUN_FACTOR times the usual. */
    expensiveRunAtMs: number | null;
    isOutageVictim: boolean;
}

export interface RealisticContext {
    seed: number;
    nowMs: number;
    windowStartMs: number;
    outageFromMs: number;
    outageToMs: number;
}

interface Candidate {
    atMs: number;
    origin: RunOrigin;
}

const SUCCEEDED_MESSAGE = 'Finished! All requests were processed.';
const TIMED_OUT_MESSAGE = 'The Actor run timed out.';
const ABORTED_MESSAGE = 'Run aborted by user.';
const roundTo6 = (value: number): number => Math.round(value * 1e6) / 1e6;

function isWeekend(dayStartMs: number): boolean {
    const weekday = new Date(dayStartMs).getUTCDay();
    return weekday === 0 || weekday === 6;
}

function candidatesOfDay(actor: RealisticActor, day: number, random: Random): Candidate[] {
    const dayStartMs = day * DAY_MILLIS;
    const dayEndMs = dayStartMs + DAY_MILLIS;
    const candidates: Candidate[] = [];
    if (actor.scheduleEveryMs !== null) {
        const every = actor.scheduleEveryMs;
        for (let k = Math.ceil((dayStartMs - actor.schedulePhaseMs) / every); ; k += 1) {
            const atMs = actor.schedulePhaseMs + k * every;
            if (atMs >= dayEndMs || atMs >= actor.scheduleUntilMs) break;
            candidates.push({ atMs: atMs + random.int(0, 20_000), origin: 'SCHEDULER' });
        }
    }
    const mean = actor.onDemandPerDay * (isWeekend(dayStartMs) ? WEEKEND_VOLUME_FACTOR : 1);
    const count = mean > 0 ? random.poisson(mean) : 0;
    for (let i = 0; i < count; i += 1)
        candidates.push({
            atMs: dayStartMs + random.int(0, DAY_MILLIS - 1),
            origin: random.pick(actor.onDemandOrigins),
        });
    for (const atMs of actor.manualRunsAtMs)
        if (atMs >= dayStartMs && atMs < dayEndMs)
            candidates.push({ atMs, origin: random.pick(actor.onDemandOrigins) });
    const test = actor.plan.storeTest;
    if (test)
        candidates.push({ atMs: dayStartMs + (test.phaseMs % DAY_MILLIS) + random.int(0, 30_000), origin: 'TEST' });
    return candidates.sort((a, b) => a.atMs - b.atMs);
}

/** The Actor's failure (FAILED) and timeout probabilities for a run starting at `atMs` on `build`. */
export function outcomeRatesAt(
    actor: RealisticActor,
    context: RealisticContext,
    atMs: number,
    build: BuildPlan,
): { fail: number; timeout: number } {
    const progress = Math.min(1, Math.max(0, (atMs - context.windowStartMs) / (context.nowMs - context.windowStartMs)));
    let fail = actor.failRate;
    let timeout = actor.timeoutRate;
    if (actor.role === 'creeping-failures')
        fail = CREEPING_FAIL_RATE_FROM + (CREEPING_FAIL_RATE_TO - CREEPING_FAIL_RATE_FROM) * progress;
    if (actor.role === 'rising-timeouts')
        timeout = RISING_TIMEOUT_RATE_FROM + (RISING_TIMEOUT_RATE_TO - RISING_TIMEOUT_RATE_FROM) * progress;
    if (actor.role === 'low-volume-flaky') fail = FLAKY_FAIL_RATE;
    const latest = actor.plan.servingBuilds[actor.plan.servingBuilds.length - 1]!;
    if (actor.role === 'build-regression' && build.id === latest.id) fail = REGRESSION_FAIL_RATE;
    if (actor.isOutageVictim && atMs >= context.outageFromMs && atMs < context.outageToMs)
        fail = Math.max(fail, OUTAGE_FAIL_RATE);
    return { fail, timeout };
}

function drawStatus(rates: { fail: number; timeout: number }, random: Random): FinalRunStatus {
    const draw = random.next();
    if (draw < rates.fail) return 'FAILED';
    if (draw < rates.fail + rates.timeout) return 'TIMED-OUT';
    if (draw < rates.fail + rates.timeout + BASE_ABORT_RATE) return 'ABORTED';
    return 'SUCCEEDED';
}

function drawDurationSecs(plan: ActorPlan, status: FinalRunStatus, isTest: boolean, random: Random): number {
    const normalSecs = Math.min(
        0.8 * plan.timeoutSecs,
        Math.max(3, random.logNormal(plan.durationMedianSecs, DURATION_SIGMA)),
    );
    if (status === 'TIMED-OUT') return plan.timeoutSecs + random.int(1, 4);
    if (status === 'FAILED') return Math.max(2, normalSecs * random.between(0.05, 0.6));
    if (status === 'ABORTED') return Math.max(2, normalSecs * random.between(0.1, 0.9));
    return isTest ? Math.min(240, Math.max(10, random.logNormal(45, 0.3))) : normalSecs;
}

function drawItemCount(
    actor: RealisticActor,
    context: RealisticContext,
    status: FinalRunStatus,
    candidate: Candidate,
    random: Random,
): number {
    const normal = Math.max(1, Math.round(random.logNormal(actor.plan.itemMedian, ITEMS_SIGMA)));
    const emptyDraw = random.next();
    if (status !== 'SUCCEEDED') return Math.floor(normal * random.between(0, 0.3));
    if (candidate.origin === 'TEST') return random.int(5, 20);
    const isEmptyPeriod = candidate.atMs >= context.nowMs - PARTIAL_EMPTY_AGE_DAYS * DAY_MILLIS;
    if (actor.role === 'partial-empty-results' && isEmptyPeriod && emptyDraw < PARTIAL_EMPTY_SHARE) return 0;
    return normal;
}

function messageOf(
    actor: RealisticActor,
    context: RealisticContext,
    status: FinalRunStatus,
    atMs: number,
    random: Random,
): string {
    if (status === 'SUCCEEDED') return SUCCEEDED_MESSAGE;
    if (status === 'TIMED-OUT') return TIMED_OUT_MESSAGE;
    if (status === 'ABORTED') return ABORTED_MESSAGE;
    if (actor.isOutageVictim && atMs >= context.outageFromMs && atMs < context.outageToMs) return OUTAGE_ERROR;
    return random.pick(actor.plan.errorMessages.length > 0 ? actor.plan.errorMessages : ['Error: Actor failed']);
}

function drawRun(
    actor: RealisticActor,
    context: RealisticContext,
    day: number,
    ordinal: number,
    candidate: Candidate,
    random: Random,
): PlannedRun {
    const { plan } = actor;
    const build = servingBuildAt(plan, candidate.atMs) ?? plan.servingBuilds[0]!;
    const isTest = candidate.origin === 'TEST';
    // The Store's daily test runs a small fixed input on a kept-up Actor: it passes.
    const status = isTest ? 'SUCCEEDED' : drawStatus(outcomeRatesAt(actor, context, candidate.atMs, build), random);
    const isExpensive = candidate.atMs === actor.expensiveRunAtMs;
    let durationSecs = drawDurationSecs(plan, isExpensive ? 'SUCCEEDED' : status, isTest, random);
    // The one-off expensive run: a huge input at four times the memory, still within its timeout.
    const memoryMbytes = isExpensive ? plan.memoryMbytes * 4 : plan.memoryMbytes;
    if (isExpensive) durationSecs = Math.min(0.9 * plan.timeoutSecs, durationSecs * (EXPENSIVE_RUN_FACTOR / 4));
    durationSecs = Math.round(durationSecs * 1000) / 1000;
    const itemCount = drawItemCount(actor, context, status, candidate, random);
    const utilisation = random.between(plan.memoryUtilisation[0], plan.memoryUtilisation[1]);
    const computeUnits = roundTo6(((memoryMbytes / 1024) * durationSecs) / 3600);
    let usageUsd = computeUnits * USD_PER_COMPUTE_UNIT + itemCount * plan.extraUsdPerItem;
    if (actor.role === 'cost-per-run-increase' && candidate.atMs >= context.nowMs - COST_INCREASE_AGE_DAYS * DAY_MILLIS)
        usageUsd *= COST_INCREASE_FACTOR;
    return {
        day,
        ordinal,
        startedAtMs: candidate.atMs,
        origin: candidate.origin,
        status,
        durationSecs,
        build,
        memoryMbytes,
        timeoutSecs: plan.timeoutSecs,
        usageTotalUsd: roundTo6(usageUsd),
        computeUnits,
        memMaxBytes: Math.round(utilisation * memoryMbytes * 1_048_576),
        itemCount,
        exitCode: status === 'SUCCEEDED' ? 0 : status === 'FAILED' ? 1 : null,
        statusMessage: messageOf(actor, context, status, candidate.atMs, random),
    };
}

/** The Actor's runs started on UTC `day` before `now`, in start order; a pure function of (seed, Actor, day). */
export function planRealisticDay(actor: RealisticActor, context: RealisticContext, day: number): PlannedRun[] {
    const random = createRandom(hash32(context.seed, actor.plan.index, day, 0x16));
    const firstBuildMs = actor.plan.servingBuilds[0]!.finishedAtMs;
    return candidatesOfDay(actor, day, random)
        .filter((candidate) => candidate.atMs < context.nowMs && candidate.atMs >= firstBuildMs)
        .map((candidate, ordinal) => drawRun(actor, context, day, ordinal, candidate, random));
}
