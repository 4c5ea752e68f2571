/**
 * schema-validator: do an Actor's declared schemas match what it does?
 *
 * - dataset schema declared or not (for Actors that write datasets);
 * - observed dataset fields (sampled datasets' `fields` on the latest build) vs the declared
 *   fields: undeclared, declared but never produced, nulls in non-nullable fields and
 *   type/range issues from the field statistics;
 * - input schema valid and every input field described;
 * - drift from the previous build to the latest, each breaking change named.
 *
 * Input schema validation: `@apify/input_schema` is the authority, but it pulls Node-only
 * code (`@apify/input_secrets` → `crypto`), which `shared/` must not import. The caller
 * injects it as `options.validateInputSchema` (the Actor and the extension host do); without
 * it a pure structural check runs and the signal says so.
 */
import { z } from 'zod';
import type { ActorData, FleetData, SampledRun } from '../contracts/fleet-data.js';
import type { Decision, ScoreComponentId, Severity, Signal, SignalsDocument } from '../contracts/signals.js';
import { findBreakingChanges, type BreakingChange, type BreakingChangeKind } from './schema-drift.js';
import {
    checkInputSchemaStructure,
    findUndescribedInputFields,
    getDatasetFieldDefinitions,
    getDeclaredTypes,
    isDeclaredNullable,
    isJsonObject,
} from './schema-shapes.js';
import {
    analyseEachActor,
    buildSignal,
    buildSignalsDocument,
    collectMissingPartErrors,
    isPartMissing,
    type ActorError,
    type SignalDraft,
    type SpecialistContext,
} from './specialist-document.js';

const SPECIALIST = 'schema-validator' as const;

/**
 * Validates an Apify input schema; returns the problems (empty = valid). Wrap
 * `validateInputSchema(ajv, schema)` of `@apify/input_schema`, which throws on the first problem.
 */
export type InputSchemaValidator = (inputSchema: unknown) => string[];

export const schemaValidatorOptionsSchema = z
    .object({
        validateInputSchema: z
            .custom<InputSchemaValidator>((value) => typeof value === 'function', {
                message: 'validateInputSchema must be a function (inputSchema) => string[]',
            })
            .optional(),
    })
    .strict();
export type SchemaValidatorOptions = z.input<typeof schemaValidatorOptionsSchema>;
type Config = z.output<typeof schemaValidatorOptionsSchema>;

/**
 * Published deductions. Breaking input changes cost the most because callers' runs fail
 * without any change on their side; per-field findings are capped so one sprawling schema
 * cannot sink the whole score.
 */
export const SCHEMA_DEDUCTIONS = {
    perBreakingInputChange: 5,
    perBreakingDatasetChange: 3,
    inputSchemaInvalid: 5,
    inputSchemaMissing: 2,
    perUndescribedInputField: 0.5,
    undescribedInputFieldsCap: 5,
    datasetSchemaMissing: 3,
    perUndeclaredDatasetField: 1,
    undeclaredDatasetFieldsCap: 5,
    perMissingDatasetField: 1,
    missingDatasetFieldsCap: 5,
    perNullabilityIssue: 1,
    nullabilityIssuesCap: 5,
    perTypeIssue: 2,
    typeIssuesCap: 6,
} as const;

export const SCHEMA_SIGNAL_KINDS = [
    'breaking-schema-change',
    'input-schema-invalid',
    'input-schema-missing',
    'input-fields-undescribed',
    'dataset-schema-missing',
    'dataset-fields-undeclared',
    'dataset-fields-missing',
    'dataset-field-nullability',
    'dataset-field-type-mismatch',
] as const;

/** Breaking changes that make existing callers' runs fail: act now. The others change behaviour quietly. */
const FAILING_CHANGE_KINDS: ReadonlySet<BreakingChangeKind> = new Set([
    'input-field-removed',
    'input-required-without-default',
    'input-type-changed',
]);

/** Apify hides dataset fields starting with "#" (e.g. "#debug") from views: internal, not undeclared. */
function isInternalField(name: string): boolean {
    return name.startsWith('#');
}

interface Draft {
    kind: (typeof SCHEMA_SIGNAL_KINDS)[number];
    discriminators?: string[];
    severity: Severity;
    decision: Decision;
    component: ScoreComponentId;
    points: number;
    title: string;
    detail: string;
    fix: string;
    metric?: SignalDraft['metric'];
    notes?: string[];
    runIds?: string[];
    buildNumbers?: string[];
    labels?: Record<string, string>;
}

function breakingChangeDraft(change: BreakingChange, previousBuild: string, latestBuild: string): Draft {
    const isInput = change.kind.startsWith('input-');
    const failsCallers = FAILING_CHANGE_KINDS.has(change.kind);
    return {
        kind: 'breaking-schema-change',
        discriminators: [change.kind, change.field],
        severity: failsCallers ? 'high' : 'medium',
        decision: failsCallers ? 'act_now' : 'monitor',
        component: isInput ? 'reliability' : 'data-quality',
        points: isInput ? SCHEMA_DEDUCTIONS.perBreakingInputChange : SCHEMA_DEDUCTIONS.perBreakingDatasetChange,
        title: `Breaking change in build ${latestBuild}: ${change.description}`,
        detail:
            `Compared with build ${previousBuild}, ${change.description}. ` +
            (isInput
                ? 'Existing callers (schedules, integrations, other Actors) that send the old input can fail or behave differently.'
                : 'Existing consumers of the dataset (integrations, exports, downstream code) can break.'),
        fix: isInput
            ? 'Restore backward compatibility (keep the field, add a default, accept the old type) or release it as a new major version and tell your users.'
            : "Keep the old field (deprecated) for a while or announce the change to the dataset's consumers.",
        buildNumbers: [latestBuild, previousBuild],
        labels: { breakingChange: change.kind },
    };
}

function checkInputSchema(actorData: ActorData, config: Config): Draft[] {
    const latest = actorData.builds.latest;
    if (latest === null) return [];
    const schema = latest.inputSchema;
    if (schema === null || schema === undefined) {
        return [
            {
                kind: 'input-schema-missing',
                severity: 'low',
                decision: 'monitor',
                component: 'compliance',
                points: SCHEMA_DEDUCTIONS.inputSchemaMissing,
                title: 'No input schema',
                detail: `Build ${latest.buildNumber} has no input schema: Console shows a raw JSON editor and nothing validates the input.`,
                fix: 'Add .actor/input_schema.json (schemaVersion 1) with a title, type and description for every field.',
                buildNumbers: [latest.buildNumber],
            },
        ];
    }
    const drafts: Draft[] = [];
    let problems: string[];
    let validatedBy: string;
    try {
        problems = config.validateInputSchema ? config.validateInputSchema(schema) : checkInputSchemaStructure(schema);
        validatedBy = config.validateInputSchema
            ? '@apify/input_schema'
            : 'a structural check (the full validator was not injected)';
    } catch (error) {
        problems = [error instanceof Error ? error.message : String(error)];
        validatedBy = '@apify/input_schema';
    }
    if (problems.length > 0) {
        drafts.push({
            kind: 'input-schema-invalid',
            severity: 'medium',
            decision: 'monitor',
            component: 'compliance',
            points: SCHEMA_DEDUCTIONS.inputSchemaInvalid,
            title: `Input schema of build ${latest.buildNumber} is not valid`,
            detail: `Checked by ${validatedBy}: ${problems.slice(0, 5).join('; ')}.`,
            fix: 'Fix the input schema so that `apify validate-schema` (or @apify/input_schema) accepts it, then rebuild.',
            notes: problems.slice(0, 10),
            buildNumbers: [latest.buildNumber],
            metric: { name: 'inputSchemaProblems', value: problems.length, baseline: 0, unit: 'problems' },
        });
    }
    const undescribed = findUndescribedInputFields(schema);
    if (undescribed.length > 0) {
        drafts.push({
            kind: 'input-fields-undescribed',
            severity: 'low',
            decision: 'monitor',
            component: 'compliance',
            points: Math.min(
                SCHEMA_DEDUCTIONS.undescribedInputFieldsCap,
                undescribed.length * SCHEMA_DEDUCTIONS.perUndescribedInputField,
            ),
            title: `${undescribed.length} input field${undescribed.length === 1 ? '' : 's'} without a description`,
            detail: `Fields without "description": ${undescribed.slice(0, 20).join(', ')}.`,
            fix: 'Add a one-sentence "description" to each input field (what it does, an example value).',
            notes: undescribed.slice(0, 10).map((name) => `field: ${name}`),
            buildNumbers: [latest.buildNumber],
            metric: { name: 'undescribedInputFields', value: undescribed.length, baseline: 0, unit: 'fields' },
        });
    }
    return drafts;
}

/** Sampled runs of the latest build with a non-empty dataset whose field list was read. */
function observedDatasetSamples(actorData: ActorData): SampledRun[] {
    const latestBuild = actorData.builds.latest?.buildNumber ?? null;
    return actorData.sampledRuns.filter(
        (run) =>
            run.dataset !== null &&
            run.dataset.itemCount > 0 &&
            run.dataset.fields !== null &&
            (latestBuild === null || run.buildNumber === null || run.buildNumber === latestBuild),
    );
}

function checkDatasetFields(actorData: ActorData): Draft[] {
    const latest = actorData.builds.latest;
    if (latest === null) return [];
    const samples = observedDatasetSamples(actorData);
    const writesDatasets = actorData.sampledRuns.some((run) => (run.dataset?.itemCount ?? 0) > 0);
    const declared = getDatasetFieldDefinitions(latest.datasetSchema);
    if (declared === null) {
        if (!writesDatasets) return [];
        return [
            {
                kind: 'dataset-schema-missing',
                severity: 'low',
                decision: 'monitor',
                component: 'data-quality',
                points: SCHEMA_DEDUCTIONS.datasetSchemaMissing,
                title: 'Dataset written without a declared schema',
                detail: `The Actor writes datasets but build ${latest.buildNumber} declares no dataset schema with "fields": no validation, no field statistics, no Console table views.`,
                fix: 'Add .actor/dataset_schema.json with "fields" (JSON Schema of one item) and a table view; reference it from actor.json.',
                buildNumbers: [latest.buildNumber],
            },
        ];
    }
    if (samples.length === 0) return [];
    const drafts: Draft[] = [];
    const runIds = samples.map((run) => run.id);
    const observed = new Set<string>();
    for (const run of samples) for (const field of run.dataset!.fields!) observed.add(field.split('.')[0]!);
    const declaredNames = Object.keys(declared);
    const undeclared = [...observed].filter((name) => !(name in declared) && !isInternalField(name)).sort();
    const neverProduced = declaredNames.filter((name) => !observed.has(name)).sort();
    if (undeclared.length > 0) {
        drafts.push({
            kind: 'dataset-fields-undeclared',
            severity: 'low',
            decision: 'monitor',
            component: 'data-quality',
            points: Math.min(
                SCHEMA_DEDUCTIONS.undeclaredDatasetFieldsCap,
                undeclared.length * SCHEMA_DEDUCTIONS.perUndeclaredDatasetField,
            ),
            title: `${undeclared.length} dataset field${undeclared.length === 1 ? '' : 's'} produced but not declared`,
            detail: `Sampled datasets of build ${latest.buildNumber} contain fields the dataset schema does not declare: ${undeclared.slice(0, 20).join(', ')}.`,
            fix: 'Declare these fields in dataset_schema.json "fields" (or stop producing them).',
            notes: undeclared.slice(0, 10).map((name) => `field: ${name}`),
            runIds,
            buildNumbers: [latest.buildNumber],
            metric: { name: 'undeclaredDatasetFields', value: undeclared.length, baseline: 0, unit: 'fields' },
        });
    }
    if (neverProduced.length > 0) {
        drafts.push({
            kind: 'dataset-fields-missing',
            severity: 'low',
            decision: 'monitor',
            component: 'data-quality',
            points: Math.min(
                SCHEMA_DEDUCTIONS.missingDatasetFieldsCap,
                neverProduced.length * SCHEMA_DEDUCTIONS.perMissingDatasetField,
            ),
            title: `${neverProduced.length} declared dataset field${neverProduced.length === 1 ? '' : 's'} never produced`,
            detail: `No sampled dataset of build ${latest.buildNumber} (${samples.length} sampled) contains: ${neverProduced.slice(0, 20).join(', ')}.`,
            fix: 'Produce these fields again or remove them from the dataset schema, so consumers are not promised data that never comes.',
            notes: neverProduced.slice(0, 10).map((name) => `field: ${name}`),
            runIds,
            buildNumbers: [latest.buildNumber],
            metric: { name: 'missingDatasetFields', value: neverProduced.length, baseline: 0, unit: 'fields' },
        });
    }
    drafts.push(...checkFieldStatistics(declared, samples, latest.buildNumber));
    return drafts;
}

function checkFieldStatistics(
    declared: Record<string, Record<string, unknown>>,
    samples: SampledRun[],
    buildNumber: string,
): Draft[] {
    const nullCounts = new Map<string, { nulls: number; runIds: string[] }>();
    const typeIssues = new Map<string, { issue: string; runIds: string[] }>();
    for (const run of samples) {
        const statistics = run.dataset!.fieldStatistics;
        if (statistics === null) continue;
        for (const [name, stats] of Object.entries(statistics)) {
            const definition = declared[name];
            if (definition === undefined) continue;
            if ((stats.nullCount ?? 0) > 0 && !isDeclaredNullable(definition)) {
                const entry = nullCounts.get(name) ?? { nulls: 0, runIds: [] };
                entry.nulls += stats.nullCount!;
                entry.runIds.push(run.id);
                nullCounts.set(name, entry);
            }
            const issue = describeTypeIssue(definition, stats.min, stats.max);
            if (issue !== null) {
                const entry = typeIssues.get(name) ?? { issue, runIds: [] };
                entry.runIds.push(run.id);
                typeIssues.set(name, entry);
            }
        }
    }
    const drafts: Draft[] = [];
    if (nullCounts.size > 0) {
        const names = [...nullCounts.keys()].sort();
        drafts.push({
            kind: 'dataset-field-nullability',
            severity: 'low',
            decision: 'monitor',
            component: 'data-quality',
            points: Math.min(
                SCHEMA_DEDUCTIONS.nullabilityIssuesCap,
                names.length * SCHEMA_DEDUCTIONS.perNullabilityIssue,
            ),
            title: `${names.length} non-nullable dataset field${names.length === 1 ? '' : 's'} contain nulls`,
            detail: `Field statistics of build ${buildNumber} show nulls in fields declared without "null": ${names
                .map((n) => `${n} (${nullCounts.get(n)!.nulls})`)
                .slice(0, 20)
                .join(', ')}.`,
            fix: 'Either always fill these fields or declare them nullable (type ["string", "null"]).',
            notes: names.slice(0, 10).map((n) => `field: ${n}, nulls: ${nullCounts.get(n)!.nulls}`),
            runIds: names.flatMap((n) => nullCounts.get(n)!.runIds),
            buildNumbers: [buildNumber],
            metric: { name: 'nullabilityIssues', value: names.length, baseline: 0, unit: 'fields' },
        });
    }
    if (typeIssues.size > 0) {
        const names = [...typeIssues.keys()].sort();
        drafts.push({
            kind: 'dataset-field-type-mismatch',
            severity: 'medium',
            decision: 'monitor',
            component: 'data-quality',
            points: Math.min(SCHEMA_DEDUCTIONS.typeIssuesCap, names.length * SCHEMA_DEDUCTIONS.perTypeIssue),
            title: `${names.length} dataset field${names.length === 1 ? '' : 's'} with values outside the declared type`,
            detail: `Field statistics of build ${buildNumber}: ${names
                .map((n) => `${n}: ${typeIssues.get(n)!.issue}`)
                .slice(0, 10)
                .join('; ')}.`,
            fix: 'Fix the values the Actor writes or correct the declared type and range in dataset_schema.json.',
            notes: names.slice(0, 10).map((n) => `${n}: ${typeIssues.get(n)!.issue}`),
            runIds: names.flatMap((n) => typeIssues.get(n)!.runIds),
            buildNumbers: [buildNumber],
            metric: { name: 'typeIssues', value: names.length, baseline: 0, unit: 'fields' },
        });
    }
    return drafts;
}

/** What the statistics' min/max reveal against the declared type and range; null when nothing. */
function describeTypeIssue(
    definition: Record<string, unknown>,
    min: number | undefined,
    max: number | undefined,
): string | null {
    const types = getDeclaredTypes(definition).filter((t) => t !== 'null');
    const values = [min, max].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length === 0) return null;
    if (types.length === 1 && types[0] === 'integer' && values.some((v) => !Number.isInteger(v))) {
        return `declared integer, observed ${values.find((v) => !Number.isInteger(v))}`;
    }
    if (types.length > 0 && types.every((t) => t === 'number' || t === 'integer')) {
        if (typeof definition.minimum === 'number' && min !== undefined && min < definition.minimum) {
            return `declared minimum ${definition.minimum}, observed ${min}`;
        }
        if (typeof definition.maximum === 'number' && max !== undefined && max > definition.maximum) {
            return `declared maximum ${definition.maximum}, observed ${max}`;
        }
    }
    return null;
}

function analyseActor(actorData: ActorData, config: Config): { signals: Signal[]; errors: ActorError[] } {
    const errors = collectMissingPartErrors(actorData, ['builds', 'run-details', 'datasets']);
    const drafts: Draft[] = [];
    const { latest, previous } = actorData.builds;
    if (!isPartMissing(actorData, 'builds')) {
        drafts.push(...checkInputSchema(actorData, config));
        if (latest !== null && previous !== null) {
            for (const change of findBreakingChanges(previous, latest)) {
                drafts.push(breakingChangeDraft(change, previous.buildNumber, latest.buildNumber));
            }
        }
        drafts.push(...checkDatasetFields(actorData));
    }
    const signals = drafts.map((draft) =>
        buildSignal(SPECIALIST, {
            ...draft,
            actor: actorData.actor,
        }),
    );
    return { signals, errors };
}

export function runSchemaValidator(
    data: FleetData,
    options: SchemaValidatorOptions,
    context: SpecialistContext,
): SignalsDocument {
    const config = schemaValidatorOptionsSchema.parse(options ?? {});
    const { signals, errors } = analyseEachActor(data, (actorData) => analyseActor(actorData, config));
    return buildSignalsDocument(SPECIALIST, data, context, signals, errors);
}

/** Exposed for tests and for callers that wrap `@apify/input_schema` (throws → problems). */
export function toInputSchemaProblems(validate: (schema: Record<string, unknown>) => void): InputSchemaValidator {
    return (inputSchema) => {
        if (!isJsonObject(inputSchema)) return ['the input schema is not a JSON object'];
        try {
            validate(inputSchema);
            return [];
        } catch (error) {
            return [error instanceof Error ? error.message : String(error)];
        }
    };
}
