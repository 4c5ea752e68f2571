/**
 * The fleet score panel: grade, components (score, points lost) and their largest
 * deductions, each resolved to where the user can see it: the signal (by fingerprint) on its
 * Actor's detail view. Deductions of a component add up exactly to 100 − its score
 * (shared/scoring), so the panel can say "why 73" without rounding surprises.
 */
import type { FleetReport, ScoreComponentResult } from '../../../shared/contracts/fleet-report.js';

export interface DeductionView {
    fingerprint: string;
    points: number;
    reason: string;
    /** The Actor whose detail view shows the signal; null when neither the deduction nor a signal names one. */
    actorId: string | null;
    actorName: string | null;
    /** False when no signal in the report has this fingerprint (the link opens the Actor only). */
    hasSignal: boolean;
}

export interface ComponentView {
    id: ScoreComponentResult['id'];
    label: string;
    score: number;
    /** Fleet points this component costs: 100 − score (score model 2: they add up to 100 − fleet score). */
    fleetPointsLost: number;
    deductionCount: number;
    /** The largest first, at most `limit`. */
    deductions: DeductionView[];
}

export function getComponentViews(report: FleetReport, limit = 5): ComponentView[] {
    const actorNames = new Map(report.actors.map((a) => [a.id, a.name]));
    const signalActor = new Map(report.signals.map((s) => [s.fingerprint, s.actorId]));
    return report.fleet.components.map((component) => {
        const sorted = [...component.deductions].sort(
            (a, b) => b.points - a.points || a.fingerprint.localeCompare(b.fingerprint),
        );
        return {
            id: component.id,
            label: component.label,
            score: component.score,
            fleetPointsLost: 100 - component.score,
            deductionCount: component.deductions.length,
            deductions: sorted.slice(0, limit).map((d): DeductionView => {
                const actorId = d.actorId ?? signalActor.get(d.fingerprint) ?? null;
                return {
                    fingerprint: d.fingerprint,
                    points: d.points,
                    reason: d.reason,
                    actorId,
                    actorName: actorId ? (actorNames.get(actorId) ?? null) : null,
                    hasSignal: signalActor.has(d.fingerprint),
                };
            }),
        };
    });
}
