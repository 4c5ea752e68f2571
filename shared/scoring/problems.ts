/**
 * The verdict model, part 1: signals → problems.
 *
 * Several sources often see the same problem on the same Actor: the core's failure-rate
 * regression and the release gate's "halt build 0.0.14" (same build, same runs), the core's
 * `cost-data-incomplete` and the cost watchdog's `cost-data-missing` (same metric). They are
 * one problem: it costs the score once (at its worst source) and gets one action card that
 * keeps every source's evidence. The README / metadata / Store-listing findings of one Actor
 * are one checklist problem.
 *
 * The problem key is a function of the signal alone (Actor, metric family, build), never of
 * the other signals present: adding a signal can only join an existing problem or start a
 * new one, which keeps the score monotone (see actor-score.ts).
 *
 * Penalty: an unacknowledged, non-`ignore` signal costs the Actor at least what its verdict
 * (decision × severity) says, more when its own `scoreImpact.points` (its magnitude) say so.
 */
import type { Decision, Severity, Signal } from '../contracts/signals.js';

export type ProblemSignal = Pick<
    Signal,
    'fingerprint' | 'actorId' | 'decision' | 'severity' | 'title' | 'scoreImpact' | 'source' | 'kind' | 'metric'
> &
    Partial<Pick<Signal, 'evidence'>> & {
        acknowledged: boolean;
    };

/**
 * Actor score points a signal costs at least, by verdict. Chosen so that the verdict bounds the
 * grade (README "Fleet Health Score"): one act-now critical signal leaves at most 65 (grade D),
 * one act-now high at most 78 (C), one act-now medium at most 88 (B); monitor signals cost
 * little each (a monitor-high one still leaves an A-/B+ Actor).
 */
export const VERDICT_PENALTY_POINTS: Readonly<Record<Decision, Readonly<Record<Severity, number>>>> = Object.freeze({
    act_now: Object.freeze({ critical: 35, high: 22, medium: 12, low: 6, info: 3 }),
    monitor: Object.freeze({ critical: 12, high: 8, medium: 5, low: 2, info: 1 }),
    ignore: Object.freeze({ critical: 0, high: 0, medium: 0, low: 0, info: 0 }),
});

export function isDeducting(signal: Pick<ProblemSignal, 'decision' | 'acknowledged'>): boolean {
    return signal.decision !== 'ignore' && !signal.acknowledged;
}

/** What the signal would cost if it were not acknowledged (0 for `ignore`). */
export function getVerdictPenalty(signal: Pick<ProblemSignal, 'decision' | 'severity' | 'scoreImpact'>): number {
    if (signal.decision === 'ignore') return 0;
    return Math.min(100, Math.max(VERDICT_PENALTY_POINTS[signal.decision][signal.severity], signal.scoreImpact.points));
}

/** Points the signal costs its Actor now: 0 when acknowledged or `ignore`. */
export function getSignalPenalty(
    signal: Pick<ProblemSignal, 'decision' | 'severity' | 'scoreImpact' | 'acknowledged'>,
) {
    return isDeducting(signal) ? getVerdictPenalty(signal) : 0;
}

/**
 * Metrics that measure the same thing: timed-out runs are failed runs, a failing Store daily
 * test is failing runs of the same build, "no success in 14 days" is a failure rate of 100 %;
 * spend and cost per run move together.
 */
const METRIC_FAMILIES: Readonly<Record<string, string>> = Object.freeze({
    failureRate: 'failures',
    timeoutRate: 'failures',
    storeTestFailures: 'failures',
    daysSinceLastSuccess: 'failures',
    runsWithoutCost: 'cost-data',
    costPerRunUsd: 'spend',
    weeklyCostUsd: 'spend',
});
/** Families whose problems are per build (a new build can bring a new problem of the same kind). */
const BUILD_SPECIFIC_FAMILIES: ReadonlySet<string> = new Set(['failures', 'kind:breaking-schema-change']);

/** A security or policy finding that must not hide in the documentation checklist. */
export function isHygieneSignal(signal: Pick<ProblemSignal, 'source' | 'decision' | 'severity'>): boolean {
    if (signal.source !== 'compliance-scanner') return false;
    return !(signal.decision === 'act_now' && (signal.severity === 'critical' || signal.severity === 'high'));
}

function compareBuildNumbers(a: string, b: string): number {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (Number.isFinite(d) && d !== 0) return d;
    }
    return a.localeCompare(b);
}

/** The newest build a signal's evidence names, or null. */
function getNewestBuild(signal: ProblemSignal): string | null {
    const builds = signal.evidence?.buildNumbers ?? [];
    return builds.length === 0 ? null : [...builds].sort(compareBuildNumbers)[builds.length - 1]!;
}

/**
 * `<actorId>|<family>[|<build>]`: equal keys are the same problem.
 *
 * Only compliance findings without a metric family depend on their verdict: the mild ones share
 * the Actor's checklist, a severe one is a problem of its own, keyed by its fingerprint. So a
 * finding made worse leaves the checklist for a new problem and never joins another one (where
 * its cost could vanish under a bigger member's: the score would rise — not monotone).
 */
export function getProblemKey(signal: ProblemSignal): string {
    const metricFamily = signal.metric ? METRIC_FAMILIES[signal.metric.name] : undefined;
    if (!metricFamily && signal.source === 'compliance-scanner') {
        return isHygieneSignal(signal)
            ? `${signal.actorId}|checklist`
            : `${signal.actorId}|finding|${signal.fingerprint}`;
    }
    const family = metricFamily ?? `kind:${signal.kind}`;
    const source = metricFamily ? '' : `|${signal.source}`;
    const build = BUILD_SPECIFIC_FAMILIES.has(family) ? `|${getNewestBuild(signal) ?? '-'}` : '';
    return `${signal.actorId}|${family}${source}${build}`;
}

export interface Problem<S extends ProblemSignal = ProblemSignal> {
    key: string;
    actorId: string;
    isChecklist: boolean;
    /** Every member, worst first (by penalty if unacknowledged, then verdict, then fingerprint). */
    signals: S[];
    /** The member that names the problem and carries its deduction: the worst one. */
    primary: S;
    /** Actor score points the problem costs now: its worst deducting member's penalty. */
    penalty: number;
    /** What it would cost with no acknowledgement (for acknowledged cards). */
    potentialPenalty: number;
}

/**
 * Groups signals (of any Actors) into problems; `ignore` signals belong to none.
 * Deterministic: problems ordered by Actor id then key.
 */
export function groupProblems<S extends ProblemSignal>(signals: readonly S[]): Problem<S>[] {
    const byKey = new Map<string, S[]>();
    for (const signal of signals) {
        if (signal.decision === 'ignore') continue;
        const key = getProblemKey(signal);
        const members = byKey.get(key);
        if (members) members.push(signal);
        else byKey.set(key, [signal]);
    }
    const problems = [...byKey.entries()].map(([key, members]): Problem<S> => {
        members.sort(
            (a, b) =>
                getSignalPenalty(b) - getSignalPenalty(a) ||
                getVerdictPenalty(b) - getVerdictPenalty(a) ||
                a.fingerprint.localeCompare(b.fingerprint),
        );
        return {
            key,
            actorId: members[0]!.actorId,
            isChecklist: key.endsWith('|checklist'),
            signals: members,
            primary: members[0]!,
            penalty: Math.max(...members.map(getSignalPenalty)),
            potentialPenalty: Math.max(...members.map(getVerdictPenalty)),
        };
    });
    return problems.sort((a, b) => a.actorId.localeCompare(b.actorId) || a.key.localeCompare(b.key));
}

export type ProblemUrgency = 'fix-now' | 'this-week' | 'improve' | 'acknowledged';

/**
 * Which bucket a problem belongs in, from its deducting members:
 * - fix-now: an act-now signal of severity critical or high (not documentation);
 * - this-week: another act-now signal, a critical/high monitor one, or a medium monitor one
 *   that is not documentation (a creeping regression outranks a README word count);
 * - improve: the rest; the documentation checklist is always here (never above a regression,
 *   a failing Store test, a build to halt or a cost spike);
 * - acknowledged: nothing deducts any more (every member acknowledged).
 */
export function getProblemUrgency(problem: Problem): ProblemUrgency {
    const active = problem.signals.filter(isDeducting);
    if (active.length === 0) return 'acknowledged';
    if (problem.isChecklist) return 'improve';
    const isSevere = (s: ProblemSignal) => s.severity === 'critical' || s.severity === 'high';
    if (active.some((s) => s.decision === 'act_now' && isSevere(s))) return 'fix-now';
    if (active.some((s) => s.decision === 'act_now' || isSevere(s) || s.severity === 'medium')) return 'this-week';
    return 'improve';
}
