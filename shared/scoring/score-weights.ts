/**
 * The published weights of the Health Score components (README "Health Score"). They add up
 * to exactly 1 (tested), so a score is a weighted mean of component scores on 0–100.
 */
import type { ScoreComponentId } from '../contracts/signals.js';

export const COMPONENT_WEIGHTS: Readonly<Record<ScoreComponentId, number>> = Object.freeze({
    // Runs that fail are the first thing users and schedules feel: the largest share.
    reliability: 0.3,
    // A regression is reliability that is getting worse: caught early it is cheap to fix.
    trend: 0.2,
    // Succeeded-but-wrong data (empty datasets, schema drift) is as bad as a failure, but
    // its signals are noisier (field statistics are sampled): a bit less than trend.
    'data-quality': 0.15,
    // Money wasted (spikes, over-provisioned memory) matters, but rarely breaks anything.
    cost: 0.15,
    // Stale or silently dead Actors: important, few signals, usually easy to decide on.
    freshness: 0.1,
    // Store listing quality and policy: matters for public Actors only, hence the smallest share.
    compliance: 0.1,
});

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
