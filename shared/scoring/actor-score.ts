/**
 * Per-Actor Health Score.
 *
 * Each component starts at 100 and loses the `scoreImpact.points` of the Actor's signals in
 * that component that are neither `ignore` decisions nor acknowledged. Deductions are taken
 * largest first; once a component reaches 0 further signals deduct only what is left (so
 * the deductions add up exactly to 100 − component score, and a signal that deducts nothing
 * is not listed). Actor score = Σ weight × component score.
 */
import type { Deduction, Grade, ScoreComponentResult } from '../contracts/fleet-report.js';
import type { ScoreComponentId, Signal } from '../contracts/signals.js';
import { getGrade } from './grade.js';
import { COMPONENT_LABELS, COMPONENT_ORDER, COMPONENT_WEIGHTS } from './score-weights.js';
import { FULL_SCORE_UNITS, pointsToUnits, unitsToPoints } from './score-units.js';

export type ScorableSignal = Pick<Signal, 'fingerprint' | 'actorId' | 'decision' | 'title' | 'scoreImpact'> & {
    acknowledged: boolean;
};

/** A deduction in exact units (see score-units.ts). */
export interface DeductionUnits {
    fingerprint: string;
    actorId: string;
    units: number;
    reason: string;
}

export interface ComponentScoreUnits {
    id: ScoreComponentId;
    /** 0 … FULL_SCORE_UNITS. */
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
}

/** Two decimals for published scores. */
export function roundScore(score: number): number {
    return Math.round(score * 100) / 100;
}

export function isDeducting(signal: Pick<ScorableSignal, 'decision' | 'acknowledged'>): boolean {
    return signal.decision !== 'ignore' && !signal.acknowledged;
}

export function toComponentResult(component: ComponentScoreUnits): ScoreComponentResult {
    return {
        id: component.id,
        label: COMPONENT_LABELS[component.id],
        weight: COMPONENT_WEIGHTS[component.id],
        score: unitsToPoints(component.scoreUnits),
        deductions: component.deductions.map((d): Deduction => ({
            fingerprint: d.fingerprint,
            points: unitsToPoints(d.units),
            reason: d.reason,
            actorId: d.actorId,
        })),
    };
}

/** Σ weight × component score, from exact units. */
export function getWeightedScore(components: readonly ComponentScoreUnits[]): number {
    let total = 0;
    for (const component of components) total += COMPONENT_WEIGHTS[component.id] * unitsToPoints(component.scoreUnits);
    return roundScore(total);
}

/** @param signals any signals; only this Actor's deducting ones are used. */
export function computeActorScore(actorId: string, signals: readonly ScorableSignal[]): ActorScore {
    const own = signals
        .filter((signal) => signal.actorId === actorId && isDeducting(signal))
        .sort((a, b) => b.scoreImpact.points - a.scoreImpact.points || a.fingerprint.localeCompare(b.fingerprint));
    const componentUnits = COMPONENT_ORDER.map((id): ComponentScoreUnits => {
        let remaining = FULL_SCORE_UNITS;
        const deductions: DeductionUnits[] = [];
        for (const signal of own) {
            if (signal.scoreImpact.component !== id) continue;
            const units = Math.min(remaining, pointsToUnits(signal.scoreImpact.points));
            if (units <= 0) continue;
            remaining -= units;
            deductions.push({ fingerprint: signal.fingerprint, actorId, units, reason: signal.title });
        }
        return { id, scoreUnits: remaining, deductions };
    });
    const healthScore = getWeightedScore(componentUnits);
    return {
        actorId,
        healthScore,
        grade: getGrade(healthScore),
        components: componentUnits.map(toComponentResult),
        componentUnits,
    };
}
