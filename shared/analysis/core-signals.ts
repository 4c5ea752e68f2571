/**
 * The orchestrator's own analysis (source `core`): reliability, trend and freshness checks,
 * and whether the cost figures it publishes are complete, over the collected FleetData, returned as a SIGNALS v1
 * document like any specialist's.
 * Checks live one per file in `core-checks/`; each is deterministic and reads only FleetData.
 */
import type { FleetData } from '../contracts/fleet-data.js';
import { signalsDocumentSchema, type SignalsDocument } from '../contracts/signals.js';
import type { ActorMetrics } from '../metrics/actor-metrics.js';
import { computeActorMetrics } from '../metrics/actor-metrics.js';
import { buildCoreCheckContext, type CoreCheck } from './core-checks/check-context.js';
import { checkCostDataIncomplete } from './core-checks/cost-data-incomplete.js';
import { checkFailureRegression } from './core-checks/failure-regression.js';
import { checkHighFailureRate } from './core-checks/high-failure-rate.js';
import { checkStaleActor } from './core-checks/stale-actor.js';
import { checkStuckRuns } from './core-checks/stuck-runs.js';
import { checkTimeoutRegression } from './core-checks/timeout-regression.js';
import { checkDurationRising } from './core-checks/duration-rising.js';
import { buildOutageSignal, detectFleetOutages } from './core-checks/fleet-outages.js';
import { computeFleetTrends } from './core-checks/fleet-trends.js';
import { resolveCoreThresholds, type CoreThresholds } from './core-thresholds.js';

export const CORE_CHECKS: readonly CoreCheck[] = Object.freeze([
    checkHighFailureRate,
    checkFailureRegression,
    checkTimeoutRegression,
    checkDurationRising,
    checkStaleActor,
    checkStuckRuns,
    checkCostDataIncomplete,
]);

export interface CoreAnalysisOptions {
    generatedAt: string;
    thresholds?: Partial<CoreThresholds>;
    /** Precomputed metrics by Actor id (buildFleetReport passes them to avoid recomputing). */
    metricsByActorId?: ReadonlyMap<string, ActorMetrics>;
}

export function analyseCoreSignals(fleetData: FleetData, options: CoreAnalysisOptions): SignalsDocument {
    const thresholds = resolveCoreThresholds(options.thresholds);
    const signals = [];
    const errors: SignalsDocument['errors'] = [];
    const contexts = fleetData.actors.map((actorData) => {
        const metrics =
            options.metricsByActorId?.get(actorData.actor.id) ?? computeActorMetrics(actorData, fleetData.window);
        return buildCoreCheckContext(actorData, metrics, fleetData.window, thresholds);
    });
    // Fleet-level passes first: outages across Actors, then every Actor × metric trend test in
    // one Benjamini-Hochberg family (the per-Actor checks read the results from the context).
    const outages = detectFleetOutages(fleetData.actors, fleetData.window);
    const outageDaysByActorId = new Map<string, Set<string>>();
    for (const outage of outages) {
        signals.push(buildOutageSignal(outage));
        for (const entry of outage.actors)
            outageDaysByActorId.set(
                entry.actorId,
                (outageDaysByActorId.get(entry.actorId) ?? new Set()).add(outage.day),
            );
    }
    const trends = computeFleetTrends(contexts, outageDaysByActorId);
    for (const context of contexts) {
        const actorData = context.actorData;
        const actorTrends = trends.rates.get(actorData.actor.id);
        if (actorTrends) context.trends = actorTrends;
        context.durationTrend = trends.durations.get(actorData.actor.id) ?? null;
        for (const check of CORE_CHECKS) signals.push(...check(context));
        const runsMissing = actorData.missing.find((m) => m.part === 'runs');
        if (runsMissing)
            errors.push({
                actorId: actorData.actor.id,
                message: `Runs not read: ${runsMissing.reason}`.slice(0, 1000),
            });
    }
    // Parse: the core's own output meets the same contract as a specialist's (fails loudly in tests).
    return signalsDocumentSchema.parse({
        schemaVersion: 1,
        specialist: 'core',
        runId: null,
        generatedAt: options.generatedAt,
        window: fleetData.window,
        actorIds: fleetData.actors.map((a) => a.actor.id),
        status: errors.length > 0 ? 'partial' : 'complete',
        errors,
        signals,
    });
}
