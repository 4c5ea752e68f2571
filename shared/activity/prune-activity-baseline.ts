/**
 * Retention by age. Three horizons, because the questions differ:
 * - day counts (rates, busy hours, cost per run) describe current habits: 56 days, two windows;
 * - identities (origins, schedules, networks, agent families) answer "seen before?": 180 days,
 *   so a quarterly job is still known, and a network unused for half a year is new again;
 * - an Actor's entry answers "dormant since when?": 400 days, a little over a year.
 */
import { activityBaselineSchema, type ActivityBaseline, type ScopeBaseline } from './activity-baseline.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';

export interface ActivityRetention {
    dayCountsDays: number;
    identityDays: number;
    actorDays: number;
}

export const DEFAULT_ACTIVITY_RETENTION: ActivityRetention = Object.freeze({
    dayCountsDays: 56,
    identityDays: 180,
    actorDays: 400,
});

function keepRecent<T extends { lastSeenAt: string }>(
    record: Record<string, T>,
    cutoffMillis: number,
): Record<string, T> {
    return Object.fromEntries(
        Object.entries(record).filter(([, entry]) => Date.parse(entry.lastSeenAt) >= cutoffMillis),
    );
}

function pruneScope<S extends ScopeBaseline>(scope: S, nowMillis: number, retention: ActivityRetention): S {
    const dayCutoff = new Date(nowMillis - retention.dayCountsDays * MS_PER_DAY).toISOString().slice(0, 10);
    const identityCutoff = nowMillis - retention.identityDays * MS_PER_DAY;
    return {
        ...scope,
        origins: keepRecent(scope.origins, identityCutoff),
        schedules: keepRecent(scope.schedules, identityCutoff),
        days: Object.fromEntries(Object.entries(scope.days).filter(([day]) => day >= dayCutoff)),
    };
}

export function pruneActivityBaseline(
    baseline: ActivityBaseline,
    nowIso: string,
    retention: ActivityRetention = DEFAULT_ACTIVITY_RETENTION,
): ActivityBaseline {
    const nowMillis = Date.parse(nowIso);
    const identityCutoff = nowMillis - retention.identityDays * MS_PER_DAY;
    const actorCutoff = nowMillis - retention.actorDays * MS_PER_DAY;
    const account = baseline.account && {
        ...pruneScope(baseline.account, nowMillis, retention),
        networks: keepRecent(baseline.account.networks, identityCutoff),
        userAgents: keepRecent(baseline.account.userAgents, identityCutoff),
    };
    const actors = Object.fromEntries(
        Object.entries(baseline.actors)
            .filter(([, scope]) => Date.parse(scope.lastSeenAt) >= actorCutoff)
            .map(([actorId, scope]) => [actorId, pruneScope(scope, nowMillis, retention)]),
    );
    return activityBaselineSchema.parse({ ...baseline, account, actors });
}
