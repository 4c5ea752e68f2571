/**
 * Overview: the fleet score with grade and components (each deduction links to its signal),
 * the headline numbers with week-over-week deltas, and the action plan cards.
 */
import { html, nothing } from 'lit';
import { cssomStyle } from './cssom-style.js';
import type { ActionBucket, FleetReport } from '../../../shared/contracts/fleet-report.js';
import type { ActionBucketView, ActionCardView } from '../view-models/action-plan.js';
import {
    formatCount,
    formatDeduction,
    formatPercent,
    formatPercentPointsDelta,
    formatScore,
    formatScoreDelta,
    formatUsd,
    formatUsdDelta,
} from '../../../shared/format/number-format.js';
import { getSeverityColor, getSeverityIcon } from '../view-models/grade.js';
import type { ComponentView, DeductionView } from '../view-models/score.js';
import { onActivate, type DashboardActions } from './actions.js';
import { gradeBadge, meter } from './common.js';

/** Cards shown per bucket before "Show more": the plan of a large fleet has hundreds. */
export const CARDS_PER_BUCKET = 12;

function deductionItem(deduction: DeductionView, actions: DashboardActions) {
    const target = deduction.actorName ?? deduction.actorId ?? 'fleet';
    const label = `${formatDeduction(deduction.points)} points: ${deduction.reason}, ${target}. Show the signal.`;
    return html`<li>
        <button
            class="link deduction"
            aria-label=${label}
            ?disabled=${!deduction.actorId}
            @click=${() => deduction.actorId && actions.showActor(deduction.actorId, deduction.fingerprint)}
        >
            <span class="points">${formatDeduction(deduction.points)}</span>
            <span class="reason">${deduction.reason}</span>
            <span class="muted target">${target}</span>
        </button>
    </li>`;
}

function componentRow(component: ComponentView, actions: DashboardActions) {
    const more = component.deductionCount - component.deductions.length;
    return html`<div class="component" role="listitem">
        <div class="component-head">
            <span class="component-label">${component.label}</span>
            ${meter(component.score / 100, 'var(--vscode-charts-blue, #1a85ff)', `${component.label}: ${formatScore(component.score)} of 100`)}
            <span class="num component-score">${formatScore(component.score)}</span>
            <span class="num muted" title="Fleet points lost"
                >${component.fleetPointsLost > 0 ? formatDeduction(component.fleetPointsLost) : '0.0'}</span
            >
        </div>
        ${
            component.deductions.length > 0
                ? html`<ul class="deductions" aria-label=${`Largest deductions in ${component.label}`}>
                      ${component.deductions.map((d) => deductionItem(d, actions))}
                      ${more > 0 ? html`<li class="muted">and ${formatCount(more)} smaller deductions</li>` : nothing}
                  </ul>`
                : html`<p class="muted no-deductions">No deductions.</p>`
        }
    </div>`;
}

function delta(text: string, isGood: boolean | null) {
    return html`<span class=${isGood === null ? 'delta' : isGood ? 'delta good' : 'delta bad'}>${text}</span>`;
}

function scorePanel(report: FleetReport, components: ComponentView[], actions: DashboardActions) {
    const { fleet, deltas } = report;
    const wow = deltas.weekOverWeek;
    const baseline = deltas.vsBaseline;
    const scoreDelta = baseline?.healthScore ?? null;
    return html`<section class="card score-card" aria-labelledby="score-heading">
        <div class="score-head">
            <div class="score-big">
                <h2 id="score-heading" class="visually-hidden">Fleet health score</h2>
                <span
                    class="score-number"
                    data-testid="fleet-score"
                    aria-label=${`Fleet health score ${formatScore(fleet.healthScore)} of 100`}
                    >${formatScore(fleet.healthScore)}</span
                >
                ${gradeBadge(fleet.grade, 'large')}
                ${baseline?.scoreModelChanged ? html`<span class="muted">no change shown: the score formula changed since ${new Date(baseline.snapshotAt).toISOString().slice(0, 10)}</span>` : nothing}
                ${scoreDelta !== null ? html`<span class="muted">${delta(formatScoreDelta(scoreDelta), scoreDelta === 0 ? null : scoreDelta > 0)} vs ${new Date(baseline!.snapshotAt).toISOString().slice(0, 10)}</span>` : nothing}
            </div>
            <p class="attention" data-testid="fleet-attention">
                <strong>${fleet.attention.summary}</strong>
                ${fleet.ceiling !== null ? html`<span class="muted">Capped while fix-now cards exist (stake-weighted mean ${formatScore(fleet.meanScore)}).</span>` : nothing}
            </p>
            <dl class="facts">
                <div>
                    <dt>Actors</dt>
                    <dd>${formatCount(fleet.actorCount)}</dd>
                </div>
                <div>
                    <dt>Runs</dt>
                    <dd>${formatCount(fleet.runCount)}</dd>
                </div>
                <div>
                    <dt>Success rate</dt>
                    <dd>
                        ${formatPercent(fleet.successRate)}
                        ${delta(formatPercentPointsDelta(wow.successRate), wow.successRate === null || wow.successRate === 0 ? null : wow.successRate > 0)}
                    </dd>
                </div>
                <div>
                    <dt>Cost (${report.window.days} d)</dt>
                    <dd>
                        ${formatUsd(fleet.costUsd)}${fleet.isCostComplete ? nothing : html`<span title="Some runs report no cost: a lower bound">+</span>`}
                        ${delta(formatUsdDelta(wow.costUsd), wow.costUsd === null || wow.costUsd === 0 ? null : wow.costUsd < 0)}
                    </dd>
                </div>
                <div>
                    <dt>Projected / month</dt>
                    <dd>${formatUsd(fleet.projectedMonthlyCostUsd)}</dd>
                </div>
                ${
                    baseline
                        ? html`<div>
                              <dt>Signals vs baseline</dt>
                              <dd>
                                  +${formatCount(baseline.newSignals)} new, −${formatCount(baseline.resolvedSignals)}
                                  resolved
                              </dd>
                          </div>`
                        : nothing
                }
            </dl>
        </div>
        <h3>Why this score</h3>
        <div class="components" role="list">${components.map((c) => componentRow(c, actions))}</div>
    </section>`;
}

function actionCard(view: ActionCardView, actions: DashboardActions) {
    const { card } = view;
    const actorLabel = card.actorName ?? card.actorId;
    const ackKey = `ack:${card.fingerprint}`;
    return html`<article
        class="action-card ${view.isAcknowledged ? 'is-acked' : ''}"
        tabindex="0"
        data-fingerprint=${card.fingerprint}
        aria-label=${`${card.rank}. ${card.title}, ${actorLabel}. Press Enter to open the Actor.`}
        @keydown=${onActivate(() => actions.showActor(card.actorId, card.fingerprint))}
    >
        <header>
            ${view.severity ? html`<vscode-icon name=${getSeverityIcon(view.severity)} class="severity" aria-hidden="true" style=${cssomStyle({ color: getSeverityColor(view.severity) })}></vscode-icon>` : nothing}
            <span class="rank muted">#${card.rank}</span>
            <h4 class="card-title">${card.title}</h4>
        </header>
        <p class="card-actor">
            <button class="link" @click=${() => actions.showActor(card.actorId, card.fingerprint)}>
                ${actorLabel}
            </button>
        </p>
        <p class="impact">
            <span title="The Actor's score points recovered when fixed"
                >+${card.impact.actorPoints.toFixed(0)} Actor points</span
            >
            <span title="Fleet score points recovered when fixed"
                >+${card.impact.points > 0 && card.impact.points < 0.05 ? '<0.1' : card.impact.points.toFixed(1)} fleet
                points</span
            >
            ${card.impact.usdPerMonth > 0 ? html`<span title="Saving per month">${formatUsd(card.impact.usdPerMonth)}/month</span>` : nothing}
            ${card.evidence.runIds.length > 0 ? html`<span class="muted">${card.evidence.runIds.length} runs as evidence</span>` : nothing}
        </p>
        <p class="muted why" data-testid="card-why">Why here: ${card.why}</p>
        ${
            card.items.length > 1
                ? html`<ul class="card-items" aria-label="Findings in this card">
                      ${card.items.map((item) => html`<li>${item.source}: ${item.title}</li>`)}
                  </ul>`
                : nothing
        }
        <p class="fix">${card.fix}</p>
        <div class="card-actions">
            ${
                view.isAcknowledged
                    ? html`<span class="acked"
                          ><vscode-icon name="check"></vscode-icon>
                          ${view.isLocalAck ? 'Acknowledged (saved locally)' : 'Acknowledged'}</span
                      >`
                    : html`<vscode-button
                          secondary
                          data-action="acknowledge"
                          ?disabled=${actions.isBusy(ackKey)}
                          aria-label=${`Acknowledge: ${card.title}, ${actorLabel}`}
                          @click=${() => card.fingerprints.forEach((f) => actions.acknowledge(f))}
                          >Acknowledge</vscode-button
                      >`
            }
            <vscode-button
                secondary
                data-action="open-console"
                aria-label=${`Open ${actorLabel} in Apify Console`}
                @click=${() => actions.openInConsole(card.actorId)}
            >
                Open in Console</vscode-button
            >
        </div>
    </article>`;
}

function bucketSection(view: ActionBucketView, expanded: boolean, actions: DashboardActions) {
    const shown = expanded ? view.cards : view.cards.slice(0, CARDS_PER_BUCKET);
    const hidden = view.cards.length - shown.length;
    return html`<section class="bucket bucket-${view.bucket}" aria-labelledby=${`bucket-${view.bucket}`}>
        <h3 id=${`bucket-${view.bucket}`}>
            ${view.label} <vscode-badge variant="counter">${view.cards.length}</vscode-badge>
        </h3>
        <div class="cards">${shown.map((card) => actionCard(card, actions))}</div>
        ${hidden > 0 ? html`<vscode-button secondary @click=${() => actions.expandBucket(view.bucket)}>Show ${formatCount(hidden)} more</vscode-button>` : nothing}
    </section>`;
}

export function overviewView(
    report: FleetReport,
    components: ComponentView[],
    plan: ActionBucketView[],
    expandedBuckets: ReadonlySet<ActionBucket>,
    actions: DashboardActions,
) {
    return html`<div class="overview">
        ${scorePanel(report, components, actions)}
        <section class="action-plan" aria-labelledby="plan-heading" data-testid="action-plan">
            <h2 id="plan-heading">Action plan</h2>
            ${plan.length === 0 ? html`<p class="muted">Nothing to do: no signal needs action.</p>` : plan.map((b) => bucketSection(b, expandedBuckets.has(b.bucket), actions))}
        </section>
    </div>`;
}
