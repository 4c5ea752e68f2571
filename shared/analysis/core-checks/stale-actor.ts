/**
 * Core freshness checks, with `window.to` as "now" (deterministic for the same data):
 *
 * - `no-recent-success`: at least `NO_SUCCESS_MIN_FINISHED_RUNS` runs finished in the last
 *   `staleAfterDays` days and none succeeded, and the last success (if any) is older.
 * - `stale-actor`: the Actor ran before, but not in the last `staleAfterDays` days. Never-run
 *   Actors are not flagged (drafts in development are normal). Silence matters only when
 *   someone is affected (issue 16): its schedule stopped firing, it is public (Store users),
 *   or others ran it regularly (API, webhooks, other Actors) and stopped. A private Actor
 *   that nobody schedules or calls and that simply was not used is `info` / `ignore`.
 */
import type { DayAggregate } from '../../contracts/fleet-data.js';
import type { SignalInput } from '../../contracts/signals.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import { addDays, getLastWindowDay, MS_PER_DAY, selectDays } from '../../metrics/day-periods.js';
import { getRateDenominator } from '../../metrics/run-counts.js';
import { getDaysStats } from '../../metrics/run-group-stats.js';
import type { CoreCheckContext } from './check-context.js';
import { STALE_DEPENDENT_ORIGINS, STALE_REGULAR_USE_MIN_DAYS, STALE_SCHEDULED_MIN_DAYS } from '../core-thresholds.js';

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

    const stale = buildStaleSignal(context);
    if (stale) signals.push(stale);
    return signals;
}

type Dependence = 'schedule' | 'public' | 'regular-use' | 'none';

function daysWithOrigin(days: readonly DayAggregate[], origins: readonly string[]): number {
    return days.filter((day) => origins.some((origin) => (day.byOrigin[origin] ?? 0) > 0)).length;
}

/** Who notices that the Actor stopped running (the first reason that applies). */
function getDependence(context: CoreCheckContext): Dependence {
    if (daysWithOrigin(context.actorData.days, ['SCHEDULER']) >= STALE_SCHEDULED_MIN_DAYS) return 'schedule';
    if (context.actorData.actor.isPublic === true) return 'public';
    if (daysWithOrigin(context.actorData.days, STALE_DEPENDENT_ORIGINS) >= STALE_REGULAR_USE_MIN_DAYS)
        return 'regular-use';
    return 'none';
}

const STALE_DETAIL: Record<Dependence, string> = {
    schedule:
        ' It ran on a schedule earlier in the window: the schedule stopped firing (disabled, deleted, or its input broke).',
    public: ' A public Actor without recent runs by its owner is not being verified against its target.',
    'regular-use': ' It was started regularly through the API, webhooks or other Actors, and those runs stopped.',
    none: ' It is private, has no scheduled runs and was only started by hand: nobody depends on it, so this is information only.',
};

const STALE_FIX: Record<Dependence, string> = {
    schedule:
        "Open the Actor's schedules in Console (Schedules): re-enable the schedule or fix its input; if the Actor is retired, delete the schedule and archive the Actor.",
    public: 'Schedule a small daily run with a representative input so breakages show up before users report them, or deprecate the Actor if it is no longer maintained.',
    'regular-use':
        'Ask the integration that called it (API client, webhook, parent Actor) whether it moved to something else; if not, check its token and input.',
    none: 'Nothing to do unless you expected it to run; archive it if it is retired.',
};

function buildStaleSignal(context: CoreCheckContext): SignalInput | null {
    const { actor } = context.actorData;
    const { staleAfterDays } = context.thresholds;
    const nowIso = context.window.to;
    const lastRunAt = context.metrics.lastRunAt;
    if (lastRunAt === null || Date.parse(lastRunAt) >= Date.parse(nowIso) - staleAfterDays * MS_PER_DAY) return null;
    const dependence = getDependence(context);
    const idleDays = daysBetween(lastRunAt, nowIso);
    const isAffecting = dependence !== 'none';
    return {
        fingerprint: buildFingerprint('core', STALE_ACTOR_KIND, actor.id),
        kind: STALE_ACTOR_KIND,
        source: 'core',
        actorId: actor.id,
        actorName: actor.name,
        severity: dependence === 'public' || dependence === 'schedule' ? 'medium' : isAffecting ? 'low' : 'info',
        decision: isAffecting ? 'monitor' : 'ignore',
        title:
            dependence === 'schedule'
                ? `Scheduled runs stopped: no run for ${idleDays} days`
                : `No run for ${idleDays} days`,
        detail: `The last run started ${lastRunAt}; the stale threshold is ${staleAfterDays} days.${STALE_DETAIL[dependence]}`,
        metric: {
            name: 'daysSinceLastRun',
            value: idleDays,
            baseline: staleAfterDays,
            unit: 'days',
            higherIsWorse: true,
        },
        evidence: { runIds: [], buildNumbers: [], notes: [`last run ${lastRunAt}`, `affected: ${dependence}`] },
        scoreImpact: {
            component: 'freshness',
            points:
                dependence === 'public' || dependence === 'schedule'
                    ? STALE_PUBLIC_ACTOR_POINTS
                    : isAffecting
                      ? STALE_PRIVATE_ACTOR_POINTS
                      : 0,
        },
        usdPerMonth: null,
        fix: STALE_FIX[dependence],
    };
}
