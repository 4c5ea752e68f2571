/**
 * `/v2/datasets`: list, metadata, items (read and push), field statistics.
 * @see https://docs.apify.com/api/v2/dataset-items-get
 */
import type { Request, Response } from 'express';
import type { DatasetState, EmulatorState } from '../state/emulator-state.js';
import { requireDatasetAccess, requirePermission } from '../server/access-control.js';
import { apiErrors } from '../server/api-error.js';
import { toDatasetDetail, toDatasetListItem } from '../server/api-shapes.js';
import { readBody, readJsonBody } from '../server/request-body.js';
import { generateApifyId } from '../state/memory-state.js';
import { computeFieldStatistics, findInvalidItems, type FieldStatistics } from '../state/dataset-fields-schema.js';
import {
    buildRouter,
    listBody,
    queryFlag,
    queryInteger,
    queryListLimit,
    queryString,
    type RequestPipeline,
    type RouteDefinition,
} from '../server/route-table.js';

const DATASET_NAME_PATTERN = /^[a-zA-Z0-9-]{1,63}$/;

/**
 * Statistics exist only for datasets with a fields schema, one entry per declared field,
 * computed from the stored items (so every push updates them). Datasets whose items the
 * fixture does not hold (counts only) serve the fixture's statistics.
 */
export function fieldStatisticsOf(dataset: DatasetState): Record<string, FieldStatistics> | null {
    if (!dataset.fieldsSchema) return dataset.fieldStatistics ?? null;
    if (dataset.items) return computeFieldStatistics(dataset.fieldsSchema, dataset.items);
    // Counts only (a derived scenario dataset), or nothing pushed yet: zero counts per declared field.
    return dataset.fieldStatistics ?? computeFieldStatistics(dataset.fieldsSchema, []);
}

export function resolveDatasetParam(state: EmulatorState, req: Request): DatasetState {
    const reference = (req.params as Record<string, string>).datasetId ?? '';
    const dataset = state.getDataset(reference);
    if (!dataset) throw apiErrors.recordNotFound('Dataset');
    return dataset;
}

function isEmptyItem(item: unknown): boolean {
    return (
        item === null ||
        item === undefined ||
        (typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length === 0)
    );
}

/** `clean`: hidden fields (starting with `#`) dropped, empty items skipped. */
function withoutHiddenFields(item: unknown): unknown {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).filter(([key]) => !key.startsWith('#')));
}

function pickFields(
    item: unknown,
    fields: readonly string[] | undefined,
    omit: readonly string[] | undefined,
): unknown {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    let entries = Object.entries(item);
    if (fields)
        entries = fields
            .filter((field) => field in item)
            .map((field) => [field, (item as Record<string, unknown>)[field]]);
    if (omit) entries = entries.filter(([key]) => !omit.includes(key));
    return Object.fromEntries(entries);
}

function commaList(req: Request, name: string): string[] | undefined {
    const raw = queryString(req, name);
    if (raw === undefined || raw.trim() === '') return undefined;
    return raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
}

/**
 * Writes one page of items as JSON with the `X-Apify-Pagination-*` headers. Datasets whose
 * fixture gives only counts have no items to serve: the page is empty, the total is the count.
 */
export function sendDatasetItems(req: Request, res: Response, dataset: DatasetState, statusCode = 200): void {
    const format = queryString(req, 'format') ?? 'json';
    if (format !== 'json') {
        throw apiErrors.invalidRequest(`The emulator serves dataset items as "json" only; got format "${format}".`);
    }
    const offset = queryInteger(req, 'offset', 0);
    // Dataset items have no maximum limit.
    const limit = queryInteger(req, 'limit', Number.MAX_SAFE_INTEGER);
    const desc = queryFlag(req, 'desc');
    const isClean = queryFlag(req, 'clean') || queryFlag(req, 'skipEmpty');
    const fields = commaList(req, 'fields');
    const omit = commaList(req, 'omit');

    let items: unknown[] = dataset.items ?? [];
    let total = dataset.items ? items.length : dataset.itemCount;
    if (isClean) {
        items = items.filter((item) => !isEmptyItem(item)).map(withoutHiddenFields);
        if (dataset.items) total = items.length;
    }
    if (desc) items = [...items].reverse();
    const page = items
        .slice(offset, offset + (limit === 0 ? Number.MAX_SAFE_INTEGER : limit))
        .map((item) => pickFields(item, fields, omit));

    res.status(statusCode);
    res.setHeader('X-Apify-Pagination-Offset', String(offset));
    res.setHeader(
        'X-Apify-Pagination-Limit',
        String(limit === Number.MAX_SAFE_INTEGER || limit === 0 ? Math.max(page.length, 1) : limit),
    );
    res.setHeader('X-Apify-Pagination-Count', String(page.length));
    res.setHeader('X-Apify-Pagination-Total', String(total));
    res.setHeader('X-Apify-Pagination-Desc', desc ? 'true' : 'false');
    res.json(page);
}

export const datasetRoutes: RouteDefinition[] = [
    {
        id: 'datasets-list',
        method: 'GET',
        path: '/',
        specPath: '/v2/datasets',
        handler({ req, res, principal, context: { state } }) {
            requirePermission(principal, 'datasets:read');
            const offset = queryInteger(req, 'offset', 0);
            const limit = queryListLimit(req);
            const desc = queryFlag(req, 'desc');
            const unnamed = queryFlag(req, 'unnamed');
            const page = state.listDatasets(offset, limit, desc, unnamed);
            res.json(
                listBody(
                    page.items.map((dataset) => toDatasetListItem(state, dataset)),
                    page.total,
                    offset,
                    limit,
                    desc,
                    { unnamed },
                ),
            );
        },
    },
    {
        id: 'datasets-create',
        method: 'POST',
        path: '/',
        specPath: '/v2/datasets',
        async handler({ req, res, principal, context: { state }, noteResourceIds }) {
            // Drain (and so validate the encoding of) any body; the dataset takes its name from the query.
            await readBody(req);
            const name = queryString(req, 'name') || undefined;
            if (name !== undefined) {
                if (!DATASET_NAME_PATTERN.test(name)) {
                    throw apiErrors.invalidRequest(
                        `The dataset name "${name}" is not valid. Use 1-63 characters a-z, A-Z, 0-9 and "-".`,
                    );
                }
                const existing = state.getDataset(`~${name}`);
                if (existing) {
                    requireDatasetAccess(state, principal, existing, 'read');
                    noteResourceIds({ datasetId: existing.id });
                    res.status(200).json({ data: toDatasetDetail(state, existing) });
                    return;
                }
            }
            // The "create" permission is not among the five groups a scoped token holds.
            if (!principal.canCreateStorages) throw apiErrors.insufficientPermissions();
            const run = principal.runId !== undefined ? state.getRun(principal.runId) : undefined;
            const dataset = state.createDataset({
                id: generateApifyId(),
                ...(name !== undefined ? { name } : {}),
                ...(run ? { actId: run.actId } : {}),
                itemCount: 0,
                createdByTokenId: principal.tokenId,
            });
            state.createdDuringSession.datasets.add(dataset.id);
            noteResourceIds({ datasetId: dataset.id });
            res.status(201).json({ data: toDatasetDetail(state, dataset) });
        },
    },
    {
        id: 'dataset-get',
        method: 'GET',
        path: '/:datasetId',
        specPath: '/v2/datasets/{datasetId}',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            const dataset = resolveDatasetParam(state, req);
            noteResourceIds({ datasetId: dataset.id });
            requireDatasetAccess(state, principal, dataset, 'read');
            res.json({ data: toDatasetDetail(state, dataset) });
        },
    },
    {
        id: 'dataset-items-get',
        method: 'GET',
        path: '/:datasetId/items',
        specPath: '/v2/datasets/{datasetId}/items',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            const dataset = resolveDatasetParam(state, req);
            noteResourceIds({ datasetId: dataset.id });
            requireDatasetAccess(state, principal, dataset, 'read');
            sendDatasetItems(req, res, dataset);
        },
    },
    {
        id: 'dataset-items-push',
        method: 'POST',
        path: '/:datasetId/items',
        specPath: '/v2/datasets/{datasetId}/items',
        rateLimitClass: 'runStartsAndPushes',
        async handler({ req, res, principal, context: { state, baseUrl }, noteResourceIds }) {
            const dataset = resolveDatasetParam(state, req);
            noteResourceIds({ datasetId: dataset.id });
            requireDatasetAccess(state, principal, dataset, 'write');
            const body = await readJsonBody(req);
            if (body === undefined || body === null || typeof body !== 'object') {
                throw apiErrors.invalidRequest('The request body must be a JSON object or an array of JSON objects.');
            }
            const items = Array.isArray(body) ? body : [body];
            if (items.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))) {
                throw apiErrors.invalidRequest('Each dataset item must be a JSON object.');
            }
            if (dataset.fieldsSchema) {
                // As on the platform: one invalid item rejects the whole push.
                const invalidItems = findInvalidItems(dataset.fieldsSchema, items);
                if (invalidItems.length > 0) throw apiErrors.schemaValidationError(invalidItems);
            }
            state.pushItems(dataset.id, items);
            res.status(201).location(`${baseUrl()}/v2/datasets/${dataset.id}/items`).json({});
        },
    },
    {
        id: 'dataset-statistics',
        method: 'GET',
        path: '/:datasetId/statistics',
        specPath: '/v2/datasets/{datasetId}/statistics',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            const dataset = resolveDatasetParam(state, req);
            noteResourceIds({ datasetId: dataset.id });
            requireDatasetAccess(state, principal, dataset, 'read');
            res.json({ data: { fieldStatistics: fieldStatisticsOf(dataset) } });
        },
    },
];

export function createDatasetsRouter(pipeline: RequestPipeline) {
    return buildRouter(datasetRoutes, pipeline);
}
