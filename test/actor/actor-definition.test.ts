/**
 * `.actor/` is the contract with the platform: every file passes Apify's own validators,
 * the generated schemas are up to date, and the zod input contract and input_schema.json
 * agree on fields, defaults, ranges, enums, required and secrets — checked both
 * structurally and by feeding the same inputs to both validators.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { validateInputSchema, validateInputUsingValidator } from '@apify/input_schema';
import {
    getActorSchemaValidator,
    getDatasetSchemaValidator,
    getInputSchemaValidator,
    getKeyValueStoreSchemaValidator,
    getOutputSchemaValidator,
} from '@apify/json_schemas';
import { z } from 'zod';
import { actorInputSchema, InvalidInputError, parseActorInput } from '../../shared/contracts/actor-input.js';
import { datasetRowSchema } from '../../shared/contracts/dataset-row.js';
import { buildGeneratedActorFiles, DATASET_VIEWS } from '../../actor/engine/definition/apify-schemas.js';

const root = join(__dirname, '..', '..');
const readJson = (relativePath: string): Record<string, any> =>
    JSON.parse(readFileSync(join(root, relativePath), 'utf8'));

const actorJson = readJson('.actor/actor.json');
const inputSchema = readJson('.actor/input_schema.json');
const datasetSchema = readJson('.actor/dataset_schema.json');
const outputSchema = readJson('.actor/output_schema.json');
const kvSchema = readJson('.actor/key_value_store_schema.json');

function expectValid(validate: ReturnType<typeof getActorSchemaValidator>, document: unknown): void {
    const ok = validate(document);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
}

describe('.actor files', () => {
    it('generated schemas are up to date (run: npx tsx scripts/generate-actor-schemas.ts)', () => {
        for (const [relativePath, content] of Object.entries(buildGeneratedActorFiles())) {
            expect(readFileSync(join(root, relativePath), 'utf8'), relativePath).toBe(content);
        }
    });

    it('pass the @apify/json_schemas validators', () => {
        expectValid(getActorSchemaValidator(), actorJson);
        expectValid(getInputSchemaValidator(), inputSchema);
        expectValid(getDatasetSchemaValidator(), datasetSchema);
        expectValid(getOutputSchemaValidator(), outputSchema);
        expectValid(getKeyValueStoreSchemaValidator(), kvSchema);
    });

    it('input schema passes @apify/input_schema validateInputSchema', () => {
        const ajv = new Ajv2019({ strict: false, allErrors: true });
        expect(() => validateInputSchema(ajv, structuredClone(inputSchema))).not.toThrow();
    });

    it('every file has a $schema URL and actor.json points at files that exist', () => {
        for (const document of [actorJson, inputSchema, datasetSchema, outputSchema, kvSchema]) {
            expect(document.$schema).toMatch(/^https:\/\/apify-projects\.github\.io\/actor-json-schemas\//);
        }
        const actorDir = join(root, '.actor');
        for (const relativePath of [
            actorJson.input,
            actorJson.output,
            actorJson.storages.dataset,
            actorJson.storages.keyValueStore,
            actorJson.dockerfile,
        ]) {
            expect(existsSync(join(actorDir, relativePath)), relativePath).toBe(true);
        }
        expect(actorJson.readme).toBe('../README.md');
        expect(actorJson.name).toBe('fleet-analytics');
    });

    it('Dockerfile is multi-stage on apify/actor-node:24 and runs the bundle', () => {
        const dockerfile = readFileSync(join(root, '.actor/Dockerfile'), 'utf8');
        expect(dockerfile.match(/^FROM apify\/actor-node:24/gm)).toHaveLength(2);
        expect(dockerfile).toMatch(/RUN npm ci --include=dev/);
        expect(dockerfile).toMatch(/RUN npm run build/);
        expect(dockerfile).toMatch(/npm ci --omit=dev/);
        expect(dockerfile).toMatch(/COPY --from=builder .*\/usr\/src\/app\/dist \.\/dist/);
        expect(dockerfile).toMatch(/^CMD \["node", "dist\/actor\/main\.js"\]$/m);
        const dockerignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
        for (const entry of ['node_modules', 'storage', '.git', 'dist']) expect(dockerignore).toContain(entry);
    });

    it('dataset views show only declared fields, and the three Console views exist', () => {
        const rowFields = Object.keys(datasetRowSchema.shape);
        expect(Object.keys(datasetSchema.views)).toEqual(['overview', 'reliability', 'cost']);
        expect(Object.keys(datasetSchema.fields.properties)).toEqual(rowFields);
        for (const view of Object.values(DATASET_VIEWS)) {
            for (const field of view.transformation.fields) expect(rowFields).toContain(field);
        }
    });

    it('output schema links OUTPUT, REPORT and the dataset', () => {
        const templates = Object.values(outputSchema.properties).map((p: any) => p.template);
        expect(templates).toEqual(
            expect.arrayContaining([
                '{{links.apiDefaultKeyValueStoreUrl}}/records/OUTPUT',
                '{{links.apiDefaultKeyValueStoreUrl}}/records/REPORT',
                '{{links.apiDefaultDatasetUrl}}/items',
            ]),
        );
    });
});

describe('zod input contract vs input_schema.json', () => {
    const zodJson = z.toJSONSchema(actorInputSchema, { io: 'input' }) as Record<string, any>;
    const zodDefaults = parseActorInput({}) as Record<string, unknown>;

    it('declare the same fields, required list and secrets', () => {
        expect(Object.keys(inputSchema.properties)).toEqual(Object.keys(zodJson.properties));
        expect(inputSchema.required).toEqual(zodJson.required ?? []);
        const secrets = Object.entries(inputSchema.properties)
            .filter(([, p]: [string, any]) => p.isSecret)
            .map(([k]) => k);
        expect(secrets).toEqual(['apifyToken']);
        expect(actorInputSchema.shape.apifyToken.safeParse(undefined).success).toBe(true);
    });

    it('agree on every default, range and enum', () => {
        for (const [name, property] of Object.entries(inputSchema.properties) as [string, any][]) {
            expect(property.default, `${name} default`).toEqual(zodDefaults[name]);
            const zodProperty = zodJson.properties[name];
            expect(property.type, `${name} type`).toBe(zodProperty.type);
            expect(property.minimum, `${name} minimum`).toBe(zodProperty.minimum);
            expect(property.maximum, `${name} maximum`).toBe(zodProperty.maximum);
            expect(property.enum, `${name} enum`).toEqual(zodProperty.enum);
            expect(property.items?.enum, `${name} items enum`).toEqual(
                property.editor === 'select' ? zodProperty.items?.enum : undefined,
            );
            if (property.editor === 'stringList') expect(property.items.pattern).toBe(zodProperty.items.pattern);
            expect(typeof property.title, `${name} title`).toBe('string');
            expect(property.description.length, `${name} description`).toBeGreaterThan(20);
        }
    });

    // The same inputs through Apify's validator (what Console and the API check) and zod
    // (what the run checks): they must reach the same verdict.
    const ajv = new Ajv2019({ strict: false, allErrors: true, useDefaults: false });
    // The platform compiles the schema without the editor-only `$schema` key.
    const { $schema: _editorSchemaUrl, ...compilableInputSchema } = structuredClone(inputSchema);
    const apifyValidate = ajv.compile(compilableInputSchema);
    const apifyAccepts = (input: Record<string, unknown>): boolean =>
        validateInputUsingValidator(apifyValidate, inputSchema, input).length === 0;
    const zodAccepts = (input: Record<string, unknown>): boolean => actorInputSchema.safeParse(input).success;

    const validInputs: Record<string, unknown>[] = [
        {},
        { lookbackDays: 1 },
        { lookbackDays: 90 },
        { includeActors: ['my-scraper', 'alice/shop-*', 'x*y', 'jane.doe_1/*'], excludeActors: ['*-test'] },
        { origins: ['SCHEDULER', 'API'] },
        { specialists: [] },
        { specialists: ['cost-watchdog'] },
        { executionMode: 'runs', shardSize: 1, maxParallelRuns: 32 },
        { trendStoreName: 'my-trends', snapshotRetentionDays: 7 },
        { alertWebhookUrl: 'https://hooks.example.com/x' },
        { apifyToken: 'apify_api_secret' },
        { failureRateAlertPercent: 100, costSpikeFactor: 1.1, useDailyCache: false },
    ];
    const invalidInputs: Record<string, unknown>[] = [
        { lookbackDays: 0 },
        { lookbackDays: 91 },
        { lookbackDays: 2.5 },
        { lookbackDays: '28' },
        { includeActors: 'my-scraper' },
        { includeActors: ['has space'] },
        { excludeActors: ['^re.*$'] },
        { includeActors: ['a?b'] },
        { includeActors: ['a/b/c'] },
        { origins: ['NOT-AN-ORIGIN'] },
        { specialists: ['astrologer'] },
        { executionMode: 'parallel' },
        { shardSize: 0 },
        { maxParallelRuns: 33 },
        { trendStoreName: 'a' },
        { trendStoreName: 'has_underscore' },
        { snapshotRetentionDays: 1 },
        { alertWebhookUrl: 'not a url' },
        { useDailyCache: 'yes' },
        { costSpikeFactor: 1 },
    ];

    it.each(validInputs)('both accept %j', (input) => {
        expect(zodAccepts(input)).toBe(true);
        expect(apifyAccepts(input)).toBe(true);
    });
    it.each(invalidInputs)('both reject %j', (input) => {
        expect(zodAccepts(input)).toBe(false);
        expect(apifyAccepts(input)).toBe(false);
    });

    it('zod also rejects unknown fields, with a message naming path and fix', () => {
        let error: unknown;
        try {
            parseActorInput({ lookbackDays: 0, includeActors: ['ok', 'bad pattern'], unknownField: 1 });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(InvalidInputError);
        const message = (error as Error).message;
        expect(message).toMatch(/^Invalid input \(3 problems\)/);
        expect(message).toContain('• lookbackDays: The look-back window must be at least 1 day.');
        expect(message).toContain('• includeActors[1]: Use an Actor name');
        expect(message).toContain('• (input): Unrecognized key: "unknownField"');
        expect(message).toContain('Remove "unknownField"');
    });

    it('a wrongly typed secret is reported by field name, never by value', () => {
        const canary = 'apify_api_CANARY_in_wrong_field';
        let message = '';
        try {
            parseActorInput({ apifyToken: 42, trendStoreName: canary });
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).toContain('apifyToken');
        expect(message).not.toContain(canary);
    });
});
