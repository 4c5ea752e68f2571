/**
 * Route rows in the style of apify-client's own mock server: each operation is one row
 * `{ id, method, path, handler }`. `buildRouter` wires the rows into an express Router and
 * puts the cross-cutting steps in front of every handler — token check, rate limit, fault
 * injection — and answers a known path with a wrong method with the API's 405 body.
 */
import express, { type Request, type Response } from 'express';
import type { EmulatorState } from '../state/emulator-state.js';
import type { RunExecutor } from '../platform/run-executor-api.js';
import type { Principal, TokenRegistry } from './principal.js';
import type { AccessLogResourceIds } from './access-log.js';
import type { FaultInjector } from './fault-injection.js';
import type { RateLimitClass, RateLimiter } from './rate-limiter.js';
import { ApiError, apiErrors } from './api-error.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** Everything a handler may use. */
export interface EmulatorContext {
    state: EmulatorState;
    tokens: TokenRegistry;
    executor: RunExecutor;
    /** `http://127.0.0.1:<port>` once listening. */
    baseUrl(): string;
    /** run-sync endpoints give up after this long (the API: 300 s). */
    runSyncTimeoutSecs: number;
    /** Long-poll cap of `waitForFinish` (the API: 60 s). */
    waitForFinishMaxSecs: number;
}

export interface RouteCall {
    req: Request;
    res: Response;
    principal: Principal;
    context: EmulatorContext;
    /** Records resolved resource ids in the access log entry of this request. */
    noteResourceIds(ids: AccessLogResourceIds): void;
}

export interface RouteDefinition {
    /** Stable endpoint id used by the access log and fault specs, e.g. `runs-list`. */
    id: string;
    method: HttpMethod;
    /** express path relative to the router's mount point, e.g. `/:datasetId/items`. */
    path: string;
    rateLimitClass?: RateLimitClass;
    /** The OpenAPI path template, for the spec-validation table. */
    specPath: string;
    handler(call: RouteCall): Promise<void> | void;
}

export interface RequestPipeline {
    context: EmulatorContext;
    rateLimiter?: RateLimiter;
    faults: FaultInjector;
}

/** Per-request bookkeeping shared with the access log middleware. */
export interface RequestLocals {
    endpointId?: string;
    tokenId?: string;
    resourceIds: AccessLogResourceIds;
    fault?: string;
}

export function requestLocals(res: Response): RequestLocals {
    return res.locals as RequestLocals;
}

function readToken(req: Request): string | undefined {
    const header = req.headers.authorization;
    if (header) {
        const match = /^Bearer\s+(.+)$/i.exec(header.trim());
        if (match) return match[1]!.trim();
    }
    const queryToken = req.query.token;
    return typeof queryToken === 'string' && queryToken !== '' ? queryToken : undefined;
}

export function authenticate(req: Request, tokens: TokenRegistry): Principal {
    const token = readToken(req);
    if (token === undefined) throw apiErrors.tokenNotProvided();
    const principal = tokens.resolve(token);
    if (!principal) throw apiErrors.invalidToken();
    return principal;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends half of the body under a Content-Length for all of it, then drops the connection. */
function truncateResponse(res: Response): void {
    const originalWrite = res.write.bind(res);
    res.end = ((chunk?: unknown, encoding?: unknown) => {
        let body: Buffer;
        if (chunk === undefined || chunk === null || typeof chunk === 'function') body = Buffer.alloc(0);
        else if (Buffer.isBuffer(chunk)) body = chunk;
        else body = Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
        if (!res.headersSent) res.setHeader('Content-Length', String(body.length));
        originalWrite(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
        return res;
    }) as Response['end'];
}

function wrapHandler(route: RouteDefinition, pipeline: RequestPipeline) {
    return async (req: Request, res: Response) => {
        const locals = requestLocals(res);
        locals.endpointId = route.id;
        const principal = authenticate(req, pipeline.context.tokens);
        locals.tokenId = principal.tokenId;

        if (pipeline.rateLimiter) {
            const resourceKey = Object.values(req.params as Record<string, string>)[0] ?? route.id;
            if (
                !pipeline.rateLimiter.tryAcquire(
                    pipeline.context.state.user.id,
                    route.rateLimitClass ?? 'default',
                    `${route.id}:${resourceKey}`,
                )
            ) {
                throw apiErrors.rateLimitExceeded();
            }
        }

        const fault = pipeline.faults.draw(route.id);
        if (fault) {
            locals.fault = fault.kind;
            switch (fault.kind) {
                case '500':
                    throw apiErrors.internalServerError();
                case '502':
                    throw new ApiError(502, 'internal-server-error', 'Bad gateway');
                case '503':
                    throw new ApiError(503, 'internal-server-error', 'Service temporarily unavailable');
                case 'reset':
                    req.socket.destroy();
                    return;
                case 'slow':
                    await sleep(fault.delayMs);
                    break;
                case 'truncate':
                    truncateResponse(res);
                    break;
            }
        }

        await route.handler({
            req,
            res,
            principal,
            context: pipeline.context,
            noteResourceIds: (ids) => Object.assign(locals.resourceIds, ids),
        });
    };
}

export function buildRouter(routes: readonly RouteDefinition[], pipeline: RequestPipeline): express.Router {
    const router = express.Router({ mergeParams: true, caseSensitive: true, strict: false });
    const methodsByPath = new Map<string, HttpMethod[]>();
    for (const route of routes) {
        const handler = wrapHandler(route, pipeline);
        switch (route.method) {
            case 'GET':
                router.get(route.path, handler);
                break;
            case 'HEAD':
                router.head(route.path, handler);
                break;
            case 'POST':
                router.post(route.path, handler);
                break;
            case 'PUT':
                router.put(route.path, handler);
                break;
            case 'DELETE':
                router.delete(route.path, handler);
                break;
        }
        let methods = methodsByPath.get(route.path);
        if (!methods) methodsByPath.set(route.path, (methods = []));
        methods.push(route.method);
    }
    // After every row, so the right method always wins: anything else on a known path is 405.
    for (const [path, methods] of methodsByPath) {
        router.all(path, () => {
            throw apiErrors.methodNotAllowed(methods.filter((method) => method !== 'HEAD'));
        });
    }
    return router;
}

/** Parses the API's boolean query flags: `1`/`true` are true. */
export function queryFlag(req: Request, name: string): boolean {
    const value = req.query[name];
    return value === '1' || value === 'true';
}

export function queryString(req: Request, name: string): string | undefined {
    const value = req.query[name];
    return typeof value === 'string' ? value : undefined;
}

/** Non-negative integer query parameter; 400 `invalid-request` when malformed. */
export function queryInteger(
    req: Request,
    name: string,
    defaultValue: number,
    maxValue = Number.MAX_SAFE_INTEGER,
): number {
    const raw = queryString(req, name);
    if (raw === undefined || raw === '') return defaultValue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
        throw apiErrors.invalidRequest(`Parameter "${name}" must be a non-negative number, got "${raw}".`);
    }
    return Math.min(Math.floor(value), maxValue);
}

/** List `limit`: default and maximum 1000; 0 means "default" as apify-client assumes. */
export function queryListLimit(req: Request, maxValue = 1000): number {
    const limit = queryInteger(req, 'limit', maxValue, maxValue);
    return limit === 0 ? maxValue : limit;
}

export function queryDate(req: Request, name: string): string | undefined {
    const raw = queryString(req, name);
    if (raw === undefined || raw === '') return undefined;
    if (Number.isNaN(Date.parse(raw))) {
        throw apiErrors.invalidRequest(`Parameter "${name}" must be an ISO 8601 date-time, got "${raw}".`);
    }
    return new Date(raw).toISOString();
}

/** `{ data: { total, offset, limit, count, desc, items } }` */
export function listBody<T>(
    items: T[],
    total: number,
    offset: number,
    limit: number,
    desc: boolean,
    extra: Record<string, unknown> = {},
) {
    return { data: { total, offset, limit, count: items.length, desc, ...extra, items } };
}
