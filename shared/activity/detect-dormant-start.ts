/**
 * A dormant Actor started through the API: no run for `dormantAfterDays`, then a token-driven
 * start (API, CLI, MCP). Waking an Actor up from the Console (WEB) or by its schedule is the
 * owner's doing and stays quiet; an Actor the baseline never saw (a new one) is normal
 * development, not a dormant one.
 */
import type { Signal } from '../contracts/signals.js';
import { buildActivitySignal, summariseRuns } from './activity-signal.js';
import { getClientNovelty, groupBy, type ActivityDetectionContext, type DetectionResult } from './detection-context.js';

import { isTokenOrigin, type RunActivity } from './run-activity.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

export const DORMANT_ACTOR_STARTED_KIND = 'dormant-actor-started';

/** Token-driven runs that came after a gap of at least `gapDays` since the Actor's previous run. */
function findWakeUps(lastSeenAt: string, runs: readonly RunActivity[], gapDays: number) {
    const wakeUps: { run: RunActivity; idleDays: number }[] = [];
    let previous = Date.parse(lastSeenAt);
    for (const run of runs) {
        const started = Date.parse(run.startedAt);
        const idleDays = (started - previous) / MS_PER_DAY;
        if (isTokenOrigin(run.origin) && idleDays >= gapDays) wakeUps.push({ run, idleDays });
        previous = Math.max(previous, started);
    }
    return wakeUps;
}

export function detectDormantStarts(context: ActivityDetectionContext): DetectionResult {
    const signals: Signal[] = [];
    const flagged: string[] = [];
    for (const [actorId, runs] of groupBy(context.judged, (run) => run.actorId)) {
        const scope = context.prior.actors[actorId];
        if (!scope) continue;
        const wakeUps = findWakeUps(scope.lastSeenAt, runs, context.thresholds.dormantAfterDays);
        if (wakeUps.length === 0) continue;
        const first = wakeUps[0]!;
        const fromNewNetwork = getClientNovelty(context.account, first.run, context.prior.salt).isNetworkNew;
        const wakeRuns = runs.filter((run) => isTokenOrigin(run.origin) && run.startedAt >= first.run.startedAt);
        flagged.push(...wakeRuns.map((run) => run.runId));
        signals.push(
            buildActivitySignal(
                {
                    kind: DORMANT_ACTOR_STARTED_KIND,
                    scopeId: actorId,
                    scopeName: context.actorName(actorId),
                    severity: fromNewNetwork ? 'high' : 'medium',
                    decision: fromNewNetwork ? 'act_now' : 'monitor',
                    title: `Dormant Actor started through the API after ${Math.floor(first.idleDays)} days without a run`,
                    detail:
                        `The Actor had no run since ${scope.lastSeenAt}; then ${summariseRuns(wakeRuns)} were started ` +
                        `with a token${fromNewNetwork ? ', from a network the account never used' : ''}.`,
                    metric: {
                        name: 'days without a run',
                        value: Math.floor(first.idleDays),
                        baseline: null,
                        unit: 'days',
                    },
                    runs: wakeRuns,
                    ifYou: 'If it was you, acknowledge it.',
                },
                context.prior.salt,
            ),
        );
    }
    return { signals, flaggedRunIds: flagged };
}
