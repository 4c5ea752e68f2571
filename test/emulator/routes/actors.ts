/**
 * `/v2/actors` (and the legacy `/v2/acts`): the Actor collection and single Actors.
 * Actor-scoped runs and builds live in actor-runs.ts and actor-builds.ts.
 * @see https://docs.apify.com/api/v2/acts-get
 */
import type { Request } from 'express';
import type { ActorFixture } from '../state/fixture-schema.js';
import type { EmulatorState } from '../state/emulator-state.js';
import { requirePermission } from '../server/access-control.js';
import { apiErrors } from '../server/api-error.js';
import { toActorDetail, toActorListItem } from '../server/api-shapes.js';
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

/** The Actor named by `:actorId` (id, `username~name` or `~name`), or 404. */
export function resolveActorParam(state: EmulatorState, req: Request): ActorFixture {
    const reference = (req.params as Record<string, string>).actorId ?? '';
    const actor = state.resolveActor(reference.replace('/', '~'));
    if (!actor) throw apiErrors.recordNotFound('Actor');
    return actor;
}

export const actorRoutes: RouteDefinition[] = [
    {
        id: 'actors-list',
        method: 'GET',
        path: '/',
        specPath: '/v2/actors',
        handler({ req, res, principal, context: { state } }) {
            requirePermission(principal, 'actors:read');
            const offset = queryInteger(req, 'offset', 0);
            const limit = queryListLimit(req);
            const desc = queryFlag(req, 'desc');
            const sortBy = queryString(req, 'sortBy') ?? 'createdAt';
            if (sortBy !== 'createdAt' && sortBy !== 'stats.lastRunStartedAt') {
                throw apiErrors.invalidRequest(
                    `Parameter "sortBy" must be one of "createdAt", "stats.lastRunStartedAt", got "${sortBy}".`,
                );
            }
            // Every fixture Actor belongs to the account's user, so `my=1` keeps them all.
            const keyed = state.listActors().map((actor) => ({
                actor,
                key: sortBy === 'createdAt' ? actor.createdAt : (state.lastRun(actor.id)?.startedAt ?? ''),
            }));
            keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
            if (desc) keyed.reverse();
            const page = keyed.slice(offset, offset + limit).map(({ actor }) => toActorListItem(state, actor));
            res.json(listBody(page, keyed.length, offset, limit, desc));
        },
    },
    {
        id: 'actor-get',
        method: 'GET',
        path: '/:actorId',
        specPath: '/v2/actors/{actorId}',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            requirePermission(principal, 'actors:read');
            const actor = resolveActorParam(state, req);
            noteResourceIds({ actorId: actor.id });
            res.json({ data: toActorDetail(state, actor) });
        },
    },
];

export function createActorsRouter(pipeline: RequestPipeline) {
    return buildRouter(actorRoutes, pipeline);
}
