/**
 * `/v2/request-queues`: list, create-or-get by name, metadata, requests (single and batch),
 * head, and the v2 locking endpoints — everything crawlee's RequestQueue (v2) calls through
 * apify-client. Semantics live in state/request-queue-state.ts.
 * @see https://docs.apify.com/api/v2/request-queue-head-lock-post
 */
import type { Request } from 'express';
import { z } from 'zod';
import type { EmulatorState, RequestQueueState } from '../state/emulator-state.js';
import type { QueueCaller } from '../state/request-queue-state.js';
import { requireQueueAccess } from '../server/access-control.js';
import { ApiError, apiErrors } from '../server/api-error.js';
import { toQueueHeadItem, toQueueRequest, toRequestQueue } from '../server/api-shapes.js';
import type { Principal } from '../server/principal.js';
import { readBody, readJsonBody } from '../server/request-body.js';
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

const QUEUE_NAME_PATTERN = /^[a-zA-Z0-9-]{1,63}$/;
/** @apify/consts REQUEST_QUEUE_MAX_REQUESTS_PER_BATCH_OPERATION */
const MAX_REQUESTS_PER_BATCH = 25;
/** @apify/consts REQUEST_QUEUE_HEAD_MAX_LIMIT */
const HEAD_MAX_LIMIT = 1000;
const HEAD_DEFAULT_LIMIT = 100;
/** The spec's maximum for `head/lock`. */
const HEAD_LOCK_MAX_LIMIT = 25;
const HEAD_LOCK_DEFAULT_LIMIT = 25;
const LIST_MAX_LIMIT = 10_000;
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;

/** A request as clients send it; unknown fields (userData, headers, crawlee's own) are kept. */
const requestBodySchema = z.looseObject({
    uniqueKey: z.string().min(1).optional(),
    url: z.string().min(1),
    method: z.enum(HTTP_METHODS).optional(),
    retryCount: z.number().int().nonnegative().optional(),
    handledAt: z
        .string()
        .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date-time')
        .nullable()
        .optional(),
});
type RequestBody = z.infer<typeof requestBodySchema>;

const deleteDraftSchema = z.union([
    z.looseObject({ id: z.string().min(1), uniqueKey: z.string().optional() }),
    z.looseObject({ uniqueKey: z.string().min(1), id: z.string().optional() }),
]);

const queueUpdateSchema = z.looseObject({
    name: z.string().nullable().optional(),
});

function describeIssues(error: z.ZodError): string {
    return error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
}

function parseRequestBody(raw: unknown, where: string): RequestBody {
    const parsed = requestBodySchema.safeParse(raw);
    if (!parsed.success)
        throw apiErrors.invalidRequest(`${where} is not a valid request: ${describeIssues(parsed.error)}`);
    return parsed.data;
}

function resolveQueueParam(state: EmulatorState, req: Request): RequestQueueState {
    const queue = state.getRequestQueue((req.params as Record<string, string>).queueId ?? '');
    if (!queue) throw apiErrors.recordNotFound('Request queue');
    return queue;
}

function callerOf(req: Request, principal: Principal): QueueCaller {
    const clientKey = queryString(req, 'clientKey') || undefined;
    if (clientKey !== undefined && clientKey.length > 32) {
        throw apiErrors.invalidRequest('Parameter "clientKey" must be a string between 1 and 32 characters long.');
    }
    return { clientKey, runId: principal.runId };
}

function requiredLockSecs(req: Request): number {
    const raw = queryString(req, 'lockSecs');
    const value = raw === undefined || raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
        throw apiErrors.invalidRequest(
            `Parameter "lockSecs" is required and must be a positive number of seconds, got "${raw ?? ''}".`,
        );
    }
    return value;
}

function requestIdParam(req: Request): string {
    return (req.params as Record<string, string>).requestId ?? '';
}

function lockRefusal(outcome: { kind: string }): never {
    switch (outcome.kind) {
        case 'not-found':
            throw apiErrors.recordNotFound('Request');
        case 'already-handled':
            throw apiErrors.invalidRequest('The request was already handled; handled requests cannot be locked.');
        default:
            throw new ApiError(
                403,
                'insufficient-permissions',
                'You do not have permission to perform this action. The request is locked by another client (a different clientKey or Actor run).',
            );
    }
}

/** Writes `{ data }` for one queue with the caller counted as an accessing client. */
function queueOperation(
    call: Parameters<RouteDefinition['handler']>[0],
    access: 'read' | 'write',
): { queue: RequestQueueState; caller: QueueCaller } {
    const {
        req,
        principal,
        context: { state },
        noteResourceIds,
    } = call;
    const queue = resolveQueueParam(state, req);
    noteResourceIds({ queueId: queue.id });
    requireQueueAccess(state, principal, queue, access);
    const caller = callerOf(req, principal);
    queue.noteAccess(caller);
    return { queue, caller };
}

export const requestQueueRoutes: RouteDefinition[] = [
    {
        id: 'rq-list',
        method: 'GET',
        path: '/',
        specPath: '/v2/request-queues',
        handler({ req, res, principal, context: { state } }) {
            // No request-queue group among the five: scoped tokens cannot list the account's queues.
            if (principal.kind !== 'full') throw apiErrors.insufficientPermissions();
            const offset = queryInteger(req, 'offset', 0);
            const limit = queryListLimit(req);
            const desc = queryFlag(req, 'desc');
            const unnamed = queryFlag(req, 'unnamed');
            const page = state.listRequestQueues(offset, limit, desc, unnamed);
            res.json(
                listBody(
                    page.items.map((queue) => toRequestQueue(state, queue)),
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
        id: 'rq-create',
        method: 'POST',
        path: '/',
        specPath: '/v2/request-queues',
        async handler({ req, res, principal, context: { state }, noteResourceIds }) {
            await readBody(req);
            const name = queryString(req, 'name') || undefined;
            if (name !== undefined) {
                if (!QUEUE_NAME_PATTERN.test(name)) {
                    throw apiErrors.invalidRequest(
                        `The request queue name "${name}" is not valid. Use 1-63 characters a-z, A-Z, 0-9 and "-".`,
                    );
                }
                const existing = state.getRequestQueue(`~${name}`);
                if (existing) {
                    requireQueueAccess(state, principal, existing, 'read');
                    noteResourceIds({ queueId: existing.id });
                    res.status(200).json({ data: toRequestQueue(state, existing) });
                    return;
                }
            }
            // The "create" permission is not among the five groups a scoped token holds.
            if (!principal.canCreateStorages) throw apiErrors.insufficientPermissions();
            const run = principal.runId !== undefined ? state.getRun(principal.runId) : undefined;
            const queue = state.createRequestQueue({
                ...(name !== undefined ? { name } : {}),
                ...(run ? { actId: run.actId } : {}),
                createdByTokenId: principal.tokenId,
            });
            state.createdDuringSession.requestQueues.add(queue.id);
            noteResourceIds({ queueId: queue.id });
            res.status(201).json({ data: toRequestQueue(state, queue) });
        },
    },
    {
        id: 'rq-get',
        method: 'GET',
        path: '/:queueId',
        specPath: '/v2/request-queues/{queueId}',
        handler(call) {
            const { queue } = queueOperation(call, 'read');
            call.res.json({ data: toRequestQueue(call.context.state, queue) });
        },
    },
    {
        id: 'rq-update',
        method: 'PUT',
        path: '/:queueId',
        specPath: '/v2/request-queues/{queueId}',
        async handler(call) {
            const { queue } = queueOperation(call, 'write');
            const parsed = queueUpdateSchema.safeParse((await readJsonBody(call.req)) ?? {});
            if (!parsed.success)
                throw apiErrors.invalidRequest(
                    `The request queue update is not valid: ${describeIssues(parsed.error)}`,
                );
            if (parsed.data.name !== undefined) {
                const name = parsed.data.name === null || parsed.data.name === '' ? undefined : parsed.data.name;
                if (name !== undefined && !QUEUE_NAME_PATTERN.test(name)) {
                    throw apiErrors.invalidRequest(
                        `The request queue name "${name}" is not valid. Use 1-63 characters a-z, A-Z, 0-9 and "-".`,
                    );
                }
                const holder = name !== undefined ? call.context.state.getRequestQueue(`~${name}`) : undefined;
                if (holder && holder.id !== queue.id) {
                    throw apiErrors.invalidRequest(
                        `A request queue named "${name}" already exists; names are unique per account.`,
                    );
                }
                call.context.state.renameRequestQueue(queue.id, name);
            }
            call.res.json({ data: toRequestQueue(call.context.state, queue) });
        },
    },
    {
        id: 'rq-delete',
        method: 'DELETE',
        path: '/:queueId',
        specPath: '/v2/request-queues/{queueId}',
        handler(call) {
            const { queue } = queueOperation(call, 'write');
            call.context.state.deleteRequestQueue(queue.id);
            call.res.status(204).end();
        },
    },
    {
        id: 'rq-requests-add',
        method: 'POST',
        path: '/:queueId/requests',
        specPath: '/v2/request-queues/{queueId}/requests',
        // The API's 400/s class: "CRUD operations on request queue requests".
        rateLimitClass: 'runStartsAndPushes',
        async handler(call) {
            const { queue } = queueOperation(call, 'write');
            const raw = await readJsonBody(call.req);
            if (raw !== null && typeof raw === 'object' && 'id' in raw && (raw as { id?: unknown }).id !== undefined) {
                throw apiErrors.invalidRequest(
                    'A new request must not have an "id"; the queue derives it from "uniqueKey".',
                );
            }
            const body = parseRequestBody(raw, 'The request body');
            const registration = queue.addRequest(body, body.uniqueKey ?? body.url, queryFlag(call.req, 'forefront'));
            call.noteResourceIds({ requestId: registration.requestId });
            call.res.status(201).json({
                data: {
                    requestId: registration.requestId,
                    wasAlreadyPresent: registration.wasAlreadyPresent,
                    wasAlreadyHandled: registration.wasAlreadyHandled,
                },
            });
        },
    },
    {
        id: 'rq-requests-list',
        method: 'GET',
        path: '/:queueId/requests',
        specPath: '/v2/request-queues/{queueId}/requests',
        handler(call) {
            const { queue } = queueOperation(call, 'read');
            const { req } = call;
            const limit = queryInteger(req, 'limit', LIST_MAX_LIMIT, LIST_MAX_LIMIT) || LIST_MAX_LIMIT;
            const cursor = queryString(req, 'cursor') || undefined;
            let exclusiveStartId = queryString(req, 'exclusiveStartId') || undefined;
            if (cursor !== undefined && exclusiveStartId !== undefined) {
                throw apiErrors.invalidRequest('Parameters "cursor" and "exclusiveStartId" cannot be used together.');
            }
            if (cursor !== undefined) {
                const decoded = z
                    .object({ requestId: z.string() })
                    .safeParse(safeJson(Buffer.from(cursor, 'base64url').toString('utf8')));
                if (!decoded.success)
                    throw apiErrors.invalidRequest(
                        `Parameter "cursor" is not a cursor this API returned: "${cursor}".`,
                    );
                exclusiveStartId = decoded.data.requestId;
            }
            const rawFilter = queryString(req, 'filter');
            let filter: Set<'locked' | 'pending'> | undefined;
            if (rawFilter !== undefined && rawFilter !== '') {
                const parts = rawFilter.split(',').map((part) => part.trim());
                const invalid = parts.filter((part) => part !== 'locked' && part !== 'pending');
                if (invalid.length > 0)
                    throw apiErrors.invalidRequest(
                        `Parameter "filter" accepts "locked" and "pending", got "${invalid.join(',')}".`,
                    );
                filter = new Set(parts as Array<'locked' | 'pending'>);
            }
            const items = queue.listRequests({
                limit,
                ...(exclusiveStartId !== undefined ? { exclusiveStartId } : {}),
                ...(filter ? { filter } : {}),
            });
            const last = items.at(-1);
            call.res.json({
                data: {
                    items: items.map(toQueueRequest),
                    limit,
                    ...(queryString(req, 'exclusiveStartId')
                        ? { exclusiveStartId: queryString(req, 'exclusiveStartId') }
                        : {}),
                    ...(cursor !== undefined ? { cursor } : {}),
                    ...(items.length === limit && last
                        ? { nextCursor: Buffer.from(JSON.stringify({ requestId: last.id })).toString('base64url') }
                        : {}),
                },
            });
        },
    },
    {
        id: 'rq-requests-batch-add',
        method: 'POST',
        path: '/:queueId/requests/batch',
        specPath: '/v2/request-queues/{queueId}/requests/batch',
        rateLimitClass: 'runStartsAndPushes',
        async handler(call) {
            const { queue } = queueOperation(call, 'write');
            const raw = await readJsonBody(call.req);
            if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_REQUESTS_PER_BATCH) {
                throw apiErrors.invalidRequest(
                    `The request body must be an array of 1 to ${MAX_REQUESTS_PER_BATCH} requests.`,
                );
            }
            const bodies = raw.map((item, index) => parseRequestBody(item, `Request ${index}`));
            const forefront = queryFlag(call.req, 'forefront');
            const processedRequests = bodies.map((body) =>
                queue.addRequest(body, body.uniqueKey ?? body.url, forefront),
            );
            call.res.status(201).json({ data: { processedRequests, unprocessedRequests: [] } });
        },
    },
    {
        id: 'rq-requests-batch-delete',
        method: 'DELETE',
        path: '/:queueId/requests/batch',
        specPath: '/v2/request-queues/{queueId}/requests/batch',
        rateLimitClass: 'runStartsAndPushes',
        async handler(call) {
            const { queue } = queueOperation(call, 'write');
            const raw = await readJsonBody(call.req);
            if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_REQUESTS_PER_BATCH) {
                throw apiErrors.invalidRequest(
                    `The request body must be an array of 1 to ${MAX_REQUESTS_PER_BATCH} requests (each with "id" or "uniqueKey").`,
                );
            }
            const processedRequests: Array<{ id: string; uniqueKey: string }> = [];
            for (const [index, item] of raw.entries()) {
                const parsed = deleteDraftSchema.safeParse(item);
                if (!parsed.success)
                    throw apiErrors.invalidRequest(
                        `Request ${index} needs an "id" or a "uniqueKey": ${describeIssues(parsed.error)}`,
                    );
                const record =
                    parsed.data.id !== undefined
                        ? queue.getRequest(parsed.data.id)
                        : queue.getByUniqueKey(parsed.data.uniqueKey ?? '');
                if (record) queue.deleteRequest(record.id);
                // Deleting a request that is not there succeeds too (idempotent retries).
                processedRequests.push({
                    id: record?.id ?? parsed.data.id ?? '',
                    uniqueKey: record?.uniqueKey ?? parsed.data.uniqueKey ?? '',
                });
            }
            call.res.status(200).json({ data: { processedRequests, unprocessedRequests: [] } });
        },
    },
    {
        id: 'rq-requests-unlock',
        method: 'POST',
        path: '/:queueId/requests/unlock',
        specPath: '/v2/request-queues/{queueId}/requests/unlock',
        handler(call) {
            const { queue, caller } = queueOperation(call, 'write');
            call.res.json({ data: { unlockedCount: queue.unlockAll(caller) } });
        },
    },
    {
        id: 'rq-request-get',
        method: 'GET',
        path: '/:queueId/requests/:requestId',
        specPath: '/v2/request-queues/{queueId}/requests/{requestId}',
        rateLimitClass: 'runStartsAndPushes',
        handler(call) {
            const { queue } = queueOperation(call, 'read');
            const requestId = requestIdParam(call.req);
            call.noteResourceIds({ requestId });
            const record = queue.getRequest(requestId);
            if (!record) throw apiErrors.recordNotFound('Request');
            call.res.json({ data: toQueueRequest(record) });
        },
    },
    {
        id: 'rq-request-update',
        method: 'PUT',
        path: '/:queueId/requests/:requestId',
        specPath: '/v2/request-queues/{queueId}/requests/{requestId}',
        rateLimitClass: 'runStartsAndPushes',
        async handler(call) {
            const { queue } = queueOperation(call, 'write');
            const requestId = requestIdParam(call.req);
            call.noteResourceIds({ requestId });
            const raw = await readJsonBody(call.req);
            const bodyId = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
            if (bodyId !== undefined && bodyId !== requestId) {
                throw apiErrors.invalidRequest(
                    `The request "id" in the body ("${String(bodyId)}") does not match the URL ("${requestId}").`,
                );
            }
            const body = parseRequestBody(raw, 'The request body');
            const existing = queue.getRequest(requestId);
            if (!existing) throw apiErrors.recordNotFound('Request');
            if (body.uniqueKey !== undefined && body.uniqueKey !== existing.uniqueKey) {
                throw apiErrors.invalidRequest('The "uniqueKey" of a stored request cannot be changed.');
            }
            const registration = queue.updateRequest(requestId, body, queryFlag(call.req, 'forefront'))!;
            call.res.json({
                data: {
                    requestId: registration.requestId,
                    wasAlreadyPresent: registration.wasAlreadyPresent,
                    wasAlreadyHandled: registration.wasAlreadyHandled,
                },
            });
        },
    },
    {
        id: 'rq-request-delete',
        method: 'DELETE',
        path: '/:queueId/requests/:requestId',
        specPath: '/v2/request-queues/{queueId}/requests/{requestId}',
        rateLimitClass: 'runStartsAndPushes',
        handler(call) {
            const { queue } = queueOperation(call, 'write');
            const requestId = requestIdParam(call.req);
            call.noteResourceIds({ requestId });
            queue.deleteRequest(requestId);
            call.res.status(204).end();
        },
    },
    {
        id: 'rq-head',
        method: 'GET',
        path: '/:queueId/head',
        specPath: '/v2/request-queues/{queueId}/head',
        handler(call) {
            const { queue } = queueOperation(call, 'read');
            const limit = queryInteger(call.req, 'limit', HEAD_DEFAULT_LIMIT, HEAD_MAX_LIMIT) || HEAD_DEFAULT_LIMIT;
            call.res.json({
                data: {
                    limit,
                    queueModifiedAt: queue.modifiedAt,
                    hadMultipleClients: queue.hadMultipleClients,
                    items: queue.head(limit).map((record) => toQueueHeadItem(record)),
                },
            });
        },
    },
    {
        id: 'rq-head-lock',
        method: 'POST',
        path: '/:queueId/head/lock',
        specPath: '/v2/request-queues/{queueId}/head/lock',
        handler(call) {
            const { queue, caller } = queueOperation(call, 'write');
            const lockSecs = requiredLockSecs(call.req);
            const rawLimit = queryInteger(call.req, 'limit', HEAD_LOCK_DEFAULT_LIMIT);
            if (rawLimit > HEAD_LOCK_MAX_LIMIT) {
                throw apiErrors.invalidRequest(
                    `Parameter "limit" must be at most ${HEAD_LOCK_MAX_LIMIT} for head/lock, got ${rawLimit}.`,
                );
            }
            const limit = rawLimit || HEAD_LOCK_DEFAULT_LIMIT;
            const locked = queue.lockHead(limit, lockSecs, caller);
            call.res.status(201).json({
                data: {
                    limit,
                    queueModifiedAt: queue.modifiedAt,
                    hadMultipleClients: queue.hadMultipleClients,
                    queueHasLockedRequests: queue.hasLockedRequests(),
                    ...(caller.clientKey !== undefined ? { clientKey: caller.clientKey } : {}),
                    lockSecs,
                    items: locked.items.map((record) => toQueueHeadItem(record, locked.lockExpiresAtMillis)),
                },
            });
        },
    },
    {
        id: 'rq-request-lock-prolong',
        method: 'PUT',
        path: '/:queueId/requests/:requestId/lock',
        specPath: '/v2/request-queues/{queueId}/requests/{requestId}/lock',
        handler(call) {
            const { queue, caller } = queueOperation(call, 'write');
            const requestId = requestIdParam(call.req);
            call.noteResourceIds({ requestId });
            const outcome = queue.prolongLock(
                requestId,
                requiredLockSecs(call.req),
                caller,
                queryFlag(call.req, 'forefront'),
            );
            if (outcome.kind !== 'ok') lockRefusal(outcome);
            call.res.json({ data: { lockExpiresAt: new Date(outcome.lockExpiresAtMillis).toISOString() } });
        },
    },
    {
        id: 'rq-request-lock-delete',
        method: 'DELETE',
        path: '/:queueId/requests/:requestId/lock',
        specPath: '/v2/request-queues/{queueId}/requests/{requestId}/lock',
        handler(call) {
            const { queue, caller } = queueOperation(call, 'write');
            const requestId = requestIdParam(call.req);
            call.noteResourceIds({ requestId });
            const outcome = queue.deleteLock(requestId, caller, queryFlag(call.req, 'forefront'));
            if (outcome.kind !== 'ok') lockRefusal(outcome);
            call.res.status(204).end();
        },
    },
];

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

export function createRequestQueuesRouter(pipeline: RequestPipeline) {
    return buildRouter(requestQueueRoutes, pipeline);
}
