/**
 * The `actorDefinition` a build carries (what `GET /v2/actor-builds/{id}` returns): input
 * schema (`input`), README (`readme`), dataset schema (`storages.dataset`) and output schema
 * (`output`), built from an Actor's theme.
 */
import type { ActorTheme, DatasetFieldSpec, InputFieldSpec } from './actor-themes.js';

export interface ActorDefinitionParams {
    name: string;
    title: string;
    theme: ActorTheme;
    /** Dataset fields of this build (schema drift changes them between builds). */
    fields: readonly DatasetFieldSpec[];
    inputFields: readonly InputFieldSpec[];
    readme: string;
    /** Declares `output` (an output schema); false for Actors that never added one. */
    hasOutputSchema: boolean;
}

export function buildInputSchema(title: string, inputFields: readonly InputFieldSpec[]): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    for (const inputField of inputFields) properties[inputField.name] = inputField.schema;
    return {
        title: `${title} input`,
        type: 'object',
        schemaVersion: 1,
        properties,
        required: inputFields.filter((inputField) => inputField.isRequired).map((inputField) => inputField.name),
    };
}

function jsonSchemaType(spec: DatasetFieldSpec): unknown {
    return spec.isNullable ? [spec.type, 'null'] : spec.type;
}

export function buildDatasetSchema(title: string, fields: readonly DatasetFieldSpec[]): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    for (const spec of fields) {
        properties[spec.name] = {
            type: jsonSchemaType(spec),
            description: spec.description,
            ...(spec.type === 'array' ? { items: { type: 'string' } } : {}),
        };
    }
    const displayProperties: Record<string, unknown> = {};
    for (const spec of fields) {
        displayProperties[spec.name] = {
            label: spec.name,
            format:
                spec.type === 'number' || spec.type === 'integer'
                    ? 'number'
                    : spec.type === 'boolean'
                      ? 'boolean'
                      : spec.type === 'array'
                        ? 'array'
                        : spec.name === 'url'
                          ? 'link'
                          : 'text',
        };
    }
    return {
        actorSpecification: 1,
        title: `${title} results`,
        fields: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties,
            required: fields.filter((spec) => !spec.isNullable && !spec.isNeverWritten).map((spec) => spec.name),
        },
        views: {
            overview: {
                title: 'Overview',
                transformation: { fields: fields.map((spec) => spec.name) },
                display: { component: 'table', properties: displayProperties },
            },
        },
    };
}

export function buildOutputSchema(title: string): Record<string, unknown> {
    return {
        actorOutputSchemaVersion: 1,
        title: `${title} output`,
        properties: {
            results: {
                type: 'string',
                title: 'Results',
                template: '{{links.apiDefaultDatasetUrl}}/items',
            },
        },
    };
}

export function buildActorDefinition(params: ActorDefinitionParams): Record<string, unknown> {
    return {
        actorSpecification: 1,
        name: params.name,
        version: '0.0',
        buildTag: 'latest',
        readme: params.readme,
        input: buildInputSchema(params.title, params.inputFields),
        storages: { dataset: buildDatasetSchema(params.title, params.fields) },
        ...(params.hasOutputSchema ? { output: buildOutputSchema(params.title) } : {}),
    };
}

/**
 * A Store-quality README (≥ 300 words, with the sections Apify recommends: intro, how to
 * use, pricing, input and output examples, FAQ), so the compliance scanner has nothing to
 * say about healthy Actors.
 */
export function buildFullReadme(title: string, theme: ActorTheme, fields: readonly DatasetFieldSpec[]): string {
    const noun = theme.itemNoun;
    const example: Record<string, unknown> = {};
    for (const spec of fields) {
        example[spec.name] =
            spec.type === 'string'
                ? spec.name === 'url'
                    ? 'https://example.com/item/1'
                    : `Example ${spec.name}`
                : spec.type === 'array'
                  ? ['example']
                  : spec.type === 'boolean'
                    ? true
                    : spec.range
                      ? spec.range[0]
                      : 1;
    }
    return [
        `# ${title}`,
        '',
        `## What does ${title} do?`,
        `${title} extracts ${noun} data from ${theme.sourceSite} and stores every ${noun} as one row of a clean,`,
        'structured dataset. It handles pagination, retries blocked requests with fresh proxies and keeps',
        'only the fields that matter, so you can feed the results straight into a spreadsheet, a database',
        'or your own application without writing a scraper and maintaining it every time the site changes.',
        '',
        `## Why use ${title}?`,
        `Teams use it to monitor competitors, enrich their CRM, build market reports and keep internal`,
        `catalogues fresh. Because it runs on the Apify platform you get scheduling, monitoring, API access`,
        'and integrations with Make, Zapier, Google Sheets and webhooks without running any servers yourself.',
        '',
        `## How to use ${title}`,
        '1. Open the Actor in Apify Console and click **Try for free**.',
        '2. Fill in the input: the start URLs or search terms, and how many results you want.',
        '3. Click **Start** and wait for the run to finish; progress is shown in the status message.',
        '4. Download the results as JSON, CSV or Excel, or read them through the Apify API.',
        'You can also schedule the Actor to run every day and get notified when something changes.',
        '',
        `## How much does it cost to scrape ${theme.sourceSite}?`,
        `A typical run that collects 1,000 ${noun}s uses well under one compute unit. The exact price depends`,
        'on the proxy type and on how many pages have to be opened; the free plan covers small experiments,',
        'and the pricing tab shows the current price per result.',
        '',
        '## Input',
        `The only required input is where to start. Optional settings limit the number of ${noun}s and`,
        'choose the proxy. Example:',
        '```json',
        JSON.stringify({ startUrls: [{ url: 'https://example.com/' }], maxItems: 100 }, null, 2),
        '```',
        '',
        '## Output',
        `Each ${noun} is one dataset item. Example:`,
        '```json',
        JSON.stringify(example, null, 2),
        '```',
        '',
        '## FAQ',
        '**Is it legal to scrape this site?** Scraping publicly available data is generally allowed, but',
        'check the terms of the site and the rules that apply to you before you collect anything.',
        `**Why did my run return fewer ${noun}s than expected?** The site may show fewer results than the`,
        'number you asked for, or pages may have been blocked; the log lists every failed request.',
        '**Can I integrate it with other tools?** Yes: use webhooks, the API or any of the integrations.',
        '**Where can I report a problem?** Open an issue on the Issues tab; we answer within two days.',
        '',
    ].join('\n');
}

/** A README that fails Store expectations: short, no sections, mentions personal data. */
export function buildThinReadme(title: string): string {
    return [
        `# ${title}`,
        '',
        'Give it a list of websites and it collects everything it can find: emails, phone numbers,',
        'names of employees and their social profiles. Results go to the dataset.',
        'Works on most sites. Contact us if something breaks.',
        '',
    ].join('\n');
}

/** Words of prose (code blocks left out, as a reader skims them). */
export function countWords(text: string): number {
    return text
        .replace(/```[\s\S]*?```/g, ' ')
        .split(/\s+/)
        .filter((word) => /[A-Za-z0-9]/.test(word)).length;
}
