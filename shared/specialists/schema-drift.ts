/**
 * Breaking changes between two builds' schemas, named one by one. Used by schema-validator
 * (one signal per breaking change) and release-gate (a breaking change means `review`).
 *
 * "Breaking" means: an existing caller's input or an existing consumer of the dataset can
 * stop working, or behave differently, without changing anything on their side.
 */
import {
    getDatasetFieldDefinitions,
    getDeclaredTypes,
    getInputProperties,
    getRequiredInputFields,
    stableStringify,
} from './schema-shapes.js';

export const BREAKING_CHANGE_KINDS = [
    /** An input field callers may be sending no longer exists. */
    'input-field-removed',
    /** A field is now required and has no default: inputs that omit it are rejected. */
    'input-required-without-default',
    /** The field's type changed: inputs of the old type are rejected. */
    'input-type-changed',
    /** Callers relying on the default silently get different behaviour. */
    'input-default-changed',
    /** A dataset field consumers read is no longer declared. */
    'dataset-field-removed',
    /** A dataset field's declared type changed under its consumers. */
    'dataset-type-changed',
] as const;
export type BreakingChangeKind = (typeof BREAKING_CHANGE_KINDS)[number];

export interface BreakingChange {
    kind: BreakingChangeKind;
    field: string;
    /** Human-readable, e.g. `type "string" → "array"`. */
    description: string;
}

function formatTypes(types: string[]): string {
    return types.length === 0 ? 'undeclared' : types.join('|');
}

export function diffInputSchemas(previousSchema: unknown, latestSchema: unknown): BreakingChange[] {
    const previous = getInputProperties(previousSchema);
    const latest = getInputProperties(latestSchema);
    if (previous === null || latest === null) return [];
    const changes: BreakingChange[] = [];
    // Input and dataset drift (below) walk fields alike but judge different things: input fields
    // also break callers when they become required or change type; dataset fields only by going.
    const previousRequired = new Set(getRequiredInputFields(previousSchema));
    for (const name of Object.keys(previous).sort()) {
        const before = previous[name]!;
        const after = latest[name];
        if (after === undefined) {
            changes.push({
                kind: 'input-field-removed',
                field: name,
                description: `input field "${name}" was removed`,
            });
            continue;
        }
        const typesBefore = getDeclaredTypes(before);
        const typesAfter = getDeclaredTypes(after);
        if (typesBefore.length > 0 && typesAfter.length > 0 && typesBefore.join('|') !== typesAfter.join('|')) {
            changes.push({
                kind: 'input-type-changed',
                field: name,
                description: `input field "${name}" changed type ${formatTypes(typesBefore)} → ${formatTypes(typesAfter)}`,
            });
        }
        if ('default' in before && stableStringify(before.default) !== stableStringify(after.default)) {
            changes.push({
                kind: 'input-default-changed',
                field: name,
                description:
                    `input field "${name}" default changed ${stableStringify(before.default)} → ${'default' in after ? stableStringify(after.default) : 'no default'}`.slice(
                        0,
                        280,
                    ),
            });
        }
    }
    for (const name of getRequiredInputFields(latestSchema).sort()) {
        const definition = latest[name];
        if (definition === undefined || 'default' in definition) continue;
        const wasRequiredBefore = previousRequired.has(name) && name in previous;
        if (!wasRequiredBefore) {
            changes.push({
                kind: 'input-required-without-default',
                field: name,
                description: `input field "${name}" is now required and has no default`,
            });
        }
    }
    return changes;
}

export function diffDatasetSchemas(previousSchema: unknown, latestSchema: unknown): BreakingChange[] {
    const previous = getDatasetFieldDefinitions(previousSchema);
    const latest = getDatasetFieldDefinitions(latestSchema);
    if (previous === null || latest === null) return [];
    const changes: BreakingChange[] = [];
    for (const name of Object.keys(previous).sort()) {
        const after = latest[name];
        if (after === undefined) {
            changes.push({
                kind: 'dataset-field-removed',
                field: name,
                description: `dataset field "${name}" was removed`,
            });
            continue;
        }
        const typesBefore = getDeclaredTypes(previous[name]!).filter((t) => t !== 'null');
        const typesAfter = getDeclaredTypes(after).filter((t) => t !== 'null');
        if (typesBefore.length > 0 && typesAfter.length > 0 && typesBefore.join('|') !== typesAfter.join('|')) {
            changes.push({
                kind: 'dataset-type-changed',
                field: name,
                description: `dataset field "${name}" changed type ${formatTypes(typesBefore)} → ${formatTypes(typesAfter)}`,
            });
        }
    }
    return changes;
}

/** Every breaking change from the previous build to the latest, input first, then dataset. */
export function findBreakingChanges(
    previous: { inputSchema: unknown; datasetSchema: unknown },
    latest: { inputSchema: unknown; datasetSchema: unknown },
): BreakingChange[] {
    return [
        ...diffInputSchemas(previous.inputSchema, latest.inputSchema),
        ...diffDatasetSchemas(previous.datasetSchema, latest.datasetSchema),
    ];
}
