/**
 * Actor runs: the account-wide collection `/v2/actor-runs` and single runs, plus the
 * Actor-scoped run endpoints (`/v2/actors/{id}/runs`, `…/runs/last`,
 * `…/run-sync-get-dataset-items`) which are mounted under `/v2/actors` and `/v2/acts`.
 * Starting, waiting for, aborting runs and their logs go through the RunExecutor.
 * @see https://docs.apify.com/api/v2/actor-runs-get
 */
import type { Request } from 'express';
import { z } from 'zod';
import { RUN_STATUSES, type RunFixture } from '../state/fixture-schema.js';
import type { EmulatorState } from '../state/emulator-state.js';
import { requirePermission, requireRunRead, requireRunWrite } from '../server/access-control.js';
import { ApiError, apiErrors } from '../server/api-error.js';
import { isTerminalStatus, toRunDetail, toRunListItem } from '../server/api-shapes.js';
import { contentTypeOf, parseJsonBody, readBody, readJsonBody } from '../server/request-body.js';
import {
    buildRouter,
    listBody,
    queryDate,
    queryFlag,
    queryInteger,
    queryListLimit,
    queryString,
    type EmulatorContext,
    type RequestPipeline,
    type RouteCall,
    type RouteDefinition,
} from '../server/route-table.js';
import { resolveActorParam } from './actors.js';
import { sendDatasetItems } from './datasets.js';

const MIN_MEMORY_MBYTES = 128;
const MAX_MEMORY_MBYTES = 32_768;

function resolveRunParam(state: EmulatorState, req: Request): RunFixture {
    const run = state.getRun((req.params as Record<string, string>).runId ?? '');
    if (!run) throw apiErrors.recordNotFound('Actor run');
    return run;
}

function parseStatuses(req: Request): string[] | undefined {
    const raw = queryString(req, 'status');
    if (raw === undefined || raw === '') return undefined;
    const statuses = raw
        .split(',')
        .map((status) => status.trim())
        .filter((status) => status !== '');
    for (const status of statuses) {
        if (!(RUN_STATUSES as readonly string[]).includes(status)) {
            throw apiErrors.invalidRequest(
                `Parameter "status" contains an unknown status "${status}". Allowed: ${RUN_STATUSES.join(', ')}.`,
            );
        }
    }
    return statuses;
}

function listRuns(call: RouteCall, actId: string | undefined): void {
    const {
        req,
        res,
        context: { state },
    } = call;
    const offset = queryInteger(req, 'offset', 0);
    const limit = queryListLimit(req);
    const desc = queryFlag(req, 'desc');
    const page = state.listRuns({
        actId,
        statuses: parseStatuses(req),
        startedAfter: queryDate(req, 'startedAfter'),
        startedBefore: queryDate(req, 'startedBefore'),
        desc,
        offset,
        limit,
    });
    res.json(
        listBody(
            page.items.map((run) => toRunListItem(state, run)),
            page.total,
            offset,
            limit,
            desc,
        ),
    );
}

/** `waitForFinish` in seconds, capped at the API's 60 s. */
function waitForFinishMillis(req: Request, context: EmulatorContext): number {
    return Math.min(queryInteger(req, 'waitForFinish', 0), context.waitForFinishMaxSecs) * 1000;
}

async function runAfterWaiting(context: EmulatorContext, run: RunFixture, waitMillis: number): Promise<RunFixture> {
    if (waitMillis <= 0 || isTerminalStatus(run.status)) return run;
    return context.executor.waitForFinish(run.id, waitMillis);
}

function parseMemory(req: Request): number | undefined {
    const raw = queryString(req, 'memory');
    if (raw === undefined || raw === '') return undefined;
    const memoryMbytes = Number(raw);
    const isPowerOfTwo =
        Number.isInteger(memoryMbytes) && memoryMbytes > 0 && (memoryMbytes & (memoryMbytes - 1)) === 0;
    if (!isPowerOfTwo || memoryMbytes < MIN_MEMORY_MBYTES || memoryMbytes > MAX_MEMORY_MBYTES) {
        throw apiErrors.invalidRequest(
            `Parameter "memory" must be a power of 2 between ${MIN_MEMORY_MBYTES} and ${MAX_MEMORY_MBYTES} megabytes, got "${raw}".`,
        );
    }
    return memoryMbytes;
}

/** Starts a run from a POST body (stored as the run's INPUT with its content type). */
async function startRun(call: RouteCall): Promise<RunFixture> {
    const { req, principal, context, noteResourceIds } = call;
    requirePermission(principal, 'actors:run');
    const actor = resolveActorParam(context.state, req);
    noteResourceIds({ actorId: actor.id });
    const body = await readBody(req);
    const contentType = contentTypeOf(req, 'application/json; charset=utf-8');
    // The API rejects malformed JSON input before creating the run.
    if (body.length > 0 && contentType.startsWith('application/json')) parseJsonBody(body);
    const timeoutRaw = queryString(req, 'timeout');
    const run = context.executor.start(actor, {
        input: body.length > 0 ? { body, contentType } : undefined,
        memoryMbytes: parseMemory(req),
        timeoutSecs: timeoutRaw !== undefined && timeoutRaw !== '' ? queryInteger(req, 'timeout', 0) : undefined,
        build: queryString(req, 'build') || undefined,
        origin: 'API',
        principal,
    });
    noteResourceIds({ runId: run.id, datasetId: run.defaultDatasetId, storeId: run.defaultKeyValueStoreId });
    return run;
}

/** The run's log when the executor has none (fixture history): a few plausible lines. */
function synthesizedLog(run: RunFixture): string {
    const lines = [
        `${run.startedAt} ACTOR: Pulling container image of build ${run.buildNumber} from registry.`,
        `${run.startedAt} ACTOR: Creating container.`,
        `${run.startedAt} ACTOR: Starting the Actor run (memory ${run.memoryMbytes} MB).`,
    ];
    if (run.statusMessage) lines.push(`${run.finishedAt ?? run.startedAt} ${run.statusMessage}`);
    if (run.finishedAt) lines.push(`${run.finishedAt} ACTOR: Run finished with status ${run.status}.`);
    return `${lines.join('\n')}\n`;
}

const runUpdateSchema = z.object({
    statusMessage: z.string().max(1000).nullable().optional(),
    isStatusMessageTerminal: z.boolean().optional(),
    generalAccess: z.string().optional(),
});

export const actorRunRoutes: RouteDefinition[] = [
    {
        id: 'runs-list',
        method: 'GET',
        path: '/',
        specPath: '/v2/actor-runs',
        handler(call) {
            requirePermission(call.principal, 'runs:read');
            listRuns(call, undefined);
        },
    },
    {
        id: 'run-get',
        method: 'GET',
        path: '/:runId',
        specPath: '/v2/actor-runs/{runId}',
        async handler({ req, res, principal, context, noteResourceIds }) {
            const run = resolveRunParam(context.state, req);
            noteResourceIds({ runId: run.id, actorId: run.actId });
            requireRunRead(principal, run.id);
            const current = await runAfterWaiting(context, run, waitForFinishMillis(req, context));
            res.json({
                data: toRunDetail(
                    context.state,
                    current,
                    context.baseUrl(),
                    context.executor.getRunCounters(current.id),
                ),
            });
        },
    },
    {
        id: 'run-update',
        method: 'PUT',
        path: '/:runId',
        specPath: '/v2/actor-runs/{runId}',
        async handler({ req, res, principal, context, noteResourceIds }) {
            const run = resolveRunParam(context.state, req);
            noteResourceIds({ runId: run.id, actorId: run.actId });
            requireRunWrite(principal, run.id);
            const parsed = runUpdateSchema.safeParse((await readJsonBody(req)) ?? {});
            if (!parsed.success) {
                throw apiErrors.invalidRequest(
                    `Invalid run update: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')}`,
                );
            }
            const updated =
                parsed.data.statusMessage !== undefined
                    ? context.state.updateRun(run.id, { statusMessage: parsed.data.statusMessage })
                    : run;
            res.json({
                data: toRunDetail(
                    context.state,
                    updated,
                    context.baseUrl(),
                    context.executor.getRunCounters(updated.id),
                ),
            });
        },
    },
    {
        id: 'run-abort',
        method: 'POST',
        path: '/:runId/abort',
        specPath: '/v2/actor-runs/{runId}/abort',
        async handler({ req, res, principal, context, noteResourceIds }) {
            const run = resolveRunParam(context.state, req);
            noteResourceIds({ runId: run.id, actorId: run.actId });
            requireRunWrite(principal, run.id);
            const aborted = isTerminalStatus(run.status)
                ? run
                : await context.executor.abort(run.id, queryFlag(req, 'gracefully'));
            res.json({
                data: toRunDetail(
                    context.state,
                    aborted,
                    context.baseUrl(),
                    context.executor.getRunCounters(aborted.id),
                ),
            });
        },
    },
    {
        id: 'run-reboot',
        method: 'POST',
        path: '/:runId/reboot',
        specPath: '/v2/actor-runs/{runId}/reboot',
        handler({ req, res, principal, context, noteResourceIds }) {
            const run = resolveRunParam(context.state, req);
            noteResourceIds({ runId: run.id, actorId: run.actId });
            requireRunWrite(principal, run.id);
            // The SDK (≥ 3.7) reboots its own run on `migrating`; the executor restarts the process.
            const rebooted = context.executor.reboot(run.id);
            res.json({
                data: toRunDetail(context.state, rebooted, context.baseUrl(), context.executor.getRunCounters(run.id)),
            });
        },
    },
    {
        id: 'run-log',
        method: 'GET',
        path: '/:runId/log',
        specPath: '/v2/actor-runs/{runId}/log',
        handler({ req, res, principal, context, noteResourceIds }) {
            const run = resolveRunParam(context.state, req);
            noteResourceIds({ runId: run.id, actorId: run.actId });
            requireRunRead(principal, run.id);
            const log = context.executor.getLog(run.id) ?? synthesizedLog(run);
            res.type('text/plain; charset=utf-8').send(log);
        },
    },
];

export const actorScopedRunRoutes: RouteDefinition[] = [
    {
        id: 'actor-runs-list',
        method: 'GET',
        path: '/:actorId/runs',
        specPath: '/v2/actors/{actorId}/runs',
        handler(call) {
            requirePermission(call.principal, 'runs:read');
            const actor = resolveActorParam(call.context.state, call.req);
            call.noteResourceIds({ actorId: actor.id });
            listRuns(call, actor.id);
        },
    },
    {
        id: 'actor-runs-start',
        method: 'POST',
        path: '/:actorId/runs',
        specPath: '/v2/actors/{actorId}/runs',
        rateLimitClass: 'runStartsAndPushes',
        async handler(call) {
            const { req, res, context } = call;
            const started = await startRun(call);
            const run = await runAfterWaiting(context, started, waitForFinishMillis(req, context));
            res.status(201)
                .location(`${context.baseUrl()}/v2/actor-runs/${run.id}`)
                .json({
                    data: toRunDetail(context.state, run, context.baseUrl(), context.executor.getRunCounters(run.id)),
                });
        },
    },
    {
        id: 'actor-run-sync-get-dataset-items',
        method: 'POST',
        path: '/:actorId/run-sync-get-dataset-items',
        specPath: '/v2/actors/{actorId}/run-sync-get-dataset-items',
        rateLimitClass: 'runStartsAndPushes',
        async handler(call) {
            const { req, res, context } = call;
            const started = await startRun(call);
            const run = await runAfterWaiting(context, started, context.runSyncTimeoutSecs * 1000);
            if (!isTerminalStatus(run.status)) throw apiErrors.runTimeoutExceeded(context.runSyncTimeoutSecs);
            if (run.status !== 'SUCCEEDED') {
                throw new ApiError(
                    400,
                    'run-failed',
                    `Actor run did not succeed (run ID: ${run.id}, status: ${run.status}).`,
                );
            }
            const dataset = context.state.getDataset(run.defaultDatasetId);
            if (!dataset) throw apiErrors.recordNotFound('Dataset');
            sendDatasetItems(req, res, dataset, 201);
        },
    },
    {
        id: 'actor-runs-last',
        method: 'GET',
        path: '/:actorId/runs/last',
        specPath: '/v2/actors/{actorId}/runs/last',
        async handler({ req, res, principal, context, noteResourceIds }) {
            requirePermission(principal, 'runs:read');
            const actor = resolveActorParam(context.state, req);
            const status = queryString(req, 'status') || undefined;
            if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status)) {
                throw apiErrors.invalidRequest(
                    `Parameter "status" must be one of ${RUN_STATUSES.join(', ')}, got "${status}".`,
                );
            }
            const run = context.state.lastRun(actor.id, status);
            if (!run) throw apiErrors.recordNotFound('Actor run');
            noteResourceIds({ actorId: actor.id, runId: run.id });
            const current = await runAfterWaiting(context, run, waitForFinishMillis(req, context));
            res.json({
                data: toRunDetail(
                    context.state,
                    current,
                    context.baseUrl(),
                    context.executor.getRunCounters(current.id),
                ),
            });
        },
    },
    {
        // After `…/runs/last`, so "last" is never taken for a run id.
        id: 'actor-run-get',
        method: 'GET',
        path: '/:actorId/runs/:runId',
        specPath: '/v2/actors/{actorId}/runs/{runId}',
        async handler({ req, res, principal, context, noteResourceIds }) {
            const actor = resolveActorParam(context.state, req);
            const run = resolveRunParam(context.state, req);
            // A run of another Actor is "not found" under this Actor.
            if (run.actId !== actor.id) throw apiErrors.recordNotFound('Actor run');
            noteResourceIds({ actorId: actor.id, runId: run.id });
            requireRunRead(principal, run.id);
            const current = await runAfterWaiting(context, run, waitForFinishMillis(req, context));
            res.json({
                data: toRunDetail(
                    context.state,
                    current,
                    context.baseUrl(),
                    context.executor.getRunCounters(current.id),
                ),
            });
        },
    },
];

export function createActorRunsRouter(pipeline: RequestPipeline) {
    return buildRouter(actorRunRoutes, pipeline);
}

export function createActorScopedRunsRouter(pipeline: RequestPipeline) {
    return buildRouter(actorScopedRunRoutes, pipeline);
}
