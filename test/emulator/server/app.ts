/**
 * The emulator's express app: access log and latency in front, one router per API resource
 * mounted at the real paths (Actor routes under both `/v2/actors` and the legacy `/v2/acts`),
 * the API's 404 for every other path and its error envelope for every failure.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { createActorBuildsRouter, createActorScopedBuildsRouter } from '../routes/actor-builds.js';
import { createActorRunsRouter, createActorScopedRunsRouter } from '../routes/actor-runs.js';
import { createActorsRouter } from '../routes/actors.js';
import { createDatasetsRouter } from '../routes/datasets.js';
import { createKeyValueStoresRouter } from '../routes/key-value-stores.js';
import { createRequestQueuesRouter } from '../routes/request-queues.js';
import { createUsersRouter } from '../routes/users.js';
import { RunExecutorError } from '../platform/run-executor-api.js';
import { type AccessLog, stripSecretsFromQuery } from './access-log.js';
import { ApiError, apiErrors } from './api-error.js';
import { createSeededRandom } from './seeded-random.js';
import { requestLocals, type RequestPipeline } from './route-table.js';

export interface LatencyConfig {
    /** Added to every response. */
    fixedMs: number;
    /** Plus a seeded uniform 0..jitterMs. */
    jitterMs: number;
}

export interface EmulatorAppOptions {
    pipeline: RequestPipeline;
    accessLog: AccessLog;
    latency: LatencyConfig;
    seed: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createEmulatorApp(options: EmulatorAppOptions): express.Express {
    const { pipeline, accessLog, latency } = options;
    const app = express();
    app.disable('x-powered-by');
    app.disable('etag');
    app.set('query parser', 'simple');
    const jitterRandom = createSeededRandom(options.seed);

    // Access log + latency, for every request including unknown routes and errors.
    app.use(async (req: Request, res: Response, next: NextFunction) => {
        const startedAtMillis = performance.now();
        const locals = requestLocals(res);
        locals.resourceIds = {};
        res.once('close', () => {
            const url = new URL(req.originalUrl, 'http://emulator.local');
            accessLog.record({
                receivedAt: new Date().toISOString(),
                method: req.method,
                path: url.pathname,
                query: stripSecretsFromQuery(url.searchParams),
                status: res.writableFinished || res.headersSent ? res.statusCode : 0,
                tokenId: locals.tokenId ?? null,
                latencyMs: Math.round((performance.now() - startedAtMillis) * 10) / 10,
                endpointId: locals.endpointId ?? null,
                resourceIds: locals.resourceIds,
                ...(locals.fault ? { fault: locals.fault } : {}),
                ...(req.headers['content-encoding']
                    ? { requestContentEncoding: String(req.headers['content-encoding']) }
                    : {}),
            });
        });
        const delayMs = latency.fixedMs + (latency.jitterMs > 0 ? jitterRandom() * latency.jitterMs : 0);
        if (delayMs > 0) await sleep(delayMs);
        next();
    });

    const actorsRouter = createActorsRouter(pipeline);
    const actorScopedRunsRouter = createActorScopedRunsRouter(pipeline);
    const actorScopedBuildsRouter = createActorScopedBuildsRouter(pipeline);
    // apify-client < 2.23.4 calls /v2/acts/...; the API serves both with the same handlers.
    for (const prefix of ['/v2/actors', '/v2/acts']) {
        app.use(prefix, actorScopedRunsRouter);
        app.use(prefix, actorScopedBuildsRouter);
        app.use(prefix, actorsRouter);
    }
    app.use('/v2/actor-runs', createActorRunsRouter(pipeline));
    app.use('/v2/actor-builds', createActorBuildsRouter(pipeline));
    app.use('/v2/datasets', createDatasetsRouter(pipeline));
    app.use('/v2/key-value-stores', createKeyValueStoresRouter(pipeline));
    app.use('/v2/request-queues', createRequestQueuesRouter(pipeline));
    app.use('/v2/users', createUsersRouter(pipeline));

    app.use(() => {
        throw apiErrors.pageNotFound();
    });

    // Express recognises error handlers by their four parameters.
    app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
        if (res.headersSent || req.socket.destroyed) {
            res.destroy();
            return;
        }
        const apiError = error instanceof ApiError ? error : toApiError(error);
        if (!(error instanceof ApiError) && !(error instanceof RunExecutorError) && apiError.statusCode >= 500) {
            // A bug in the emulator: say so loudly in the test output, answer like the API.
            console.error('[emulator] unexpected error:', error);
        }
        res.status(apiError.statusCode);
        for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
        res.json(apiError.toBody());
    });
    return app;
}

function toApiError(error: unknown): ApiError {
    if (error instanceof RunExecutorError) return new ApiError(error.statusCode, error.type, error.message);
    // body-parser style errors carry a status; anything else is our bug.
    const status = (error as { status?: number }).status;
    if (status === 400) return apiErrors.invalidRequest((error as Error).message);
    return apiErrors.internalServerError();
}
