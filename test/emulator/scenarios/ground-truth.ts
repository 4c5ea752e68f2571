/**
 * The planted incidents with numbers measured on the generated runs (not the intended
 * parameters), so a test or an analysis can compare its own recomputation to them.
 * Definitions follow README.md "Metric definitions": window = [now − 28 days, now), failures = FAILED +
 * TIMED-OUT among terminal runs, ABORTED and in-progress runs left out of rates.
 */
import type { DatasetFixture, RunFixture } from '../state/fixture-schema.js';
import type { GroundTruth } from '../state/emulator-state.js';
import { countWords } from './actor-definitions.js';
import {
    COST_SPIKE_AGE_DAYS,
    DAY_MILLIS,
    EMPTY_DATASETS_AGE_DAYS,
    NULL_SPIKE_AGE_DAYS,
    NULL_SPIKE_FIELD,
    STORE_TEST_FAILING_AGE_DAYS,
} from './actor-behaviours.js';
import type { ActorPlan, FleetPlan } from './fleet-plan.js';

export type Incident = GroundTruth['incidents'][number];
export type IncidentKind = Incident['kind'];

/** Every kind the generator plants; the demo holds each at least once. */
export const INCIDENT_KINDS = [
    'regression-after-build',
    'cost-spike',
    'empty-datasets',
    'schema-drift',
    'stale-actor',
    'memory-overprovisioning',
    'rising-timeouts',
    'low-volume-flaky',
    'null-rate-spike',
    'store-test-failing',
    'public-full-permissions',
    'missing-pricing',
    'thin-readme',
    'personal-data-wording',
    'missing-output-schema',
    'runs-without-cost',
    'deprecated-actor',
    'declared-field-never-produced',
    'store-under-maintenance',
] as const satisfies readonly IncidentKind[];
// Compile-time check that the list above names every kind of the GroundTruth union.
const everyKindListed: Exclude<IncidentKind, (typeof INCIDENT_KINDS)[number]> extends never ? true : never = true;
void everyKindListed;

export const WINDOW_DAYS = 28;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);
const isFailure = (run: RunFixture): boolean => run.status === 'FAILED' || run.status === 'TIMED-OUT';
/** Terminal runs that count in rates (ABORTED is shown, never a failure). */
const isRated = (run: RunFixture): boolean => run.status === 'SUCCEEDED' || isFailure(run);
const iso = (ms: number): string => new Date(ms).toISOString();
const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;
const share = (part: number, whole: number): number | null => (whole === 0 ? null : round4(part / whole));
const median = (values: number[]): number | null => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mean = (values: number[]): number | null =>
    values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;

export interface TrackedActor {
    plan: ActorPlan;
    /** The Actor's runs as the fixture holds them (observed at now), by start time. */
    runs: RunFixture[];
}

interface Context {
    fleet: FleetPlan;
    windowFromMs: number;
    resolveDataset: (datasetId: string) => DatasetFixture | undefined;
}

function failureSummary(runs: RunFixture[]): { runs: number; failed: number; failureRate: number | null } {
    const rated = runs.filter(isRated);
    const failed = rated.filter(isFailure).length;
    return { runs: rated.length, failed, failureRate: share(failed, rated.length) };
}

function inWindow(context: Context, runs: RunFixture[]): RunFixture[] {
    return runs.filter((run) => {
        const startedAtMs = Date.parse(run.startedAt);
        return startedAtMs >= context.windowFromMs && startedAtMs < context.fleet.nowMs;
    });
}

function incident(plan: ActorPlan, kind: IncidentKind, shouldFlag: boolean, detail: Record<string, unknown>): Incident {
    return { kind, actorId: plan.actor.id, actorName: plan.actor.name, shouldFlag, detail };
}

type SchemaProperties = Record<string, { type?: unknown; default?: unknown }>;
function schemaOf(
    definition: Record<string, unknown>,
    pathParts: string[],
): { properties: SchemaProperties; required: string[] } {
    let node: unknown = definition;
    for (const part of pathParts) node = (node as Record<string, unknown> | undefined)?.[part];
    const schema = (node ?? {}) as { properties?: SchemaProperties; required?: string[] };
    return { properties: schema.properties ?? {}, required: schema.required ?? [] };
}

/** Breaking changes between two builds' actorDefinitions, named the way schema-validator should. */
export function diffBreakingChanges(
    previous: Record<string, unknown>,
    latest: Record<string, unknown>,
): Array<Record<string, string>> {
    const changes: Array<Record<string, string>> = [];
    const before = schemaOf(previous, ['storages', 'dataset', 'fields']);
    const after = schemaOf(latest, ['storages', 'dataset', 'fields']);
    for (const [name, property] of Object.entries(before.properties)) {
        const next = after.properties[name];
        if (!next) changes.push({ schema: 'dataset', field: name, change: 'field-removed' });
        else if (JSON.stringify(next.type) !== JSON.stringify(property.type)) {
            changes.push({
                schema: 'dataset',
                field: name,
                change: 'type-changed',
                from: JSON.stringify(property.type),
                to: JSON.stringify(next.type),
            });
        }
    }
    const inputBefore = schemaOf(previous, ['input']);
    const inputAfter = schemaOf(latest, ['input']);
    for (const name of inputAfter.required) {
        const property = inputAfter.properties[name];
        if (!inputBefore.required.includes(name) && property && !('default' in property)) {
            changes.push({ schema: 'input', field: name, change: 'required-without-default' });
        }
    }
    return changes;
}

function regression(context: Context, { plan, runs }: TrackedActor): Incident {
    const latest = plan.servingBuilds[plan.servingBuilds.length - 1]!;
    const previous = plan.servingBuilds[plan.servingBuilds.length - 2]!;
    const windowRuns = inWindow(context, runs);
    const after = windowRuns.filter((run) => run.buildId === latest.id);
    return incident(plan, 'regression-after-build', true, {
        previousBuildNumber: previous.buildNumber,
        buildNumber: latest.buildNumber,
        buildId: latest.id,
        deployedAt: iso(latest.finishedAtMs),
        before: failureSummary(windowRuns.filter((run) => run.buildId === previous.id)),
        after: failureSummary(after),
        exampleFailedRunIds: after
            .filter(isFailure)
            .slice(0, 3)
            .map((run) => run.id),
        expectedBy: ['core', 'release-gate'],
        expectedDecision: { 'release-gate': 'halt', core: 'act_now' },
    });
}

function costSpike(context: Context, { plan, runs }: TrackedActor): Incident {
    const spikeStartMs = context.fleet.nowMs - COST_SPIKE_AGE_DAYS * DAY_MILLIS;
    const costed = inWindow(context, runs).filter(
        (run) => TERMINAL.has(run.status) && typeof run.usageTotalUsd === 'number',
    );
    const summarise = (subset: RunFixture[]): Record<string, unknown> => {
        const costs = subset.map((run) => run.usageTotalUsd!);
        return {
            runs: subset.length,
            costUsd: round4(costs.reduce((sum, v) => sum + v, 0)),
            meanCostPerRunUsd: round4(mean(costs) ?? 0),
            medianCostPerRunUsd: round4(median(costs) ?? 0),
        };
    };
    const baseline = costed.filter((run) => Date.parse(run.startedAt) < spikeStartMs);
    const recent = costed.filter((run) => Date.parse(run.startedAt) >= spikeStartMs);
    const baselineMedian = median(baseline.map((run) => run.usageTotalUsd!)) ?? 0;
    const recentMedian = median(recent.map((run) => run.usageTotalUsd!)) ?? 0;
    return incident(plan, 'cost-spike', true, {
        spikeStartedAt: iso(spikeStartMs),
        cause: 'residential proxy traffic; runtime and compute units unchanged',
        baseline: summarise(baseline),
        recent: summarise(recent),
        medianRatio: baselineMedian > 0 ? Math.round((recentMedian / baselineMedian) * 100) / 100 : null,
        expectedBy: ['cost-watchdog'],
        expectedDecision: { 'cost-watchdog': 'act_now' },
    });
}

function emptyDatasets(context: Context, { plan, runs }: TrackedActor): Incident {
    const sinceMs = context.fleet.nowMs - EMPTY_DATASETS_AGE_DAYS * DAY_MILLIS;
    const succeeded = inWindow(context, runs).filter((run) => run.status === 'SUCCEEDED');
    const emptyOf = (subset: RunFixture[]): RunFixture[] =>
        subset.filter((run) => context.resolveDataset(run.defaultDatasetId)?.itemCount === 0);
    const before = succeeded.filter((run) => Date.parse(run.startedAt) < sinceMs);
    const after = succeeded.filter((run) => Date.parse(run.startedAt) >= sinceMs);
    const emptyAfter = emptyOf(after);
    return incident(plan, 'empty-datasets', true, {
        since: iso(sinceMs),
        before: { succeededRuns: before.length, emptyRuns: emptyOf(before).length },
        after: {
            succeededRuns: after.length,
            emptyRuns: emptyAfter.length,
            emptyShare: share(emptyAfter.length, after.length),
        },
        exampleRunIds: emptyAfter.slice(0, 3).map((run) => run.id),
        expectedBy: ['quality-monitor'],
        expectedDecision: { 'quality-monitor': 'act_now' },
    });
}

function schemaDrift({ plan }: TrackedActor): Incident {
    const latest = plan.servingBuilds[plan.servingBuilds.length - 1]!;
    const previous = plan.servingBuilds[plan.servingBuilds.length - 2]!;
    return incident(plan, 'schema-drift', true, {
        previousBuildNumber: previous.buildNumber,
        buildNumber: latest.buildNumber,
        deployedAt: iso(latest.finishedAtMs),
        breakingChanges: diffBreakingChanges(previous.actorDefinition, latest.actorDefinition),
        expectedBy: ['schema-validator', 'release-gate'],
        expectedDecision: { 'schema-validator': 'act_now', 'release-gate': 'review' },
    });
}

function stale(context: Context, { plan, runs }: TrackedActor): Incident {
    const lastRun = runs[runs.length - 1];
    const lastSucceeded = [...runs].reverse().find((run) => run.status === 'SUCCEEDED');
    const daysSince = (at: string | undefined): number | null =>
        at ? Math.round(((context.fleet.nowMs - Date.parse(at)) / DAY_MILLIS) * 10) / 10 : null;
    return incident(plan, 'stale-actor', true, {
        lastRunAt: lastRun?.startedAt ?? null,
        lastSucceededAt: lastSucceeded?.startedAt ?? null,
        daysSinceLastRun: daysSince(lastRun?.startedAt),
        daysSinceLastSuccess: daysSince(lastSucceeded?.startedAt),
        lastStatusMessage: lastRun?.statusMessage ?? null,
        expectedBy: ['core'],
        expectedDecision: { core: 'monitor' },
    });
}

function memory(context: Context, { plan, runs }: TrackedActor): Incident {
    const finished = inWindow(context, runs).filter(
        (run) => TERMINAL.has(run.status) && run.stats.memMaxBytes !== undefined,
    );
    const utilisations = finished.map((run) => run.stats.memMaxBytes! / (run.memoryMbytes * 1_048_576));
    const maxMemMaxBytes = Math.max(...finished.map((run) => run.stats.memMaxBytes!));
    // Smallest power-of-two size with 2× headroom over the largest observed peak.
    let suggested = 128;
    while (suggested * 1_048_576 < 2 * maxMemMaxBytes) suggested *= 2;
    const costUsd = finished.reduce((sum, run) => sum + (run.usageTotalUsd ?? 0), 0);
    return incident(plan, 'memory-overprovisioning', true, {
        memoryMbytes: plan.memoryMbytes,
        runs: finished.length,
        maxMemMaxBytes,
        maxUtilisation: round4(Math.max(...utilisations)),
        medianUtilisation: round4(median(utilisations) ?? 0),
        suggestedMemoryMbytes: suggested,
        windowCostUsd: round4(costUsd),
        expectedBy: ['cost-watchdog'],
        expectedDecision: { 'cost-watchdog': 'monitor' },
    });
}

function risingTimeouts(context: Context, { plan, runs }: TrackedActor): Incident {
    const weeks: Array<Record<string, unknown>> = [];
    for (let week = 0; week < WINDOW_DAYS / 7; week++) {
        const fromMs = context.windowFromMs + week * 7 * DAY_MILLIS;
        const toMs = fromMs + 7 * DAY_MILLIS;
        const rated = runs.filter((run) => {
            const startedAtMs = Date.parse(run.startedAt);
            return startedAtMs >= fromMs && startedAtMs < toMs && isRated(run);
        });
        const timedOut = rated.filter((run) => run.status === 'TIMED-OUT').length;
        weeks.push({
            from: iso(fromMs),
            to: iso(toMs),
            runs: rated.length,
            timedOut,
            timedOutShare: share(timedOut, rated.length),
        });
    }
    return incident(plan, 'rising-timeouts', true, {
        timeoutSecs: plan.timeoutSecs,
        weeks,
        expectedBy: ['core'],
        expectedDecision: { core: 'act_now' },
    });
}

function lowVolumeFlaky(context: Context, { plan, runs }: TrackedActor): Incident {
    const summary = failureSummary(inWindow(context, runs));
    return incident(plan, 'low-volume-flaky', false, {
        runsInWindow: summary.runs,
        failedInWindow: summary.failed,
        lastRunAt: runs[runs.length - 1]?.startedAt ?? null,
        why: 'Too few runs for any rate to be significant: a sound analysis must not flag a regression or act_now.',
        expectedBy: [],
    });
}

function nullRateSpike(context: Context, { plan, runs }: TrackedActor): Incident {
    const sinceMs = context.fleet.nowMs - NULL_SPIKE_AGE_DAYS * DAY_MILLIS;
    const summarise = (subset: RunFixture[]): Record<string, unknown> => {
        let items = 0;
        let nulls = 0;
        for (const run of subset) {
            const dataset = context.resolveDataset(run.defaultDatasetId);
            const statistics = dataset?.fieldStatistics?.[NULL_SPIKE_FIELD];
            if (!dataset || !statistics) continue;
            items += dataset.itemCount;
            nulls += statistics.nullCount ?? 0;
        }
        return { datasets: subset.length, items, nullCount: nulls, nullRate: share(nulls, items) };
    };
    const succeeded = inWindow(context, runs).filter((run) => run.status === 'SUCCEEDED');
    return incident(plan, 'null-rate-spike', true, {
        field: NULL_SPIKE_FIELD,
        since: iso(sinceMs),
        before: summarise(succeeded.filter((run) => Date.parse(run.startedAt) < sinceMs)),
        after: summarise(succeeded.filter((run) => Date.parse(run.startedAt) >= sinceMs)),
        expectedBy: ['quality-monitor'],
        expectedDecision: { 'quality-monitor': 'act_now' },
    });
}

function storeTestFailing(context: Context, { plan, runs }: TrackedActor): Incident {
    const lastWeekMs = context.fleet.nowMs - 7 * DAY_MILLIS;
    const testRuns = runs.filter(
        (run) => run.origin === 'TEST' && Date.parse(run.startedAt) >= lastWeekMs && TERMINAL.has(run.status),
    );
    const passes = (run: RunFixture): boolean =>
        run.status === 'SUCCEEDED' &&
        (context.resolveDataset(run.defaultDatasetId)?.itemCount ?? 0) > 0 &&
        run.finishedAt !== null &&
        Date.parse(run.finishedAt) - Date.parse(run.startedAt) <= 300_000;
    const lastPassed = [...runs].reverse().find((run) => run.origin === 'TEST' && passes(run));
    return incident(plan, 'store-test-failing', true, {
        failingSince: iso(context.fleet.nowMs - STORE_TEST_FAILING_AGE_DAYS * DAY_MILLIS),
        testRunsLast7Days: testRuns.length,
        testRunsNotPassingLast7Days: testRuns.filter((run) => !passes(run)).length,
        lastPassingTestRunAt: lastPassed?.startedAt ?? null,
        failingTestRunIds: testRuns.filter((run) => !passes(run)).map((run) => run.id),
        notice: plan.actor.notice,
        // The forecast acts only until the notice confirms it; then the notice is the act-now signal.
        expectedBy: ['quality-monitor'],
        expectedDecision: { 'quality-monitor': plan.actor.notice === 'UNDER_MAINTENANCE' ? 'monitor' : 'act_now' },
    });
}

/** Measured from the field statistics of the datasets of the window's runs on the latest build. */
function neverProducedField(context: Context, { plan, runs }: TrackedActor): Incident | null {
    const latest = plan.servingBuilds[plan.servingBuilds.length - 1]!;
    const field = latest.fields.find((spec) => spec.isNeverWritten);
    if (!field) return null;
    let datasets = 0;
    let datasetsWithoutField = 0;
    let items = 0;
    for (const run of inWindow(context, runs)) {
        if (run.buildId !== latest.id) continue;
        const dataset = context.resolveDataset(run.defaultDatasetId);
        if (!dataset || dataset.itemCount === 0) continue;
        datasets++;
        items += dataset.itemCount;
        if (dataset.fieldStatistics?.[field.name]?.emptyCount === dataset.itemCount) datasetsWithoutField++;
    }
    return incident(plan, 'declared-field-never-produced', true, {
        field: field.name,
        isRequired: false,
        buildNumber: latest.buildNumber,
        datasets,
        datasetsWithoutField,
        items,
        expectedBy: ['schema-validator'],
        expectedDecision: { 'schema-validator': 'monitor' },
    });
}

function complianceGaps(context: Context, actor: TrackedActor): Incident[] {
    const { plan } = actor;
    const latest = plan.servingBuilds[plan.servingBuilds.length - 1]!;
    const readme = String(latest.actorDefinition.readme ?? '');
    const neverProduced = neverProducedField(context, actor);
    return [
        ...(neverProduced ? [neverProduced] : []),
        incident(plan, 'public-full-permissions', true, {
            isPublic: true,
            actorPermissionLevel: plan.actor.actorPermissionLevel,
            expectedBy: ['compliance-scanner'],
            expectedDecision: { 'compliance-scanner': 'act_now' },
        }),
        incident(plan, 'missing-pricing', true, {
            isPublic: true,
            pricingInfos: plan.actor.pricingInfos.length,
            expectedBy: ['compliance-scanner'],
            expectedDecision: { 'compliance-scanner': 'monitor' },
        }),
        incident(plan, 'thin-readme', true, {
            readmeWords: countWords(readme),
            minimumWords: 300,
            headings: readme.match(/^#+ .+$/gm) ?? [],
            expectedBy: ['compliance-scanner'],
            expectedDecision: { 'compliance-scanner': 'monitor' },
        }),
        incident(plan, 'personal-data-wording', true, {
            terms: ['emails', 'phone numbers'],
            note: 'flag for review; not legal advice',
            expectedBy: ['compliance-scanner'],
            expectedDecision: { 'compliance-scanner': 'monitor' },
        }),
        incident(plan, 'missing-output-schema', true, {
            hasDatasetSchema: true,
            hasOutputSchema: 'output' in latest.actorDefinition,
            expectedBy: ['compliance-scanner'],
            expectedDecision: { 'compliance-scanner': 'monitor' },
        }),
    ];
}

function runsWithoutCost(context: Context, { plan, runs }: TrackedActor): Incident {
    const windowRuns = inWindow(context, runs).filter((run) => TERMINAL.has(run.status));
    return incident(plan, 'runs-without-cost', true, {
        runsInWindow: windowRuns.length,
        runsWithoutCost: windowRuns.filter((run) => run.usageTotalUsd === null).length,
        expectedBy: ['core', 'cost-watchdog'],
        expectedDecision: { 'cost-watchdog': 'monitor' },
    });
}

function deprecated(context: Context, { plan, runs }: TrackedActor): Incident {
    const lastWeekMs = context.fleet.nowMs - 7 * DAY_MILLIS;
    return incident(plan, 'deprecated-actor', true, {
        isDeprecated: true,
        notice: plan.actor.notice ?? null,
        runsLast7Days: runs.filter((run) => Date.parse(run.startedAt) >= lastWeekMs).length,
        expectedBy: ['compliance-scanner'],
        expectedDecision: { 'compliance-scanner': 'monitor' },
    });
}

function underMaintenance({ plan }: TrackedActor): Incident {
    return incident(plan, 'store-under-maintenance', true, {
        notice: 'UNDER_MAINTENANCE',
        rule: 'the daily automated test did not pass on the last 3 consecutive days',
        expectedBy: ['compliance-scanner'],
        expectedDecision: { 'compliance-scanner': 'act_now' },
    });
}

/** Whether generation must keep this Actor's runs to measure its ground truth. */
export function isTracked(plan: ActorPlan): boolean {
    return (
        (plan.behaviour !== 'healthy' && plan.behaviour !== 'own-actor') ||
        plan.missingCostRate > 0 ||
        plan.actor.isDeprecated
    );
}

export function buildGroundTruth(
    fleet: FleetPlan,
    tracked: readonly TrackedActor[],
    resolveDataset: Context['resolveDataset'],
): GroundTruth {
    const context: Context = { fleet, windowFromMs: fleet.nowMs - WINDOW_DAYS * DAY_MILLIS, resolveDataset };
    const incidents: Incident[] = [];
    for (const actor of tracked) {
        switch (actor.plan.behaviour) {
            case 'regression':
                incidents.push(regression(context, actor));
                break;
            case 'cost-spike':
                incidents.push(costSpike(context, actor));
                break;
            case 'empty-datasets':
                incidents.push(emptyDatasets(context, actor));
                break;
            case 'schema-drift':
                incidents.push(schemaDrift(actor));
                break;
            case 'stale':
                incidents.push(stale(context, actor));
                break;
            case 'memory-overprovisioned':
                incidents.push(memory(context, actor));
                break;
            case 'rising-timeouts':
                incidents.push(risingTimeouts(context, actor));
                break;
            case 'flaky-one-of-two':
            case 'flaky-two-of-five':
                incidents.push(lowVolumeFlaky(context, actor));
                break;
            case 'null-rate-spike':
                incidents.push(nullRateSpike(context, actor));
                break;
            case 'store-test-failing':
                incidents.push(storeTestFailing(context, actor));
                break;
            case 'compliance-gaps':
                incidents.push(...complianceGaps(context, actor));
                break;
            default:
                break;
        }
        if (actor.plan.missingCostRate > 0) incidents.push(runsWithoutCost(context, actor));
        if (actor.plan.actor.isDeprecated) incidents.push(deprecated(context, actor));
        if (actor.plan.actor.notice === 'UNDER_MAINTENANCE') incidents.push(underMaintenance(actor));
    }
    return { scenario: fleet.spec.name, seed: fleet.seed, now: iso(fleet.nowMs), incidents };
}
