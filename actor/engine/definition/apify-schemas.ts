/**
 * Builds `.actor/input_schema.json`, `.actor/dataset_schema.json` and
 * `.actor/key_value_store_schema.json` from the zod contracts (the latter names the OUTPUT and
 * SIGNALS versions), so Console, the API's input validation and the Actor's own
 * `parseActorInput` share one source. `scripts/generate-actor-schemas.ts` writes the files; a test checks the committed
 * files are exactly what this produces and that Apify's validators accept them.
 */
import { z } from 'zod';
import { actorInputSchema } from '../../../shared/contracts/actor-input.js';
import { datasetRowSchema } from '../../../shared/contracts/dataset-row.js';
import { FLEET_REPORT_SCHEMA_VERSION } from '../../../shared/contracts/fleet-report.js';
import { SIGNALS_SCHEMA_VERSION } from '../../../shared/contracts/signals.js';

export const SCHEMA_URLS = {
    actor: 'https://apify-projects.github.io/actor-json-schemas/actor.ide.json?v=0.5',
    input: 'https://apify-projects.github.io/actor-json-schemas/input.ide.json?v=0.5',
    dataset: 'https://apify-projects.github.io/actor-json-schemas/dataset.ide.json?v=0.5',
    output: 'https://apify-projects.github.io/actor-json-schemas/output.ide.json?v=0.5',
    keyValueStore: 'https://apify-projects.github.io/actor-json-schemas/key-value-store.ide.json?v=0.5',
} as const;

type JsonObject = Record<string, unknown>;

/** Presentation keys carried in `.meta()` that Apify's input schema understands. */
const UI_KEYS = [
    'title',
    'description',
    'editor',
    'sectionCaption',
    'sectionDescription',
    'unit',
    'isSecret',
    'enumTitles',
    'prefill',
] as const;

function pick(source: JsonObject, keys: readonly string[]): JsonObject {
    const out: JsonObject = {};
    for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
    return out;
}

/**
 * Converts one property of zod's JSON Schema into Apify's input-schema dialect, which is
 * stricter than JSON Schema: every field needs `title`/`description`/`editor`, secrets may
 * not carry patterns or defaults, and array items are described per editor.
 */
function toApifyProperty(name: string, property: JsonObject): JsonObject {
    const out: JsonObject = { ...pick(property, UI_KEYS), type: property.type };
    if (typeof out.title !== 'string' || typeof out.description !== 'string') {
        throw new Error(`Input field "${name}" needs .meta({ title }) and .describe(): Console shows both.`);
    }
    if (property.default !== undefined) out.default = property.default;
    const isSecret = property.isSecret === true;
    switch (property.type) {
        case 'string':
            if (Array.isArray(property.enum)) {
                out.enum = property.enum;
                out.editor = 'select';
            } else if (!isSecret) {
                for (const key of ['minLength', 'maxLength', 'pattern'] as const)
                    if (property[key] !== undefined) out[key] = property[key];
                // JSON Schema's `format: uri` has no Apify equivalent: a pattern gives Console the same first check.
                if (property.format === 'uri' && out.pattern === undefined) out.pattern = '^https?://\\S+$';
            }
            break;
        case 'integer':
        case 'number':
            for (const key of ['minimum', 'maximum'] as const)
                if (property[key] !== undefined) out[key] = property[key];
            break;
        case 'array': {
            for (const key of ['minItems', 'maxItems'] as const)
                if (property[key] !== undefined) out[key] = property[key];
            const items = (property.items ?? {}) as JsonObject;
            if (out.editor === 'select') out.items = pick(items, ['type', 'enum']);
            else if (out.editor === 'stringList')
                out.items = pick(items, ['type', 'pattern', 'minLength', 'maxLength']);
            // `json` editor: nested objects are validated by zod at run time (with paths in the message).
            break;
        }
        case 'object':
            // Hidden internal objects: zod validates the shape; Console only needs to know it exists.
            break;
        case 'boolean':
            break;
        default:
            throw new Error(
                `Input field "${name}" has type ${String(property.type)}, which the generator does not map yet.`,
            );
    }
    return out;
}

export function buildApifyInputSchema(): JsonObject {
    const jsonSchema = z.toJSONSchema(actorInputSchema, { io: 'input' }) as JsonObject;
    const properties = jsonSchema.properties as Record<string, JsonObject>;
    return {
        $schema: SCHEMA_URLS.input,
        title: 'Fleet analytics input',
        description:
            'Which Actors and runs to analyse, thresholds, and where to keep history. Every field is optional: ' +
            'the defaults analyse every Actor the account owns over the last 28 days.',
        type: 'object',
        schemaVersion: 1,
        properties: Object.fromEntries(
            Object.entries(properties).map(([name, property]) => [name, toApifyProperty(name, property)]),
        ),
        required: (jsonSchema.required as string[] | undefined) ?? [],
    };
}

type DisplayFormat = 'text' | 'number' | 'date' | 'link' | 'boolean';
interface ViewColumn {
    field: keyof z.infer<typeof datasetRowSchema>;
    label: string;
    format: DisplayFormat;
}

interface DatasetView {
    title: string;
    description: string;
    transformation: { fields: string[] };
    display: { component: 'table'; properties: Record<string, { label: string; format: DisplayFormat }> };
}

function view(title: string, description: string, columns: ViewColumn[]): DatasetView {
    return {
        title,
        description,
        transformation: { fields: columns.map((c) => c.field) },
        display: {
            component: 'table',
            properties: Object.fromEntries(columns.map((c) => [c.field, { label: c.label, format: c.format }])),
        },
    };
}

export const DATASET_VIEWS = {
    overview: view('Overview', 'Health score, activity and the top issue of every Actor.', [
        { field: 'actorName', label: 'Actor', format: 'text' },
        { field: 'healthScore', label: 'Health score', format: 'number' },
        { field: 'grade', label: 'Grade', format: 'text' },
        { field: 'successRate', label: 'Success rate', format: 'number' },
        { field: 'runsTotal', label: 'Runs', format: 'number' },
        { field: 'costUsd', label: 'Cost (USD)', format: 'number' },
        { field: 'actNowCount', label: 'Act now', format: 'number' },
        { field: 'fixNowCards', label: 'Fix-now cards', format: 'number' },
        { field: 'topIssueBucket', label: 'Top issue bucket', format: 'text' },
        { field: 'topIssue', label: 'Top issue', format: 'text' },
        { field: 'lastRunAt', label: 'Last run', format: 'date' },
        { field: 'consoleUrl', label: 'Console', format: 'link' },
    ]),
    // The dataset views are tables of columns (data, not logic): each view lists its own.
    reliability: view('Reliability', 'Run outcomes, week over week, durations.', [
        { field: 'actorName', label: 'Actor', format: 'text' },
        { field: 'runsTotal', label: 'Runs', format: 'number' },
        { field: 'runsSucceeded', label: 'Succeeded', format: 'number' },
        { field: 'runsFailed', label: 'Failed', format: 'number' },
        { field: 'runsTimedOut', label: 'Timed out', format: 'number' },
        { field: 'runsAborted', label: 'Aborted', format: 'number' },
        { field: 'successRate', label: 'Success rate', format: 'number' },
        { field: 'successRateLast7Days', label: 'Last 7 days', format: 'number' },
        { field: 'successRatePrevious7Days', label: 'Previous 7 days', format: 'number' },
        { field: 'durationP50Secs', label: 'Median duration (s)', format: 'number' },
        { field: 'durationP95Secs', label: 'p95 duration (s)', format: 'number' },
        { field: 'lastSucceededAt', label: 'Last success', format: 'date' },
    ]),
    cost: view('Cost', 'Spend, unit costs and memory sizing.', [
        { field: 'actorName', label: 'Actor', format: 'text' },
        { field: 'costUsd', label: 'Cost (USD)', format: 'number' },
        { field: 'costLast7DaysUsd', label: 'Last 7 days (USD)', format: 'number' },
        { field: 'costPrevious7DaysUsd', label: 'Previous 7 days (USD)', format: 'number' },
        { field: 'costPerRunUsd', label: 'Per run (USD)', format: 'number' },
        { field: 'costPer1000ResultsUsd', label: 'Per 1,000 results (USD)', format: 'number' },
        { field: 'runsWithoutCost', label: 'Runs without cost data', format: 'number' },
        { field: 'isCostComplete', label: 'Cost complete', format: 'boolean' },
        { field: 'memoryUtilization', label: 'Memory utilisation', format: 'number' },
    ]),
} as const;

export function buildDatasetSchema(): JsonObject {
    const fields = z.toJSONSchema(datasetRowSchema, { target: 'draft-7', io: 'output' }) as JsonObject;
    delete fields.$schema;
    return {
        $schema: SCHEMA_URLS.dataset,
        actorSpecification: 1,
        title: 'Fleet analytics: one row per Actor',
        description: "A flat projection of each Actor's summary in OUTPUT.",
        fields,
        views: DATASET_VIEWS,
    };
}

/** The run's default key-value store: what each record is, with the contract versions. */
export function buildKeyValueStoreSchema(): JsonObject {
    return {
        $schema: SCHEMA_URLS.keyValueStore,
        actorKeyValueStoreSchemaVersion: 1,
        title: 'Fleet analytics run records',
        description:
            'The run\'s default key-value store. History lives in the named trend store (input "trendStoreName", default fleet-analytics-trends): SNAPSHOT-<time>-<runId> (one compact snapshot per run), DAYS-<origins>-<actorId> (cached daily aggregates of finished days) and ACKS (acknowledgements written by the VS Code extension).',
        type: 'object',
        collections: {
            output: {
                title: 'OUTPUT',
                description:
                    `FleetReport v${FLEET_REPORT_SCHEMA_VERSION}: Health Score (score model 2) with deductions traced to ` +
                    'signals, how much of the fleet needs action now, per-Actor summaries, signals, an action plan ' +
                    'with one card per problem, collection facts.',
                key: 'OUTPUT',
                contentTypes: ['application/json'],
            },
            report: {
                title: 'REPORT',
                description: 'Self-contained HTML report (no external resources).',
                key: 'REPORT',
                contentTypes: ['text/html'],
            },
            signals: {
                title: 'SIGNALS',
                description:
                    'Written only by specialist runs (execution mode "runs"): the ' +
                    `SIGNALS v${SIGNALS_SCHEMA_VERSION} document the orchestrator gathers.`,
                key: 'SIGNALS',
                contentTypes: ['application/json'],
            },
            snapshots: {
                title: 'Snapshots (fallback)',
                description:
                    "Written here only when the named trend store could not be opened with the run's token; later runs read them from the default stores of previous successful runs.",
                keyPrefix: 'SNAPSHOT-',
                contentTypes: ['application/json'],
            },
        },
    };
}

/** The generated files, by path relative to the repository root. */
export function buildGeneratedActorFiles(): Record<string, string> {
    return {
        '.actor/input_schema.json': `${JSON.stringify(buildApifyInputSchema(), null, 4)}\n`,
        '.actor/dataset_schema.json': `${JSON.stringify(buildDatasetSchema(), null, 4)}\n`,
        '.actor/key_value_store_schema.json': `${JSON.stringify(buildKeyValueStoreSchema(), null, 4)}\n`,
    };
}
