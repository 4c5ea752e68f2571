/**
 * `/v2/key-value-stores`: list, create-or-get by name, metadata, keys, records.
 * Record bodies keep their content type; `Content-Encoding` request bodies are decoded.
 * @see https://docs.apify.com/api/v2/key-value-store-record-put
 */
import type { Request } from 'express';
import type { EmulatorState, KeyValueStoreState, StoredRecord } from '../state/emulator-state.js';
import { requirePermission, requireStoreAccess } from '../server/access-control.js';
import { apiErrors } from '../server/api-error.js';
import { toKeyValueStore } from '../server/api-shapes.js';
import { contentTypeOf, MAX_PAYLOAD_BYTES, readBody } from '../server/request-body.js';
import {
    buildRouter,
    listBody,
    queryFlag,
    queryInteger,
    queryListLimit,
    queryString,
    type RequestPipeline,
    type RouteCall,
    type RouteDefinition,
} from '../server/route-table.js';

/** Keys: 1–256 characters of a–z A–Z 0–9 and !-_.'() (the API's rule). */
const RECORD_KEY_PATTERN = /^[a-zA-Z0-9!\-_.'()]{1,256}$/;
const STORE_NAME_PATTERN = /^[a-zA-Z0-9-]{1,63}$/;

function resolveStoreParam(state: EmulatorState, req: Request): KeyValueStoreState {
    const store = state.getKeyValueStore((req.params as Record<string, string>).storeId ?? '');
    if (!store) throw apiErrors.recordNotFound('Key-value store');
    return store;
}

function recordKeyParam(req: Request): string {
    const key = (req.params as Record<string, string>).recordKey ?? '';
    if (!RECORD_KEY_PATTERN.test(key)) {
        throw apiErrors.invalidRequest(
            `The record key "${key}" is not valid. Keys can be at most 256 characters long and contain only a-z, A-Z, 0-9 and !-_.'().`,
        );
    }
    return key;
}

/** The record a GET or HEAD asks for, after the store, key and read access are checked. */
function readRecord(
    state: EmulatorState,
    principal: RouteCall['principal'],
    req: Request,
    noteResourceIds: RouteCall['noteResourceIds'],
): StoredRecord {
    const store = resolveStoreParam(state, req);
    const key = recordKeyParam(req);
    noteResourceIds({ storeId: store.id, recordKey: key });
    requireStoreAccess(state, principal, store, 'read');
    const record = store.records.get(key);
    if (!record) throw apiErrors.recordNotFound('Record');
    return record;
}

export const keyValueStoreRoutes: RouteDefinition[] = [
    {
        id: 'kvs-list',
        method: 'GET',
        path: '/',
        specPath: '/v2/key-value-stores',
        handler({ req, res, principal, context: { state, baseUrl } }) {
            requirePermission(principal, 'kvs:read');
            const offset = queryInteger(req, 'offset', 0);
            const limit = queryListLimit(req);
            const desc = queryFlag(req, 'desc');
            const unnamed = queryFlag(req, 'unnamed');
            const page = state.listKeyValueStores(offset, limit, desc, unnamed);
            res.json(
                listBody(
                    page.items.map((store) => toKeyValueStore(state, store, baseUrl())),
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
        id: 'kvs-create',
        method: 'POST',
        path: '/',
        specPath: '/v2/key-value-stores',
        async handler({ req, res, principal, context: { state, baseUrl }, noteResourceIds }) {
            // Drain (and so validate the encoding of) any body; the store takes its name from the query.
            await readBody(req);
            const name = queryString(req, 'name') || undefined;
            if (name !== undefined) {
                if (!STORE_NAME_PATTERN.test(name)) {
                    throw apiErrors.invalidRequest(
                        `The store name "${name}" is not valid. Use 1-63 characters a-z, A-Z, 0-9 and "-".`,
                    );
                }
                const existing = state.getKeyValueStore(`~${name}`);
                if (existing) {
                    requireStoreAccess(state, principal, existing, 'read');
                    noteResourceIds({ storeId: existing.id });
                    res.status(200).json({ data: toKeyValueStore(state, existing, baseUrl()) });
                    return;
                }
            }
            // The "create" permission is not among the five groups a scoped token holds.
            if (!principal.canCreateStorages) throw apiErrors.insufficientPermissions();
            const run = principal.runId !== undefined ? state.getRun(principal.runId) : undefined;
            const store = state.createKeyValueStore({
                name,
                createdByTokenId: principal.tokenId,
                actRunId: undefined,
                actId: run?.actId,
            });
            state.createdDuringSession.keyValueStores.add(store.id);
            noteResourceIds({ storeId: store.id });
            res.status(201).json({ data: toKeyValueStore(state, store, baseUrl()) });
        },
    },
    {
        id: 'kvs-get',
        method: 'GET',
        path: '/:storeId',
        specPath: '/v2/key-value-stores/{storeId}',
        handler({ req, res, principal, context: { state, baseUrl }, noteResourceIds }) {
            const store = resolveStoreParam(state, req);
            noteResourceIds({ storeId: store.id });
            requireStoreAccess(state, principal, store, 'read');
            res.json({ data: toKeyValueStore(state, store, baseUrl()) });
        },
    },
    {
        id: 'kvs-keys',
        method: 'GET',
        path: '/:storeId/keys',
        specPath: '/v2/key-value-stores/{storeId}/keys',
        handler({ req, res, principal, context: { state, baseUrl }, noteResourceIds }) {
            const store = resolveStoreParam(state, req);
            noteResourceIds({ storeId: store.id });
            requireStoreAccess(state, principal, store, 'read');
            const limit = queryListLimit(req);
            const exclusiveStartKey = queryString(req, 'exclusiveStartKey') || undefined;
            const prefix = queryString(req, 'prefix') ?? '';
            const keys = [...store.records.keys()]
                .filter((key) => key.startsWith(prefix) && (exclusiveStartKey === undefined || key > exclusiveStartKey))
                .sort();
            const page = keys.slice(0, limit);
            const isTruncated = keys.length > page.length;
            res.json({
                data: {
                    items: page.map((key) => ({
                        key,
                        size: store.records.get(key)!.body.length,
                        recordPublicUrl: `${baseUrl()}/v2/key-value-stores/${store.id}/records/${encodeURIComponent(key)}`,
                    })),
                    count: page.length,
                    limit,
                    exclusiveStartKey: exclusiveStartKey ?? null,
                    isTruncated,
                    nextExclusiveStartKey: isTruncated ? page[page.length - 1]! : null,
                },
            });
        },
    },
    {
        id: 'kvs-record-head',
        method: 'HEAD',
        path: '/:storeId/records/:recordKey',
        specPath: '/v2/key-value-stores/{storeId}/records/{recordKey}',
        rateLimitClass: 'kvsRecords',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            const record = readRecord(state, principal, req, noteResourceIds);
            res.status(200).setHeader('Content-Type', record.contentType);
            res.setHeader('Content-Length', String(record.body.length));
            res.end();
        },
    },
    {
        id: 'kvs-record-get',
        method: 'GET',
        path: '/:storeId/records/:recordKey',
        specPath: '/v2/key-value-stores/{storeId}/records/{recordKey}',
        rateLimitClass: 'kvsRecords',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            const record = readRecord(state, principal, req, noteResourceIds);
            res.status(200).setHeader('Content-Type', record.contentType);
            res.end(record.body);
        },
    },
    {
        id: 'kvs-record-put',
        method: 'PUT',
        path: '/:storeId/records/:recordKey',
        specPath: '/v2/key-value-stores/{storeId}/records/{recordKey}',
        rateLimitClass: 'kvsRecords',
        async handler({ req, res, principal, context: { state, baseUrl }, noteResourceIds }) {
            const store = resolveStoreParam(state, req);
            const key = recordKeyParam(req);
            noteResourceIds({ storeId: store.id, recordKey: key });
            requireStoreAccess(state, principal, store, 'write');
            const body = await readBody(req, MAX_PAYLOAD_BYTES);
            store.records.set(key, { key, contentType: contentTypeOf(req, 'application/octet-stream'), body });
            store.modifiedAt = state.clock.now().toISOString();
            res.status(201)
                .location(`${baseUrl()}/v2/key-value-stores/${store.id}/records/${encodeURIComponent(key)}`)
                .json({});
        },
    },
    {
        id: 'kvs-record-delete',
        method: 'DELETE',
        path: '/:storeId/records/:recordKey',
        specPath: '/v2/key-value-stores/{storeId}/records/{recordKey}',
        rateLimitClass: 'kvsRecords',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            const store = resolveStoreParam(state, req);
            const key = recordKeyParam(req);
            noteResourceIds({ storeId: store.id, recordKey: key });
            requireStoreAccess(state, principal, store, 'write');
            // Deleting a missing record succeeds too, so SDK retries stay idempotent.
            store.records.delete(key);
            store.modifiedAt = state.clock.now().toISOString();
            res.status(204).end();
        },
    },
];

export function createKeyValueStoresRouter(pipeline: RequestPipeline) {
    return buildRouter(keyValueStoreRoutes, pipeline);
}
