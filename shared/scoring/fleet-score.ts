/**
 * Fleet Health Score: the run-volume-weighted mean of the Actors' scores.
 *
 *     weight(a)  = √(runs of a in the window) + 1
 *     share(a)   = weight(a) / Σ weight
 *     component  = Σ share(a) · component(a)            (per component)
 *     fleet      = Σ componentWeight · component         (= Σ share(a) · score(a))
 *
 * √ lets an Actor with 10,000 runs count ~100× one with 0–1 runs, not 10,000×; the +1 keeps
 * Actors without runs in the mean (a broken, never-run public Actor still matters).
 * Each fleet deduction is an Actor's deduction × share(a), so a fleet component's
 * deductions add up exactly to 100 − its score (rounded by largest remainder in units of
 * 1/10,000 point). An empty fleet scores 100 with no deductions.
 */
import type { Grade, ScoreComponentResult } from '../contracts/fleet-report.js';
import type { ScoreComponentId } from '../contracts/signals.js';
import type { ComponentScoreUnits, DeductionUnits } from './actor-score.js';
import { getWeightedScore, toComponentResult } from './actor-score.js';
import { getGrade } from './grade.js';
import { COMPONENT_ORDER } from './score-weights.js';
import { apportionToIntegers, FULL_SCORE_UNITS } from './score-units.js';

export interface FleetScoreInput {
    actorId: string;
    /** Runs in the window (all statuses). */
    runCount: number;
    componentUnits: readonly ComponentScoreUnits[];
}

export interface FleetScore {
    healthScore: number;
    grade: Grade;
    components: ScoreComponentResult[];
    componentUnits: ComponentScoreUnits[];
    /** share(a) by Actor id. */
    actorShares: Map<string, number>;
}

export function getActorWeight(runCount: number): number {
    return Math.sqrt(Math.max(0, runCount)) + 1;
}

export function computeFleetScore(actors: readonly FleetScoreInput[]): FleetScore {
    const totalWeight = actors.reduce((sum, actor) => sum + getActorWeight(actor.runCount), 0);
    const actorShares = new Map(
        actors.map((actor) => [actor.actorId, totalWeight > 0 ? getActorWeight(actor.runCount) / totalWeight : 0]),
    );
    const componentUnits = COMPONENT_ORDER.map((id: ScoreComponentId): ComponentScoreUnits => {
        const sources: DeductionUnits[] = [];
        const scaled: number[] = [];
        for (const actor of actors) {
            const share = actorShares.get(actor.actorId)!;
            const component = actor.componentUnits.find((c) => c.id === id);
            for (const deduction of component?.deductions ?? []) {
                sources.push(deduction);
                scaled.push(deduction.units * share);
            }
        }
        const units = apportionToIntegers(scaled);
        const deductions = sources
            .map((deduction, index) => ({ ...deduction, units: units[index]! }))
            .filter((deduction) => deduction.units > 0)
            .sort((a, b) => b.units - a.units || a.fingerprint.localeCompare(b.fingerprint));
        const lost = deductions.reduce((sum, d) => sum + d.units, 0);
        return { id, scoreUnits: Math.max(0, FULL_SCORE_UNITS - lost), deductions };
    });
    const healthScore = getWeightedScore(componentUnits);
    return {
        healthScore,
        grade: getGrade(healthScore),
        components: componentUnits.map(toComponentResult),
        componentUnits,
        actorShares,
    };
}
