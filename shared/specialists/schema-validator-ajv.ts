/**
 * An Ajv (draft 2019-09) for `@apify/input_schema`'s `validateInputSchema` that compiles each
 * distinct schema once.
 *
 * Why: `validateInputSchema(ajv, schema)` calls `ajv.validate(schemaObject, data)` with a NEW
 * schema object for every field (`{ ...fieldDefinition, definitions }`) and for the basic
 * structure check. Ajv caches compiled validators by object identity, so it compiled a fresh
 * validator for every field of every Actor (~150 ms per Actor, 3 s of a 20-Actor analysis)
 * and kept each one forever (hundreds of MB on a 200-Actor fleet). Only about a dozen
 * distinct schemas exist (one per field type of Apify's input-schema meta-schema).
 *
 * Cache key: a structural id of the schema (hash-consing): equal JSON content, any key order
 * → same id. Objects already seen are looked up by identity (a WeakMap), so the fresh
 * wrapper objects cost one shallow pass each and the shared definitions are walked once.
 * This assumes a schema object is not mutated after it was validated against, which holds
 * for the library's constant definitions and the wrappers it builds per call.
 *
 * Pure JavaScript (ajv only): usable from the Actor and the extension host alike.
 */
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { AnySchema, Options, ValidateFunction } from 'ajv';

/** Structural ids: equal JSON content ⇔ equal id (within one interner). */
class SchemaShapeInterner {
    private readonly idByObject = new WeakMap<object, string>();
    private readonly idByShape = new Map<string, string>();

    idOf(value: unknown): string {
        if (value === null || typeof value !== 'object') {
            // undefined (absent) and functions do not survive JSON; keep them apart anyway.
            return typeof value === 'undefined' ? 'u' : typeof value === 'function' ? 'f' : JSON.stringify(value);
        }
        const known = this.idByObject.get(value);
        if (known !== undefined) return known;
        const shape = Array.isArray(value)
            ? `[${value.map((item) => this.idOf(item)).join(',')}]`
            : `{${Object.keys(value)
                  .sort()
                  .map((key) => `${JSON.stringify(key)}:${this.idOf((value as Record<string, unknown>)[key])}`)
                  .join(',')}}`;
        let id = this.idByShape.get(shape);
        if (id === undefined) {
            id = `#${this.idByShape.size}`;
            this.idByShape.set(shape, id);
        }
        this.idByObject.set(value, id);
        return id;
    }
}

export class SchemaCachingAjv extends Ajv2019 {
    private readonly interner = new SchemaShapeInterner();
    private readonly compiledByShapeId = new Map<string, ValidateFunction>();

    constructor(options: Options = { strict: false }) {
        super(options);
        // Ajv's `validate` overloads include type predicates a subclass cannot restate; the
        // replacement keeps its runtime contract (below).
        this.validate = this.validateCompilingOnce.bind(this) as Ajv2019['validate'];
    }

    /** The number of schemas compiled through `validate` (each distinct shape once). */
    get compiledSchemaCount(): number {
        return this.compiledByShapeId.size;
    }

    // Same contract as Ajv's `validate` (result, and `this.errors` set from this validation);
    // schema references by key/id go to Ajv unchanged.
    private validateCompilingOnce(schemaKeyRef: AnySchema | string, data: unknown): boolean | Promise<unknown> {
        if (typeof schemaKeyRef !== 'object' || schemaKeyRef === null) return super.validate(schemaKeyRef, data);
        const shapeId = this.interner.idOf(schemaKeyRef);
        let compiled = this.compiledByShapeId.get(shapeId);
        if (compiled === undefined) {
            compiled = this.compile(schemaKeyRef);
            this.compiledByShapeId.set(shapeId, compiled);
        }
        const result = compiled(data);
        if (!('$async' in compiled)) this.errors = compiled.errors;
        return result;
    }
}
