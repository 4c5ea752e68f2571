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
import { createTrendStoreDayCache, type BufferedDayCache } from './trend-store/day-cache.js';
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

/** Milliseconds per stage, logged at the end: where an analysis spends its time. */
class StageTimer {
    private readonly stageMs: Record<string, number> = {};
    private startedMs = performance.now();

    end(name: string): void {
        const nowMs = performance.now();
        this.stageMs[name] = Math.round(nowMs - this.startedMs);
        this.startedMs = nowMs;
    }

    summary(): string {
        return `Stage times (ms): ${Object.entries(this.stageMs)
            .map(([name, ms]) => `${name} ${ms}`)
            .join(', ')}.`;
    }
}

const SILENT_LOG: FleetAnalysisLog = { info: () => undefined, warning: () => undefined };

interface AnalysisRun {
    params: FleetAnalysisParams;
    nowIso: string;
    log: FleetAnalysisLog;
    status(message: string): void;
}

type ReportSnapshots = Awaited<ReturnType<typeof loadReportSnapshots>>;

/**
 * Collects the fleet through the day cache. Meanwhile the earlier snapshots are read and the
 * schema validator warmed up, which do not depend on the collection. (A snapshot read failure
 * surfaces where they are awaited; the catch only keeps it from going unhandled.)
 */
async function collectStage(
    run: AnalysisRun,
    dayCache: BufferedDayCache,
): Promise<{ fleetData: FleetData; snapshots: Promise<ReportSnapshots>; warmUp: Promise<void> }> {
    const { params, nowIso, status } = run;
    const { input, now } = params;
    const window = computeAnalysisWindow(now, input.lookbackDays);
    status('Listing Actors…');
    // CPU work the inline analysis needs anyway, done while the collection waits on the API.
    const warmUp =
        input.specialists.includes('schema-validator') && !(input.executionMode === 'runs' && params.fanOut)
            ? warmUpInputSchemaValidator()
            : Promise.resolve();
    const snapshots = loadReportSnapshots(
        params.trendStore,
        nowIso,
        getWeeklyTrendPeriods({ from: window.from.toISOString(), to: window.to.toISOString() }),
    );
    snapshots.catch(() => undefined);
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
    return { fleetData, snapshots, warmUp };
}

/** Specialists: inline, or one run of this Actor per specialist and shard (fan-out/). */
async function specialistsStage(
    run: AnalysisRun,
    fleetData: FleetData,
    warmUp: Promise<void>,
): Promise<{ documents: unknown[]; runs: SpecialistRunInfo[] }> {
    const { params, nowIso, log, status } = run;
    const { input } = params;
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
        return { documents: fanOut.documents, runs: fanOut.runs };
    }
    if (input.executionMode === 'runs' && !params.fanOut) {
        const reason =
            'executionMode "runs" starts runs of this Actor on the Apify platform; outside it the specialists ran inline in this process (same results).';
        log.warning(reason);
        fleetData.collection.skipped.push({ what: 'separate specialist runs', reason });
    }
    await warmUp;
    status(`Analysing ${fleetData.actors.length} Actors…`);
    const inline = runSpecialistsInline(fleetData, input, { generatedAt: nowIso, runId: null });
    return { documents: inline.documents, runs: inline.runs };
}

/** The report from the collected fleet, the specialists' documents and the history. */
async function reportStage(
    run: AnalysisRun,
    fleetData: FleetData,
    specialists: { documents: unknown[]; runs: SpecialistRunInfo[] },
    snapshotsPromise: Promise<ReportSnapshots>,
): Promise<{ report: FleetReport; previous: ReturnType<typeof pickPreviousSnapshot> }> {
    const { params, nowIso, log } = run;
    const { trendStore } = params;
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
    // Validated inside.
    const report = buildFleetReport({
        fleetData,
        signalDocuments: specialists.documents,
        specialistRuns: specialists.runs,
        baseline,
        acks,
        generatedAt: nowIso,
        isDemo: params.isDemo,
        trendStore: trendStoreInfo,
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
        thresholds: getAnalysisThresholds(params.input),
        // Scores of an older score model are left out of the weekly line (no fake jump).
        scoreHistory: snapshots
            .filter((s) => getSnapshotScoreModel(s.snapshot) === SCORE_MODEL_VERSION)
            .map((s) => ({ at: s.snapshot.generatedAt, healthScore: s.snapshot.fleet.healthScore })),
    });
    return { report, previous };
}

/** The alert webhook (the report validated again with its outcome), then OUTPUT, dataset and REPORT. */
async function alertAndOutputsStage(
    run: AnalysisRun,
    built: { report: FleetReport; previous: ReturnType<typeof pickPreviousSnapshot> },
): Promise<FleetReport> {
    const { params, status } = run;
    let { report } = built;
    if (params.input.alertWebhookUrl) {
        status('Sending the alert webhook…');
        const alert = await deliverAlert({
            url: params.input.alertWebhookUrl,
            report,
            signals: selectAlertSignals(report.signals, built.previous),
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
    return report;
}

/**
 * The day cache and the snapshot, written in parallel (independent records); then expired
 * snapshots are pruned (never the one just written). Returns the snapshot key and what was pruned.
 */
async function persistStage(
    run: AnalysisRun,
    dayCache: BufferedDayCache,
    report: FleetReport,
): Promise<{ key: string; pruned: string[]; cachedCount: number }> {
    const { params, nowIso } = run;
    const { trendStore } = params;
    run.status('Saving the trend snapshot…');
    const key = snapshotKey(nowIso, params.runId);
    const [cachedCount] = await Promise.all([
        dayCache.flush(),
        saveSnapshot(trendStore, key, buildSnapshot(report, params.runId)),
    ]);
    const pruned = await pruneSnapshots(trendStore, nowIso, params.input.snapshotRetentionDays);
    return { key, pruned, cachedCount };
}

export async function runFleetAnalysis(params: FleetAnalysisParams): Promise<FleetAnalysisResult> {
    const { input, trendStore } = params;
    const run: AnalysisRun = {
        params,
        nowIso: params.now.toISOString(),
        log: params.log ?? SILENT_LOG,
        status: (message) => params.onStatus?.(message),
    };
    const timer = new StageTimer();

    // 1. Collect, reusing the cached days of the previous analysis.
    const dayCache = createTrendStoreDayCache(trendStore, {
        originsKey: originsKeyOf(input.origins),
        isReadEnabled: input.useDailyCache,
    });
    const { fleetData, snapshots, warmUp } = await collectStage(run, dayCache);
    timer.end('collect');

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

    // 3. Specialists.
    const specialists = await specialistsStage(run, fleetData, warmUp);
    timer.end('specialists');

    // 4. History and the report; 5. the alert and the outputs.
    const built = await reportStage(run, fleetData, specialists, snapshots);
    timer.end('history+report');
    const report = await alertAndOutputsStage(run, built);
    timer.end('alert+outputs');

    // 6. Persist history: the analysis is valid now. An empty report of a fleet that could not
    // be listed would read as "score 100, no Actors" in the trend: keep it out.
    if (isFleetUnlisted) {
        dayCache.discard();
        return { report, fleetData, snapshotKey: null, prunedSnapshotKeys: [], isFleetUnlisted };
    }
    const { key, pruned, cachedCount } = await persistStage(run, dayCache, report);
    timer.end('trend-store');
    run.log.info(
        `Trend store "${trendStore.info.name}" (${trendStore.info.mode}): snapshot ${key}, ${cachedCount} cached Actor histories, ${pruned.length} expired snapshots removed.`,
    );
    run.log.info(timer.summary());
    return { report, fleetData, snapshotKey: key, prunedSnapshotKeys: pruned, isFleetUnlisted };
}
