/**
 * Assembles a scenario: the fixture (user, tokens, Actors, builds, runs observed at `now`,
 * a few named storages), the ground truth, and the two lazy functions the emulator state
 * uses — `resolveRunDataset` and `runsBetween` — both recomputing single Actor-days.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ActorFixture, BuildFixture, DatasetFixture, Fixture, RunFixture } from '../state/fixture-schema.js';
import type { GroundTruth } from '../state/emulator-state.js';
import { DAY_MILLIS } from './actor-behaviours.js';
import { planFleet, type ActorPlan, type FleetPlan, type FleetSpec } from './fleet-plan.js';
import { buildGroundTruth, isTracked, type TrackedActor } from './ground-truth.js';
import {
    deriveRunDataset,
    observeRun,
    observedStatusAt,
    planActorDay,
    profileOf,
    type PlannedRun,
} from './run-model.js';
import { buildId, parseRunAddress } from './scenario-ids.js';
import { buildScenarioTokens } from './scenario-tokens.js';

export type ScenarioName = 'demo' | 'S' | 'M' | 'L';

export interface ScenarioOptions {
    /** Default DEFAULT_SCENARIO_SEED. */
    seed?: number;
    /** The scenario's "now"; default DEFAULT_SCENARIO_NOW. */
    now?: Date;
}

export interface GeneratedScenario {
    /** Valid per fixtureSchema; runs' default datasets are omitted (see resolveRunDataset). */
    fixture: Fixture;
    groundTruth: GroundTruth;
    /** Lazily derives a run's default dataset (itemCount, cleanItemCount, fields, fieldStatistics; never items). */
    resolveRunDataset(datasetId: string): DatasetFixture | undefined;
    /**
     * Runs to upsert when the clock advances from `from` to `to`: new runs started in (from, to], and earlier RUNNING
     * runs that have finished by `to`. Deterministic.
     */
    runsBetween(from: Date, to: Date): RunFixture[];
}

export const DEFAULT_SCENARIO_SEED = 20261120;
export const DEFAULT_SCENARIO_NOW = new Date('2026-11-20T12:00:00.000Z');

/** The built-in fleets (README.md "Built-in scenarios"). Run targets are per 28 days. */
export const SCENARIO_SPECS: Readonly<Record<ScenarioName, FleetSpec>> = {
    demo: {
        name: 'demo',
        actorCount: 25,
        runsPer28Days: 7_000,
        historyDays: 56,
        catalog: 'demo',
        monthlyUsageCapUsd: null,
        incidentActorsPerKind: 1,
    },
    S: { name: 'S', actorCount: 20, runsPer28Days: 5_000, historyDays: 35 },
    M: { name: 'M', actorCount: 200, runsPer28Days: 100_000, historyDays: 35 },
    L: { name: 'L', actorCount: 2_000, runsPer28Days: 1_000_000, historyDays: 35 },
};

/** Small cache: analyses sample several runs of the same Actor-day in a row. */
class ActorDayCache {
    private readonly entries = new Map<string, PlannedRun[]>();
    constructor(
        private readonly fleet: FleetPlan,
        private readonly capacity = 64,
    ) {}

    get(plan: ActorPlan, day: number): PlannedRun[] {
        const key = `${plan.index}:${day}`;
        let runs = this.entries.get(key);
        if (runs) {
            this.entries.delete(key);
        } else {
            runs = planActorDay(this.fleet, plan, day);
            if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
        }
        this.entries.set(key, runs);
        return runs;
    }
}

function buildFixtures(plan: ActorPlan): BuildFixture[] {
    return plan.builds.map((build) => ({
        id: build.id,
        actId: plan.actor.id,
        buildNumber: build.buildNumber,
        status: build.status,
        startedAt: new Date(build.startedAtMs).toISOString(),
        finishedAt: new Date(build.finishedAtMs).toISOString(),
        actorDefinition: build.actorDefinition,
    }));
}

function namedStorages(fleet: FleetPlan): Pick<Fixture, 'datasets' | 'keyValueStores'> {
    const createdAt = new Date(fleet.nowMs - 40 * DAY_MILLIS).toISOString();
    const modifiedAt = new Date(fleet.nowMs - 2 * DAY_MILLIS).toISOString();
    const items = [
        { sku: 'A-100', price: 19.99, seenAt: modifiedAt },
        { sku: 'B-200', price: 5.49, seenAt: modifiedAt },
        { sku: 'C-300', price: null, seenAt: modifiedAt },
    ];
    return {
        datasets: [
            {
                id: buildId(fleet.seed, 'named-dataset', 0),
                name: 'price-history',
                createdAt,
                modifiedAt,
                itemCount: items.length,
                cleanItemCount: items.length,
                // Statistics are computed from these items for the fields the schema declares.
                fieldsSchema: {
                    type: 'object',
                    properties: {
                        sku: { type: 'string' },
                        price: { type: ['number', 'null'] },
                        seenAt: { type: 'string' },
                    },
                    required: ['sku', 'seenAt'],
                },
                items,
            },
        ],
        keyValueStores: [
            {
                id: buildId(fleet.seed, 'named-kvs', 0),
                name: 'shared-config',
                createdAt,
                modifiedAt,
                records: [
                    {
                        key: 'CONFIG',
                        contentType: 'application/json; charset=utf-8',
                        value: { notifyEmail: 'ops@example.com', regions: ['us', 'eu'] },
                        base64: false,
                    },
                    {
                        key: 'README.txt',
                        contentType: 'text/plain; charset=utf-8',
                        value: 'Shared settings of the scrapers.',
                        base64: false,
                    },
                ],
            },
        ],
    };
}

/** Consecutive failing daily tests after which the Store marks a public Actor "under maintenance". */
export const MAINTENANCE_FAILING_TEST_DAYS = 3;

/**
 * The Store notice at `now`: `UNDER_MAINTENANCE` for a public Actor whose daily automated test
 * did not pass on the last three consecutive days (the rule of Apify's "Actor testing" docs:
 * SUCCEEDED with a non-empty dataset within 5 minutes), else `NONE`.
 */
function storeNoticeAt(fleet: FleetPlan, plan: ActorPlan): ActorFixture['notice'] {
    if (!plan.actor.isPublic || !plan.storeTest) return 'NONE';
    const lastDay = Math.floor(fleet.nowMs / DAY_MILLIS);
    const latestTests: PlannedRun[] = [];
    for (let day = lastDay; day > lastDay - MAINTENANCE_FAILING_TEST_DAYS - 1; day--) {
        const tests = planActorDay(fleet, plan, day).filter(
            (run) => run.origin === 'TEST' && run.startedAtMs + run.durationSecs * 1000 <= fleet.nowMs,
        );
        latestTests.push(...tests.reverse());
    }
    const recent = latestTests.slice(0, MAINTENANCE_FAILING_TEST_DAYS);
    const passes = (run: PlannedRun) =>
        run.status === 'SUCCEEDED' && run.itemCount > 0 && run.durationSecs <= STORE_TEST_LIMIT_SECS;
    return recent.length === MAINTENANCE_FAILING_TEST_DAYS && !recent.some(passes) ? 'UNDER_MAINTENANCE' : 'NONE';
}
const STORE_TEST_LIMIT_SECS = 300;

export function generateFleet(spec: FleetSpec, options: ScenarioOptions = {}): GeneratedScenario {
    const seed = (options.seed ?? DEFAULT_SCENARIO_SEED) >>> 0;
    const nowMs = (options.now ?? DEFAULT_SCENARIO_NOW).getTime();
    if (!Number.isFinite(nowMs)) throw new Error('ScenarioOptions.now is not a valid date.');
    const fleet = planFleet(spec, seed, nowMs);
    const cache = new ActorDayCache(fleet);
    for (const plan of fleet.actors) {
        if (plan.behaviour !== 'own-actor') plan.actor.profile = profileOf(fleet, plan);
        plan.actor.notice = storeNoticeAt(fleet, plan);
    }

    // Day-major generation keeps the run list in start order without sorting a million rows.
    const runs: RunFixture[] = [];
    const tracked = new Map<number, TrackedActor>();
    for (const plan of fleet.actors) if (isTracked(plan)) tracked.set(plan.index, { plan, runs: [] });
    const monthStartMs = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), 1);
    let monthlyUsageUsd = 0;
    const firstDay = Math.floor(fleet.historyStartMs / DAY_MILLIS);
    const lastDay = Math.floor(nowMs / DAY_MILLIS);
    const dayRuns: RunFixture[] = [];
    const dayStarts: number[] = [];
    for (let day = firstDay; day <= lastDay; day++) {
        dayRuns.length = 0;
        dayStarts.length = 0;
        for (const plan of fleet.actors) {
            const trackedActor = tracked.get(plan.index);
            for (const planned of planActorDay(fleet, plan, day)) {
                if (planned.startedAtMs < fleet.historyStartMs) continue;
                const fixture = observeRun(fleet, plan, planned, nowMs);
                if (!fixture) continue;
                dayRuns.push(fixture);
                dayStarts.push(planned.startedAtMs);
                trackedActor?.runs.push(fixture);
                if (planned.startedAtMs >= monthStartMs) monthlyUsageUsd += fixture.usageTotalUsd ?? 0;
            }
        }
        const order = Array.from(dayRuns.keys()).sort((a, b) => dayStarts[a]! - dayStarts[b]!);
        for (const position of order) runs.push(dayRuns[position]!);
    }
    for (const trackedActor of tracked.values())
        trackedActor.runs.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));

    const resolveRunDataset = (datasetId: string): DatasetFixture | undefined => {
        const address = parseRunAddress(seed, 'dataset', datasetId);
        if (!address) return undefined;
        const plan = fleet.actors[address.actorIndex];
        if (!plan) return undefined;
        const planned = cache.get(plan, address.day)[address.ordinal];
        if (!planned || planned.startedAtMs < fleet.historyStartMs) return undefined;
        return deriveRunDataset(fleet, plan, planned);
    };

    const longestRunMs = Math.max(...fleet.actors.map((plan) => (plan.timeoutSecs + 10) * 1000));
    const runsBetween = (from: Date, to: Date): RunFixture[] => {
        const fromMs = from.getTime();
        const toMs = to.getTime();
        if (!(toMs > fromMs)) return [];
        const result: Array<{ atMs: number; run: RunFixture }> = [];
        // Runs of earlier days may still be running at `from`; scheduler jitter can push a
        // run of the previous day's bucket past midnight.
        const startDay = Math.floor((fromMs - longestRunMs) / DAY_MILLIS) - 1;
        const endDay = Math.floor(toMs / DAY_MILLIS);
        for (let day = Math.max(startDay, firstDay - 1); day <= endDay; day++) {
            for (const plan of fleet.actors) {
                for (const planned of planActorDay(fleet, plan, day)) {
                    if (planned.startedAtMs < fleet.historyStartMs || planned.startedAtMs > toMs) continue;
                    const isNew = planned.startedAtMs > fromMs;
                    const hasChanged = !isNew && observedStatusAt(planned, fromMs) !== observedStatusAt(planned, toMs);
                    if (!isNew && !hasChanged) continue;
                    const run = observeRun(fleet, plan, planned, toMs);
                    if (run) result.push({ atMs: planned.startedAtMs, run });
                }
            }
        }
        return result.sort((a, b) => a.atMs - b.atMs).map((entry) => entry.run);
    };

    const fixture: Fixture = {
        schemaVersion: 1,
        now: new Date(nowMs).toISOString(),
        user: {
            id: fleet.userId,
            username: fleet.username,
            email: `${fleet.username}@example.com`,
            plan: 'SCALE',
            monthlyUsageCapUsd: spec.monthlyUsageCapUsd === undefined ? 1000 : spec.monthlyUsageCapUsd,
            monthlyUsageUsd: Math.round(monthlyUsageUsd * 100) / 100,
        },
        tokens: buildScenarioTokens(),
        actors: fleet.actors.map((plan) => plan.actor),
        builds: fleet.actors.flatMap(buildFixtures),
        runs,
        ...namedStorages(fleet),
    };
    const groundTruth = buildGroundTruth(fleet, [...tracked.values()], resolveRunDataset);
    return { fixture, groundTruth, resolveRunDataset, runsBetween };
}

export function generateScenario(name: ScenarioName, options: ScenarioOptions = {}): GeneratedScenario {
    const spec = SCENARIO_SPECS[name];
    if (!spec)
        throw new Error(`Unknown scenario "${String(name)}"; choose one of ${Object.keys(SCENARIO_SPECS).join(', ')}.`);
    return generateFleet(spec, options);
}

/** Writes `ground-truth.json` into `directory` (created if needed) and returns its path. */
export function writeGroundTruth(scenario: GeneratedScenario, directory: string): string {
    mkdirSync(directory, { recursive: true });
    const file = path.join(directory, 'ground-truth.json');
    writeFileSync(file, `${JSON.stringify(scenario.groundTruth, null, 2)}\n`);
    return file;
}
