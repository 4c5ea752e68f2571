/**
 * One Actor's detail view: key metrics, runs by status (as shares for the stacked bar), its
 * signals (worst first), its components' scores, and links to Apify Console.
 */
import type { ActorSummary, FleetReport, ReportSignal } from '../../../shared/contracts/fleet-report.js';
import { getSeverityRank } from '../../../shared/contracts/signals.js';

export const CONSOLE_ORIGIN = 'https://console.apify.com';

export interface RunStatusSlice {
    status: 'succeeded' | 'failed' | 'timedOut' | 'aborted' | 'inProgress';
    label: string;
    count: number;
    /** 0–1 of all runs. */
    share: number;
    color: string;
}

export interface ActorDetail {
    actor: ActorSummary;
    runSlices: RunStatusSlice[];
    signals: ReportSignal[];
    /** Run id → Console URL, for the evidence of the signals. */
    runUrl: (runId: string) => string;
}

const SLICES: readonly Omit<RunStatusSlice, 'count' | 'share'>[] = [
    { status: 'succeeded', label: 'Succeeded', color: 'var(--vscode-charts-green, #388a34)' },
    { status: 'failed', label: 'Failed', color: 'var(--vscode-charts-red, #e51400)' },
    { status: 'timedOut', label: 'Timed out', color: 'var(--vscode-charts-orange, #d18616)' },
    { status: 'aborted', label: 'Aborted', color: 'var(--vscode-charts-purple, #652d90)' },
    { status: 'inProgress', label: 'In progress', color: 'var(--vscode-charts-blue, #1a85ff)' },
];

export function getRunSlices(runs: ActorSummary['runs']): RunStatusSlice[] {
    return SLICES.map((slice) => ({
        ...slice,
        count: runs[slice.status],
        share: runs.total > 0 ? runs[slice.status] / runs.total : 0,
    }));
}

export function sortSignals(signals: readonly ReportSignal[]): ReportSignal[] {
    return [...signals].sort(
        (a, b) =>
            Number(a.acknowledged) - Number(b.acknowledged) ||
            getSeverityRank(a.severity) - getSeverityRank(b.severity) ||
            b.scoreImpact.points - a.scoreImpact.points ||
            a.fingerprint.localeCompare(b.fingerprint),
    );
}

/** Signals grouped by Actor once per report (a 2,000-Actor report has thousands). */
export function indexSignalsByActor(report: FleetReport): Map<string, ReportSignal[]> {
    const index = new Map<string, ReportSignal[]>();
    for (const signal of report.signals) {
        const list = index.get(signal.actorId) ?? [];
        list.push(signal);
        index.set(signal.actorId, list);
    }
    return index;
}

export function getActorDetail(
    report: FleetReport,
    actorId: string,
    signalsByActor: Map<string, ReportSignal[]>,
): ActorDetail | null {
    const actor = report.actors.find((a) => a.id === actorId);
    if (!actor) return null;
    return {
        actor,
        runSlices: getRunSlices(actor.runs),
        signals: sortSignals(signalsByActor.get(actorId) ?? []),
        runUrl: (runId) => `${CONSOLE_ORIGIN}/actors/${encodeURIComponent(actorId)}/runs/${encodeURIComponent(runId)}`,
    };
}
