/**
 * Builds: `/v2/actor-builds/{id}` and the Actor-scoped `/v2/actors/{id}/builds`,
 * `/v2/actors/{id}/builds/default` (mounted under `/v2/actors` and `/v2/acts`).
 * The detail carries `actorDefinition` (input schema, README, dataset schema).
 * @see https://docs.apify.com/api/v2/actor-build-get
 */
import { requirePermission } from '../server/access-control.js';
import { apiErrors } from '../server/api-error.js';
import { resolveBuild, toBuildDetail, toBuildListItem } from '../server/api-shapes.js';
import {
    buildRouter,
    listBody,
    queryFlag,
    queryInteger,
    queryListLimit,
    type RequestPipeline,
    type RouteDefinition,
} from '../server/route-table.js';
import { resolveActorParam } from './actors.js';

export const actorBuildRoutes: RouteDefinition[] = [
    {
        id: 'build-get',
        method: 'GET',
        path: '/:buildId',
        specPath: '/v2/actor-builds/{buildId}',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            requirePermission(principal, 'builds:read');
            const build = state.getBuild((req.params as Record<string, string>).buildId ?? '');
            if (!build) throw apiErrors.recordNotFound('Actor build');
            noteResourceIds({ buildId: build.id, actorId: build.actId });
            res.json({ data: toBuildDetail(state, build) });
        },
    },
];

export const actorScopedBuildRoutes: RouteDefinition[] = [
    {
        id: 'actor-builds-list',
        method: 'GET',
        path: '/:actorId/builds',
        specPath: '/v2/actors/{actorId}/builds',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            requirePermission(principal, 'builds:read');
            const actor = resolveActorParam(state, req);
            noteResourceIds({ actorId: actor.id });
            const offset = queryInteger(req, 'offset', 0);
            const limit = queryListLimit(req);
            const desc = queryFlag(req, 'desc');
            const builds = [...state.listBuilds(actor.id)];
            if (desc) builds.reverse();
            const page = builds.slice(offset, offset + limit).map((build) => toBuildListItem(state, build));
            res.json(listBody(page, builds.length, offset, limit, desc));
        },
    },
    {
        id: 'actor-builds-default',
        method: 'GET',
        path: '/:actorId/builds/default',
        specPath: '/v2/actors/{actorId}/builds/default',
        handler({ req, res, principal, context: { state }, noteResourceIds }) {
            requirePermission(principal, 'builds:read');
            const actor = resolveActorParam(state, req);
            const build = resolveBuild(state, actor);
            if (!build) throw apiErrors.recordNotFound('Actor build');
            noteResourceIds({ actorId: actor.id, buildId: build.id });
            res.json({ data: toBuildDetail(state, build) });
        },
    },
];

export function createActorBuildsRouter(pipeline: RequestPipeline) {
    return buildRouter(actorBuildRoutes, pipeline);
}

export function createActorScopedBuildsRouter(pipeline: RequestPipeline) {
    return buildRouter(actorScopedBuildRoutes, pipeline);
}
