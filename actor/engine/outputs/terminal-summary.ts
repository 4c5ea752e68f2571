/**
 * Human summaries of a finished analysis: the one-line terminal status message of a platform
 * run, and the multi-line summary the command line prints.
 */
import type { FleetReport } from '../../../shared/contracts/fleet-report.js';
import { formatCount, formatPercent, formatUsd } from '../../../shared/format/number-format.js';
import type { OutputLocations } from './output-sink.js';

/** Console shows the status message in one line; keep it short and lead with the score. */
export function formatTerminalStatus(report: FleetReport): string {
    const fixNow = report.actionPlan.filter((c) => c.bucket === 'fix-now').length;
    const parts = [
        `${report.isDemo ? '[DEMO] ' : ''}Fleet Health ${Math.round(report.fleet.healthScore)}/100 (${report.fleet.grade})`,
        `${formatCount(report.fleet.actorCount)} Actors, ${formatCount(report.fleet.runCount)} runs`,
        `${fixNow} to fix now`,
    ];
    if (report.collection.partial)
        parts.push(`partial: missing ${report.collection.missingPermissions.join(', ') || 'some data'}`);
    if (report.alert.status === 'failed') parts.push('alert webhook failed');
    return `${parts.join(' · ')}. See OUTPUT and REPORT.`;
}

const WORST_ACTORS_SHOWN = 5;
const TOP_FIXES_SHOWN = 5;

function pad(text: string, width: number): string {
    return text.length >= width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** Right-aligned in the "Worst Actors" column: "100.0 %" is the widest. */
function percentColumn(rate: number | null): string {
    return formatPercent(rate).padStart('100.0 %'.length);
}

export function formatTerminalSummary(report: FleetReport, locations: OutputLocations): string {
    const lines: string[] = [];
    if (report.isDemo) {
        lines.push('DEMO — a built-in sample fleet served by the local Apify API emulator, not your account.');
        lines.push('       Set APIFY_TOKEN to analyse your own Actors.', '');
    }
    lines.push(
        `Fleet Health Score: ${Math.round(report.fleet.healthScore)}/100 (grade ${report.fleet.grade})` +
            `${report.account.username ? ` — ${report.account.username}` : ''}`,
    );
    lines.push(
        `Window: ${report.window.from.slice(0, 10)} → ${report.window.to.slice(0, 10)} (${report.window.days} days) · ` +
            `${formatCount(report.fleet.actorCount)} Actors · ${formatCount(report.fleet.runCount)} runs · success ${formatPercent(report.fleet.successRate)} · ` +
            `cost ${formatUsd(report.fleet.costUsd)}${report.fleet.isCostComplete ? '' : ' (incomplete)'}`,
    );
    lines.push(`Components: ${report.fleet.components.map((c) => `${c.label} ${Math.round(c.score)}`).join(' · ')}`);
    if (report.collection.partial) {
        lines.push(
            `PARTIAL: missing permission(s) ${report.collection.missingPermissions.join(', ') || '(see OUTPUT.collection)'}`,
        );
    }
    const worst = [...report.actors]
        .sort((a, b) => a.healthScore - b.healthScore || a.name.localeCompare(b.name))
        .slice(0, WORST_ACTORS_SHOWN);
    if (worst.length > 0) {
        lines.push('', 'Worst Actors:');
        for (const actor of worst) {
            lines.push(
                `  ${String(Math.round(actor.healthScore)).padStart(3)} ${actor.grade}  ${pad(actor.name, 40)} runs ${String(actor.runs.total).padStart(5)}  success ${percentColumn(actor.successRate)}  signals ${actor.signalCount}`,
            );
        }
    }
    const fixes = report.actionPlan.filter((c) => c.bucket !== 'acknowledged').slice(0, TOP_FIXES_SHOWN);
    if (fixes.length > 0) {
        lines.push('', 'Top fixes:');
        for (const card of fixes) {
            const impact = [
                card.impact.points > 0 ? `+${card.impact.points.toFixed(1)} pts` : '',
                card.impact.usdPerMonth > 0 ? `${formatUsd(card.impact.usdPerMonth)}/mo` : '',
            ]
                .filter(Boolean)
                .join(', ');
            lines.push(
                `  ${String(card.rank).padStart(2)}. [${card.bucket}] ${card.actorName ?? card.actorId}: ${card.title}${impact ? ` (${impact})` : ''}`,
            );
            lines.push(`      → ${card.fix.split('\n')[0]!.slice(0, 160)}`);
        }
    }
    if (report.collection.trendStore.note) lines.push('', `Trend store: ${report.collection.trendStore.note}`);
    lines.push('', `OUTPUT:  ${locations.output}`, `REPORT:  ${locations.report}`, `Dataset: ${locations.dataset}`);
    return lines.join('\n');
}
