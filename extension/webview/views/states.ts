/**
 * The page's frame and its non-report states: the header (account, freshness, run buttons),
 * the running banner, and the connect / checking / empty screens driven by DashboardStatus.
 */
import { html, nothing } from 'lit';
import type { FleetReport } from '../../../shared/contracts/fleet-report.js';
import type { DashboardStatus } from '../../protocol/webview-protocol.js';
import { formatAge, formatDateTimeUtc } from '../view-models/format.js';
import type { DashboardActions } from './actions.js';

function runButtons(status: DashboardStatus, actions: DashboardActions, primary: boolean) {
    const disabled = status.running !== null || status.connection !== 'connected';
    return html` <vscode-button
            ?secondary=${!primary}
            icon="cloud"
            data-action="run-platform"
            ?disabled=${disabled || actions.isBusy('run:platform')}
            @click=${() => actions.runAnalysis('platform')}
            >Run on Apify</vscode-button
        >
        <vscode-button
            secondary
            icon="play"
            data-action="run-local"
            ?disabled=${disabled || actions.isBusy('run:local')}
            @click=${() => actions.runAnalysis('local')}
            >Run locally</vscode-button
        >`;
}

export function headerView(
    report: FleetReport | null,
    status: DashboardStatus,
    nowMs: number,
    actions: DashboardActions,
) {
    const account = status.accountName ?? report?.account.username ?? null;
    const updatedAt = status.lastUpdatedAt ?? report?.generatedAt ?? null;
    return html`<header class="top">
        <h1>Apify Fleet</h1>
        <span class="muted"
            >${account ? html`<vscode-icon name="account" aria-hidden="true"></vscode-icon> ${account}` : nothing}</span
        >
        ${updatedAt ? html`<span class="muted" title=${formatDateTimeUtc(updatedAt)}>updated ${formatAge(updatedAt, nowMs)}</span>` : nothing}
        ${report ? html`<span class="muted">${report.window.days}-day window</span>` : nothing}
        <span class="spacer-flex"></span>
        ${status.connection === 'connected' && report ? runButtons(status, actions, false) : nothing}
    </header>`;
}

export function bannersView(report: FleetReport | null, status: DashboardStatus) {
    const missing = report?.collection.missingPermissions ?? [];
    return html` ${
        status.running
            ? html`<div class="banner running" role="status" data-testid="running">
                  <vscode-progress-ring aria-label="Analysis running"></vscode-progress-ring>
                  <span
                      >${status.running.mode === 'platform' ? 'Running on Apify' : 'Running locally'}:
                      ${status.running.message}</span
                  >
              </div>`
            : nothing
    }
    ${
        report?.isDemo
            ? html`<div class="banner info" role="note">
                  <vscode-icon name="beaker" aria-hidden="true"></vscode-icon>
                  <span>Demo data: the built-in sample fleet, not a real account.</span>
              </div>`
            : nothing
    }
    ${
        report && status.connection === 'no-token'
            ? html`<div class="banner warning" role="note">
                  <vscode-icon name="key" aria-hidden="true"></vscode-icon>
                  <span>No Apify token is connected: this is the last cached report.</span>
              </div>`
            : nothing
    }
    ${
        report?.collection.partial
            ? html`<div class="banner warning" role="note">
                  <vscode-icon name="warning" aria-hidden="true"></vscode-icon>
                  <span
                      >Partial data${missing.length > 0 ? `: the token lacks ${missing.join(', ')}` : ''}. Some numbers
                      are lower bounds.</span
                  >
              </div>`
            : nothing
    }`;
}

export function connectView(actions: DashboardActions) {
    return html`<section class="state" data-testid="connect-state" aria-labelledby="connect-heading">
        <vscode-icon name="key" size="48" aria-hidden="true"></vscode-icon>
        <h2 id="connect-heading">Connect your Apify token</h2>
        <p class="muted">
            The token stays in VS Code's secret storage and is sent only to the Apify API. A scoped token needs: Actors
            Read and Run, Actor runs Read, Actor builds Read, Datasets Read, Key-value stores Read and Write.
        </p>
        <vscode-button
            icon="plug"
            data-action="connect"
            ?disabled=${actions.isBusy('connect')}
            @click=${() => actions.connectToken()}
            >Connect Apify token</vscode-button
        >
    </section>`;
}

export function checkingView() {
    return html`<section class="state" role="status">
        <vscode-progress-ring aria-label="Checking the token"></vscode-progress-ring>
        <p>Checking the token…</p>
    </section>`;
}

export function emptyView(status: DashboardStatus, actions: DashboardActions) {
    return html`<section class="state" data-testid="empty-state" aria-labelledby="empty-heading">
        <vscode-icon name="graph" size="48" aria-hidden="true"></vscode-icon>
        <h2 id="empty-heading">No analysis yet</h2>
        <p class="muted">Run the fleet analysis on Apify (the orchestrator Actor) or locally in VS Code.</p>
        <div class="card-actions">${runButtons(status, actions, true)}</div>
    </section>`;
}

export function loadingView() {
    return html`<section class="state" role="status">
        <vscode-progress-ring aria-label="Loading"></vscode-progress-ring>
        <p>Loading the fleet dashboard…</p>
    </section>`;
}
