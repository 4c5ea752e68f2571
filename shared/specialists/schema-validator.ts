/**
 * schema-validator: do an Actor's declared schemas match what it does?
 *
 * - dataset schema declared or not (for Actors that write datasets);
 * - the declared dataset fields against the sampled datasets' field statistics of the latest
 *   build (the platform's only per-field evidence; `Dataset.fields` is not one): optional
 *   fields never produced, nulls in non-nullable fields, type/range issues; what the
 *   statistics cannot tell is an info note (`dataset-fields-unmeasurable`), never a finding;
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
    getRequiredDatasetFields,
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
    'dataset-fields-missing',
    'dataset-fields-unmeasurable',
    'dataset-field-nullability',
    'dataset-field-type-mismatch',
] as const;

/** Breaking changes that make existing callers' runs fail: act now. The others change behaviour quietly. */
const FAILING_CHANGE_KINDS: ReadonlySet<BreakingChangeKind> = new Set([
    'input-field-removed',
    'input-required-without-default',
    'input-type-changed',
]);

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

/** Sampled runs of the latest build with a non-empty dataset. */
function latestBuildDatasetSamples(actorData: ActorData): SampledRun[] {
    const latestBuild = actorData.builds.latest?.buildNumber ?? null;
    return actorData.sampledRuns.filter(
        (run) =>
            run.dataset !== null &&
            run.dataset.itemCount > 0 &&
            (latestBuild === null || run.buildNumber === null || run.buildNumber === latestBuild),
    );
}

function datasetSchemaMissingDraft(buildNumber: string): Draft {
    return {
        kind: 'dataset-schema-missing',
        severity: 'low',
        decision: 'monitor',
        component: 'data-quality',
        points: SCHEMA_DEDUCTIONS.datasetSchemaMissing,
        title: 'Dataset written without a declared schema',
        detail: `The Actor writes datasets but build ${buildNumber} declares no dataset schema with "fields": no validation, no field statistics, no Console table views.`,
        fix: 'Add .actor/dataset_schema.json with "fields" (JSON Schema of one item) and a table view; reference it from actor.json "storages.dataset".',
        buildNumbers: [buildNumber],
    };
}

/** What could not be measured: an info note, never a finding (no points, decision ignore). */
function unmeasurableDraft(buildNumber: string, sampled: number, withStatistics: number, fields: string[]): Draft {
    const scope =
        withStatistics === 0
            ? `none of the ${sampled} sampled non-empty datasets of build ${buildNumber} reports field statistics`
            : `the field statistics of build ${buildNumber} cover no value of ${fields.slice(0, 20).join(', ')}`;
    return {
        kind: 'dataset-fields-unmeasurable',
        discriminators: withStatistics === 0 ? [] : ['fields'],
        severity: 'info',
        decision: 'ignore',
        component: 'data-quality',
        points: 0,
        title:
            withStatistics === 0
                ? 'Declared dataset fields not measurable: no field statistics'
                : `${fields.length} declared dataset field${fields.length === 1 ? '' : 's'} not measurable`,
        detail:
            `Not measured: ${scope}, so whether the declared fields are produced and how often they are null is unknown. ` +
            'The dataset "fields" list carries no observed fields on the platform and is not used as evidence.',
        fix: 'Nothing to fix here. The platform computes statistics for fields declared in the dataset schema ("fields"); datasets created before the schema was added have none.',
        notes: fields.slice(0, 10).map((name) => `field: ${name}`),
        buildNumbers: [buildNumber],
    };
}

/**
 * "Declared but never produced", from field statistics only: an optional declared field whose
 * `emptyCount` (items where it is undefined) equals the item count in every sampled dataset of
 * the latest build that measured it. Required fields cannot be missing (the platform rejects
 * such pushes); datasets without statistics are not evidence either way.
 */
function checkDatasetFields(actorData: ActorData): Draft[] {
    const latest = actorData.builds.latest;
    if (latest === null) return [];
    const writesDatasets = actorData.sampledRuns.some((run) => (run.dataset?.itemCount ?? 0) > 0);
    const declared = getDatasetFieldDefinitions(latest.datasetSchema);
    if (declared === null) return writesDatasets ? [datasetSchemaMissingDraft(latest.buildNumber)] : [];
    const samples = latestBuildDatasetSamples(actorData);
    if (samples.length === 0) return [];
    const measured = samples.filter((run) => run.dataset!.fieldStatistics !== null);
    if (measured.length === 0) return [unmeasurableDraft(latest.buildNumber, samples.length, 0, [])];
    const required = getRequiredDatasetFields(latest.datasetSchema);
    const neverProduced: string[] = [];
    const unmeasured: string[] = [];
    for (const name of Object.keys(declared).filter((field) => !required.has(field))) {
        const observations = measured.flatMap((run) => {
            const stats = run.dataset!.fieldStatistics![name];
            return stats?.emptyCount === undefined ? [] : [{ stats, itemCount: run.dataset!.itemCount }];
        });
        if (observations.length === 0) unmeasured.push(name);
        else if (observations.every(({ stats, itemCount }) => stats.emptyCount === itemCount)) neverProduced.push(name);
    }
    const drafts: Draft[] = [];
    if (neverProduced.length > 0) {
        neverProduced.sort();
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
            detail:
                `Field statistics of build ${latest.buildNumber}: in every sampled dataset (${measured.length} with statistics), ` +
                `no item has ${neverProduced.slice(0, 20).join(', ')} (emptyCount equals the item count). ` +
                'These fields are optional in the dataset schema, so the platform accepts items without them.',
            fix: 'Produce these fields again or remove them from the dataset schema, so consumers are not promised data that never comes.',
            notes: neverProduced.slice(0, 10).map((name) => `field: ${name}`),
            runIds: measured.map((run) => run.id),
            buildNumbers: [latest.buildNumber],
            metric: { name: 'missingDatasetFields', value: neverProduced.length, baseline: 0, unit: 'fields' },
        });
    }
    if (unmeasured.length > 0)
        drafts.push(unmeasurableDraft(latest.buildNumber, samples.length, measured.length, unmeasured.sort()));
    drafts.push(...checkFieldStatistics(declared, measured, latest.buildNumber));
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
