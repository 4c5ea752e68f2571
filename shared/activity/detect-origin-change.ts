/**
 * An Actor that only ever ran from its schedules, now started with a token (API, CLI, MCP).
 * A new schedule (SCHEDULER with a new schedule id) and a Console run (WEB) are the owner's
 * doing and stay quiet; "only ever" needs `scheduleOnlyMinRuns` scheduled runs first.
 */
import type { Signal } from '../contracts/signals.js';
import { buildActivitySignal, summariseRuns } from './activity-signal.js';
import { getClientNovelty, groupBy, type ActivityDetectionContext, type DetectionResult } from './detection-context.js';
import { isScheduledOrigin, isTokenOrigin } from './run-activity.js';

export const SCHEDULED_ACTOR_STARTED_BY_TOKEN_KIND = 'scheduled-actor-started-by-token';

export function detectOriginChanges(context: ActivityDetectionContext): DetectionResult {
    const signals: Signal[] = [];
    const flagged: string[] = [];
    for (const [actorId, runs] of groupBy(context.judged, (run) => run.actorId)) {
        const scope = context.prior.actors[actorId];
        if (!scope) continue;
        const origins = Object.keys(scope.origins);
        const scheduledRuns = Object.entries(scope.origins)
            .filter(([origin]) => isScheduledOrigin(origin))
            .reduce((sum, [, entry]) => sum + entry.runs, 0);
        const onlyScheduled = origins.length > 0 && origins.every(isScheduledOrigin);
        if (!onlyScheduled || scheduledRuns < context.thresholds.scheduleOnlyMinRuns) continue;
        const tokenRuns = runs.filter((run) => isTokenOrigin(run.origin));
        if (tokenRuns.length === 0) continue;
        const fromNewNetwork = tokenRuns.some(
            (run) => getClientNovelty(context.account, run, context.prior.salt).isNetworkNew,
        );
        const newOrigins = [...new Set(tokenRuns.map((run) => run.origin))].sort();
        flagged.push(...tokenRuns.map((run) => run.runId));
        signals.push(
            buildActivitySignal(
                {
                    kind: SCHEDULED_ACTOR_STARTED_BY_TOKEN_KIND,
                    scopeId: actorId,
                    scopeName: context.actorName(actorId),
                    severity: fromNewNetwork ? 'high' : 'medium',
                    decision: fromNewNetwork ? 'act_now' : 'monitor',
                    title: `Actor that only ran from its schedules was started with a token (${newOrigins.join(', ')})`,
                    detail:
                        `All ${scheduledRuns} runs in the baseline came from schedules; now ${summariseRuns(tokenRuns)} ` +
                        `were started with origin ${newOrigins.join(', ')}${fromNewNetwork ? ' from a network the account never used' : ''}.`,
                    metric: { name: 'token-started runs', value: tokenRuns.length, baseline: 0, unit: 'runs' },
                    runs: tokenRuns,
                    ifYou: 'If it was you, acknowledge it: these origins then count as normal for this Actor.',
                    labels: { origins: newOrigins.join(',') },
                },
                context.prior.salt,
            ),
        );
    }
    return { signals, flaggedRunIds: flagged };
}
