/**
 * The `REPORT` record: one self-contained HTML page (inline CSS and SVG, no scripts, no
 * external resources — a CSP meta tag forbids them) that a person would rather read than the
 * JSON: the score and its components, the action plan, the Actor table and weekly charts.
 *
 * Pure: FleetReport in, string out. Every value from the report is escaped, because signal
 * titles and Actor names come from the account (and from specialist runs) and must not be
 * able to inject markup.
 */
import type { ActionCard, ActorSummary, FleetReport } from '../contracts/fleet-report.js';
import {
    formatCount,
    formatDeduction,
    formatDurationSecs,
    formatPercent,
    formatPercentPointsDelta,
    formatScore,
    formatScoreDelta,
    formatUsd,
} from '../format/number-format.js';
import { truncateScore } from '../scoring/grade.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
    return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:) as text. */
function safeHref(url: string): string | null {
    return /^https?:\/\//i.test(url) ? escapeHtml(url) : null;
}

const GRADE_COLORS: Record<string, string> = { A: '#1a7f37', B: '#4d8f1f', C: '#b08800', D: '#cf6b00', F: '#cf222e' };

function gradeColor(grade: string): string {
    return GRADE_COLORS[grade] ?? '#57606a';
}

function renderScore(report: FleetReport): string {
    const { fleet } = report;
    const color = gradeColor(fleet.grade);
    // A ring gauge: circumference of r=52 is 2πr ≈ 326.7.
    const circumference = 2 * Math.PI * 52;
    const filled = (Math.max(0, Math.min(100, fleet.healthScore)) / 100) * circumference;
    return `<section class="score">
<svg width="140" height="140" viewBox="0 0 140 140" role="img" aria-label="Fleet Health Score ${escapeHtml(fleet.healthScore)} of 100">
<circle cx="70" cy="70" r="52" fill="none" stroke="#eaeef2" stroke-width="14"/>
<circle cx="70" cy="70" r="52" fill="none" stroke="${color}" stroke-width="14" stroke-dasharray="${filled.toFixed(1)} ${circumference.toFixed(1)}" transform="rotate(-90 70 70)"/>
<text x="70" y="72" text-anchor="middle" font-size="34" font-weight="700" fill="#24292f">${escapeHtml(truncateScore(fleet.healthScore))}</text>
<text x="70" y="96" text-anchor="middle" font-size="14" fill="${color}">grade ${escapeHtml(fleet.grade)}</text>
</svg>
<div class="facts">
<div class="attention"><b>${escapeHtml(fleet.attention.summary)}</b></div>
${fleet.ceiling !== null ? `<div class="muted">Capped at ${formatScore(fleet.ceiling)} while fix-now cards exist (stake-weighted mean of the Actors ${formatScore(fleet.meanScore)})</div>` : ''}
<div><b>${formatCount(fleet.actorCount)}</b> Actors · <b>${formatCount(fleet.runCount)}</b> runs</div>
<div>Success rate <b>${formatPercent(fleet.successRate)}</b> (week over week ${formatPercentPointsDelta(report.deltas.weekOverWeek.successRate)})</div>
<div>Cost <b>${formatUsd(fleet.costUsd)}</b>${fleet.isCostComplete ? '' : ` <span class="warn">(incomplete: ${escapeHtml(fleet.runsWithoutCost)} runs without cost data)</span>`} · projected ${formatUsd(fleet.projectedMonthlyCostUsd)}/month</div>
${report.deltas.vsBaseline ? `<div>Since ${escapeHtml(report.deltas.vsBaseline.snapshotAt.slice(0, 10))}: score ${report.deltas.vsBaseline.scoreModelChanged ? 'not compared (the score formula changed)' : formatScoreDelta(report.deltas.vsBaseline.healthScore)}, ${escapeHtml(report.deltas.vsBaseline.newSignals)} new and ${escapeHtml(report.deltas.vsBaseline.resolvedSignals)} resolved signals</div>` : '<div class="muted">No baseline snapshot about 7 days old yet: deltas appear after a week of runs.</div>'}
</div>
</section>`;
}

function renderComponents(report: FleetReport): string {
    const rows = report.fleet.components
        .map((c) => {
            const deductions = [...c.deductions]
                .sort((a, b) => b.points - a.points)
                .slice(0, 5)
                .map(
                    (d) =>
                        `<li>${formatDeduction(d.points)} ${escapeHtml(d.reason)} <code>${escapeHtml(d.fingerprint)}</code></li>`,
                )
                .join('');
            return `<tr><td>${escapeHtml(c.label)}</td><td class="num">−${escapeHtml((100 - c.score).toFixed(1))}</td>
<td><div class="bar"><span style="width:${Math.max(0, Math.min(100, c.score)).toFixed(0)}%;background:${c.score >= 80 ? '#1a7f37' : c.score >= 60 ? '#b08800' : '#cf222e'}"></span></div></td>
<td class="num">${escapeHtml(c.score.toFixed(0))}</td><td>${deductions ? `<ul class="deductions">${deductions}</ul>` : '<span class="muted">no deductions</span>'}</td></tr>`;
        })
        .join('\n');
    return `<section><h2>Why this score</h2><table><thead><tr><th>Component</th><th>Points lost</th><th></th><th>Score</th><th>Largest deductions</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

const BUCKET_TITLES: Record<ActionCard['bucket'], string> = {
    'fix-now': 'Fix now',
    'this-week': 'This week',
    improve: 'Improve',
    acknowledged: 'Acknowledged',
};

function renderActionPlan(report: FleetReport): string {
    if (report.actionPlan.length === 0)
        return '<section><h2>Action plan</h2><p class="muted">Nothing to do: no signals.</p></section>';
    const buckets = (Object.keys(BUCKET_TITLES) as ActionCard['bucket'][])
        .map((bucket) => {
            const cards = report.actionPlan.filter((c) => c.bucket === bucket);
            if (cards.length === 0) return '';
            const items = cards
                .map((c) => {
                    const impact = [
                        c.impact.actorPoints > 0 ? `+${c.impact.actorPoints.toFixed(1)} Actor points` : '',
                        c.impact.points > 0 ? `+${c.impact.points.toFixed(2)} fleet points` : '',
                        c.impact.usdPerMonth > 0 ? `${formatUsd(c.impact.usdPerMonth)}/month` : '',
                    ]
                        .filter(Boolean)
                        .join(' · ');
                    const evidence = [
                        c.evidence.runIds.length
                            ? `runs ${c.evidence.runIds.slice(0, 5).map(escapeHtml).join(', ')}`
                            : '',
                        c.evidence.buildNumbers.length
                            ? `builds ${c.evidence.buildNumbers.map(escapeHtml).join(', ')}`
                            : '',
                    ]
                        .filter(Boolean)
                        .join(' · ');
                    return `<li class="card"><div class="card-head"><span class="rank">#${escapeHtml(c.rank)}</span> <b>${escapeHtml(c.actorName ?? c.actorId)}</b>: ${escapeHtml(c.title)}${impact ? ` <span class="impact">${impact}</span>` : ''}</div>
<div class="muted small">Why here: ${escapeHtml(c.why)}</div>
${c.items.length > 1 ? `<ul class="small">${c.items.map((i) => `<li>${escapeHtml(i.source)}: ${escapeHtml(i.title)}</li>`).join('')}</ul>` : ''}
<div class="fix">${escapeHtml(c.fix)}</div>${evidence ? `<div class="muted small">Evidence: ${evidence}</div>` : ''}</li>`;
                })
                .join('\n');
            return `<h3 class="bucket-${bucket}">${BUCKET_TITLES[bucket]} (${cards.length})</h3><ol class="cards">${items}</ol>`;
        })
        .join('\n');
    return `<section><h2>Action plan</h2>${buckets}</section>`;
}

function renderActorRow(actor: ActorSummary): string {
    const href = safeHref(actor.consoleUrl);
    const name = href ? `<a href="${href}">${escapeHtml(actor.name)}</a>` : escapeHtml(actor.name);
    const missing = actor.missing.length
        ? ` <span class="warn" title="${escapeHtml(actor.missing.map((m) => `${m.part}: ${m.reason}`).join('; '))}">partial</span>`
        : '';
    return `<tr><td>${name}${missing}</td><td class="num" style="color:${gradeColor(actor.grade)}">${escapeHtml(truncateScore(actor.healthScore))} ${escapeHtml(actor.grade)}</td>
<td class="num">${formatCount(actor.runs.total)}</td><td class="num">${formatPercent(actor.successRate)}</td><td class="num">${formatPercent(actor.last7Days.successRate)}</td>
<td class="num">${formatCount(actor.runs.failed + actor.runs.timedOut)}</td><td class="num">${formatUsd(actor.costUsd)}${actor.isCostComplete ? '' : '*'}</td>
<td class="num">${formatDurationSecs(actor.durationSecs.p50)}</td><td class="num">${formatDurationSecs(actor.durationSecs.p95)}</td>
<td class="num">${escapeHtml(actor.signalCount)}</td><td>${escapeHtml(actor.lastRunAt?.slice(0, 16).replace('T', ' ') ?? '—')}</td></tr>`;
}

function renderActorTable(report: FleetReport): string {
    const actors = [...report.actors].sort((a, b) => a.healthScore - b.healthScore || a.name.localeCompare(b.name));
    return `<section><h2>Actors (${actors.length}, worst first)</h2><table class="actors"><thead><tr><th>Actor</th><th>Score</th><th>Runs</th><th>Success</th><th>Last 7 d</th><th>Failed</th><th>Cost</th><th>p50</th><th>p95</th><th>Signals</th><th>Last run (UTC)</th></tr></thead>
<tbody>${actors.map(renderActorRow).join('\n')}</tbody></table>${actors.some((a) => !a.isCostComplete) ? '<p class="muted small">* some runs had no cost data: the sum is a lower bound.</p>' : ''}</section>`;
}

interface ChartSeries {
    label: string;
    values: Array<number | null>;
    format: (v: number) => string;
    color: string;
}

/** A small bar chart in inline SVG; null values leave a gap. */
function renderBarChart(weeks: string[], series: ChartSeries): string {
    const width = 320;
    const height = 120;
    const padding = 24;
    const present = series.values.filter((v): v is number => v !== null);
    const max = Math.max(...present, 0) || 1;
    const slot = (width - padding) / Math.max(weeks.length, 1);
    const bars = series.values
        .map((value, i) => {
            if (value === null) return '';
            const barHeight = (value / max) * (height - padding - 8);
            const x = padding + i * slot + slot * 0.15;
            const y = height - padding - barHeight;
            return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${series.color}"><title>${escapeHtml(weeks[i])}: ${escapeHtml(series.format(value))}</title></rect>`;
        })
        .join('');
    const labels = weeks
        .map((week, i) =>
            i % Math.ceil(weeks.length / 4) === 0
                ? `<text x="${(padding + i * slot + slot / 2).toFixed(1)}" y="${height - 8}" font-size="9" text-anchor="middle" fill="#57606a">${escapeHtml(week.slice(5))}</text>`
                : '',
        )
        .join('');
    return `<figure><figcaption>${escapeHtml(series.label)} <span class="muted">(max ${escapeHtml(series.format(max))})</span></figcaption>
<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(series.label)} per week">
<line x1="${padding}" y1="${height - padding}" x2="${width}" y2="${height - padding}" stroke="#d0d7de"/>${bars}${labels}</svg></figure>`;
}

function renderTrend(report: FleetReport): string {
    if (report.trend.length === 0) return '';
    const weeks = report.trend.map((p) => p.weekStart);
    return `<section><h2>Weekly trend</h2><div class="charts">
${renderBarChart(weeks, { label: 'Runs', values: report.trend.map((p) => p.runs), format: formatCount, color: '#0969da' })}
${renderBarChart(weeks, { label: 'Failure rate', values: report.trend.map((p) => p.failureRate), format: (v) => formatPercent(v), color: '#cf222e' })}
${renderBarChart(weeks, { label: 'Cost (USD)', values: report.trend.map((p) => p.costUsd), format: formatUsd, color: '#8250df' })}
${report.trend.some((p) => p.healthScore !== null) ? renderBarChart(weeks, { label: 'Health score', values: report.trend.map((p) => p.healthScore), format: (v) => v.toFixed(0), color: '#1a7f37' }) : ''}
</div></section>`;
}

function renderCollection(report: FleetReport): string {
    const { collection } = report;
    const notes: string[] = [];
    if (collection.partial)
        notes.push('<li class="warn">This report is <b>partial</b>: some data could not be read (see below).</li>');
    for (const permission of collection.missingPermissions)
        notes.push(
            `<li class="warn">Missing permission: <b>${escapeHtml(permission)}</b>. Add it to the token, or use a token with full permissions.</li>`,
        );
    for (const skipped of collection.skipped.slice(0, 20))
        notes.push(`<li>Skipped ${escapeHtml(skipped.what)}: ${escapeHtml(skipped.reason)}</li>`);
    if (collection.trendStore.note)
        notes.push(
            `<li class="warn">Trend store (${escapeHtml(collection.trendStore.mode)}): ${escapeHtml(collection.trendStore.note)}</li>`,
        );
    const specialists = report.specialists
        .map(
            (s) =>
                `<li>${escapeHtml(s.name)}: ${escapeHtml(s.status)}${s.reason ? ` — ${escapeHtml(s.reason)}` : ''} (${escapeHtml(s.signalCount)} signals)</li>`,
        )
        .join('');
    const alert =
        report.alert.status === 'not-configured'
            ? ''
            : `<li>Alert webhook: ${escapeHtml(report.alert.status)}${report.alert.error ? ` — ${escapeHtml(report.alert.error)}` : ''}</li>`;
    return `<section><h2>How this report was made</h2><ul>
<li>${escapeHtml(collection.apiRequests)} API requests; ${escapeHtml(collection.fetchedDays)} Actor-days fetched, ${escapeHtml(collection.reusedDays)} reused from the cache.</li>
<li>Trend store "${escapeHtml(collection.trendStore.name)}" (${escapeHtml(collection.trendStore.mode)}).</li>${alert}
${notes.join('\n')}</ul>${specialists ? `<h3>Specialists</h3><ul>${specialists}</ul>` : ''}</section>`;
}

const STYLE = `body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#24292f;margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:16px 0 6px}
.demo{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px;margin:8px 0;font-weight:600}
.score{display:flex;gap:24px;align-items:center}.facts div{margin:3px 0}.muted{color:#57606a}.small{font-size:12px}.warn{color:#9a6700}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}th{font-size:12px;color:#57606a}
td.num{text-align:right;white-space:nowrap}.bar{width:120px;height:10px;background:#eaeef2;border-radius:5px;overflow:hidden;margin-top:4px}.bar span{display:block;height:100%}
ul.deductions{margin:0;padding-left:16px;font-size:12px}code{font-size:11px;color:#57606a}
ol.cards{list-style:none;padding:0}.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:6px 0}.rank{color:#57606a}.impact{color:#1a7f37;font-size:12px;margin-left:6px}
.fix{margin-top:4px;white-space:pre-line}.bucket-fix-now{color:#cf222e}.bucket-this-week{color:#9a6700}.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-size:12px}
a{color:#0969da}`;

export interface RenderHtmlReportOptions {
    /** Where the README's metric definitions live (linked from the footer). */
    definitionsUrl?: string;
}

export function renderHtmlReport(report: FleetReport, options: RenderHtmlReportOptions = {}): string {
    const title = `Fleet Health ${truncateScore(report.fleet.healthScore)}/100${report.isDemo ? ' (demo)' : ''}`;
    const definitions = options.definitionsUrl ? safeHref(options.definitionsUrl) : null;
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>Fleet Analytics${report.account.username ? ` — ${escapeHtml(report.account.username)}` : ''}</h1>
<div class="muted">${escapeHtml(report.window.from.slice(0, 10))} → ${escapeHtml(report.window.to.slice(0, 10))} (${escapeHtml(report.window.days)} days) · generated ${escapeHtml(report.generatedAt)}</div>
${report.isDemo ? '<div class="demo">DEMO: a built-in sample fleet, not a real account. Set APIFY_TOKEN to analyse yours.</div>' : ''}
${report.collection.partial ? '<div class="demo">Partial report: some data could not be read. See "How this report was made".</div>' : ''}
${renderScore(report)}
${renderActionPlan(report)}
${renderComponents(report)}
${renderTrend(report)}
${renderActorTable(report)}
${renderCollection(report)}
<footer class="muted small"><p>Report schema v${escapeHtml(report.schemaVersion)}. Success rate = SUCCEEDED / (SUCCEEDED + FAILED + TIMED-OUT); aborted runs are shown, not counted as failures.${definitions ? ` <a href="${definitions}">Metric definitions</a>.` : ''}</p></footer>
</body></html>
`;
}
