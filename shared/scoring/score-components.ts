/**
 * The Health Score components: where a signal's points are lost (its `scoreImpact.component`).
 * Since score model 2 they are a breakdown, not weights: a component's score is 100 minus
 * the points lost in it, and the points lost in all components add up to 100 − score.
 */
import type { ScoreComponentId } from '../contracts/signals.js';

export const COMPONENT_LABELS: Readonly<Record<ScoreComponentId, string>> = Object.freeze({
    reliability: 'Reliability',
    trend: 'Trend',
    'data-quality': 'Data quality',
    cost: 'Cost',
    freshness: 'Freshness',
    compliance: 'Compliance',
});

/** Order in which components are listed in reports. */
export const COMPONENT_ORDER: readonly ScoreComponentId[] = Object.freeze([
    'reliability',
    'trend',
    'data-quality',
    'cost',
    'freshness',
    'compliance',
]);
