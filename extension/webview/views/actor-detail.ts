/**
 * One Actor: health and components, runs by status, key metrics, its signals (each with its
 * fix, evidence runs linked to Console, and Acknowledge), and links.
 */
import { html, nothing } from 'lit';
import { cssomStyle } from './cssom-style.js';
import type { ReportSignal } from '../../../shared/contracts/fleet-report.js';
import type { ActorDetail } from '../view-models/actor-detail.js';
import {
    formatCount,
    formatDeduction,
    formatDurationSecs,
    formatPercent,
    formatScore,
    formatUsd,
} from '../../../shared/format/number-format.js';
import { formatAge, formatDateTimeUtc } from '../view-models/format.js';
import { getSeverityColor, getSeverityIcon } from '../view-models/grade.js';
import type { DashboardActions } from './actions.js';
import { gradeBadge, meter } from './common.js';

function signalItem(
    signal: ReportSignal,
    detail: ActorDetail,
    localAcks: ReadonlySet<string>,
    highlighted: string | null,
    actions: DashboardActions,
) {
    const isAcked = signal.acknowledged || localAcks.has(signal.fingerprint);
    const metric = signal.metric;
    return html`<li
        class="signal ${highlighted === signal.fingerprint ? 'highlighted' : ''} ${isAcked ? 'is-acked' : ''}"
        tabindex="-1"
        data-fingerprint=${signal.fingerprint}
        aria-label=${`${signal.severity} signal: ${signal.title}`}
    >
        <div class="signal-head">
            <vscode-icon
                name=${getSeverityIcon(signal.severity)}
                aria-hidden="true"
                style=${cssomStyle({ color: getSeverityColor(signal.severity) })}
            ></vscode-icon>
            <strong>${signal.title}</strong>
            <span class="tag">${signal.severity}</span>
            <span class="tag">${signal.decision.replace('_', ' ')}</span>
            <span class="tag muted">${signal.source}</span>
            ${signal.isNew ? html`<span class="tag new">new</span>` : nothing}
            <span class="num muted" title=${`Costs ${signal.scoreImpact.component}`}
                >${formatDeduction(signal.scoreImpact.points)} ${signal.scoreImpact.component}</span
            >
        </div>
        ${signal.detail ? html`<p>${signal.detail}</p>` : nothing}
        ${metric ? html`<p class="muted">${metric.name}: ${metric.value ?? '—'}${metric.unit ? ` ${metric.unit}` : ''}${metric.baseline !== null ? ` (baseline ${metric.baseline}${metric.unit ? ` ${metric.unit}` : ''})` : ''}</p>` : nothing}
        ${signal.fix ? html`<p class="fix"><vscode-icon name="lightbulb" aria-hidden="true"></vscode-icon> ${signal.fix}</p>` : nothing}
        ${signal.evidence.runIds.length > 0 ? html`<p class="evidence">Runs: ${signal.evidence.runIds.map((runId) => html`<a href=${detail.runUrl(runId)}>${runId}</a> `)}</p>` : nothing}
        ${
            signal.evidence.notes.length > 0
                ? html`<ul class="notes">
                      ${signal.evidence.notes.map((n) => html`<li>${n}</li>`)}
                  </ul>`
                : nothing
        }
        <div class="card-actions">
            ${
                isAcked
                    ? html`<span class="acked"
                          ><vscode-icon name="check"></vscode-icon>
                          Acknowledged${signal.acknowledgement?.note ? `: ${signal.acknowledgement.note}` : ''}</span
                      >`
                    : html`<vscode-button
                          secondary
                          data-action="acknowledge"
                          ?disabled=${actions.isBusy(`ack:${signal.fingerprint}`)}
                          aria-label=${`Acknowledge: ${signal.title}`}
                          @click=${() => actions.acknowledge(signal.fingerprint)}
                          >Acknowledge</vscode-button
                      >`
            }
        </div>
    </li>`;
}

export function actorDetailView(
    detail: ActorDetail,
    localAcks: ReadonlySet<string>,
    highlighted: string | null,
    nowMs: number,
    actions: DashboardActions,
) {
    const { actor } = detail;
    const interval = actor.successRateInterval;
    return html`<div class="actor-detail" data-testid="actor-detail">
        <div class="detail-nav">
            <vscode-button secondary icon="arrow-left" @click=${() => actions.backToTable()}>All Actors</vscode-button>
        </div>
        <header class="detail-head">
            ${gradeBadge(actor.grade, 'large')}
            <div>
                <h2 id="actor-detail-heading" tabindex="-1">${actor.title ?? actor.name}</h2>
                <p class="muted">${actor.name} · ${actor.id}${actor.isPublic ? ' · public' : ''}</p>
            </div>
            <span class="score-number small" aria-label=${`Health ${formatScore(actor.healthScore)} of 100`}
                >${formatScore(actor.healthScore)}</span
            >
            <span class="spacer-flex"></span>
            <vscode-button icon="link-external" @click=${() => actions.openInConsole(actor.id)}
                >Open in Console</vscode-button
            >
        </header>
        ${
            actor.missing.length > 0
                ? html`<div class="banner warning" role="note">
                      <vscode-icon name="warning" aria-hidden="true"></vscode-icon>
                      <span
                          >Not read for this Actor:
                          ${actor.missing.map((m) => `${m.part} (${m.permission ? `needs ${m.permission}` : m.reason})`).join('; ')}</span
                      >
                  </div>`
                : nothing
        }
        <div class="detail-grid">
            <section class="card" aria-labelledby="runs-heading">
                <h3 id="runs-heading">Runs by status</h3>
                <div
                    class="stacked"
                    role="img"
                    aria-label=${detail.runSlices.map((s) => `${s.label} ${s.count}`).join(', ')}
                >
                    ${detail.runSlices.filter((s) => s.count > 0).map((s) => html`<span style=${cssomStyle({ width: `${s.share * 100}%`, background: s.color })}></span>`)}
                </div>
                <ul class="legend">
                    ${detail.runSlices.map((s) => html`<li><span class="swatch" style=${cssomStyle({ background: s.color })}></span>${s.label} <strong>${formatCount(s.count)}</strong></li>`)}
                </ul>
                <dl class="facts compact">
                    <div>
                        <dt>Success rate</dt>
                        <dd>
                            ${formatPercent(actor.successRate)}${interval ? html` <span class="muted">(${formatPercent(interval.low, 0)}–${formatPercent(interval.high, 0)})</span>` : nothing}
                        </dd>
                    </div>
                    <div>
                        <dt>Last 7 days</dt>
                        <dd>
                            ${formatCount(actor.last7Days.runs.total)} runs,
                            ${formatPercent(actor.last7Days.successRate)}
                        </dd>
                    </div>
                    <div>
                        <dt>7 days before</dt>
                        <dd>
                            ${formatCount(actor.previous7Days.runs.total)} runs,
                            ${formatPercent(actor.previous7Days.successRate)}
                        </dd>
                    </div>
                    <div>
                        <dt>Last run</dt>
                        <dd title=${formatDateTimeUtc(actor.lastRunAt)}>${formatAge(actor.lastRunAt, nowMs)}</dd>
                    </div>
                    <div>
                        <dt>Last success</dt>
                        <dd title=${formatDateTimeUtc(actor.lastSucceededAt)}>
                            ${formatAge(actor.lastSucceededAt, nowMs)}
                        </dd>
                    </div>
                    <div>
                        <dt>Origins</dt>
                        <dd>
                            ${
                                Object.entries(actor.byOrigin)
                                    .sort((a, b) => b[1] - a[1])
                                    .map(([o, n]) => `${o} ${n}`)
                                    .join(', ') || '—'
                            }
                        </dd>
                    </div>
                </dl>
            </section>
            <section class="card" aria-labelledby="cost-heading">
                <h3 id="cost-heading">Cost and performance</h3>
                <dl class="facts compact">
                    <div>
                        <dt>Cost</dt>
                        <dd>
                            ${formatUsd(actor.costUsd)}${actor.isCostComplete ? '' : ` (+${actor.runsWithoutCost} runs without cost)`}
                        </dd>
                    </div>
                    <div>
                        <dt>Cost / run</dt>
                        <dd>${formatUsd(actor.costPerRunUsd)}</dd>
                    </div>
                    <div>
                        <dt>Cost / 1,000 results</dt>
                        <dd>${formatUsd(actor.costPer1000ResultsUsd)}</dd>
                    </div>
                    <div>
                        <dt>Duration p50 / p95</dt>
                        <dd>
                            ${formatDurationSecs(actor.durationSecs.p50)} /
                            ${formatDurationSecs(actor.durationSecs.p95)}
                        </dd>
                    </div>
                    <div>
                        <dt>Memory used</dt>
                        <dd>${formatPercent(actor.memoryUtilization, 0)}</dd>
                    </div>
                    <div>
                        <dt>Build</dt>
                        <dd>${actor.buildInUse ?? '—'}</dd>
                    </div>
                </dl>
                <h3>Components</h3>
                <div class="mini-components">
                    ${actor.components.map(
                        (c) =>
                            html`<div class="mini-component">
                                <span>${c.label}</span
                                >${meter(c.score / 100, 'var(--vscode-charts-blue, #1a85ff)', `${c.label} ${formatScore(c.score)} of 100`)}<span
                                    class="num"
                                    >${formatScore(c.score)}</span
                                >
                            </div>`,
                    )}
                </div>
            </section>
        </div>
        <section aria-labelledby="signals-heading">
            <h3 id="signals-heading">Signals (${detail.signals.length})</h3>
            ${
                detail.signals.length === 0
                    ? html`<p class="muted">No signals: nothing found for this Actor.</p>`
                    : html`<ul class="signals">
                          ${detail.signals.map((s) => signalItem(s, detail, localAcks, highlighted, actions))}
                      </ul>`
            }
        </section>
        <p class="links">
            <a href=${actor.consoleUrl}>Actor in Apify Console</a> · <a href=${`${actor.consoleUrl}/runs`}>Runs</a>
        </p>
    </div>`;
}
