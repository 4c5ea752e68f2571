/**
 * Core freshness checks, with `window.to` as "now" (deterministic for the same data):
 *
 * - `no-recent-success`: at least `NO_SUCCESS_MIN_FINISHED_RUNS` runs finished in the last
 *   `staleAfterDays` days and none succeeded, and the last success (if any) is older.
 * - `stale-actor`: the Actor ran before, but not in the last `staleAfterDays` days. Never-run
 *   Actors are not flagged (drafts in development are normal).
 */
import type { SignalInput } from '../../contracts/signals.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import { addDays, getLastWindowDay, MS_PER_DAY, selectDays } from '../../metrics/day-periods.js';
import { getRateDenominator } from '../../metrics/run-counts.js';
import { getDaysStats } from '../../metrics/run-group-stats.js';
import type { CoreCheckContext } from './check-context.js';

export const NO_RECENT_SUCCESS_KIND = 'no-recent-success';
export const STALE_ACTOR_KIND = 'stale-actor';
/** Three finished runs without a success: one or two failures may be bad luck, three in a row is a broken Actor. */
export const NO_SUCCESS_MIN_FINISHED_RUNS = 3;
/** Freshness points: an Actor that cannot succeed any more is the worst freshness problem. */
export const NO_RECENT_SUCCESS_POINTS = 50;
/** A public Actor nobody (not even its owner's schedules) runs loses more than a private one. */
export const STALE_PUBLIC_ACTOR_POINTS = 20;
export const STALE_PRIVATE_ACTOR_POINTS = 5;

function daysBetween(fromIso: string, toIso: string): number {
    return Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / MS_PER_DAY);
}

export function checkStaleActor(context: CoreCheckContext): SignalInput[] {
    const { actor } = context.actorData;
    const { staleAfterDays } = context.thresholds;
    const nowIso = context.window.to;
    const staleSinceMs = Date.parse(nowIso) - staleAfterDays * MS_PER_DAY;
    const signals: SignalInput[] = [];

    const lastDay = getLastWindowDay(context.window);
    const recentDays = selectDays(context.actorData.days, {
        firstDay: addDays(lastDay, -(staleAfterDays - 1)),
        lastDay,
    });
    const recent = getDaysStats(recentDays);
    const recentFinished = getRateDenominator(recent);
    const lastSucceededAt = context.metrics.lastSucceededAt;
    const isSuccessOld = lastSucceededAt === null || Date.parse(lastSucceededAt) < staleSinceMs;
    if (recentFinished >= NO_SUCCESS_MIN_FINISHED_RUNS && recent.succeeded === 0 && isSuccessOld) {
        signals.push({
            fingerprint: buildFingerprint('core', NO_RECENT_SUCCESS_KIND, actor.id),
            kind: NO_RECENT_SUCCESS_KIND,
            source: 'core',
            actorId: actor.id,
            actorName: actor.name,
            severity: 'critical',
            decision: 'act_now',
            title: `No successful run in ${staleAfterDays} days (${recentFinished} finished runs all failed)`,
            detail:
                lastSucceededAt === null
                    ? `None of the ${recentFinished} runs that finished in the last ${staleAfterDays} days succeeded, and no run succeeded in the whole window.`
                    : `None of the ${recentFinished} runs that finished in the last ${staleAfterDays} days succeeded; the last success was ${lastSucceededAt} (${daysBetween(lastSucceededAt, nowIso)} days ago).`,
            metric: {
                name: 'daysSinceLastSuccess',
                value: lastSucceededAt === null ? null : daysBetween(lastSucceededAt, nowIso),
                baseline: staleAfterDays,
                unit: 'days',
                higherIsWorse: true,
            },
            evidence: { runIds: context.recentFailedRunIds, buildNumbers: context.recentBuildNumbers, notes: [] },
            scoreImpact: { component: 'freshness', points: NO_RECENT_SUCCESS_POINTS },
            usdPerMonth: null,
            fix:
                "The Actor is broken for every run: open the newest failed run's log, fix the cause, and run it once by hand to confirm. " +
                'If it is retired, delete its schedules (and mark it deprecated if it is public) so it stops consuming credits.',
        });
    }

    const lastRunAt = context.metrics.lastRunAt;
    if (lastRunAt !== null && Date.parse(lastRunAt) < staleSinceMs) {
        const isPublic = actor.isPublic === true;
        const idleDays = daysBetween(lastRunAt, nowIso);
        signals.push({
            fingerprint: buildFingerprint('core', STALE_ACTOR_KIND, actor.id),
            kind: STALE_ACTOR_KIND,
            source: 'core',
            actorId: actor.id,
            actorName: actor.name,
            severity: isPublic ? 'medium' : 'low',
            decision: 'monitor',
            title: `No run for ${idleDays} days`,
            detail:
                `The last run started ${lastRunAt}; the stale threshold is ${staleAfterDays} days.` +
                (isPublic
                    ? ' A public Actor without recent runs by its owner is not being verified against its target.'
                    : ''),
            metric: {
                name: 'daysSinceLastRun',
                value: idleDays,
                baseline: staleAfterDays,
                unit: 'days',
                higherIsWorse: true,
            },
            evidence: { runIds: [], buildNumbers: [], notes: [`last run ${lastRunAt}`] },
            scoreImpact: {
                component: 'freshness',
                points: isPublic ? STALE_PUBLIC_ACTOR_POINTS : STALE_PRIVATE_ACTOR_POINTS,
            },
            usdPerMonth: null,
            fix: isPublic
                ? 'Schedule a small daily run with a representative input so breakages show up before users report them, or deprecate the Actor if it is no longer maintained.'
                : 'If the Actor should run regularly, check that its schedule is enabled; if it is retired, archive or delete it.',
        });
    }
    return signals;
}
