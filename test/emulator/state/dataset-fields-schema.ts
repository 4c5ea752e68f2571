/**
 * A dataset's fields schema as the platform uses it (docs: "Dataset schema validation"):
 * - pushed items are validated against it; a violation rejects the whole push with 400
 *   `schema-validation-error` listing the invalid items (PutItemResponseError in the spec);
 * - `GET /v2/datasets/{id}/statistics` reports, for every field the schema declares,
 *   `nullCount` (value null), `emptyCount` (field undefined; an empty string is not empty)
 *   and `min` / `max` (numbers: the value; strings and arrays: the length; objects: the key
 *   count). Fields the schema does not declare get no statistics.
 *
 * A run's default dataset carries the fields schema of the build the run used
 * (`actorDefinition.storages.dataset.fields`).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { z } from 'zod';
import type { fieldStatisticsSchema } from './fixture-schema.js';

export type FieldsSchema = Record<string, unknown>;
export type FieldStatistics = z.infer<typeof fieldStatisticsSchema>;

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The fields schema a build declares for its default dataset, if any. */
export function fieldsSchemaOfBuild(actorDefinition: Record<string, unknown> | undefined): FieldsSchema | undefined {
    const storages = actorDefinition?.storages;
    const dataset = isObject(storages) ? storages.dataset : undefined;
    const fields = isObject(dataset) ? dataset.fields : undefined;
    return isObject(fields) ? fields : undefined;
}

/** The declared top-level field names (the schema's `properties`). */
export function declaredFieldNames(schema: FieldsSchema): string[] {
    return isObject(schema.properties) ? Object.keys(schema.properties) : [];
}

function sizeOf(value: unknown): number | undefined {
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (isObject(value)) return Object.keys(value).length;
    return undefined;
}

/** Statistics of every declared field over the stored items. */
export function computeFieldStatistics(
    schema: FieldsSchema,
    items: readonly unknown[],
): Record<string, FieldStatistics> {
    const statistics: Record<string, FieldStatistics> = {};
    for (const name of declaredFieldNames(schema)) {
        let nullCount = 0;
        let emptyCount = 0;
        let min: number | undefined;
        let max: number | undefined;
        for (const item of items) {
            const value = isObject(item) ? item[name] : undefined;
            if (value === undefined) emptyCount++;
            else if (value === null) nullCount++;
            const size = sizeOf(value);
            if (size === undefined) continue;
            min = min === undefined ? size : Math.min(min, size);
            max = max === undefined ? size : Math.max(max, size);
        }
        statistics[name] = {
            ...(min !== undefined ? { min } : {}),
            ...(max !== undefined ? { max } : {}),
            nullCount,
            emptyCount,
        };
    }
    return statistics;
}

export interface InvalidItem {
    itemPosition: number;
    validationErrors: Array<
        Pick<ErrorObject, 'instancePath' | 'schemaPath' | 'keyword' | 'params'> & { message: string }
    >;
}

const ajv = new Ajv({ strict: false, allErrors: true });
// Dataset schemas use `format` (date-time, uri…); the platform checks them.
addFormats.default(ajv);
const validators = new WeakMap<FieldsSchema, ValidateFunction>();

function validatorOf(schema: FieldsSchema): ValidateFunction {
    let validate = validators.get(schema);
    if (!validate) {
        // Draft-07 is what Apify's dataset schemas declare; Ajv 8 understands it without the meta-schema.
        const { $schema: _ignored, ...rest } = schema;
        validate = ajv.compile(rest);
        validators.set(schema, validate);
    }
    return validate;
}

/** The items that violate the schema, with Ajv's errors, as the platform's 400 answer lists them. */
export function findInvalidItems(schema: FieldsSchema, items: readonly unknown[]): InvalidItem[] {
    const validate = validatorOf(schema);
    const invalid: InvalidItem[] = [];
    items.forEach((item, itemPosition) => {
        if (validate(item)) return;
        invalid.push({
            itemPosition,
            validationErrors: (validate.errors ?? []).map((error) => ({
                instancePath: error.instancePath,
                schemaPath: error.schemaPath,
                keyword: error.keyword,
                params: error.params,
                message: error.message ?? 'is not valid',
            })),
        });
    });
    return invalid;
}
