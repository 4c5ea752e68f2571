import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Ajv2019 from 'ajv/dist/2019';
import { getDatasetSchemaValidator, getOutputSchemaValidator } from '@apify/json_schemas';
import { validateInputSchema } from '@apify/input_schema';
import { describe, expect, it } from 'vitest';
import { fixtureSchema, PERMISSIONS } from '../state/fixture-schema.js';
import {
    DEMO_TOKENS,
    generateFleet,
    generateScenario,
    SCENARIO_SPECS,
    tokenWithoutPermission,
    writeGroundTruth,
    type GeneratedScenario,
} from './index.js';

const DAY_MILLIS = 86_400_000;
const demo = generateScenario('demo');

function runsInLast28Days(scenario: GeneratedScenario): number {
    const nowMs = Date.parse(scenario.fixture.now);
    return scenario.fixture.runs.filter((run) => {
        const startedAtMs = Date.parse(run.startedAt);
        return startedAtMs >= nowMs - 28 * DAY_MILLIS && startedAtMs < nowMs;
    }).length;
}

describe('scenario generation', () => {
    it('is deterministic: the same seed and now give identical output', () => {
        const again = generateScenario('demo');
        expect(JSON.stringify(again.fixture)).toBe(JSON.stringify(demo.fixture));
        expect(again.groundTruth).toEqual(demo.groundTruth);
        const sampleDatasetId = demo.fixture.runs[500]!.defaultDatasetId;
        expect(again.resolveRunDataset(sampleDatasetId)).toEqual(demo.resolveRunDataset(sampleDatasetId));
    });

    it('changes with the seed and follows the given now', () => {
        const other = generateScenario('demo', { seed: 7 });
        expect(other.fixture.runs[0]!.id).not.toBe(demo.fixture.runs[0]!.id);
        expect(other.groundTruth.seed).toBe(7);
        const now = new Date('2027-03-01T08:30:00.000Z');
        const moved = generateScenario('S', { now });
        expect(moved.fixture.now).toBe(now.toISOString());
        const lastStartMs = Math.max(...moved.fixture.runs.map((run) => Date.parse(run.startedAt)));
        expect(lastStartMs).toBeLessThanOrEqual(now.getTime());
        expect(lastStartMs).toBeGreaterThan(now.getTime() - 60_000);
    });

    it('validates against fixtureSchema (demo and S) without changes', () => {
        for (const scenario of [demo, generateScenario('S')]) {
            const parsed = fixtureSchema.parse(scenario.fixture);
            expect(parsed.runs.length).toBe(scenario.fixture.runs.length);
            expect(JSON.stringify(parsed.runs[10])).toBe(JSON.stringify(scenario.fixture.runs[10]));
        }
    });

    it.each([
        ['S', 20, 5_000],
        ['M', 200, 100_000],
    ] as const)('%s has %i Actors and about %i runs in 28 days, within 15 percent', (name, actorCount, runs) => {
        const scenario = generateScenario(name);
        expect(scenario.fixture.actors).toHaveLength(actorCount);
        const inWindow = runsInLast28Days(scenario);
        expect(inWindow).toBeGreaterThanOrEqual(runs * 0.85);
        expect(inWindow).toBeLessThanOrEqual(runs * 1.15);
        // History covers at least 35 days: a 28-day window plus the week before it.
        const firstStartMs = Date.parse(scenario.fixture.runs[0]!.startedAt);
        expect(Date.parse(scenario.fixture.now) - firstStartMs).toBeGreaterThan(34 * DAY_MILLIS);
    });

    it('demo has about 25 Actors over 8 weeks', () => {
        expect(demo.fixture.actors).toHaveLength(25);
        const firstStartMs = Date.parse(demo.fixture.runs[0]!.startedAt);
        expect(Date.parse(demo.fixture.now) - firstStartMs).toBeGreaterThan(55 * DAY_MILLIS);
        expect(demo.fixture.user.username).toBe('demo-user');
        expect(demo.fixture.user.monthlyUsageCapUsd).toBeNull();
    });

    it('generateFleet makes fleets of any size', () => {
        const tiny = generateFleet({ name: 'tiny', actorCount: 6, runsPer28Days: 300, historyDays: 35 });
        expect(tiny.fixture.actors).toHaveLength(6);
        expect(tiny.groundTruth.scenario).toBe('tiny');
        // Small fleets keep a third healthy: 5 slots → at most 3 incident Actors.
        // (Missing cost data and deprecation sit on otherwise healthy Actors.)
        const incidentActors = new Set(
            tiny.groundTruth.incidents
                .filter((incident) => incident.kind !== 'runs-without-cost' && incident.kind !== 'deprecated-actor')
                .map((incident) => incident.actorId),
        );
        expect(incidentActors.size).toBeGreaterThan(0);
        expect(incidentActors.size).toBeLessThanOrEqual(3);
        expect(fixtureSchema.safeParse(tiny.fixture).success).toBe(true);
    });

    it('keeps runs in start order with unique ids and their builds', () => {
        const ids = new Set<string>();
        const buildsById = new Map(demo.fixture.builds.map((build) => [build.id, build]));
        const problems: string[] = [];
        let previousMs = 0;
        for (const run of demo.fixture.runs) {
            const startedAtMs = Date.parse(run.startedAt);
            if (startedAtMs < previousMs) problems.push(`${run.id} out of order`);
            previousMs = startedAtMs;
            for (const id of [run.id, run.defaultDatasetId, run.defaultKeyValueStoreId, run.defaultRequestQueueId]) {
                if (ids.has(id)) problems.push(`duplicate id ${id}`);
                ids.add(id);
            }
            const build = buildsById.get(run.buildId);
            if (
                !build ||
                build.buildNumber !== run.buildNumber ||
                build.actId !== run.actId ||
                build.status !== 'SUCCEEDED' ||
                Date.parse(build.finishedAt!) > startedAtMs
            )
                problems.push(`${run.id} has a wrong build`);
        }
        expect(problems).toEqual([]);
        expect(ids.size).toBe(demo.fixture.runs.length * 4);
    });

    it('has the run fields and mixes the analyses depend on', () => {
        const runs = demo.fixture.runs;
        const statuses = new Set(runs.map((run) => run.status));
        for (const status of ['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED', 'RUNNING', 'READY'])
            expect(statuses).toContain(status);
        const origins = new Set(runs.map((run) => run.origin));
        for (const origin of ['SCHEDULER', 'API', 'WEB', 'TEST', 'DEVELOPMENT', 'WEBHOOK'])
            expect(origins).toContain(origin);
        const inProgress = runs.filter((run) => run.status === 'RUNNING' || run.status === 'READY');
        expect(inProgress.length).toBeGreaterThanOrEqual(2);
        for (const run of inProgress) expect(run.finishedAt).toBeNull();
        const failed = runs.filter((run) => run.status === 'FAILED');
        expect(
            failed.every((run) => run.exitCode !== null && run.exitCode !== 0 && (run.statusMessage ?? '').length > 0),
        ).toBe(true);
        const finished = runs.filter((run) => run.finishedAt !== null);
        expect(finished.every((run) => run.stats.memMaxBytes! > 0 && run.stats.computeUnits! > 0)).toBe(true);
        // null = the run reports no cost (left out of the API answers); every other run has one.
        expect(runs.some((run) => run.usageTotalUsd === null)).toBe(true);
        expect(runs.filter((run) => run.usageTotalUsd === null).length).toBeLessThan(runs.length * 0.02);
        expect(runs.every((run) => run.usageTotalUsd === null || typeof run.usageTotalUsd === 'number')).toBe(true);
    });

    it('has the tokens of every built-in scenario, with one variant per missing permission', () => {
        for (const name of ['demo', 'S'] as const) {
            const tokens = (name === 'demo' ? demo : generateScenario(name)).fixture.tokens;
            expect(tokens.find((token) => token.token === DEMO_TOKENS.full)).toMatchObject({
                id: 'demo-full',
                kind: 'full',
            });
            const scoped = tokens.find((token) => token.token === DEMO_TOKENS.scoped);
            expect(scoped).toMatchObject({ id: 'demo-scoped', kind: 'scoped', defaultRunStorages: true });
            expect(scoped?.kind === 'scoped' && [...scoped.permissions].sort()).toEqual([...PERMISSIONS].sort());
            for (const permission of PERMISSIONS) {
                const variant = tokens.find((token) => token.token === tokenWithoutPermission(permission));
                expect(variant?.kind).toBe('scoped');
                if (variant?.kind === 'scoped')
                    expect([...variant.permissions].sort()).toEqual(PERMISSIONS.filter((p) => p !== permission).sort());
            }
        }
        expect(tokenWithoutPermission('runs:read')).toBe('apify_api_demo_no_runs_read');
    });

    it("includes this project's own Actor, backed by the built bundle", () => {
        const own = demo.fixture.actors.find((actor) => actor.name === 'fleet-analytics');
        expect(own).toBeDefined();
        expect(own!.actorPermissionLevel).toBe('FULL_PERMISSIONS');
        expect(own!.command?.argv[0]).toBe(process.execPath);
        const repoRoot = path.resolve(__dirname, '../../..');
        expect(own!.command?.argv[1]).toBe(path.join(repoRoot, 'dist', 'actor', 'main.js'));
        expect(demo.fixture.runs.some((run) => run.actId === own!.id)).toBe(false);
        const build = demo.fixture.builds.find((candidate) => candidate.actId === own!.id);
        expect(build?.actorDefinition).toHaveProperty('input');
        for (const actor of demo.fixture.actors.filter((candidate) => candidate.id !== own!.id)) {
            expect(actor.profile, actor.name).toBeDefined();
            expect(actor.command).toBeUndefined();
        }
    });

    it('gives Actors realistic metadata and valid schemas', () => {
        const publicActors = demo.fixture.actors.filter((actor) => actor.isPublic);
        expect(publicActors.length).toBeGreaterThanOrEqual(5);
        expect(publicActors.filter((actor) => actor.pricingInfos.length > 0).length).toBe(publicActors.length - 1);
        expect(
            publicActors.every((actor) => actor.categories.length > 0 && actor.seoTitle && actor.seoDescription),
        ).toBe(true);
        expect(demo.fixture.actors.some((actor) => actor.isDeprecated)).toBe(true);
        // The Store notice is the API's enum; the Actor failing its daily tests is under maintenance.
        expect(demo.fixture.actors.filter((actor) => actor.notice === 'UNDER_MAINTENANCE').map((a) => a.name)).toEqual([
            'instagram-profile-scraper',
        ]);
        expect(demo.fixture.actors.every((actor) => actor.notice !== 'RESIDENTIAL_PROXY_REQUIRED')).toBe(true);
        expect(demo.fixture.builds.some((build) => build.status === 'FAILED')).toBe(true);
        const ajv = new Ajv2019({ strict: false });
        const validateDatasetSchema = getDatasetSchemaValidator();
        const validateOutputSchema = getOutputSchemaValidator();
        const checked = new Set<string>();
        for (const actor of demo.fixture.actors.filter((candidate) => candidate.name !== 'fleet-analytics')) {
            const builds = demo.fixture.builds.filter((build) => build.actId === actor.id);
            expect(builds.length, actor.name).toBeGreaterThanOrEqual(2);
            expect(builds.map((build) => build.buildNumber)).toEqual(
                builds.map((_, position) => `0.0.${position + 1}`),
            );
            for (const build of builds.slice(-2)) {
                const definition = build.actorDefinition as {
                    input: Record<string, unknown>;
                    readme: string;
                    output?: unknown;
                    storages: { dataset: { fields: unknown; views: unknown } };
                };
                // validateInputSchema takes ~0.3 s a call: each distinct shape (titles aside) once.
                const inputShape = JSON.stringify({ ...definition.input, title: undefined });
                if (!checked.has(inputShape)) {
                    checked.add(inputShape);
                    expect(() => validateInputSchema(ajv, structuredClone(definition.input)), actor.name).not.toThrow();
                }
                {
                    expect(
                        validateDatasetSchema(definition.storages.dataset),
                        `${actor.name}: ${JSON.stringify(validateDatasetSchema.errors)}`,
                    ).toBe(true);
                    if (definition.output)
                        expect(
                            validateOutputSchema(definition.output),
                            `${actor.name}: ${JSON.stringify(validateOutputSchema.errors)}`,
                        ).toBe(true);
                }
                expect(definition.readme.length).toBeGreaterThan(100);
                expect(definition.storages.dataset.fields).toBeDefined();
                expect(definition.storages.dataset.views).toBeDefined();
            }
        }
    });

    it('derives run datasets lazily and rejects ids it did not generate', () => {
        const run = demo.fixture.runs.find(
            (candidate) => candidate.status === 'SUCCEEDED' && candidate.origin === 'SCHEDULER',
        )!;
        const dataset = demo.resolveRunDataset(run.defaultDatasetId)!;
        expect(dataset).toMatchObject({ id: run.defaultDatasetId, actRunId: run.id, actId: run.actId });
        expect(dataset.itemCount).toBeGreaterThan(0);
        expect(dataset.cleanItemCount).toBe(dataset.itemCount);
        // As the API: no field list, statistics for exactly the fields the build declares.
        expect(dataset).not.toHaveProperty('fields');
        const build = demo.fixture.builds.find((candidate) => candidate.id === run.buildId)!;
        const declared = (build.actorDefinition as { storages: { dataset: { fields: { properties: object } } } })
            .storages.dataset.fields;
        expect(dataset.fieldsSchema).toBe(declared);
        expect(Object.keys(dataset.fieldStatistics!)).toEqual(Object.keys(declared.properties));
        expect(dataset).not.toHaveProperty('items');
        expect(demo.resolveRunDataset(run.id)).toBeUndefined();
        expect(demo.resolveRunDataset(run.defaultKeyValueStoreId)).toBeUndefined();
        expect(demo.resolveRunDataset('aaaaaaaaaaaaaaaaa')).toBeUndefined();
        expect(demo.resolveRunDataset('not-an-id')).toBeUndefined();
        expect(generateScenario('demo', { seed: 99 }).resolveRunDataset(run.defaultDatasetId)).toBeUndefined();
        // Named storages are in the fixture itself.
        expect(demo.fixture.datasets.map((named) => named.name)).toContain('price-history');
        expect(demo.fixture.keyValueStores.map((named) => named.name)).toContain('shared-config');
    });

    it('writes the ground truth as JSON', () => {
        const directory = mkdtempSync(path.join(tmpdir(), 'ground-truth-'));
        try {
            const file = writeGroundTruth(demo, directory);
            expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(demo.groundTruth);
        } finally {
            rmSync(directory, { recursive: true, force: true });
        }
    });

    it('lists the built-in specs the README documents', () => {
        expect(Object.keys(SCENARIO_SPECS)).toEqual(['demo', 'S', 'M', 'L']);
        expect(SCENARIO_SPECS.L).toMatchObject({ actorCount: 2000, runsPer28Days: 1_000_000 });
    });
});
