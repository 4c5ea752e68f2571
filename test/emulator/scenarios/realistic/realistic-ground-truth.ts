/**
 * Ground truth of a realistic account: every planted incident with the Actors it concerns,
 * the numbers measured on the generated runs, and the signal kinds that count as finding it;
 * and every trap, which must get no act-now / monitor signal at all.
 *
 * Rates are over finished runs (SUCCEEDED + FAILED + TIMED-OUT, as in the README's metric
 * definitions) started by `now`; a run still in progress at `now` is left out.
 */
import { DAY_MILLIS } from '../actor-behaviours.js';
import type { PlannedRun } from '../run-model.js';
import {
    COST_INCREASE_AGE_DAYS,
    PARTIAL_EMPTY_AGE_DAYS,
    STOPPED_SCHEDULE_AGE_DAYS,
    type RealisticRole,
} from './realistic-roles.js';
import type { RealisticActor, RealisticContext } from './realistic-runs.js';

export type RealisticIncidentKind =
    | 'creeping-failures'
    | 'rising-timeouts'
    | 'partial-empty-results'
    | 'build-regression'
    | 'cost-per-run-increase'
    | 'stopped-schedule'
    | 'shared-outage';

export type RealisticTrapKind = 'low-volume-flaky' | 'unused-private' | 'version-bump' | 'expensive-one-off';

export interface RealisticIncident {
    kind: RealisticIncidentKind;
    actorIds: string[];
    actorNames: string[];
    /** Signal kinds (decision act_now or monitor) on one of `actorIds` that find the incident. */
    acceptedSignalKinds: string[];
    /** What a correct signal says, for a person reading a failed test. */
    correctSignal: string;
    measured: Record<string, unknown>;
}

export interface RealisticTrap {
    kind: RealisticTrapKind;
    actorId: string;
    actorName: string;
    /** Why nothing should be raised. */
    reason: string;
    measured: Record<string, unknown>;
}

export interface RealisticGroundTruth {
    scenario: 'realistic';
    seed: number;
    now: string;
    window: { from: string; to: string };
    incidents: RealisticIncident[];
    traps: RealisticTrap[];
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT']);

function finishedBy(runs: readonly PlannedRun[], nowMs: number): PlannedRun[] {
    return runs.filter((run) => FINISHED.has(run.status) && run.startedAtMs + run.durationSecs * 1000 <= nowMs);
}

function rateOf(
    runs: readonly PlannedRun[],
    isEvent: (run: PlannedRun) => boolean,
): { runs: number; events: number; rate: number | null } {
    const events = runs.filter(isEvent).length;
    return {
        runs: runs.length,
        events,
        rate: runs.length > 0 ? Math.round((events / runs.length) * 10_000) / 10_000 : null,
    };
}

const isFailure = (run: PlannedRun): boolean => run.status !== 'SUCCEEDED';

/** The four whole weeks of the window, oldest first. */
function weekly(runs: readonly PlannedRun[], context: RealisticContext, isEvent: (run: PlannedRun) => boolean) {
    return [3, 2, 1, 0].map((weeksBack) => {
        const toMs = context.nowMs - weeksBack * 7 * DAY_MILLIS;
        const fromMs = toMs - 7 * DAY_MILLIS;
        return {
            from: new Date(fromMs).toISOString(),
            ...rateOf(
                runs.filter((r) => r.startedAtMs >= fromMs && r.startedAtMs < toMs),
                isEvent,
            ),
        };
    });
}

function median(values: readonly number[]): number | null {
    const sorted = [...values].sort((a, b) => a - b);
    if (sorted.length === 0) return null;
    const middle = (sorted.length - 1) / 2;
    return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
}

function splitAt(runs: readonly PlannedRun[], atMs: number, fromMs: number): [PlannedRun[], PlannedRun[]] {
    return [
        runs.filter((r) => r.startedAtMs >= fromMs && r.startedAtMs < atMs),
        runs.filter((r) => r.startedAtMs >= atMs),
    ];
}

type Measure = (runs: PlannedRun[], actor: RealisticActor, context: RealisticContext) => Record<string, unknown>;

const INCIDENT_SPECS: Readonly<
    Partial<
        Record<RealisticRole, { kind: RealisticIncidentKind; accepted: string[]; correct: string; measure: Measure }>
    >
> = {
    'creeping-failures': {
        kind: 'creeping-failures',
        accepted: ['failure-rate-regression', 'high-failure-rate'],
        correct: 'failure rate of the last 7 days up against the Actor’s own 3-week baseline, with no new build',
        measure: (runs, _actor, context) => ({ weeklyFailureRate: weekly(runs, context, isFailure) }),
    },
    'rising-timeouts': {
        kind: 'rising-timeouts',
        accepted: ['timeout-rate-rising', 'failure-rate-regression'],
        correct: 'timeout share of the last 7 days up against the 3-week baseline',
        measure: (runs, _actor, context) => ({
            weeklyTimeoutShare: weekly(runs, context, (r) => r.status === 'TIMED-OUT'),
        }),
    },
    'partial-empty-results': {
        kind: 'partial-empty-results',
        accepted: ['succeeded-but-empty', 'empty-result-rate-rising'],
        correct: 'share of SUCCEEDED runs with an empty dataset up (was 0 %), with the sample size',
        measure: (runs, _actor, context) => {
            const succeeded = runs.filter((r) => r.status === 'SUCCEEDED' && r.origin !== 'TEST');
            const [before, after] = splitAt(
                succeeded,
                context.nowMs - PARTIAL_EMPTY_AGE_DAYS * DAY_MILLIS,
                context.windowStartMs,
            );
            const isEmpty = (r: PlannedRun): boolean => r.itemCount === 0;
            return { before: rateOf(before, isEmpty), after: rateOf(after, isEmpty) };
        },
    },
    'build-regression': {
        kind: 'build-regression',
        accepted: ['failure-rate-regression', 'release-verdict', 'high-failure-rate'],
        correct: 'the latest build fails significantly more often than the previous one (halt / roll back)',
        measure: (runs, actor, context) => {
            const latest = actor.plan.servingBuilds[actor.plan.servingBuilds.length - 1]!;
            const [before, after] = splitAt(runs, latest.finishedAtMs, context.windowStartMs);
            return {
                buildNumber: latest.buildNumber,
                before: rateOf(before, isFailure),
                after: rateOf(after, isFailure),
            };
        },
    },
    'cost-per-run-increase': {
        kind: 'cost-per-run-increase',
        accepted: ['cost-spike', 'cost-trend-up'],
        correct: 'cost per run up (median), volume unchanged, with the $/month effect',
        measure: (runs, _actor, context) => {
            const [before, after] = splitAt(
                runs,
                context.nowMs - COST_INCREASE_AGE_DAYS * DAY_MILLIS,
                context.windowStartMs,
            );
            const costs = (list: PlannedRun[]) => list.map((r) => r.usageTotalUsd ?? 0);
            return { medianCostPerRunBefore: median(costs(before)), medianCostPerRunAfter: median(costs(after)) };
        },
    },
    'stopped-schedule': {
        kind: 'stopped-schedule',
        accepted: ['stale-actor'],
        correct: 'the schedule that ran the Actor every 2 hours stopped firing; no run since',
        measure: (runs) => ({
            scheduledRuns: runs.filter((r) => r.origin === 'SCHEDULER').length,
            lastRunAt: runs.length > 0 ? new Date(runs[runs.length - 1]!.startedAtMs).toISOString() : null,
            stoppedDaysAgo: STOPPED_SCHEDULE_AGE_DAYS,
        }),
    },
};

const TRAP_REASONS: Readonly<Partial<Record<RealisticRole, string>>> = {
    'low-volume-flaky': 'a few runs a week: too few to tell a 30 % failure rate from bad luck',
    'unused-private': 'private, no schedule, run by hand a few times weeks ago: nobody depends on it',
    'version-bump': 'a new build whose failure rate is the same as the previous one',
    'expensive-one-off': 'one run with a huge input; cost per run of the others unchanged',
};

function measureTrap(actor: RealisticActor, runs: PlannedRun[], context: RealisticContext): Record<string, unknown> {
    if (actor.role === 'version-bump') {
        const latest = actor.plan.servingBuilds[actor.plan.servingBuilds.length - 1]!;
        const [before, after] = splitAt(runs, latest.finishedAtMs, context.windowStartMs);
        return { buildNumber: latest.buildNumber, before: rateOf(before, isFailure), after: rateOf(after, isFailure) };
    }
    if (actor.role === 'expensive-one-off') {
        const expensive = runs.find((r) => r.startedAtMs === actor.expensiveRunAtMs);
        return {
            expensiveRunUsd: expensive?.usageTotalUsd ?? null,
            medianRunUsd: median(runs.map((r) => r.usageTotalUsd ?? 0)),
        };
    }
    const last = runs[runs.length - 1];
    return { ...rateOf(runs, isFailure), lastRunAt: last ? new Date(last.startedAtMs).toISOString() : null };
}

export function buildRealisticGroundTruth(
    actors: readonly RealisticActor[],
    runsByActorId: ReadonlyMap<string, readonly PlannedRun[]>,
    context: RealisticContext,
): RealisticGroundTruth {
    const incidents: RealisticIncident[] = [];
    const traps: RealisticTrap[] = [];
    const windowRuns = (actor: RealisticActor): PlannedRun[] =>
        finishedBy(runsByActorId.get(actor.plan.actor.id) ?? [], context.nowMs).filter(
            (r) => r.startedAtMs >= context.windowStartMs,
        );
    for (const actor of actors) {
        const { id, name } = actor.plan.actor;
        const spec = INCIDENT_SPECS[actor.role];
        const runs =
            actor.role === 'stopped-schedule'
                ? finishedBy(runsByActorId.get(id) ?? [], context.nowMs)
                : windowRuns(actor);
        if (spec)
            incidents.push({
                kind: spec.kind,
                actorIds: [id],
                actorNames: [name],
                acceptedSignalKinds: spec.accepted,
                correctSignal: spec.correct,
                measured: spec.measure(runs, actor, context),
            });
        const reason = TRAP_REASONS[actor.role];
        if (reason)
            traps.push({
                kind: actor.role as RealisticTrapKind,
                actorId: id,
                actorName: name,
                reason,
                measured: measureTrap(actor, runs, context),
            });
    }
    const victims = actors.filter((actor) => actor.isOutageVictim);
    incidents.push({
        kind: 'shared-outage',
        actorIds: victims.map((a) => a.plan.actor.id),
        actorNames: victims.map((a) => a.plan.actor.name),
        acceptedSignalKinds: ['fleet-outage'],
        correctSignal: 'one outage signal listing the Actors that failed together; no per-Actor regression for them',
        measured: {
            from: new Date(context.outageFromMs).toISOString(),
            to: new Date(context.outageToMs).toISOString(),
            failuresInOutage: victims.map((a) =>
                rateOf(
                    windowRuns(a).filter(
                        (r) => r.startedAtMs >= context.outageFromMs && r.startedAtMs < context.outageToMs,
                    ),
                    isFailure,
                ),
            ),
        },
    });
    return {
        scenario: 'realistic',
        seed: context.seed,
        now: new Date(context.nowMs).toISOString(),
        window: { from: new Date(context.windowStartMs).toISOString(), to: new Date(context.nowMs).toISOString() },
        incidents,
        traps,
    };
}
