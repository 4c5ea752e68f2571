/**
 * Core check `stuck-runs`: runs that started at least `stuckRunAfterDays` days before the end
 * of the window and are still READY / RUNNING / TIMING-OUT / ABORTING. Counted from the day
 * aggregates (all runs), evidence from sampled run details. A stuck run may keep consuming
 * compute until its timeout.
 */
import type { SignalInput } from '../../contracts/signals.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import { addDays, getLastWindowDay, MS_PER_DAY } from '../../metrics/day-periods.js';
import type { CoreCheckContext } from './check-context.js';

export const STUCK_RUNS_KIND = 'stuck-runs';
/** Reliability points: stuck runs are rare but each may hold memory (and money) for hours. */
export const STUCK_RUNS_POINTS = 10;

const IN_PROGRESS = new Set(['READY', 'RUNNING', 'TIMING-OUT', 'ABORTING']);

export function checkStuckRuns(context: CoreCheckContext): SignalInput[] {
    const { stuckRunAfterDays } = context.thresholds;
    const cutoffDay = addDays(getLastWindowDay(context.window), -stuckRunAfterDays);
    let stuckCount = 0;
    for (const day of context.actorData.days) {
        if (day.day > cutoffDay || day.day < context.window.from.slice(0, 10)) continue;
        for (const stats of Object.values(day.byBuild)) stuckCount += stats.inProgress;
    }
    if (stuckCount === 0) return [];
    const cutoffMs = Date.parse(context.window.to) - stuckRunAfterDays * MS_PER_DAY;
    const stuckSampled = context.actorData.sampledRuns
        .filter((run) => IN_PROGRESS.has(run.status) && Date.parse(run.startedAt) < cutoffMs)
        .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const { actor } = context.actorData;
    return [
        {
            fingerprint: buildFingerprint('core', STUCK_RUNS_KIND, actor.id),
            kind: STUCK_RUNS_KIND,
            source: 'core',
            actorId: actor.id,
            actorName: actor.name,
            severity: 'medium',
            decision: 'monitor',
            title: `${stuckCount} run${stuckCount === 1 ? '' : 's'} still in progress after ${stuckRunAfterDays}+ days`,
            detail: `Runs that started on or before ${cutoffDay} have not finished. They are left out of the success rate but may still consume compute.`,
            metric: { name: 'stuckRuns', value: stuckCount, baseline: 0, unit: 'runs', higherIsWorse: true },
            evidence: {
                runIds: stuckSampled.slice(0, 10).map((run) => run.id),
                buildNumbers: [
                    ...new Set(stuckSampled.flatMap((run) => (run.buildNumber === null ? [] : [run.buildNumber]))),
                ].slice(0, 10),
                notes: [],
            },
            scoreImpact: { component: 'reliability', points: STUCK_RUNS_POINTS },
            usdPerMonth: null,
            fix:
                'Abort the stuck runs in Console (Runs → filter "Running"), then set a timeout on the Actor (Settings → Timeout) ' +
                'so a hung browser or a waiting promise cannot keep a run alive.',
        },
    ];
}
