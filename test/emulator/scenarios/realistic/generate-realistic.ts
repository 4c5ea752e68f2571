/**
 * Assembles a realistic account (issue 16) for the emulator: Actor metadata and builds from
 * the scenario planner (healthy, documented Actors), runs and their default datasets drawn by
 * realistic-runs.ts, and the ground truth of the planted incidents and traps. The fixture is
 * explicit (runs and datasets listed), so `startEmulator({ fixture })` serves it as is.
 */
import type { DatasetFixture, Fixture, RunFixture } from '../../state/fixture-schema.js';
import { DAY_MILLIS } from '../actor-behaviours.js';
import { planFleet, type ActorPlan, type FleetPlan } from '../fleet-plan.js';
import { deriveRunDataset, observeRun, profileOf, type PlannedRun } from '../run-model.js';
import { buildScenarioTokens } from '../scenario-tokens.js';
import { createRandom, hash32, type Random } from '../seeded-prng.js';
import { buildRealisticGroundTruth, type RealisticGroundTruth } from './realistic-ground-truth.js';
import {
    BASE_FAIL_RATE_RANGE,
    BASE_TIMEOUT_RATE_RANGE,
    DEFAULT_REALISTIC_NOW,
    FLAKY_RUNS_PER_DAY,
    OUTAGE_HOURS,
    OUTAGE_START_AGE_HOURS,
    PRIVATE_ROLES,
    REALISTIC_ACTOR_COUNT,
    REALISTIC_HISTORY_DAYS,
    REGRESSION_BUILD_AGE_DAYS,
    ROLE_COUNTS,
    STOPPED_SCHEDULE_AGE_DAYS,
    UNUSED_ACTIVE_AGE_DAYS,
    UNUSED_RUN_COUNT,
    VERSION_BUMP_AGE_DAYS,
    type RealisticRole,
} from './realistic-roles.js';
import { planRealisticDay, type RealisticActor, type RealisticContext } from './realistic-runs.js';

const HOUR_MILLIS = 3_600_000;

export interface RealisticScenario {
    fixture: Fixture;
    groundTruth: RealisticGroundTruth;
    /** Every Actor's role (own Actor excluded), for tests that check the traps' properties. */
    actors: readonly RealisticActor[];
    /** The planned runs by Actor id, with their intrinsic outcome (what the fixture shows at `now`). */
    runsByActorId: ReadonlyMap<string, readonly PlannedRun[]>;
    context: RealisticContext;
}

function assignRoles(plans: readonly ActorPlan[], random: Random): Map<ActorPlan, RealisticRole> {
    const shuffled = [...plans];
    for (let i = shuffled.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random.next() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const roles = new Map<ActorPlan, RealisticRole>();
    const entries = Object.entries(ROLE_COUNTS) as [RealisticRole, number][];
    // Roles that need a private Actor choose first, so the public ones are not used up.
    entries.sort(([a], [b]) => Number(PRIVATE_ROLES.has(b)) - Number(PRIVATE_ROLES.has(a)));
    for (const [role, count] of entries) {
        for (let taken = 0; taken < count; taken += 1) {
            const plan = shuffled.find((p) => !roles.has(p) && (!PRIVATE_ROLES.has(role) || p.actor.isPublic !== true));
            if (!plan) throw new Error(`Not enough Actors for role ${role}.`);
            roles.set(plan, role);
        }
    }
    for (const plan of shuffled) if (!roles.has(plan)) roles.set(plan, 'healthy');
    return roles;
}

/** Builds 20 days apart, the latest finished at `latestMs`: only trap and regression Actors deploy in the window. */
function retimeBuilds(plan: ActorPlan, latestMs: number): void {
    const ordered = [...plan.builds].sort((a, b) => a.finishedAtMs - b.finishedAtMs);
    ordered.forEach((build, position) => {
        build.finishedAtMs = latestMs - (ordered.length - 1 - position) * 20 * DAY_MILLIS;
        build.startedAtMs = build.finishedAtMs - 120_000;
    });
    plan.servingBuilds = ordered.filter((build) => build.status === 'SUCCEEDED');
    const firstMs = ordered[0]!.startedAtMs;
    if (Date.parse(plan.actor.createdAt) > firstMs)
        plan.actor.createdAt = new Date(firstMs - HOUR_MILLIS).toISOString();
    plan.actor.modifiedAt = new Date(latestMs).toISOString();
}

function latestBuildAgeDays(role: RealisticRole, random: Random): number {
    if (role === 'build-regression') return REGRESSION_BUILD_AGE_DAYS;
    if (role === 'version-bump') return random.between(VERSION_BUMP_AGE_DAYS[0], VERSION_BUMP_AGE_DAYS[1]);
    return random.between(40, 90);
}

/** Schedule period (hours) and weekday on-demand volume of each role. */
function volumeOf(role: RealisticRole, random: Random): { everyHours: number | null; onDemandPerDay: number } {
    switch (role) {
        case 'creeping-failures':
        case 'rising-timeouts':
            return { everyHours: 0.5, onDemandPerDay: 20 };
        case 'outage-victim':
            return { everyHours: 0.5, onDemandPerDay: random.between(5, 15) };
        case 'partial-empty-results':
        case 'build-regression':
            return { everyHours: 0.5, onDemandPerDay: 15 };
        case 'cost-per-run-increase':
        case 'version-bump':
            return { everyHours: 1, onDemandPerDay: random.between(5, 30) };
        case 'stopped-schedule':
            return { everyHours: 2, onDemandPerDay: 0 };
        case 'expensive-one-off':
            return { everyHours: 2, onDemandPerDay: random.between(5, 20) };
        case 'low-volume-flaky':
            return { everyHours: null, onDemandPerDay: random.between(FLAKY_RUNS_PER_DAY[0], FLAKY_RUNS_PER_DAY[1]) };
        case 'unused-private':
            return { everyHours: null, onDemandPerDay: 0 };
        default:
            return {
                everyHours: random.next() < 0.6 ? random.pick([1, 2, 3, 4, 6]) : null,
                onDemandPerDay: random.between(4, 40),
            };
    }
}

function manualRuns(role: RealisticRole, nowMs: number, random: Random): number[] {
    if (role === 'unused-private') {
        const count = random.int(UNUSED_RUN_COUNT[0], UNUSED_RUN_COUNT[1]);
        return Array.from({ length: count }, () =>
            Math.round(nowMs - random.between(UNUSED_ACTIVE_AGE_DAYS[0], UNUSED_ACTIVE_AGE_DAYS[1]) * DAY_MILLIS),
        ).sort((a, b) => a - b);
    }
    // The one expensive run: in the last week, in office hours of a weekday-agnostic day.
    if (role === 'expensive-one-off') return [Math.round(nowMs - random.between(1, 6) * DAY_MILLIS)];
    return [];
}

function configureActor(plan: ActorPlan, role: RealisticRole, nowMs: number, seed: number): RealisticActor {
    const random = createRandom(hash32(seed, plan.index, 0x1616));
    retimeBuilds(plan, Math.round(nowMs - latestBuildAgeDays(role, random) * DAY_MILLIS));
    const { everyHours, onDemandPerDay } = volumeOf(role, random);
    const everyMs = everyHours === null ? null : Math.round(everyHours * HOUR_MILLIS);
    const manual = manualRuns(role, nowMs, random);
    return {
        plan,
        role,
        failRate: random.between(BASE_FAIL_RATE_RANGE[0], BASE_FAIL_RATE_RANGE[1]),
        timeoutRate: random.between(BASE_TIMEOUT_RATE_RANGE[0], BASE_TIMEOUT_RATE_RANGE[1]),
        scheduleEveryMs: everyMs,
        schedulePhaseMs: everyMs === null ? 0 : random.int(0, Math.floor(everyMs / 60_000)) * 60_000,
        scheduleUntilMs: role === 'stopped-schedule' ? nowMs - STOPPED_SCHEDULE_AGE_DAYS * DAY_MILLIS : Infinity,
        onDemandPerDay,
        onDemandOrigins: role === 'unused-private' ? ['WEB', 'DEVELOPMENT'] : ['API', 'API', 'WEB', 'WEBHOOK'],
        manualRunsAtMs: manual,
        expensiveRunAtMs: role === 'expensive-one-off' ? manual[0]! : null,
        isOutageVictim: role === 'outage-victim',
    };
}

function collectRuns(
    fleet: FleetPlan,
    actors: readonly RealisticActor[],
    context: RealisticContext,
): { runs: RunFixture[]; datasets: DatasetFixture[]; runsByActorId: Map<string, PlannedRun[]> } {
    const firstDay = Math.floor((context.nowMs - REALISTIC_HISTORY_DAYS * DAY_MILLIS) / DAY_MILLIS);
    const lastDay = Math.floor(context.nowMs / DAY_MILLIS);
    const observed: Array<{ atMs: number; run: RunFixture }> = [];
    const datasets: DatasetFixture[] = [];
    const runsByActorId = new Map<string, PlannedRun[]>();
    const historyStartMs = context.nowMs - REALISTIC_HISTORY_DAYS * DAY_MILLIS;
    for (const actor of actors) {
        const planned: PlannedRun[] = [];
        for (let day = firstDay; day <= lastDay; day += 1) {
            for (const run of planRealisticDay(actor, context, day)) {
                if (run.startedAtMs < historyStartMs) continue;
                const fixture = observeRun(fleet, actor.plan, run, context.nowMs);
                if (!fixture) continue;
                planned.push(run);
                observed.push({ atMs: run.startedAtMs, run: fixture });
                datasets.push(deriveRunDataset(fleet, actor.plan, run));
            }
        }
        runsByActorId.set(actor.plan.actor.id, planned);
    }
    observed.sort((a, b) => a.atMs - b.atMs);
    return { runs: observed.map((entry) => entry.run), datasets, runsByActorId };
}

/** A seeded realistic account: same seed, same account; `now` defaults to DEFAULT_REALISTIC_NOW. */
export function generateRealisticScenario(seed: number, now: Date = DEFAULT_REALISTIC_NOW): RealisticScenario {
    const nowMs = now.getTime();
    if (!Number.isFinite(nowMs)) throw new Error('generateRealisticScenario: `now` is not a valid date.');
    const fleet = planFleet(
        {
            name: 'realistic',
            actorCount: REALISTIC_ACTOR_COUNT,
            runsPer28Days: 20_000,
            historyDays: REALISTIC_HISTORY_DAYS,
            incidentActorsPerKind: 0,
        },
        seed >>> 0,
        nowMs,
    );
    const plans = fleet.actors.filter((plan) => plan.behaviour !== 'own-actor');
    const roles = assignRoles(plans, createRandom(hash32(seed, 0x1605)));
    const actors = plans.map((plan) => configureActor(plan, roles.get(plan)!, nowMs, seed));
    for (const plan of plans) plan.actor.profile = profileOf(fleet, plan);
    const outageFromMs = Math.floor((nowMs - OUTAGE_START_AGE_HOURS * HOUR_MILLIS) / HOUR_MILLIS) * HOUR_MILLIS;
    const context: RealisticContext = {
        seed: fleet.seed,
        nowMs,
        windowStartMs: nowMs - 28 * DAY_MILLIS,
        outageFromMs,
        outageToMs: outageFromMs + OUTAGE_HOURS * HOUR_MILLIS,
    };
    const { runs, datasets, runsByActorId } = collectRuns(fleet, actors, context);
    const monthStartMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const monthlyUsageUsd = runs
        .filter((run) => Date.parse(run.startedAt) >= monthStartMs)
        .reduce((sum, run) => sum + (run.usageTotalUsd ?? 0), 0);
    const fixture: Fixture = {
        schemaVersion: 1,
        now: now.toISOString(),
        user: {
            id: fleet.userId,
            username: fleet.username,
            email: `${fleet.username}@example.com`,
            plan: 'SCALE',
            monthlyUsageCapUsd: 1000,
            monthlyUsageUsd: Math.round(monthlyUsageUsd * 100) / 100,
        },
        tokens: buildScenarioTokens(),
        actors: fleet.actors.map((plan) => plan.actor),
        builds: fleet.actors.flatMap((plan) =>
            plan.builds.map((build) => ({
                id: build.id,
                actId: plan.actor.id,
                buildNumber: build.buildNumber,
                status: build.status,
                startedAt: new Date(build.startedAtMs).toISOString(),
                finishedAt: new Date(build.finishedAtMs).toISOString(),
                actorDefinition: build.actorDefinition,
            })),
        ),
        runs,
        datasets,
        keyValueStores: [],
    };
    const groundTruth = buildRealisticGroundTruth(actors, runsByActorId, context);
    return { fixture, groundTruth, actors, runsByActorId, context };
}
