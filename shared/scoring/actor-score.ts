/**
 * Per-Actor Health Score (score model 2, README "Fleet Health Score").
 *
 *     score = 100 − Σ penalty(problem)        (largest first, stopping at 0)
 *
 * A problem (problems.ts) costs the penalty of its worst unacknowledged member; the member's
 * fingerprint carries the deduction, so every lost point names a signal. The component of
 * that signal's `scoreImpact` says where the points were lost: a component's score is 100
 * minus the points lost in it, so Σ (100 − component score) = 100 − score.
 *
 * Properties (tested): monotone in signals (adding one, or making its verdict or points worse,
 * never raises the score); acknowledged and `ignore` signals cost nothing; one act-now critical
 * signal → ≤ 65 (D), act-now high → ≤ 78 (C); no act-now or monitor signal → 100.
 */
import type { Deduction, Grade, ScoreComponentResult } from '../contracts/fleet-report.js';
import type { ScoreComponentId } from '../contracts/signals.js';
import { getGrade } from './grade.js';
import { groupProblems, getProblemUrgency, type Problem, type ProblemSignal } from './problems.js';
import { COMPONENT_LABELS, COMPONENT_ORDER } from './score-components.js';
import { FULL_SCORE_UNITS, pointsToUnits, unitsToPoints } from './score-units.js';

export type ScorableSignal = ProblemSignal;

/** A deduction in exact units (see score-units.ts). */
export interface DeductionUnits {
    fingerprint: string;
    actorId: string;
    units: number;
    reason: string;
    component: ScoreComponentId;
}

export interface ComponentScoreUnits {
    id: ScoreComponentId;
    /** 0 … FULL_SCORE_UNITS: 100 minus the points lost in this component. */
    scoreUnits: number;
    deductions: DeductionUnits[];
}

export interface ActorScore {
    actorId: string;
    healthScore: number;
    grade: Grade;
    components: ScoreComponentResult[];
    /** Exact integer form, input of the fleet score. */
    componentUnits: ComponentScoreUnits[];
    /** This Actor's problems (including acknowledged ones), as grouped for the score. */
    problems: Problem[];
    /** Score units lost per problem key (after the clamp at 0). */
    lostUnitsByProblem: Map<string, number>;
    /** True when one of its problems belongs in fix-now. */
    hasFixNow: boolean;
}

/** Two decimals for published scores. */
export function roundScore(score: number): number {
    return Math.round(score * 100) / 100;
}

export function toComponentResult(component: ComponentScoreUnits): ScoreComponentResult {
    return {
        id: component.id,
        label: COMPONENT_LABELS[component.id],
        score: unitsToPoints(component.scoreUnits),
        deductions: component.deductions.map((d): Deduction => ({
            fingerprint: d.fingerprint,
            points: unitsToPoints(d.units),
            reason: d.reason,
            actorId: d.actorId,
        })),
    };
}

/** Components with their deductions from a flat list (each deduction names its component). */
export function buildComponentUnits(deductions: readonly DeductionUnits[]): ComponentScoreUnits[] {
    return COMPONENT_ORDER.map((id): ComponentScoreUnits => {
        const own = deductions
            .filter((d) => d.component === id && d.units > 0)
            .sort((a, b) => b.units - a.units || a.fingerprint.localeCompare(b.fingerprint));
        const lost = own.reduce((sum, d) => sum + d.units, 0);
        return { id, scoreUnits: Math.max(0, FULL_SCORE_UNITS - lost), deductions: own };
    });
}

/** Units lost per problem, largest penalty first, stopping at 0 (the clamp). */
export function apportionProblemUnits(problems: readonly Problem[]): Map<string, number> {
    const ordered = [...problems].sort((a, b) => b.penalty - a.penalty || a.key.localeCompare(b.key));
    const lost = new Map<string, number>();
    let remaining = FULL_SCORE_UNITS;
    for (const problem of ordered) {
        const units = Math.min(remaining, pointsToUnits(problem.penalty));
        remaining -= units;
        lost.set(problem.key, units);
    }
    return lost;
}

/** @param signals any signals; only this Actor's are used. */
export function computeActorScore(actorId: string, signals: readonly ScorableSignal[]): ActorScore {
    const problems = groupProblems(signals.filter((signal) => signal.actorId === actorId));
    const lostUnitsByProblem = apportionProblemUnits(problems);
    const deductions: DeductionUnits[] = problems.flatMap((problem) => {
        const units = lostUnitsByProblem.get(problem.key) ?? 0;
        if (units <= 0) return [];
        const { primary } = problem;
        return [
            {
                fingerprint: primary.fingerprint,
                actorId,
                units,
                reason: primary.title,
                component: primary.scoreImpact.component,
            },
        ];
    });
    const componentUnits = buildComponentUnits(deductions);
    const lostUnits = deductions.reduce((sum, d) => sum + d.units, 0);
    const healthScore = roundScore(unitsToPoints(FULL_SCORE_UNITS - lostUnits));
    return {
        actorId,
        healthScore,
        grade: getGrade(healthScore),
        components: componentUnits.map(toComponentResult),
        componentUnits,
        problems,
        lostUnitsByProblem,
        hasFixNow: problems.some((problem) => getProblemUrgency(problem) === 'fix-now'),
    };
}
