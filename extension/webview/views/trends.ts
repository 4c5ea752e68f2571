/** Weekly trend charts (canvases bound by TrendCharts after render) and the cost breakdown. */
import { html, nothing } from 'lit';
import type { TrendSeries } from '../view-models/chart-series.js';
import type { CostBreakdown } from '../view-models/cost-breakdown.js';
import { formatPercent, formatUsd, formatUsdDelta } from '../../../shared/format/number-format.js';
import { onActivate, type DashboardActions } from './actions.js';
import { meter } from './common.js';

export function trendsView(series: readonly TrendSeries[], cost: CostBreakdown, actions: DashboardActions) {
    return html`<div class="trends">
        <div class="charts">
            ${series.map(
                (s) =>
                    html`<section class="card chart-card" aria-labelledby=${`chart-${s.id}`}>
                        <h3 id=${`chart-${s.id}`}>${s.title} <span class="muted">per week</span></h3>
                        <div class="chart-box">
                            <canvas data-series=${s.id} role="img" aria-label=${s.summary}></canvas>
                        </div>
                    </section>`,
            )}
        </div>
        <section class="card" aria-labelledby="cost-breakdown-heading" data-testid="cost-breakdown">
            <h3 id="cost-breakdown-heading">Cost breakdown</h3>
            <dl class="facts">
                <div>
                    <dt>In the window</dt>
                    <dd>${formatUsd(cost.totalUsd)}</dd>
                </div>
                <div>
                    <dt>Projected / month</dt>
                    <dd>${formatUsd(cost.projectedMonthlyUsd)}</dd>
                </div>
                <div>
                    <dt>Last 7 days</dt>
                    <dd>
                        ${formatUsd(cost.last7DaysUsd)}
                        <span class="muted">(${formatUsdDelta(cost.weekOverWeekUsd)} vs the 7 before)</span>
                    </dd>
                </div>
            </dl>
            ${
                cost.isComplete
                    ? nothing
                    : html`<p class="muted">
                          <vscode-icon name="info" aria-hidden="true"></vscode-icon> ${cost.runsWithoutCost} runs report
                          no cost: the sums are lower bounds.
                      </p>`
            }
            <table class="cost-table">
                <thead>
                    <tr>
                        <th scope="col">Actor</th>
                        <th scope="col" class="num">Cost</th>
                        <th scope="col">Share</th>
                        <th scope="col" class="num">Last 7 d</th>
                        <th scope="col" class="num">7 d before</th>
                    </tr>
                </thead>
                <tbody>
                    ${cost.rows.map(
                        (row) =>
                            html`<tr>
                                <th scope="row">
                                    ${
                                        row.actorId
                                            ? html`<span
                                                  class="link"
                                                  role="link"
                                                  tabindex="0"
                                                  @click=${() => actions.showActor(row.actorId!)}
                                                  @keydown=${onActivate(() => actions.showActor(row.actorId!))}
                                                  >${row.label}</span
                                              >`
                                            : html`<span class="muted">${row.label}</span>`
                                    }
                                </th>
                                <td class="num">${formatUsd(row.costUsd)}${row.isComplete ? '' : '+'}</td>
                                <td class="share">
                                    ${meter(row.share, 'var(--vscode-charts-purple, #652d90)', `${formatPercent(row.share)} of the cost`)}
                                    <span class="muted">${formatPercent(row.share)}</span>
                                </td>
                                <td class="num">${formatUsd(row.last7DaysUsd)}</td>
                                <td class="num">${formatUsd(row.previous7DaysUsd)}</td>
                            </tr>`,
                    )}
                </tbody>
            </table>
        </section>
    </div>`;
}
