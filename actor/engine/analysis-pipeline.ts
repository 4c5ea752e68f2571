/**
 * runFleetAnalysis: one complete analysis, from the API to a validated FleetReport, with the
 * trend store updated. SDK-free: the Actor (actor/sdk/main.ts), the command line (actor/engine/cli.ts)
 * and the VS Code extension's local mode call this same function, so the same fleet gives the
 * same numbers everywhere.
 *
 *   window → collect (day cache) → check the input against the fleet → specialists (inline, or
 *   one run per specialist and shard: fan-out/) →
 *   history (snapshots, baseline, ACKS) → buildFleetReport → alert webhook → validate →
 *   persist (day cache, snapshot, retention)
 *
 * Nothing is written to the trend store before the analysis is known to be valid: an input
 * that turns out to be wrong (a pattern matching no Actor) fails with InvalidInputError and
 * leaves the store as it was. OUTPUT, the dataset and REPORT go to the caller's OutputSink
 * (actor/outputs: the SDK's default storages, or local files), before the trend store.
 */
import type { ApifyClient } from 'apify-client';
import {
    getAnalysisThresholds,
    InvalidInputError,
    type ActorInput,
    type InputProblem,
} from '../../shared/contracts/actor-input.js';
import type { FleetData } from '../../shared/contracts/fleet-data.js';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';
import { buildFleetReport } from '../../shared/analysis/build-fleet-report.js';
import type { SpecialistRunInfo } from '../../shared/analysis/merge-signals.js';
import {
    buildSnapshot,
    getSnapshotScoreModel,
    pickBaselineSnapshot,
    pickPreviousSnapshot,
    selectAlertSignals,
    snapshotKey,
} from '../../shared/analysis/snapshot.js';
import { MS_PER_DAY } from '../../shared/metrics/day-periods.js';
import { SCORE_MODEL_VERSION } from '../../shared/scoring/score-model.js';
import { getWeeklyTrendPeriods } from '../../shared/metrics/weekly-trend.js';
import { collectFleet, type CollectionProgress } from './collection/collect-fleet.js';
import { originsKeyOf } from './collection/collection-cache.js';
import { compileActorNameMatcher } from './collection/name-patterns.js';
import type { TaskRunner } from './collection/task-runner.js';
import { deliverAlert, type AlertPayload } from './alerts/webhook.js';
import { writeAnalysisOutputs, type OutputSink } from './outputs/output-sink.js';
import { runSpecialistsInline, warmUpInputSchemaValidator } from './specialists-inline.js';
import { runSpecialistsAsRuns, type FanOutPlatform } from './fan-out/run-specialists-as-runs.js';
import { createTrendStoreDayCache } from './trend-store/day-cache.js';
import { loadAcks, loadReportSnapshots, pruneSnapshots, saveSnapshot } from './trend-store/trend-history.js';
import type { TrendStoreAdapter } from './trend-store/trend-store-adapter.js';

export interface FleetAnalysisLog {
    info(message: string): void;
    warning(message: string): void;
}

export interface FleetAnalysisParams {
    /** Reads the fleet: the user's (scoped) token or the run's own. */
    fleetClient: ApifyClient;
    input: ActorInput;
    trendStore: TrendStoreAdapter;
    /** The analysis time. On the platform the run's start (stable across a migration). */
    now: Date;
    isDemo: boolean;
    /** This run's id (snapshot key); null for local runs. */
    runId: string | null;
    onStatus?: (message: string) => void;
    signal?: AbortSignal;
    taskRunner?: TaskRunner;
    /** Requests in flight during collection. */
    concurrency?: number;
    fetchImpl?: typeof fetch;
    /** Links put into the alert payload (the run's records); no tokens. */
    alertLinks?: AlertPayload['links'];
    log?: FleetAnalysisLog;
    /**
     * Where OUTPUT, the dataset rows and REPORT go. Written before the trend store is touched,
     * so a run whose outputs could not be written leaves no snapshot behind.
     */
    outputSink?: OutputSink;
    /**
     * `executionMode: "runs"` needs the platform (this Actor's id and default store); without
     * it (local runs) the specialists run inline and the report says so.
     */
    fanOut?: FanOutPlatform;
}

export interface FleetAnalysisResult {
    report: FleetReport;
    fleetData: FleetData;
    /** null when nothing was persisted (the fleet could not be listed). */
    snapshotKey: string | null;
    prunedSnapshotKeys: string[];
    /** The token may not list the account's Actors ("Actors: Read"): the report is empty. */
    isFleetUnlisted: boolean;
}

/**
 * Whole UTC days, as the collection requires: the window ends at the midnight after `now`
 * (today's runs so far are included) and spans `lookbackDays` days.
 */
export function computeAnalysisWindow(now: Date, lookbackDays: number): { from: Date; to: Date } {
    const todayStartMs = Math.floor(now.getTime() / MS_PER_DAY) * MS_PER_DAY;
    const toMs = todayStartMs === now.getTime() ? todayStartMs : todayStartMs + MS_PER_DAY;
    return { from: new Date(toMs - lookbackDays * MS_PER_DAY), to: new Date(toMs) };
}

/**
 * An include pattern that matches no Actor is almost always a typo; analysing "nothing" and
 * reporting a perfect score would hide it. `knownActorNames` are the analysed Actors plus
 * the ones only the exclude patterns removed.
 */
export function findUnmatchedIncludePatterns(
    includeActors: readonly string[],
    analysedActorNames: readonly string[],
): InputProblem[] {
    return includeActors.flatMap((pattern, index) => {
        const matcher = compileActorNameMatcher([pattern], []);
        if (analysedActorNames.some((name) => matcher.matches(name))) return [];
        return [
            {
                path: `includeActors[${index}]`,
                problem: `"${pattern}" matches no Actor of this account (after "Exclude Actors" was applied).`,
                fix: 'Check the spelling against the Actor names in Console (Actors → My Actors), use "username/actor-name" or a "*" wildcard, or remove the pattern.',
            },
        ];
    });
}

export async function runFleetAnalysis(params: FleetAnalysisParams): Promise<FleetAnalysisResult> {
    const { input, trendStore, now } = params;
    const nowIso = now.toISOString();
    const log = params.log ?? { info: () => undefined, warning: () => undefined };
    const status = (message: string): void => params.onStatus?.(message);
    const window = computeAnalysisWindow(now, input.lookbackDays);
    /** Milliseconds per stage, logged at the end: where an analysis spends its time. */
    const stageMs: Record<string, number> = {};
    let stageStartedMs = performance.now();
    const endStage = (name: string): void => {
        const nowMs = performance.now();
        stageMs[name] = Math.round(nowMs - stageStartedMs);
        stageStartedMs = nowMs;
    };

    // 1. Collect, reusing the cached days of the previous analysis.
    const dayCache = createTrendStoreDayCache(trendStore, {
        originsKey: originsKeyOf(input.origins),
        isReadEnabled: input.useDailyCache,
    });
    status('Listing Actors…');
    // CPU work the inline analysis needs anyway, done while the collection waits on the API.
    const warmUp =
        input.specialists.includes('schema-validator') && !(input.executionMode === 'runs' && params.fanOut)
            ? warmUpInputSchemaValidator()
            : Promise.resolve();
    // Earlier snapshots do not depend on the collection: read them while it runs. (A failure
    // surfaces where the snapshots are awaited; the catch only keeps it from going unhandled.)
    const snapshotsPromise = loadReportSnapshots(
        trendStore,
        nowIso,
        getWeeklyTrendPeriods({ from: window.from.toISOString(), to: window.to.toISOString() }),
    );
    snapshotsPromise.catch(() => undefined);
    const fleetData = await collectFleet({
        client: params.fleetClient,
        window,
        include: input.includeActors,
        exclude: input.excludeActors,
        origins: input.origins,
        dayCache,
        now,
        // The collection words its progress for people ("Collected runs of 120/200 Actors…").
        onProgress: (progress: CollectionProgress) => status(progress.message),
        ...(params.signal ? { signal: params.signal } : {}),
        ...(params.taskRunner ? { taskRunner: params.taskRunner } : {}),
        ...(params.concurrency ? { concurrency: params.concurrency } : {}),
    });

    endStage('collect');

    // 2. The input against the fleet: only when the Actors could be listed at all.
    const isFleetUnlisted = fleetData.collection.missingPermissions.includes('Actors: Read');
    if (input.includeActors.length > 0 && !isFleetUnlisted) {
        const problems = findUnmatchedIncludePatterns(
            input.includeActors,
            fleetData.actors.map((a) => a.actor.name),
        );
        if (problems.length > 0) {
            dayCache.discard();
            throw new InvalidInputError(problems);
        }
    }

    // 3. Specialists: inline, or one run of this Actor per specialist and shard (fan-out/).
    let specialistDocuments: unknown[];
    let specialistRuns: SpecialistRunInfo[];
    if (input.executionMode === 'runs' && params.fanOut && input.specialists.length > 0) {
        const fanOut = await runSpecialistsAsRuns({
            fleetClient: params.fleetClient,
            fleetData,
            input,
            generatedAt: nowIso,
            platform: params.fanOut,
            onStatus: status,
            log,
        });
        specialistDocuments = fanOut.documents;
        specialistRuns = fanOut.runs;
    } else {
        if (input.executionMode === 'runs' && !params.fanOut) {
            const reason =
                'executionMode "runs" starts runs of this Actor on the Apify platform; outside it the specialists ran inline in this process (same results).';
            log.warning(reason);
            fleetData.collection.skipped.push({ what: 'separate specialist runs', reason });
        }
        await warmUp;
        status(`Analysing ${fleetData.actors.length} Actors…`);
        const inline = runSpecialistsInline(fleetData, input, { generatedAt: nowIso, runId: null });
        specialistDocuments = inline.documents;
        specialistRuns = inline.runs;
    }

    endStage('specialists');

    // 4. History.
    const { snapshots, invalidKeys } = await snapshotsPromise;
    if (invalidKeys.length > 0)
        log.warning(
            `${invalidKeys.length} snapshot record(s) in the trend store do not match the snapshot contract and were skipped.`,
        );
    const baseline = pickBaselineSnapshot(snapshots, nowIso);
    const previous = pickPreviousSnapshot(snapshots, nowIso);
    const { acks, error: acksError } = await loadAcks(trendStore);
    if (acksError) log.warning(acksError);
    const trendStoreInfo = {
        ...trendStore.info,
        note: [trendStore.info.note, acksError].filter(Boolean).join(' ') || null,
    };

    // 5. The report (validated inside), then the alert, then validated again with the alert.
    let report = buildFleetReport({
        fleetData,
        signalDocuments: specialistDocuments,
        specialistRuns,
        baseline,
        acks,
        generatedAt: nowIso,
        isDemo: params.isDemo,
        trendStore: trendStoreInfo,
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
        thresholds: getAnalysisThresholds(input),
        // Scores of an older score model are left out of the weekly line (no fake jump).
        scoreHistory: snapshots
            .filter((s) => getSnapshotScoreModel(s.snapshot) === SCORE_MODEL_VERSION)
            .map((s) => ({ at: s.snapshot.generatedAt, healthScore: s.snapshot.fleet.healthScore })),
    });
    endStage('history+report');
    if (input.alertWebhookUrl) {
        status('Sending the alert webhook…');
        const alert = await deliverAlert({
            url: input.alertWebhookUrl,
            report,
            signals: selectAlertSignals(report.signals, previous),
            ...(params.alertLinks ? { links: params.alertLinks } : {}),
            ...(params.fetchImpl ? { fetchImpl: params.fetchImpl } : {}),
        });
        // buildFleetReport validated the rest; the alert is the only new part.
        report = { ...report, alert: fleetReportSchema.shape.alert.parse(alert) };
    }
    if (params.outputSink) {
        status('Writing OUTPUT, the dataset and REPORT…');
        report = await writeAnalysisOutputs(params.outputSink, report);
    }
    endStage('alert+outputs');

    // 6. Persist history: the analysis is valid now. An empty report of a fleet that could not
    // be listed would read as "score 100, no Actors" in the trend: keep it out.
    if (isFleetUnlisted) {
        dayCache.discard();
        return { report, fleetData, snapshotKey: null, prunedSnapshotKeys: [], isFleetUnlisted };
    }
    status('Saving the trend snapshot…');
    const key = snapshotKey(nowIso, params.runId);
    // Independent records: written in parallel. Pruning only removes snapshots older than the
    // retention, never the one just written.
    const [cachedCount] = await Promise.all([
        dayCache.flush(),
        saveSnapshot(trendStore, key, buildSnapshot(report, params.runId)),
    ]);
    const pruned = await pruneSnapshots(trendStore, nowIso, input.snapshotRetentionDays);
    endStage('trend-store');
    log.info(
        `Trend store "${trendStore.info.name}" (${trendStore.info.mode}): snapshot ${key}, ${cachedCount} cached Actor histories, ${pruned.length} expired snapshots removed.`,
    );
    log.info(
        `Stage times (ms): ${Object.entries(stageMs)
            .map(([name, ms]) => `${name} ${ms}`)
            .join(', ')}.`,
    );
    return { report, fleetData, snapshotKey: key, prunedSnapshotKeys: pruned, isFleetUnlisted };
}
