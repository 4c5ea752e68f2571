/**
 * Turns a FleetSpec into per-Actor plans: metadata (the ActorFixture), builds with their
 * actorDefinitions, and the parameters from which every run is later drawn. Plans are
 * small (one per Actor); runs are never stored here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ActorFixture, RunFixture } from '../state/fixture-schema.js';
import { buildActorDefinition, buildFullReadme, buildThinReadme } from './actor-definitions.js';
import { ACTOR_THEMES, getTheme, type ActorTheme, type DatasetFieldSpec, type InputFieldSpec } from './actor-themes.js';
import {
    DAY_MILLIS,
    HEALTHY_ABORT_RATE,
    HEALTHY_FAIL_RATE,
    HEALTHY_MEMORY_UTILISATION,
    HEALTHY_TIMEOUT_RATE,
    INCIDENT_BEHAVIOURS,
    OVERPROVISIONED_MEMORY_MBYTES,
    OVERPROVISIONED_UTILISATION,
    REGRESSION_BUILD_AGE_DAYS,
    SCHEMA_DRIFT_BUILD_AGE_DAYS,
    STALE_LAST_RUN_AGE_DAYS,
    FLAKY_ONE_OF_TWO_LAST_RUN_AGE_DAYS,
    FLAKY_ONE_OF_TWO_PERIOD_DAYS,
    FLAKY_TWO_OF_FIVE_LAST_RUN_AGE_DAYS,
    FLAKY_TWO_OF_FIVE_PERIOD_DAYS,
    minimumRunsPerDay,
    type ActorBehaviour,
} from './actor-behaviours.js';
import { DEMO_CATALOG, NAME_ROLES, NAME_SOURCES, NAME_SUBJECTS, type CatalogEntry } from './demo-catalog.js';
import { MAX_ACTORS, buildId } from './scenario-ids.js';
import { createRandom, hash32, type Random } from './seeded-prng.js';

export interface FleetSpec {
    /** Label recorded in the ground truth ('demo', 'S', 'M', 'L' for the built-ins). */
    name: string;
    /** Actors in the fleet, including this project's own `fleet-analytics`. */
    actorCount: number;
    /** Target number of runs started in any 28 days (the generator lands within a few %). */
    runsPer28Days: number;
    /** Days of history before `now`; ≥ 35 covers a 28-day window plus week-over-week. */
    historyDays: number;
    /** Actors per incident behaviour; default max(1, round(actorCount × 0.004)). 0 = no incidents. */
    incidentActorsPerKind?: number;
    /** 'demo' uses the hand-named catalog (needs actorCount = catalog size + 1). */
    catalog?: 'demo' | 'generated';
    /** null = no monthly usage cap (the account guard warns). Default 1,000 USD. */
    monthlyUsageCapUsd?: number | null;
}

export type RunOrigin = RunFixture['origin'];

export interface BuildPlan {
    id: string;
    buildNumber: string;
    status: 'SUCCEEDED' | 'FAILED';
    startedAtMs: number;
    finishedAtMs: number;
    actorDefinition: Record<string, unknown>;
    /** Dataset fields items of runs on this build have. */
    fields: readonly DatasetFieldSpec[];
}

export interface PeriodicStream {
    periodMs: number;
    /** Epoch milliseconds of one occurrence; the others are phase + k × period. */
    phaseMs: number;
    origin: RunOrigin;
    /** Scheduler start delay, up to this many milliseconds. */
    jitterMs: number;
}

export interface PlantedRun {
    atMs: number;
    minDurationSecs: number;
}

export interface ActorPlan {
    index: number;
    behaviour: ActorBehaviour;
    actor: ActorFixture;
    theme: ActorTheme;
    /** All builds by build number (FAILED ones included). */
    builds: BuildPlan[];
    /** SUCCEEDED builds by finish time: a run uses the last one finished before it starts. */
    servingBuilds: BuildPlan[];
    /** Runs exist in [activeFromMs, activeUntilMs). */
    activeFromMs: number;
    activeUntilMs: number;
    randomRunsPerDay: number;
    randomOrigins: Partial<Record<RunOrigin, number>>;
    periodic: PeriodicStream[];
    /** The Store's daily test run (public Actors). */
    storeTest?: PeriodicStream;
    memoryMbytes: number;
    timeoutSecs: number;
    durationMedianSecs: number;
    itemMedian: number;
    extraUsdPerItem: number;
    memoryUtilisation: [number, number];
    failRate: number;
    timeoutRate: number;
    abortRate: number;
    /** Share of runs without `usageTotalUsd`. */
    missingCostRate: number;
    errorMessages: readonly string[];
    /** When the planted incident begins (epoch ms); undefined for healthy Actors. */
    incidentStartMs?: number;
    /**
     * Runs planted at the very end so every fleet shows in-progress runs: one started 2 s
     * before now (READY) and a few started a minute before now that last ≥ 10 minutes (RUNNING).
     */
    plantedRuns: PlantedRun[];
}

export interface FleetPlan {
    spec: FleetSpec;
    seed: number;
    nowMs: number;
    historyStartMs: number;
    username: string;
    userId: string;
    actors: ActorPlan[];
}

export const OWN_ACTOR_NAME = 'fleet-analytics';
export const DEMO_USERNAME = 'demo-user';

/** The repository root: the folder whose package.json names this project. */
export function resolveRepoRoot(): string {
    let directory = typeof __dirname === 'string' ? __dirname : process.cwd();
    for (let depth = 0; depth < 8; depth++) {
        const manifest = path.join(directory, 'package.json');
        if (existsSync(manifest)) {
            try {
                if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'apify-fleet-analytics')
                    return directory;
            } catch {
                // Not ours (or unreadable): keep walking up.
            }
        }
        directory = path.dirname(directory);
    }
    return path.resolve(typeof __dirname === 'string' ? __dirname : process.cwd(), '../../..');
}

function readJsonIfPresent(file: string): Record<string, unknown> | undefined {
    try {
        return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

const isoOf = (ms: number): string => new Date(ms).toISOString();

/** Rounds a planned number of runs per day to something a person would schedule. */
function scheduleEveryMs(runsPerDay: number): number {
    return Math.max(5 * 60_000, Math.round(DAY_MILLIS / runsPerDay / 60_000) * 60_000);
}

function chooseMemoryMbytes(random: Random, theme: ActorTheme): number {
    if (theme.id === 'pages' || theme.id === 'documents') return random.pick([512, 1024, 2048]);
    return random.pick([1024, 1024, 2048, 2048, 4096]);
}

function pricingInfosFor(random: Random, createdAtMs: number): Array<Record<string, unknown>> {
    const startedAt = isoOf(createdAtMs + 30 * DAY_MILLIS);
    if (random.next() < 0.6) {
        return [
            {
                pricingModel: 'PRICE_PER_DATASET_ITEM',
                pricePerUnitUsd: random.pick([0.001, 0.002, 0.0035, 0.005]),
                unitName: 'result',
                apifyMarginPercentage: 0.2,
                createdAt: startedAt,
                startedAt,
            },
        ];
    }
    return [
        {
            pricingModel: 'FLAT_PRICE_PER_MONTH',
            pricePerUnitUsd: random.pick([19, 29, 45]),
            trialMinutes: 1440,
            apifyMarginPercentage: 0.2,
            createdAt: startedAt,
            startedAt,
        },
    ];
}

/** The fields of a schema-drift Actor's latest build: one removed, one retyped. */
function driftFields(fields: readonly DatasetFieldSpec[]): DatasetFieldSpec[] {
    const removed = fields[2]?.name;
    return fields
        .filter((spec) => spec.name !== removed)
        .map((spec) =>
            spec.type === 'number' && !spec.isNullable
                ? {
                      ...spec,
                      type: 'string' as const,
                      range: undefined,
                      description: `${spec.description} Now formatted text.`,
                  }
                : spec,
        );
}

/** The required input the schema-drift Actor's latest build adds (no default). */
/**
 * The compliance-gaps Actor declares this optional field and never writes it: the
 * `declared-field-never-produced` incident, visible only in field statistics
 * (emptyCount = itemCount in every dataset).
 */
export const NEVER_WRITTEN_FIELD: DatasetFieldSpec = {
    name: 'socialProfiles',
    type: 'array',
    description: 'Social media profile URLs found on the site.',
    isNullable: false,
    baseNullRate: 0,
    isNeverWritten: true,
};

const REGION_INPUT: InputFieldSpec = {
    name: 'region',
    isRequired: true,
    schema: {
        title: 'Region',
        type: 'string',
        description: 'Market to search (for example "us-ca"). Required since 0.0.x.',
        editor: 'textfield',
    },
};
/** A non-breaking addition some healthy Actors' latest builds make (optional, with default). */
const INCLUDE_DETAILS_INPUT: InputFieldSpec = {
    name: 'includeDetails',
    isRequired: false,
    schema: {
        title: 'Include details',
        type: 'boolean',
        description: 'Also open each detail page (slower, more fields).',
        default: false,
    },
};

interface ActorSeedInfo {
    entry: CatalogEntry;
    runsPerDay: number;
}

function generatedCatalog(spec: FleetSpec, random: Random): CatalogEntry[] {
    const slots = spec.actorCount - 1;
    const perKind = spec.incidentActorsPerKind ?? Math.max(1, Math.round(spec.actorCount * 0.004));
    const behaviours: ActorBehaviour[] = [];
    // Keep at least a third of the fleet healthy: small fleets get the most important kinds.
    const maxIncidentActors = Math.max(0, slots - Math.ceil(slots / 3));
    for (let round = 0; round < perKind; round++) {
        for (const behaviour of INCIDENT_BEHAVIOURS) {
            if (behaviours.length < maxIncidentActors) behaviours.push(behaviour);
        }
    }
    while (behaviours.length < slots) behaviours.push('healthy');
    // Fisher–Yates with the scenario's random: incident Actors sit anywhere in the list.
    for (let i = behaviours.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [behaviours[i], behaviours[j]] = [behaviours[j]!, behaviours[i]!];
    }
    const usedNames = new Set<string>([OWN_ACTOR_NAME]);
    let missingCostLeft = perKind;
    let deprecatedLeft = perKind;
    let failedBuildLeft = perKind;
    return behaviours.map((behaviour) => {
        let name = `${random.pick(NAME_SOURCES)}-${random.pick(NAME_SUBJECTS)}-${random.pick(NAME_ROLES)}`;
        if (usedNames.has(name)) {
            let suffix = 2;
            while (usedNames.has(`${name}-${suffix}`)) suffix++;
            name = `${name}-${suffix}`;
        }
        usedNames.add(name);
        const title = name
            .split('-')
            .map((word) => word[0]!.toUpperCase() + word.slice(1))
            .join(' ');
        const theme = random.pick(ACTOR_THEMES);
        // A null-rate spike needs the nullable `rating` field; compliance gaps read like a leads tool.
        const themeId =
            behaviour === 'null-rate-spike'
                ? 'reviews'
                : behaviour === 'compliance-gaps'
                  ? 'contacts'
                  : behaviour === 'schema-drift'
                    ? 'real-estate'
                    : theme.id;
        const isPublic = behaviour === 'store-test-failing' || behaviour === 'compliance-gaps' || random.next() < 0.3;
        const entry: CatalogEntry = { name, title, themeId, behaviour, isPublic };
        // Healthy Actors take the modifiers in turn, so every fleet with three healthy Actors has each.
        if (behaviour === 'healthy') {
            if (missingCostLeft > 0 && missingCostLeft >= deprecatedLeft) {
                entry.hasMissingCost = true;
                missingCostLeft--;
            } else if (deprecatedLeft > 0 && deprecatedLeft >= failedBuildLeft) {
                entry.isDeprecated = true;
                deprecatedLeft--;
            } else if (failedBuildLeft > 0) {
                entry.hasFailedBuild = true;
                failedBuildLeft--;
            }
        }
        return entry;
    });
}

function distributeRunsPerDay(spec: FleetSpec, entries: readonly CatalogEntry[], random: Random): ActorSeedInfo[] {
    const totalPerDay = spec.runsPer28Days / 28;
    const fleetAverage = totalPerDay / spec.actorCount;
    let fixedPerDay = 0;
    const weights: number[] = [];
    for (const entry of entries) {
        if (entry.isPublic) fixedPerDay += 1; // the Store's daily test
        if (entry.behaviour === 'healthy') {
            weights.push(entry.volumeWeight ?? Math.exp(1.1 * random.normal()));
        } else {
            weights.push(0);
            const perDay = minimumRunsPerDay(entry.behaviour, fleetAverage);
            // A stale Actor runs only 5 of the 28 days; low-volume flaky ones a handful of times.
            fixedPerDay +=
                entry.behaviour === 'stale' ? (perDay * 5) / 28 : entry.behaviour.startsWith('flaky') ? 0.15 : perDay;
        }
    }
    const healthyPerDay = Math.max(0, totalPerDay - fixedPerDay);
    const weightSum = weights.reduce((sum, weight) => sum + weight, 0) || 1;
    return entries.map((entry, position) => ({
        entry,
        runsPerDay:
            entry.behaviour === 'healthy'
                ? Math.min(3000, Math.max(0.3, (healthyPerDay * weights[position]!) / weightSum))
                : minimumRunsPerDay(entry.behaviour, fleetAverage),
    }));
}

function buildOwnActorPlan(seed: number, nowMs: number, username: string): ActorPlan {
    const repoRoot = resolveRepoRoot();
    const createdAtMs = nowMs - 30 * DAY_MILLIS;
    const actorJson = readJsonIfPresent(path.join(repoRoot, '.actor', 'actor.json'));
    const inputSchema = readJsonIfPresent(path.join(repoRoot, '.actor', 'input_schema.json'));
    const datasetSchema = readJsonIfPresent(path.join(repoRoot, '.actor', 'dataset_schema.json'));
    const readmePath = path.join(repoRoot, 'README.md');
    const readme = existsSync(readmePath)
        ? readFileSync(readmePath, 'utf8')
        : '# Fleet Analytics\n\nStudies every Actor of the account and writes an explainable report.\n';
    const actorDefinition: Record<string, unknown> = {
        actorSpecification: 1,
        name: OWN_ACTOR_NAME,
        version: typeof actorJson?.version === 'string' ? actorJson.version : '0.1',
        buildTag: 'latest',
        readme,
        input: inputSchema ?? {
            title: 'Fleet analytics input',
            type: 'object',
            schemaVersion: 1,
            properties: {
                windowDays: {
                    title: 'Look-back window (days)',
                    type: 'integer',
                    description: 'Days of runs to analyse.',
                    default: 28,
                    minimum: 1,
                },
                apifyToken: {
                    title: 'Apify token',
                    type: 'string',
                    description: 'Scoped token to read the fleet with.',
                    editor: 'textfield',
                    isSecret: true,
                },
            },
            required: [],
        },
        storages: { dataset: datasetSchema ?? { actorSpecification: 1, fields: {}, views: {} } },
    };
    const buildFinishedAtMs = nowMs - DAY_MILLIS;
    const build: BuildPlan = {
        id: buildId(seed, 'build', 0),
        buildNumber: '0.1.1',
        status: 'SUCCEEDED',
        startedAtMs: buildFinishedAtMs - 95_000,
        finishedAtMs: buildFinishedAtMs,
        actorDefinition,
        fields: [],
    };
    const actor: ActorFixture = {
        id: buildId(seed, 'actor', 0),
        name: OWN_ACTOR_NAME,
        title: 'Fleet Analytics',
        description:
            'Fleet analytics for Apify Actors: which Actors fail, regress, cost too much or drift, and what to fix first.',
        isPublic: false,
        actorPermissionLevel: 'FULL_PERMISSIONS',
        categories: ['DEVELOPER_TOOLS'],
        pricingInfos: [],
        notice: 'NONE',
        isDeprecated: false,
        defaultRunOptions: { build: 'latest', memoryMbytes: 1024, timeoutSecs: 3600 },
        createdAt: isoOf(createdAtMs),
        modifiedAt: isoOf(buildFinishedAtMs),
        command: { argv: [process.execPath, path.join(repoRoot, 'dist', 'actor', 'main.js')] },
    };
    void username;
    return {
        index: 0,
        behaviour: 'own-actor',
        actor,
        theme: getTheme('pages'),
        builds: [build],
        servingBuilds: [build],
        activeFromMs: Number.POSITIVE_INFINITY,
        activeUntilMs: Number.POSITIVE_INFINITY,
        randomRunsPerDay: 0,
        randomOrigins: {},
        periodic: [],
        memoryMbytes: 1024,
        timeoutSecs: 3600,
        durationMedianSecs: 60,
        itemMedian: 1,
        extraUsdPerItem: 0,
        memoryUtilisation: HEALTHY_MEMORY_UTILISATION,
        failRate: 0,
        timeoutRate: 0,
        abortRate: 0,
        missingCostRate: 0,
        errorMessages: [],
        plantedRuns: [],
    };
}

function buildBuildPlans(
    seed: number,
    actorIndex: number,
    random: Random,
    behaviour: ActorBehaviour,
    nowMs: number,
    createdAtMs: number,
    definitionOf: (
        fields: readonly DatasetFieldSpec[],
        inputFields: readonly InputFieldSpec[],
    ) => Record<string, unknown>,
    theme: ActorTheme,
    hasFailedBuild: boolean,
): { builds: BuildPlan[]; latestInput: readonly InputFieldSpec[] } {
    const latestAgeDays =
        behaviour === 'regression'
            ? REGRESSION_BUILD_AGE_DAYS
            : behaviour === 'schema-drift'
              ? SCHEMA_DRIFT_BUILD_AGE_DAYS
              : behaviour === 'stale'
                ? random.between(45, 80)
                : // Incident Actors other than the build-related ones deployed long enough ago
                  // that no build change coincides with their incident.
                  behaviour === 'healthy'
                  ? random.between(2, 50)
                  : random.between(36, 60);
    const latestFinishedMs =
        nowMs -
        latestAgeDays * DAY_MILLIS -
        (behaviour === 'regression' || behaviour === 'schema-drift' ? 0 : random.int(0, 86_399) * 1000);
    const previousFinishedMs = latestFinishedMs - random.between(behaviour === 'regression' ? 30 : 6, 40) * DAY_MILLIS;
    const times: number[] = [latestFinishedMs, previousFinishedMs];
    if (hasFailedBuild) times.splice(1, 0, (latestFinishedMs + previousFinishedMs) / 2);
    const olderCount = random.int(1, 12);
    let cursor = times[times.length - 1]!;
    for (let i = 0; i < olderCount; i++) {
        cursor -= random.between(5, 60) * DAY_MILLIS;
        if (cursor <= createdAtMs) break;
        times.push(cursor);
    }
    times.reverse();
    const firstMs = Math.min(createdAtMs + 3_600_000, times[0]!);
    if (times[0] !== firstMs) times.unshift(firstMs);

    const baseInput = theme.inputFields;
    const baseFields = behaviour === 'compliance-gaps' ? [...theme.fields, NEVER_WRITTEN_FIELD] : theme.fields;
    const baseDefinition = definitionOf(baseFields, baseInput);
    let latestFields: readonly DatasetFieldSpec[] = baseFields;
    let latestInput: readonly InputFieldSpec[] = baseInput;
    if (behaviour === 'schema-drift') {
        latestFields = driftFields(baseFields);
        latestInput = [...baseInput, REGION_INPUT];
    } else if (behaviour === 'healthy' && random.next() < 0.25) {
        latestInput = [...baseInput, INCLUDE_DETAILS_INPUT];
    }
    const latestDefinition =
        latestFields === baseFields && latestInput === baseInput
            ? baseDefinition
            : definitionOf(latestFields, latestInput);

    const builds = times.map((finishedAtMs, position): BuildPlan => {
        const isLatest = position === times.length - 1;
        const isFailed = hasFailedBuild && position === times.length - 2;
        return {
            id: buildId(seed, 'build', actorIndex * 1024 + position + 1),
            buildNumber: `0.0.${position + 1}`,
            status: isFailed ? 'FAILED' : 'SUCCEEDED',
            startedAtMs: finishedAtMs - random.int(45, 240) * 1000,
            finishedAtMs,
            actorDefinition: isLatest ? latestDefinition : baseDefinition,
            fields: isLatest ? latestFields : baseFields,
        };
    });
    return { builds, latestInput };
}

function buildActorPlan(seed: number, nowMs: number, index: number, info: ActorSeedInfo): ActorPlan {
    const { entry, runsPerDay } = info;
    const random = createRandom(hash32(seed, index, 0xac7));
    const theme = getTheme(entry.themeId);
    const behaviour = entry.behaviour;
    const createdAtMs = nowMs - random.between(120, 900) * DAY_MILLIS;
    const readme =
        behaviour === 'compliance-gaps'
            ? buildThinReadme(entry.title)
            : buildFullReadme(entry.title, theme, theme.fields);
    const definitionOf = (
        fields: readonly DatasetFieldSpec[],
        inputFields: readonly InputFieldSpec[],
    ): Record<string, unknown> =>
        buildActorDefinition({
            name: entry.name,
            title: entry.title,
            theme,
            fields,
            inputFields,
            readme,
            hasOutputSchema: behaviour !== 'compliance-gaps',
        });
    const { builds } = buildBuildPlans(
        seed,
        index,
        random,
        behaviour,
        nowMs,
        createdAtMs,
        definitionOf,
        theme,
        entry.hasFailedBuild ?? false,
    );
    const servingBuilds = builds
        .filter((build) => build.status === 'SUCCEEDED')
        .sort((a, b) => a.finishedAtMs - b.finishedAtMs);

    const memoryMbytes =
        behaviour === 'memory-overprovisioned' ? OVERPROVISIONED_MEMORY_MBYTES : chooseMemoryMbytes(random, theme);
    const durationMedianSecs =
        behaviour === 'rising-timeouts' ? 420 : Math.round(Math.min(1800, Math.max(8, random.logNormal(90, 0.9))));
    const timeoutSecs =
        behaviour === 'rising-timeouts' ? 900 : Math.max(600, Math.ceil((durationMedianSecs * 10) / 300) * 300);
    const itemMedian = Math.max(3, Math.round(random.logNormal(120, 1.0)));

    const isScheduled = behaviour === 'stale' || random.next() < 0.6;
    const periodic: PeriodicStream[] = [];
    let randomRunsPerDay = runsPerDay;
    if (behaviour === 'flaky-one-of-two' || behaviour === 'flaky-two-of-five') {
        const isOneOfTwo = behaviour === 'flaky-one-of-two';
        const periodMs = (isOneOfTwo ? FLAKY_ONE_OF_TWO_PERIOD_DAYS : FLAKY_TWO_OF_FIVE_PERIOD_DAYS) * DAY_MILLIS;
        const lastRunMs =
            nowMs -
            (isOneOfTwo ? FLAKY_ONE_OF_TWO_LAST_RUN_AGE_DAYS : FLAKY_TWO_OF_FIVE_LAST_RUN_AGE_DAYS) * DAY_MILLIS;
        periodic.push({ periodMs, phaseMs: lastRunMs, origin: isOneOfTwo ? 'SCHEDULER' : 'API', jitterMs: 0 });
        randomRunsPerDay = 0;
    } else if (isScheduled && runsPerDay >= 0.5) {
        const scheduledShare = behaviour === 'stale' ? 1 : 0.7;
        const periodMs = scheduleEveryMs(runsPerDay * scheduledShare);
        periodic.push({
            periodMs,
            phaseMs: random.int(0, Math.floor(periodMs / 60_000)) * 60_000,
            origin: 'SCHEDULER',
            jitterMs: 15_000,
        });
        randomRunsPerDay = Math.max(0, runsPerDay - DAY_MILLIS / periodMs);
    }
    const randomOrigins: Partial<Record<RunOrigin, number>> = isScheduled
        ? { WEB: 0.5, API: 0.35, DEVELOPMENT: 0.1, CLI: 0.05 }
        : { API: 0.7, WEBHOOK: 0.1, ACTOR: 0.1, WEB: 0.08, DEVELOPMENT: 0.02 };
    const storeTest: PeriodicStream | undefined = entry.isPublic
        ? { periodMs: DAY_MILLIS, phaseMs: (2 * 60 + random.int(0, 240)) * 60_000, origin: 'TEST', jitterMs: 30_000 }
        : undefined;

    const incidentStartMs = {
        regression: builds[builds.length - 1]!.finishedAtMs,
        'schema-drift': builds[builds.length - 1]!.finishedAtMs,
    }[behaviour as string];

    const isPublic = entry.isPublic;
    const actor: ActorFixture = {
        id: buildId(seed, 'actor', index),
        name: entry.name,
        title: entry.title,
        description: `Extracts ${theme.itemNoun}s from ${theme.sourceSite} into a structured dataset.`,
        isPublic,
        actorPermissionLevel: behaviour === 'compliance-gaps' ? 'FULL_PERMISSIONS' : 'LIMITED_PERMISSIONS',
        categories: isPublic ? [theme.category] : [],
        ...(isPublic
            ? {
                  seoTitle: `${entry.title} · extract ${theme.itemNoun}s from ${theme.sourceSite}`.slice(0, 60),
                  seoDescription: `Scrape ${theme.itemNoun}s from ${theme.sourceSite} at scale. Export to JSON, CSV or Excel, schedule runs and integrate through the Apify API.`,
              }
            : {}),
        pricingInfos: isPublic && behaviour !== 'compliance-gaps' ? pricingInfosFor(random, createdAtMs) : [],
        // Set by the generator from the daily tests (see generate-scenario.ts storeNoticeAt).
        notice: 'NONE',
        isDeprecated: entry.isDeprecated ?? false,
        defaultRunOptions: { build: 'latest', memoryMbytes, timeoutSecs },
        createdAt: isoOf(createdAtMs),
        modifiedAt: isoOf(builds[builds.length - 1]!.finishedAtMs),
    };

    const plan: ActorPlan = {
        index,
        behaviour,
        actor,
        theme,
        builds,
        servingBuilds,
        activeFromMs: servingBuilds[0]!.finishedAtMs,
        activeUntilMs: behaviour === 'stale' ? nowMs - STALE_LAST_RUN_AGE_DAYS * DAY_MILLIS : Number.POSITIVE_INFINITY,
        randomRunsPerDay,
        randomOrigins,
        periodic,
        ...(storeTest ? { storeTest } : {}),
        memoryMbytes,
        timeoutSecs,
        durationMedianSecs,
        itemMedian,
        extraUsdPerItem: random.between(0.00002, 0.0003),
        memoryUtilisation:
            behaviour === 'memory-overprovisioned' ? OVERPROVISIONED_UTILISATION : HEALTHY_MEMORY_UTILISATION,
        failRate: HEALTHY_FAIL_RATE,
        timeoutRate: behaviour === 'rising-timeouts' ? 0.01 : HEALTHY_TIMEOUT_RATE,
        abortRate: HEALTHY_ABORT_RATE,
        missingCostRate: entry.hasMissingCost ? 0.06 : 0,
        errorMessages: theme.errorMessages,
        plantedRuns: [],
        ...(incidentStartMs !== undefined ? { incidentStartMs } : {}),
    };
    return plan;
}

export function planFleet(spec: FleetSpec, seed: number, nowMs: number): FleetPlan {
    if (spec.actorCount < 1 || spec.actorCount > MAX_ACTORS) {
        throw new Error(`FleetSpec.actorCount must be between 1 and ${MAX_ACTORS}; got ${spec.actorCount}.`);
    }
    if (!(spec.historyDays > 0)) throw new Error(`FleetSpec.historyDays must be positive; got ${spec.historyDays}.`);
    const random = createRandom(hash32(seed, 0xf1ee7));
    const entries =
        spec.catalog === 'demo' ? DEMO_CATALOG.slice(0, spec.actorCount - 1) : generatedCatalog(spec, random);
    const seeded = distributeRunsPerDay(spec, entries, random);
    const actors = [buildOwnActorPlan(seed, nowMs, DEMO_USERNAME)];
    seeded.forEach((info, position) => actors.push(buildActorPlan(seed, nowMs, position + 1, info)));
    // In-progress runs at the very end, on the healthy Actors with the most on-demand runs.
    const hosts = actors
        .filter((plan) => plan.behaviour === 'healthy')
        .sort((a, b) => b.randomRunsPerDay - a.randomRunsPerDay || a.index - b.index)
        .slice(0, 3);
    hosts.forEach((plan, position) => {
        plan.plantedRuns.push(
            position === 0
                ? { atMs: nowMs - 2000, minDurationSecs: 60 }
                : { atMs: nowMs - 60_000 * position, minDurationSecs: 600 },
        );
    });
    return {
        spec,
        seed,
        nowMs,
        historyStartMs: nowMs - spec.historyDays * DAY_MILLIS,
        username: DEMO_USERNAME,
        userId: buildId(seed, 'user', 0),
        actors,
    };
}
