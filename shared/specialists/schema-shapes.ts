/**
 * Lenient readers for the schemas a build carries (`actorDefinition.input` and
 * `actorDefinition.storages.dataset`): builds are untyped JSON written by people, so every
 * reader returns null or an empty list instead of throwing on an odd shape.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Input schema `properties`, or null when the schema has none (or is not an object). */
export function getInputProperties(inputSchema: unknown): Record<string, JsonObject> | null {
    if (!isJsonObject(inputSchema) || !isJsonObject(inputSchema.properties)) return null;
    const properties: Record<string, JsonObject> = {};
    for (const [name, definition] of Object.entries(inputSchema.properties)) {
        properties[name] = isJsonObject(definition) ? definition : {};
    }
    return properties;
}

export function getRequiredInputFields(inputSchema: unknown): string[] {
    if (!isJsonObject(inputSchema) || !Array.isArray(inputSchema.required)) return [];
    return inputSchema.required.filter((name): name is string => typeof name === 'string');
}

/** Input fields with no (or a blank) description: users see an unexplained form field. */
export function findUndescribedInputFields(inputSchema: unknown): string[] {
    const properties = getInputProperties(inputSchema);
    if (properties === null) return [];
    return Object.entries(properties)
        .filter(
            ([, definition]) =>
                typeof definition.description !== 'string' || definition.description.trim().length === 0,
        )
        .map(([name]) => name)
        .sort();
}

/**
 * The dataset schema's field definitions (`fields.properties`, JSON Schema), or null when the
 * build declares no dataset schema or the schema declares no fields.
 */
export function getDatasetFieldDefinitions(datasetSchema: unknown): Record<string, JsonObject> | null {
    if (!isJsonObject(datasetSchema)) return null;
    const fields = datasetSchema.fields;
    if (!isJsonObject(fields) || !isJsonObject(fields.properties)) return null;
    const definitions: Record<string, JsonObject> = {};
    for (const [name, definition] of Object.entries(fields.properties)) {
        definitions[name] = isJsonObject(definition) ? definition : {};
    }
    return definitions;
}

/**
 * The fields the dataset schema lists in `fields.required`. The platform rejects pushes
 * without them, so only the other (optional) declared fields can be missing from items.
 */
export function getRequiredDatasetFields(datasetSchema: unknown): Set<string> {
    if (!isJsonObject(datasetSchema) || !isJsonObject(datasetSchema.fields)) return new Set();
    const required = datasetSchema.fields.required;
    return new Set(Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string') : []);
}

/** JSON Schema `type` as a sorted list ("string" → ["string"]); empty when not declared. */
export function getDeclaredTypes(definition: JsonObject): string[] {
    const type = definition.type;
    if (typeof type === 'string') return [type];
    if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string').sort();
    return [];
}

/** A field may be null when its type lists "null", it says `nullable: true`, or it declares no type. */
export function isDeclaredNullable(definition: JsonObject): boolean {
    const types = getDeclaredTypes(definition);
    return types.length === 0 || types.includes('null') || definition.nullable === true;
}

/** JSON with object keys sorted: two equal defaults always compare equal. */
export function stableStringify(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
    if (isJsonObject(value)) {
        return `{${Object.keys(value)
            .sort()
            .map((key) => `${JSON.stringify(key)}:${stableStringify(value[key])}`)
            .join(',')}}`;
    }
    return JSON.stringify(value) ?? 'undefined';
}

/**
 * A pure structural check of an Apify input schema, used when no full validator is injected
 * (see schema-validator's `validateInputSchema` option). It checks what the Apify Console
 * rejects most often; `@apify/input_schema` checks much more.
 */
export function checkInputSchemaStructure(inputSchema: unknown): string[] {
    if (!isJsonObject(inputSchema)) return ['the input schema is not a JSON object'];
    const problems: string[] = [];
    if (typeof inputSchema.title !== 'string' || inputSchema.title.trim() === '') problems.push('missing "title"');
    if (inputSchema.type !== 'object') problems.push('"type" must be "object"');
    if (inputSchema.schemaVersion !== 1) problems.push('"schemaVersion" must be 1');
    const properties = getInputProperties(inputSchema);
    if (properties === null) {
        problems.push('missing "properties"');
        return problems;
    }
    for (const [name, definition] of Object.entries(properties)) {
        if (typeof definition.title !== 'string' || definition.title.trim() === '')
            problems.push(`field "${name}": missing "title"`);
        if (getDeclaredTypes(definition).length === 0) problems.push(`field "${name}": missing "type"`);
    }
    for (const name of getRequiredInputFields(inputSchema)) {
        if (!(name in properties)) problems.push(`"required" lists "${name}", which is not in "properties"`);
    }
    return problems;
}
