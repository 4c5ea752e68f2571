import { describe, expect, it } from 'vitest';
import Ajv2019 from 'ajv/dist/2019';
import { validateInputSchema } from '@apify/input_schema';
import { signalsDocumentSchema } from '../contracts/signals.js';
import {
    runSchemaValidator,
    SCHEMA_DEDUCTIONS,
    toInputSchemaProblems,
    type SchemaValidatorOptions,
} from './schema-validator.js';
import { diffInputSchemas } from './schema-drift.js';
import {
    buildActorData,
    buildDatasetSample,
    buildFleetData,
    buildSampledRun,
    TEST_CONTEXT,
    type ActorDataDraft,
} from '../testing/fleet-data-builder.js';

const VALID_INPUT_SCHEMA = {
    title: 'Input',
    type: 'object',
    schemaVersion: 1,
    properties: {
        startUrls: { title: 'Start URLs', type: 'array', description: 'Where to start', editor: 'requestListSources' },
        maxItems: { title: 'Max items', type: 'integer', description: 'Limit', default: 100 },
    },
    required: ['startUrls'],
};

const DATASET_SCHEMA = {
    actorSpecification: 1,
    fields: {
        type: 'object',
        properties: {
            url: { type: 'string' },
            price: { type: 'number', minimum: 0 },
            rating: { type: 'integer' },
            note: { type: ['string', 'null'] },
        },
    },
    views: {},
};

/** The real Apify validator, injected the way the Actor shell does it. */
const ajv = new Ajv2019({ strict: false });
const apifyValidator = toInputSchemaProblems((schema) => validateInputSchema(ajv, schema));

type FieldStats = { min?: number; max?: number; nullCount?: number; emptyCount?: number };
const ITEMS_PER_DATASET = 50;
/** Statistics of a dataset that holds every declared field (as the platform computes them). */
const PRODUCED: Record<string, FieldStats> = {
    url: { nullCount: 0, emptyCount: 0, min: 20, max: 80 },
    price: { nullCount: 0, emptyCount: 0, min: 1, max: 5 },
    rating: { nullCount: 0, emptyCount: 0, min: 1, max: 5 },
    note: { nullCount: 10, emptyCount: 0, min: 3, max: 40 },
};

/**
 * A sampled run of the latest build with a 50-item dataset. `fields` is `[]` as the API serves
 * it; the statistics are PRODUCED with `overrides` merged per field (null = no statistics).
 */
function datasetRun(overrides: Record<string, FieldStats> | null = {}, buildNumber = '0.0.2') {
    const fieldStatistics =
        overrides === null
            ? null
            : Object.fromEntries(
                  [...new Set([...Object.keys(PRODUCED), ...Object.keys(overrides)])].map((name) => [
                      name,
                      { ...PRODUCED[name], ...overrides[name] },
                  ]),
              );
    return buildSampledRun({
        buildNumber,
        dataset: buildDatasetSample({ itemCount: ITEMS_PER_DATASET, fields: [], fieldStatistics }),
    });
}

function healthyActor(overrides: ActorDataDraft = {}): ActorDataDraft {
    return {
        actor: { id: 'actor-1', ...overrides.actor },
        latestBuild: {
            buildNumber: '0.0.2',
            inputSchema: VALID_INPUT_SCHEMA,
            datasetSchema: DATASET_SCHEMA,
            ...overrides.latestBuild,
        },
        previousBuild:
            overrides.previousBuild === undefined
                ? { buildNumber: '0.0.1', inputSchema: VALID_INPUT_SCHEMA, datasetSchema: DATASET_SCHEMA }
                : overrides.previousBuild,
        sampledRuns: overrides.sampledRuns ?? [datasetRun()],
        missing: overrides.missing,
    };
}

function validate(drafts: ActorDataDraft[], options: SchemaValidatorOptions = { validateInputSchema: apifyValidator }) {
    const doc = runSchemaValidator(buildFleetData(drafts.map(buildActorData)), options, TEST_CONTEXT);
    expect(() => signalsDocumentSchema.parse(doc)).not.toThrow();
    return doc;
}

describe('schema-validator', () => {
    it('reports nothing for an Actor whose schemas match its data', () => {
        const doc = validate([healthyActor()]);
        expect(doc.signals).toEqual([]);
        expect(doc.status).toBe('complete');
    });

    it('flags an input schema that @apify/input_schema rejects', () => {
        const broken = {
            ...VALID_INPUT_SCHEMA,
            properties: { x: { title: 'X', type: 'strng', description: 'typo' } },
            required: [],
        };
        const doc = validate([healthyActor({ latestBuild: { inputSchema: broken } })]);
        const signal = doc.signals.find((s) => s.kind === 'input-schema-invalid')!;
        expect(signal.detail).toContain('@apify/input_schema');
        expect(signal.scoreImpact.points).toBe(SCHEMA_DEDUCTIONS.inputSchemaInvalid);
    });

    it('falls back to a structural check when no validator is injected, and says so', () => {
        const broken = {
            title: 'Input',
            type: 'object',
            schemaVersion: 1,
            properties: { x: { description: 'no type' } },
            required: ['y'],
        };
        const doc = validate([healthyActor({ latestBuild: { inputSchema: broken } })], {});
        const signal = doc.signals.find((s) => s.kind === 'input-schema-invalid')!;
        expect(signal.detail).toContain('structural check');
        expect(signal.evidence.notes).toEqual(
            expect.arrayContaining(['field "x": missing "type"', '"required" lists "y", which is not in "properties"']),
        );
    });

    it('rejects a non-function validator option', () => {
        expect(() => validate([healthyActor()], { validateInputSchema: 'nope' as never })).toThrow(
            /validateInputSchema/,
        );
    });

    it('flags a missing input schema and undescribed input fields with capped deductions', () => {
        expect(
            validate([healthyActor({ latestBuild: { inputSchema: null }, previousBuild: null })]).signals.map(
                (s) => s.kind,
            ),
        ).toEqual(['input-schema-missing']);
        const properties = Object.fromEntries(
            Array.from({ length: 14 }, (_, i) => [`f${i}`, { title: `F${i}`, type: 'string', editor: 'textfield' }]),
        );
        const doc = validate([
            healthyActor({
                latestBuild: { inputSchema: { ...VALID_INPUT_SCHEMA, properties, required: [] } },
                previousBuild: null,
            }),
        ]);
        const signal = doc.signals.find((s) => s.kind === 'input-fields-undescribed')!;
        expect(signal.metric?.value).toBe(14);
        expect(signal.scoreImpact.points).toBe(SCHEMA_DEDUCTIONS.undescribedInputFieldsCap);
    });

    it('flags a dataset written without a declared schema, but not an Actor that writes no dataset', () => {
        const writes = validate([healthyActor({ latestBuild: { datasetSchema: null }, previousBuild: null })]);
        expect(writes.signals.map((s) => s.kind)).toEqual(['dataset-schema-missing']);
        const silent = validate([
            healthyActor({
                latestBuild: { datasetSchema: null },
                previousBuild: null,
                sampledRuns: [buildSampledRun({ dataset: buildDatasetSample({ itemCount: 0, fields: [] }) })],
            }),
        ]);
        expect(silent.signals).toEqual([]);
    });

    it('finds optional declared fields never produced, from field statistics in every sampled dataset', () => {
        const absent = { emptyCount: ITEMS_PER_DATASET, nullCount: 0 };
        const doc = validate([
            healthyActor({
                latestBuild: {
                    datasetSchema: { ...DATASET_SCHEMA, fields: { ...DATASET_SCHEMA.fields, required: ['url'] } },
                },
                // url is required: the platform would have rejected items without it, so it is never reported.
                sampledRuns: [datasetRun({ note: absent, url: absent }), datasetRun({ note: absent })],
            }),
        ]);
        const missing = doc.signals.find((s) => s.kind === 'dataset-fields-missing')!;
        expect(missing.evidence.notes).toEqual(['field: note']);
        expect(missing.detail).toContain('emptyCount equals the item count');
        expect(missing.decision).toBe('monitor');
        expect(missing.scoreImpact.points).toBe(SCHEMA_DEDUCTIONS.perMissingDatasetField);
    });

    it('does not report a field that one sampled dataset produced, even partly', () => {
        const absent = { emptyCount: ITEMS_PER_DATASET };
        const doc = validate([
            healthyActor({
                sampledRuns: [
                    datasetRun({ note: absent }),
                    datasetRun({ note: { emptyCount: ITEMS_PER_DATASET - 1 } }),
                ],
            }),
        ]);
        expect(doc.signals).toEqual([]);
    });

    it('reports datasets without field statistics as not measurable: an info note, never a finding', () => {
        // What a real account shows for datasets of a build without statistics: fields [], no statistics.
        const doc = validate([healthyActor({ sampledRuns: [datasetRun(null), datasetRun(null)] })]);
        expect(doc.signals.map((s) => [s.kind, s.severity, s.decision, s.scoreImpact.points])).toEqual([
            ['dataset-fields-unmeasurable', 'info', 'ignore', 0],
        ]);
        expect(doc.signals[0]!.detail).toContain('none of the 2 sampled non-empty datasets');
        expect(doc.status).toBe('complete');
    });

    it('names the declared fields the statistics do not cover as not measurable', () => {
        const statistics = { ...PRODUCED };
        delete statistics.note;
        const run = buildSampledRun({
            buildNumber: '0.0.2',
            dataset: buildDatasetSample({ itemCount: ITEMS_PER_DATASET, fields: [], fieldStatistics: statistics }),
        });
        const doc = validate([healthyActor({ sampledRuns: [run] })]);
        expect(doc.signals.map((s) => [s.kind, s.decision, s.evidence.notes])).toEqual([
            ['dataset-fields-unmeasurable', 'ignore', ['field: note']],
        ]);
    });

    it('compares only samples of the latest build', () => {
        const doc = validate([
            healthyActor({
                sampledRuns: [datasetRun(), datasetRun({ url: { emptyCount: ITEMS_PER_DATASET } }, '0.0.1')],
            }),
        ]);
        expect(doc.signals).toEqual([]);
    });

    it('flags nulls in non-nullable fields but not in nullable ones', () => {
        const doc = validate([
            healthyActor({
                sampledRuns: [
                    datasetRun({
                        url: { nullCount: 3 },
                        note: { nullCount: 40 },
                        price: { nullCount: 0, min: 1, max: 5 },
                    }),
                ],
            }),
        ]);
        expect(doc.signals.map((s) => s.kind)).toEqual(['dataset-field-nullability']);
        expect(doc.signals[0]!.evidence.notes).toEqual(['field: url, nulls: 3']);
    });

    it('flags integer fields with fractional values and values below the declared minimum', () => {
        const doc = validate([
            healthyActor({
                sampledRuns: [
                    datasetRun({
                        rating: { min: 1, max: 4.5 },
                        price: { min: -2, max: 10 },
                    }),
                ],
            }),
        ]);
        const signal = doc.signals.find((s) => s.kind === 'dataset-field-type-mismatch')!;
        expect(signal.metric?.value).toBe(2);
        expect(signal.evidence.notes).toEqual([
            'price: declared minimum 0, observed -2',
            'rating: declared integer, observed 4.5',
        ]);
    });

    it('names each breaking input change between builds', () => {
        const previous = {
            ...VALID_INPUT_SCHEMA,
            properties: {
                ...VALID_INPUT_SCHEMA.properties,
                proxy: { title: 'Proxy', type: 'object', description: 'Proxy', editor: 'proxy' },
                mode: { title: 'Mode', type: 'string', description: 'Mode', editor: 'textfield', default: 'fast' },
            },
        };
        const latest = {
            ...VALID_INPUT_SCHEMA,
            properties: {
                startUrls: VALID_INPUT_SCHEMA.properties.startUrls,
                maxItems: {
                    title: 'Max items',
                    type: 'string',
                    description: 'Limit',
                    default: '100',
                    editor: 'textfield',
                },
                mode: { title: 'Mode', type: 'string', description: 'Mode', editor: 'textfield', default: 'thorough' },
                apiKey: { title: 'API key', type: 'string', description: 'Key', editor: 'textfield' },
            },
            required: ['startUrls', 'apiKey'],
        };
        const doc = validate([
            healthyActor({
                latestBuild: { inputSchema: latest },
                previousBuild: { inputSchema: previous, datasetSchema: DATASET_SCHEMA },
            }),
        ]);
        const changes = doc.signals.filter((s) => s.kind === 'breaking-schema-change');
        expect(changes.map((s) => s.labels.breakingChange).sort()).toEqual([
            'input-default-changed',
            'input-default-changed',
            'input-field-removed',
            'input-required-without-default',
            'input-type-changed',
        ]);
        const removed = changes.find((s) => s.labels.breakingChange === 'input-field-removed')!;
        expect(removed.fingerprint).toBe('schema-validator:breaking-schema-change:actor-1:input-field-removed:proxy');
        expect(removed.decision).toBe('act_now');
        expect(removed.evidence.buildNumbers).toEqual(['0.0.2', '0.0.1']);
        expect(changes.find((s) => s.labels.breakingChange === 'input-default-changed')!.decision).toBe('monitor');
    });

    it('does not call compatible changes breaking', () => {
        const latest = {
            ...VALID_INPUT_SCHEMA,
            properties: {
                ...VALID_INPUT_SCHEMA.properties,
                optional: { title: 'O', type: 'string', description: 'o' },
                withDefault: { title: 'W', type: 'string', description: 'w', default: 'x' },
            },
            required: ['startUrls', 'withDefault'],
        };
        expect(diffInputSchemas(VALID_INPUT_SCHEMA, latest)).toEqual([]);
        // Defaults compare by value, not by key order.
        expect(
            diffInputSchemas(
                { properties: { a: { type: 'object', default: { x: 1, y: 2 } } } },
                { properties: { a: { type: 'object', default: { y: 2, x: 1 } } } },
            ),
        ).toEqual([]);
    });

    it('names dataset fields removed or retyped between builds', () => {
        const latestDataset = {
            ...DATASET_SCHEMA,
            fields: {
                type: 'object',
                properties: { url: { type: 'string' }, price: { type: 'string' }, rating: { type: 'integer' } },
            },
        };
        const doc = validate([
            healthyActor({
                latestBuild: { datasetSchema: latestDataset },
                sampledRuns: [datasetRun()],
            }),
        ]);
        const changes = doc.signals
            .filter((s) => s.kind === 'breaking-schema-change')
            .map((s) => s.labels.breakingChange);
        expect(changes.sort()).toEqual(['dataset-field-removed', 'dataset-type-changed']);
    });

    it('lists an Actor with unreadable builds as an error (partial) and still analyses the others', () => {
        const doc = validate([
            healthyActor({
                actor: { id: 'a-missing' },
                latestBuild: { inputSchema: null },
                missing: [{ part: 'builds', reason: '403', permission: 'Actor builds: Read' }],
            }),
            healthyActor({ actor: { id: 'a-ok' }, latestBuild: { inputSchema: null }, previousBuild: null }),
        ]);
        expect(doc.status).toBe('partial');
        expect(doc.errors.map((e) => e.actorId)).toEqual(['a-missing']);
        expect(doc.signals.map((s) => s.actorId)).toEqual(['a-ok']);
    });

    it('survives hostile schema shapes without crashing', () => {
        const doc = validate(
            [
                healthyActor({
                    latestBuild: { inputSchema: { properties: [1, 2] }, datasetSchema: { fields: 'nope' } },
                    previousBuild: { inputSchema: 'string', datasetSchema: 42 },
                }),
            ],
            {},
        );
        expect(doc.status).toBe('complete');
        expect(doc.signals.map((s) => s.kind).sort()).toEqual(['dataset-schema-missing', 'input-schema-invalid']);
    });

    it('turns a throwing injected validator into a finding, not a crash', () => {
        const doc = validate([healthyActor()], {
            validateInputSchema: () => {
                throw new Error('validator exploded');
            },
        });
        expect(doc.signals.find((s) => s.kind === 'input-schema-invalid')!.detail).toContain('validator exploded');
    });
});
