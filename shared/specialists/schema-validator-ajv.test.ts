/**
 * SchemaCachingAjv: the same answers as a plain Ajv under `@apify/input_schema`, with each
 * distinct schema compiled once however many Actors are validated.
 */
import { describe, expect, it } from 'vitest';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { validateInputSchema } from '@apify/input_schema';
import { SchemaCachingAjv } from './schema-validator-ajv.js';
import { toInputSchemaProblems } from './schema-validator.js';

const FIELD_VARIANTS: Record<string, unknown>[] = [
    { title: 'URL', type: 'string', description: 'Start URL', editor: 'textfield' },
    { title: 'Query', type: 'string', description: 'Search', editor: 'textarea', prefill: 'x' },
    { title: 'Max', type: 'integer', description: 'Max items', minimum: 1, maximum: 100, default: 10 },
    { title: 'Ratio', type: 'number', description: 'Ratio', editor: 'number' },
    { title: 'Flag', type: 'boolean', description: 'A flag', default: false },
    { title: 'Mode', type: 'string', description: 'Mode', enum: ['a', 'b'], enumTitles: ['A', 'B'] },
    { title: 'URLs', type: 'array', description: 'Start URLs', editor: 'requestListSources' },
    { title: 'Proxy', type: 'object', description: 'Proxy', editor: 'proxy' },
    { title: 'Any', type: ['string', 'integer'], description: 'Anything', editor: 'json' },
    { title: 'Dataset', type: 'string', description: 'A dataset', resourceType: 'dataset' },
    // Invalid ones: missing title, unknown editor, wrong type of a keyword, unknown type, deprecated property.
    { type: 'string', description: 'No title', editor: 'textfield' },
    { title: 'Bad editor', type: 'string', description: 'x', editor: 'no-such-editor' },
    { title: 'Bad minimum', type: 'integer', description: 'x', minimum: 'one' },
    { title: 'Bad type', type: 'strange', description: 'x' },
    { title: 'Deprecated', type: 'object', description: 'x', editor: 'json', patternKey: '^a' },
    { title: 'Bad pattern', type: 'string', description: 'x', editor: 'textfield', pattern: '(' },
];

function buildSchemas(): Record<string, unknown>[] {
    const schemas: Record<string, unknown>[] = [];
    for (let i = 0; i < FIELD_VARIANTS.length; i += 1) {
        for (let j = 0; j < FIELD_VARIANTS.length; j += 5) {
            schemas.push({
                title: `Actor ${i}-${j}`,
                type: 'object',
                schemaVersion: 1,
                properties: { first: structuredClone(FIELD_VARIANTS[i]), second: structuredClone(FIELD_VARIANTS[j]) },
                ...(i % 4 === 0 ? { required: ['first'] } : {}),
                ...(i % 5 === 1 ? { required: ['missing'] } : {}),
            });
        }
    }
    // Whole-schema problems: no schemaVersion, wrong root type, properties not an object.
    schemas.push({ title: 'x', type: 'object', properties: {} });
    schemas.push({ title: 'x', type: 'array', schemaVersion: 1, properties: {} });
    schemas.push({ title: 'x', type: 'object', schemaVersion: 1, properties: 'none' });
    return schemas;
}

describe('SchemaCachingAjv', () => {
    it('reports exactly what a plain Ajv reports, for valid and invalid schemas', () => {
        const plainAjv = new Ajv2019({ strict: false });
        const plain = toInputSchemaProblems((schema) => validateInputSchema(plainAjv, schema));
        const cachingAjv = new SchemaCachingAjv({ strict: false });
        const caching = toInputSchemaProblems((schema) => validateInputSchema(cachingAjv, schema));
        const schemas = buildSchemas();
        const plainProblems = schemas.map((schema) => plain(schema));
        const cachingProblems = schemas.map((schema) => caching(schema));
        expect(cachingProblems).toEqual(plainProblems);
        // The set covers both outcomes and several distinct messages.
        expect(plainProblems.filter((p) => p.length === 0).length).toBeGreaterThan(10);
        expect(new Set(plainProblems.flat()).size).toBeGreaterThan(5);
    });

    it('compiles each distinct schema once, however many Actors are validated', () => {
        const ajv = new SchemaCachingAjv({ strict: false });
        const validate = toInputSchemaProblems((schema) => validateInputSchema(ajv, schema));
        const schemas = buildSchemas();
        for (const schema of schemas) validate(schema);
        const afterOnePass = ajv.compiledSchemaCount;
        for (let pass = 0; pass < 3; pass += 1) for (const schema of schemas) validate(structuredClone(schema));
        expect(ajv.compiledSchemaCount).toBe(afterOnePass);
        expect(afterOnePass).toBeLessThan(30);
    });

    it('treats equal content in any key order as one schema and sets errors like Ajv', () => {
        const ajv = new SchemaCachingAjv({ strict: false });
        const schema = { type: 'object', properties: { a: { type: 'integer', minimum: 1 } }, required: ['a'] };
        const reordered = { required: ['a'], properties: { a: { minimum: 1, type: 'integer' } }, type: 'object' };
        expect(ajv.validate(schema, { a: 2 })).toBe(true);
        expect(ajv.errors).toBeNull();
        expect(ajv.validate(reordered, { a: 0 })).toBe(false);
        expect(ajv.errors?.[0]?.keyword).toBe('minimum');
        expect(ajv.compiledSchemaCount).toBe(1);
        // A different schema is a different validator.
        expect(ajv.validate({ ...schema, required: [] }, {})).toBe(true);
        expect(ajv.compiledSchemaCount).toBe(2);
        // References by id still go to Ajv.
        expect(ajv.validate('https://json-schema.org/draft/2019-09/schema', { type: 'string' })).toBe(true);
    });
});
