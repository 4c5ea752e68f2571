/**
 * What the tree, the status bar and the notifications show, computed from a FleetReport.
 * Pure (no VS Code), unit-tested: icons are codicon ids, colours theme colour ids.
 */
import type { ActorSummary, FleetReport, Grade, ReportSignal } from '../../shared/contracts/fleet-report.js';
import { getSeverityRank, SEVERITY_ICONS, type Severity } from '../../shared/contracts/signals.js';
import { formatCount, formatPercent, formatUsd } from '../../shared/format/number-format.js';
import { MS_PER_DAY } from '../../shared/metrics/day-periods.js';
import { truncateScore } from '../../shared/scoring/grade.js';

/** What every tree item shows (codicon id and theme colour id). */
interface TreeNodeModel {
    actorId: string;
    label: string;
    description: string;
    tooltip: string;
    icon: string;
    colorId: string | undefined;
}

export interface ActorNodeModel extends TreeNodeModel {
    consoleUrl: string;
    signals: SignalNodeModel[];
}

/** A signal under its Actor. */
export interface SignalNodeModel extends TreeNodeModel {
    fingerprint: string;
    isAcknowledged: boolean;
}

const GRADE_ICON: Record<Grade, { icon: string; colorId: string | undefined }> = {
    A: { icon: 'pass', colorId: 'testing.iconPassed' },
    B: { icon: 'pass', colorId: 'testing.iconPassed' },
    C: { icon: 'warning', colorId: 'list.warningForeground' },
    D: { icon: 'warning', colorId: 'list.warningForeground' },
    F: { icon: 'error', colorId: 'list.errorForeground' },
};

/** Theme colour per severity; the icon comes from the one severity list (SEVERITY_ICONS). */
const SEVERITY_COLOR_ID: Record<Severity, string | undefined> = {
    critical: 'list.errorForeground',
    high: 'list.errorForeground',
    medium: 'list.warningForeground',
    low: undefined,
    info: undefined,
};

function isSignalAcknowledged(signal: ReportSignal, extraAcknowledged: ReadonlySet<string>): boolean {
    return signal.acknowledged || extraAcknowledged.has(signal.fingerprint);
}

function signalNode(signal: ReportSignal, extraAcknowledged: ReadonlySet<string>): SignalNodeModel {
    const isAcknowledged = isSignalAcknowledged(signal, extraAcknowledged);
    const look = isAcknowledged
        ? { icon: 'check', colorId: undefined }
        : { icon: SEVERITY_ICONS[signal.severity], colorId: SEVERITY_COLOR_ID[signal.severity] };
    const decision = signal.decision === 'act_now' ? 'act now' : signal.decision;
    return {
        fingerprint: signal.fingerprint,
        actorId: signal.actorId,
        label: signal.title,
        description: isAcknowledged
            ? `acknowledged · ${signal.source}`
            : `${signal.severity} · ${decision} · ${signal.source}`,
        tooltip: `${signal.title}\n\n${signal.detail}\n\nFix: ${signal.fix}`,
        icon: look.icon,
        colorId: look.colorId,
        isAcknowledged,
    };
}

/** Worst first (lowest health score), then by name; signals most severe first, acknowledged last. */
export function buildFleetTreeModel(
    report: FleetReport,
    extraAcknowledged: ReadonlySet<string> = new Set(),
): ActorNodeModel[] {
    const signalsByActor = new Map<string, ReportSignal[]>();
    for (const signal of report.signals) {
        const list = signalsByActor.get(signal.actorId) ?? [];
        list.push(signal);
        signalsByActor.set(signal.actorId, list);
    }
    const actors = [...report.actors].sort((a, b) => a.healthScore - b.healthScore || a.name.localeCompare(b.name));
    return actors.map((actor) => {
        const signals = (signalsByActor.get(actor.id) ?? [])
            .map((s) => ({ s, acked: isSignalAcknowledged(s, extraAcknowledged) }))
            .sort(
                (a, b) =>
                    Number(a.acked) - Number(b.acked) ||
                    getSeverityRank(a.s.severity) - getSeverityRank(b.s.severity) ||
                    a.s.title.localeCompare(b.s.title),
            )
            .map(({ s }) => signalNode(s, extraAcknowledged));
        const open = signals.filter((s) => !s.isAcknowledged).length;
        const look = GRADE_ICON[actor.grade];
        return {
            actorId: actor.id,
            label: actor.title ?? actor.name,
            description: `${truncateScore(actor.healthScore)} ${actor.grade}${open > 0 ? ` · ${open} signal${open === 1 ? '' : 's'}` : ''}`,
            tooltip: actorTooltip(actor),
            icon: look.icon,
            colorId: look.colorId,
            consoleUrl: actor.consoleUrl,
            signals,
        };
    });
}

function actorTooltip(actor: ActorSummary): string {
    return [
        `${actor.name}: health ${truncateScore(actor.healthScore)} (${actor.grade})`,
        `Runs: ${formatCount(actor.runs.total)} (${formatCount(actor.runs.failed)} failed, ${formatCount(actor.runs.timedOut)} timed out)`,
        `Success rate: ${formatPercent(actor.successRate)}`,
        `Cost: ${formatUsd(actor.costUsd)}${actor.isCostComplete ? '' : ' (incomplete)'}`,
        actor.lastRunAt ? `Last run: ${actor.lastRunAt}` : 'No run in the window',
    ].join('\n');
}

/** ↑ / ↓ / → against the baseline snapshot (or the weekly trend); '' when there is none. */
export function trendArrowOf(report: FleetReport): string {
    const baseline = report.deltas.vsBaseline?.healthScore ?? null;
    let previous = baseline;
    if (previous === null) {
        const scored = report.trend.filter((p) => p.healthScore !== null && p.healthScore !== undefined);
        previous = scored.length >= 2 ? (scored[scored.length - 2]!.healthScore ?? null) : null;
    }
    if (previous === null) return '';
    const delta = report.fleet.healthScore - previous;
    if (Math.abs(delta) < 0.5) return '→';
    return delta > 0 ? '↑' : '↓';
}

export interface StatusBarModel {
    text: string;
    tooltip: string;
}

export function buildStatusBarModel(report: FleetReport, workspaceActor: ActorSummary | null): StatusBarModel {
    const arrow = trendArrowOf(report);
    const fleet = `Fleet ${truncateScore(report.fleet.healthScore)} ${report.fleet.grade}${arrow ? ` ${arrow}` : ''}`;
    const own = workspaceActor
        ? ` · ${workspaceActor.name} ${truncateScore(workspaceActor.healthScore)} ${workspaceActor.grade}`
        : '';
    const fixNow = report.actionPlan.filter((c) => c.bucket === 'fix-now').length;
    return {
        text: `$(pulse) ${fleet}${own}`,
        tooltip: [
            `Fleet Health Score ${truncateScore(report.fleet.healthScore)} (${report.fleet.grade}) across ${report.fleet.actorCount} Actors`,
            `${report.fleet.attention.summary} · ${fixNow} fix-now card${fixNow === 1 ? '' : 's'}`,
            `Analysed ${report.generatedAt}`,
            workspaceActor
                ? `This workspace: ${workspaceActor.name} ${truncateScore(workspaceActor.healthScore)} (${workspaceActor.grade})`
                : '',
            'Click to open the dashboard.',
        ]
            .filter(Boolean)
            .join('\n'),
    };
}

export interface NotificationFilter {
    level: 'all' | 'workspace' | 'off';
    /** Actor ids of the open workspace (for level "workspace"). */
    workspaceActorIds: readonly string[];
    /** Fingerprints already notified about in earlier analyses. */
    alreadyNotified: ReadonlySet<string>;
    /** Acknowledged since the report was made (kept locally or not yet re-analysed). */
    extraAcknowledged?: ReadonlySet<string>;
}

/** New act-now signals nobody acknowledged and nobody was told about yet. */
export function selectSignalsToNotify(report: FleetReport, filter: NotificationFilter): ReportSignal[] {
    if (filter.level === 'off') return [];
    return report.signals.filter(
        (s) =>
            s.decision === 'act_now' &&
            !s.acknowledged &&
            !filter.extraAcknowledged?.has(s.fingerprint) &&
            !filter.alreadyNotified.has(s.fingerprint) &&
            (filter.level === 'all' || filter.workspaceActorIds.includes(s.actorId)),
    );
}

/** One notification for all of them. */
export function formatSignalNotification(signals: readonly ReportSignal[]): string {
    const first = signals.slice(0, 3).map((s) => `${s.actorName ?? s.actorId}: ${s.title}`);
    const more = signals.length > 3 ? ` and ${signals.length - 3} more` : '';
    return `${signals.length} new act-now signal${signals.length === 1 ? '' : 's'}: ${first.join('; ')}${more}.`;
}

/** Bounded memory of notified fingerprints: the newest win. */
export function rememberNotified(previous: readonly string[], added: readonly string[], max = 2000): string[] {
    const set = new Set(previous);
    for (const f of added) {
        set.delete(f);
        set.add(f);
    }
    const all = [...set];
    return all.slice(Math.max(0, all.length - max));
}

/** Matches the name from `.actor/actor.json` to an Actor of the report. */
export function findWorkspaceActor(report: FleetReport, actorJsonName: string): ActorSummary | null {
    const name = actorJsonName.trim();
    return (
        report.actors.find((a) => a.name === name || a.name.endsWith(`/${name}`) || a.name.split('/').pop() === name) ??
        null
    );
}

/** Is rotation due? `savedAtMs` null (unknown) = never. */
export function isRotationDue(
    savedAtMs: number | null,
    nowMs: number,
    rotationDays: number,
    snoozedUntilMs: number | null = null,
): boolean {
    if (savedAtMs === null) return false;
    if (snoozedUntilMs !== null && nowMs < snoozedUntilMs) return false;
    return nowMs - savedAtMs >= rotationDays * MS_PER_DAY;
}

/** Which `.actor/` file a signal is about: by the words in its kind. */
export function targetFileOf(signal: Pick<ReportSignal, 'kind'>): string {
    if (/dataset/.test(signal.kind)) return 'dataset_schema.json';
    if (/input/.test(signal.kind)) return 'input_schema.json';
    if (/output/.test(signal.kind)) return 'output_schema.json';
    return 'actor.json';
}
