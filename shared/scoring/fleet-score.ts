/**
 * Fleet Health Score (score model 2, README "Fleet Health Score").
 *
 *     weight(a) = mean of the shares of a in each stake dimension the fleet has:
 *                 1/N (every Actor counts), runs(a)/Σ runs, spend(a)/Σ spend,
 *                 public(a)/Σ public (Store Actors: people outside the account use them)
 *     mean      = Σ weight(a) · score(a)
 *     trouble   = Σ weight(a) · (100 − score(a)) over the Actors with a fix-now problem
 *     ceiling   = 89 − trouble   when any fix-now problem exists (else none)
 *     fleet     = min(mean, ceiling)
 *
 * The mean says how healthy the fleet's work is; the ceiling keeps the headline honest when
 * it is not: no A while something must be fixed now, and the points the Actors in trouble lose
 * count from that B ceiling, so a single broken Actor in 2,000 still reads 88.95 (B, not
 * rounded away) and a quarter of the fleet broken reads about 66 (D) where the mean alone
 * would say 77 (C).
 *
 * Every lost fleet point is traced: an Actor's deduction × weight(a), plus the ceiling's
 * extra loss shared among the fix-now problems by weight(a) × the points they cost their
 * Actor; both rounded by largest remainder so that the deductions add up exactly to 100 − score.
 */
import type { Grade, ScoreComponentResult } from '../contracts/fleet-report.js';
import type { ActorScore, ComponentScoreUnits, DeductionUnits } from './actor-score.js';
import { buildComponentUnits, roundScore, toComponentResult } from './actor-score.js';
import { getGrade } from './grade.js';
import { getProblemUrgency } from './problems.js';
import { apportionToIntegers, FULL_SCORE_UNITS, unitsToPoints } from './score-units.js';

/** The best score a fleet with a fix-now problem can have: a B, never an A. */
export const FLEET_CEILING_WITH_FIX_NOW = 89;

export interface FleetScoreInput {
    actorId: string;
    /** Runs in the window (all statuses). */
    runCount: number;
    /** Projected monthly spend (see fleet-metrics.ts). */
    monthlyCostUsd: number;
    isPublic: boolean;
    score: ActorScore;
}

export interface FleetScore {
    healthScore: number;
    grade: Grade;
    components: ScoreComponentResult[];
    componentUnits: ComponentScoreUnits[];
    /** weight(a) by Actor id; they add up to 1. */
    actorShares: Map<string, number>;
    /** Σ weight · score, before the ceiling. */
    meanScore: number;
    /** The ceiling, or null when no fix-now problem exists. */
    ceiling: number | null;
    /** Σ weight of the Actors with a fix-now problem. */
    troubleShare: number;
    /** Σ weight · points lost of the Actors with a fix-now problem. */
    troubleLoss: number;
    fixNowProblemCount: number;
}

/** weight(a): the mean of a's shares over the stake dimensions the fleet has (see top). */
export function computeActorShares(actors: readonly Omit<FleetScoreInput, 'score'>[]): Map<string, number> {
    const totalRuns = actors.reduce((sum, a) => sum + Math.max(0, a.runCount), 0);
    const totalSpend = actors.reduce((sum, a) => sum + Math.max(0, a.monthlyCostUsd), 0);
    const publicCount = actors.filter((a) => a.isPublic).length;
    const dimensions: ((a: Omit<FleetScoreInput, 'score'>) => number)[] = [() => 1 / actors.length];
    if (totalRuns > 0) dimensions.push((a) => Math.max(0, a.runCount) / totalRuns);
    if (totalSpend > 0) dimensions.push((a) => Math.max(0, a.monthlyCostUsd) / totalSpend);
    if (publicCount > 0) dimensions.push((a) => (a.isPublic ? 1 / publicCount : 0));
    return new Map(
        actors.map((a) => [a.actorId, dimensions.reduce((sum, share) => sum + share(a), 0) / dimensions.length]),
    );
}

/** The Actor's score from its exact units (healthScore is rounded to 2 decimals). */
export function getExactScore(score: Pick<ActorScore, 'componentUnits'>): number {
    const lost = score.componentUnits.reduce((sum, c) => sum + (FULL_SCORE_UNITS - c.scoreUnits), 0);
    return unitsToPoints(Math.max(0, FULL_SCORE_UNITS - lost));
}

export function getFleetCeiling(fixNowProblemCount: number, troubleLoss: number): number | null {
    if (fixNowProblemCount === 0) return null;
    return Math.max(0, FLEET_CEILING_WITH_FIX_NOW - troubleLoss);
}

/** The deductions behind the ceiling: its extra loss over the fix-now problems. */
function getCeilingDeductions(
    actors: readonly FleetScoreInput[],
    shares: ReadonlyMap<string, number>,
    extraLossUnits: number,
): { deduction: DeductionUnits; scaled: number }[] {
    const parts = actors.flatMap((actor) =>
        actor.score.problems
            .filter((problem) => getProblemUrgency(problem) === 'fix-now')
            .map((problem) => ({
                actor,
                problem,
                stake: shares.get(actor.actorId)! * Math.max(problem.penalty, 1e-9),
            })),
    );
    const totalStake = parts.reduce((sum, p) => sum + p.stake, 0);
    if (extraLossUnits <= 0 || totalStake <= 0) return [];
    return parts.map(({ actor, problem, stake }) => ({
        deduction: {
            fingerprint: problem.primary.fingerprint,
            actorId: actor.actorId,
            units: 0,
            reason: problem.primary.title,
            component: problem.primary.scoreImpact.component,
        },
        scaled: (extraLossUnits * stake) / totalStake,
    }));
}

/** Adds up deductions of the same fingerprint (mean part + ceiling part). */
function combineByFingerprint(deductions: readonly DeductionUnits[]): DeductionUnits[] {
    const byFingerprint = new Map<string, DeductionUnits>();
    for (const d of deductions) {
        const existing = byFingerprint.get(d.fingerprint);
        if (existing) existing.units += d.units;
        else byFingerprint.set(d.fingerprint, { ...d });
    }
    return [...byFingerprint.values()];
}

export function computeFleetScore(actors: readonly FleetScoreInput[]): FleetScore {
    const actorShares = computeActorShares(actors);
    const meanScore = actors.reduce((sum, a) => sum + actorShares.get(a.actorId)! * getExactScore(a.score), 0);
    const fixNowProblemCount = actors.reduce(
        (sum, a) => sum + a.score.problems.filter((p) => getProblemUrgency(p) === 'fix-now').length,
        0,
    );
    const troubled = actors.filter((a) => a.score.hasFixNow);
    const troubleShare = troubled.reduce((sum, a) => sum + actorShares.get(a.actorId)!, 0);
    const troubleLoss = troubled.reduce(
        (sum, a) => sum + actorShares.get(a.actorId)! * (100 - getExactScore(a.score)),
        0,
    );
    const ceiling = getFleetCeiling(fixNowProblemCount, troubleLoss);
    const exact = actors.length === 0 ? 100 : Math.min(meanScore, ceiling ?? 100);

    const meanParts = actors.flatMap((actor) =>
        actor.score.componentUnits.flatMap((component) =>
            component.deductions.map((deduction) => ({
                deduction,
                scaled: deduction.units * actorShares.get(actor.actorId)!,
            })),
        ),
    );
    const extraLossUnits = (meanScore - exact) * (FULL_SCORE_UNITS / 100);
    const parts = [...meanParts, ...getCeilingDeductions(actors, actorShares, extraLossUnits)];
    const units = apportionToIntegers(parts.map((p) => p.scaled));
    const deductions = combineByFingerprint(parts.map((p, i) => ({ ...p.deduction, units: units[i]! })));
    const componentUnits = buildComponentUnits(deductions);
    const lostUnits = componentUnits.reduce((sum, c) => sum + (FULL_SCORE_UNITS - c.scoreUnits), 0);
    const healthScore = roundScore(unitsToPoints(Math.max(0, FULL_SCORE_UNITS - lostUnits)));
    return {
        healthScore,
        grade: getGrade(healthScore),
        components: componentUnits.map(toComponentResult),
        componentUnits,
        actorShares,
        meanScore,
        ceiling,
        troubleShare,
        troubleLoss,
        fixNowProblemCount,
    };
}

export interface ProblemRecovery {
    /** Actor score points recovered when the problem is fixed. */
    actorPoints: number;
    /** Fleet score points recovered (the mean and, when it binds, the ceiling). */
    fleetPoints: number;
}

/**
 * What fixing one problem recovers: the Actor's score without it (the other problems'
 * penalties, clamped at 0) and the fleet score with that Actor's new score and, if it was the
 * Actor's last fix-now problem, without its loss in the trouble (else with its smaller loss). Acknowledged problems
 * report what they would cost if the acknowledgement lapsed.
 */
export function computeProblemRecovery(fleet: FleetScore, actor: FleetScoreInput, problemKey: string): ProblemRecovery {
    const problems = actor.score.problems;
    const problem = problems.find((p) => p.key === problemKey);
    if (!problem) return { actorPoints: 0, fleetPoints: 0 };
    const share = fleet.actorShares.get(actor.actorId) ?? 0;
    const scoreNow = getExactScore(actor.score);
    if (problem.penalty === 0) {
        const wouldCost = Math.min(problem.potentialPenalty, scoreNow);
        return { actorPoints: wouldCost, fleetPoints: wouldCost * share };
    }
    const others = problems.filter((p) => p.key !== problemKey);
    const scoreWithout = Math.max(0, 100 - others.reduce((sum, p) => sum + p.penalty, 0));
    const actorPoints = Math.max(0, scoreWithout - scoreNow);
    const isFixNow = getProblemUrgency(problem) === 'fix-now';
    const actorStaysInTrouble = others.some((p) => getProblemUrgency(p) === 'fix-now');
    const lossNow = actor.score.hasFixNow ? share * (100 - scoreNow) : 0;
    const lossWithout = actorStaysInTrouble ? share * (100 - scoreWithout) : 0;
    const troubleLoss = Math.max(0, fleet.troubleLoss - lossNow + lossWithout);
    const ceiling = getFleetCeiling(fleet.fixNowProblemCount - (isFixNow ? 1 : 0), troubleLoss);
    const fleetWithout = Math.min(fleet.meanScore + share * actorPoints, ceiling ?? 100);
    const fleetNow = Math.min(fleet.meanScore, fleet.ceiling ?? 100);
    return { actorPoints, fleetPoints: Math.max(0, fleetWithout - fleetNow) };
}
