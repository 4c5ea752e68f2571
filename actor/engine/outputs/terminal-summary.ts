/**
 * Human summaries of a finished analysis: the one-line terminal status message of a platform
 * run, and the multi-line summary the command line prints.
 */
import type { ActionCard, FleetReport } from '../../../shared/contracts/fleet-report.js';
import { formatCount, formatPercent, formatUsd } from '../../../shared/format/number-format.js';
import { truncateScore } from '../../../shared/scoring/grade.js';
import type { OutputLocations } from './output-sink.js';

/** Console shows the status message in one line; keep it short and lead with the score. */
export function formatTerminalStatus(report: FleetReport): string {
    const fixNow = report.actionPlan.filter((c) => c.bucket === 'fix-now').length;
    const { attention } = report.fleet;
    const parts = [
        `${report.isDemo ? '[DEMO] ' : ''}Fleet Health ${truncateScore(report.fleet.healthScore)}/100 (${report.fleet.grade})`,
        `${attention.actorsNeedingActionNow} of ${attention.actorCount} Actors need action now`,
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

/** "+35 Actor pts, +3.1 fleet pts, $16.25/mo": what fixing the card recovers. */
function formatImpact(card: ActionCard): string {
    return [
        card.impact.actorPoints > 0 ? `+${card.impact.actorPoints.toFixed(0)} Actor pts` : '',
        card.impact.points > 0 ? `+${card.impact.points.toFixed(card.impact.points >= 0.1 ? 1 : 2)} fleet pts` : '',
        card.impact.usdPerMonth > 0 ? `${formatUsd(card.impact.usdPerMonth)}/mo` : '',
    ]
        .filter(Boolean)
        .join(', ');
}

export function formatTerminalSummary(report: FleetReport, locations: OutputLocations): string {
    const lines: string[] = [];
    if (report.isDemo) {
        lines.push('DEMO — a built-in sample fleet served by the local Apify API emulator, not your account.');
        lines.push('       Set APIFY_TOKEN to analyse your own Actors.', '');
    }
    lines.push(
        `Fleet Health Score: ${truncateScore(report.fleet.healthScore)}/100 (grade ${report.fleet.grade})` +
            `${report.account.username ? ` — ${report.account.username}` : ''}`,
    );
    lines.push(report.fleet.attention.summary.replace(/^./, (c) => c.toUpperCase()));
    if (report.fleet.ceiling !== null) {
        lines.push(
            `  (capped while fix-now cards exist: the Actors' stake-weighted mean is ${truncateScore(report.fleet.meanScore, 1)})`,
        );
    }
    lines.push(
        `Window: ${report.window.from.slice(0, 10)} → ${report.window.to.slice(0, 10)} (${report.window.days} days) · ` +
            `${formatCount(report.fleet.actorCount)} Actors · ${formatCount(report.fleet.runCount)} runs · success ${formatPercent(report.fleet.successRate)} · ` +
            `cost ${formatUsd(report.fleet.costUsd)}${report.fleet.isCostComplete ? '' : ' (incomplete)'}`,
    );
    const lost = report.fleet.components.filter((c) => c.score < 100);
    if (lost.length > 0)
        lines.push(`Points lost: ${lost.map((c) => `${c.label} −${(100 - c.score).toFixed(1)}`).join(' · ')}`);
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
                `  ${String(truncateScore(actor.healthScore)).padStart(3)} ${actor.grade}  ${pad(actor.name, 40)} runs ${String(actor.runs.total).padStart(5)}  success ${percentColumn(actor.successRate)}  signals ${actor.signalCount}`,
            );
        }
    }
    const fixes = report.actionPlan.filter((c) => c.bucket !== 'acknowledged').slice(0, TOP_FIXES_SHOWN);
    if (fixes.length > 0) {
        lines.push('', 'Top fixes:');
        for (const card of fixes) {
            const impact = formatImpact(card);
            lines.push(
                `  ${String(card.rank).padStart(2)}. [${card.bucket}] ${card.actorName ?? card.actorId}: ${card.title}${impact ? ` (${impact})` : ''}`,
            );
            lines.push(`      → ${card.fix.split('\n')[0]!.slice(0, 160)}`);
            lines.push(`      why: ${card.why.slice(0, 200)}`);
        }
    }
    if (report.collection.trendStore.note) lines.push('', `Trend store: ${report.collection.trendStore.note}`);
    lines.push('', `OUTPUT:  ${locations.output}`, `REPORT:  ${locations.report}`, `Dataset: ${locations.dataset}`);
    return lines.join('\n');
}
