/**
 * The dashboard app: holds the data the host sent, the UI state (persisted with setState), and
 * renders the views with lit-html. Every render re-uses memoised view models, so a scroll frame
 * of the 2,000-row table only re-renders its visible rows.
 */
import { html, render } from 'lit';
import type { ActionBucket, FleetReport, Grade } from '../../shared/contracts/fleet-report.js';
import type { DashboardStatus, WebviewRequestBody } from '../protocol/webview-protocol.js';
import { TrendCharts } from './charts.js';
import { MessageClient, type NotificationMessage, type WebviewTransport } from './transport.js';
import { getActionPlan } from './view-models/action-plan.js';
import { getActorDetail, indexSignalsByActor } from './view-models/actor-detail.js';
import {
    getRowWindow,
    nextSort,
    selectActors,
    type ActorFilter,
    type ActorSortKey,
} from './view-models/actor-table.js';
import { getTrendSeries } from './view-models/chart-series.js';
import { getCostBreakdown } from './view-models/cost-breakdown.js';
import { memoizeLast } from './view-models/memo.js';
import { getComponentViews } from './view-models/score.js';
import { DASHBOARD_TABS, restoreUiState, type DashboardTab, type UiState } from './view-models/ui-state.js';
import type { DashboardActions } from './views/actions.js';
import { actorDetailView } from './views/actor-detail.js';
import { actorTableView, OVERSCAN_ROWS, ROW_HEIGHT_PX } from './views/actor-table.js';
import { overviewView } from './views/overview.js';
import { bannersView, checkingView, connectView, emptyView, headerView, loadingView } from './views/states.js';
import { trendsView } from './views/trends.js';

const TAB_LABELS: Record<DashboardTab, string> = { overview: 'Overview', actors: 'Actors', trends: 'Trends & cost' };

export class DashboardApp {
    private report: FleetReport | null = null;
    private status: DashboardStatus | null = null;
    private ui: UiState;
    private readonly client: MessageClient;
    private readonly charts = new TrendCharts();
    private readonly busy = new Set<string>();
    private errorMessage: string | null = null;
    private highlightedFingerprint: string | null = null;
    private readonly expandedBuckets = new Set<ActionBucket>();
    private scrollTopPx = 0;
    private viewportHeightPx = 600;
    private focusedRowIndex = 0;
    private renderQueued = false;
    /** After the next render: focus this element (keyboard users follow the navigation). */
    private focusAfterRender: (() => HTMLElement | null) | null = null;

    private readonly selectActors = memoizeLast(selectActors);
    private readonly signalsByActor = memoizeLast(indexSignalsByActor);
    private readonly componentViews = memoizeLast((report: FleetReport) => getComponentViews(report));
    private readonly actionPlan = memoizeLast(getActionPlan);
    private readonly localAcks = memoizeLast((acks: readonly string[]) => new Set(acks));
    private readonly trendSeries = memoizeLast(getTrendSeries);
    private readonly costBreakdown = memoizeLast((report: FleetReport) => getCostBreakdown(report));

    readonly actions: DashboardActions = {
        acknowledge: (fingerprint) => this.send(`ack:${fingerprint}`, { type: 'webview/acknowledge', fingerprint }),
        openInConsole: (actorId) => this.send(`console:${actorId}`, { type: 'webview/openInConsole', actorId }),
        runAnalysis: (mode) => this.send(`run:${mode}`, { type: 'webview/runAnalysis', mode }),
        connectToken: () => this.send('connect', { type: 'webview/connectToken' }),
        showActor: (actorId, fingerprint) => {
            this.highlightedFingerprint = fingerprint ?? null;
            this.updateUi({ tab: 'actors', selectedActorId: actorId });
            this.focusAfterRender = () =>
                (fingerprint
                    ? this.root.querySelector<HTMLElement>(`.signal[data-fingerprint="${CSS.escape(fingerprint)}"]`)
                    : null) ?? this.root.querySelector<HTMLElement>('#actor-detail-heading');
        },
        backToTable: () => {
            const actorId = this.ui.selectedActorId;
            this.highlightedFingerprint = null;
            this.updateUi({ selectedActorId: null });
            this.focusAfterRender = () =>
                this.root.querySelector<HTMLElement>(`.row[data-actor-id="${CSS.escape(actorId ?? '')}"]`) ??
                this.root.querySelector<HTMLElement>('.filter-text');
        },
        setTab: (tab) => this.updateUi({ tab }),
        setSort: (key: ActorSortKey) => this.updateUi({ sort: nextSort(this.ui.sort, key) }),
        setFilter: (patch: Partial<ActorFilter>) => {
            this.scrollTopPx = 0;
            this.focusedRowIndex = 0;
            this.updateUi({ filter: { ...this.ui.filter, ...patch } });
        },
        toggleGrade: (grade: Grade) => {
            const grades = this.ui.filter.grades.includes(grade)
                ? this.ui.filter.grades.filter((g) => g !== grade)
                : [...this.ui.filter.grades, grade];
            this.actions.setFilter({ grades });
        },
        expandBucket: (bucket) => {
            this.expandedBuckets.add(bucket);
            this.scheduleRender();
        },
        isBusy: (key) => this.busy.has(key),
    };

    constructor(
        private readonly root: HTMLElement,
        private readonly transport: WebviewTransport,
    ) {
        this.ui = restoreUiState(transport.getState());
        this.client = new MessageClient(transport, (message) => this.onNotification(message));
    }

    start(): void {
        // Drop the static "Loading…" placeholder of the HTML: lit renders next to, not over, it.
        this.root.replaceChildren();
        this.renderNow();
        this.client.sendReady();
    }

    private onNotification(message: NotificationMessage): void {
        if (message.type === 'host/didUpdate') {
            this.report = message.report;
            this.status = message.status;
            performance.mark('fleet:update-received');
            this.renderNow();
            performance.measure('fleet:first-render', 'fleet:update-received');
            return;
        }
        this.actions.showActor(message.actorId);
    }

    private send(busyKey: string, body: WebviewRequestBody): void {
        if (this.busy.has(busyKey)) return;
        this.busy.add(busyKey);
        this.errorMessage = null;
        this.scheduleRender();
        this.client
            .request(body)
            .catch((error: unknown) => {
                this.errorMessage = error instanceof Error ? error.message : String(error);
            })
            .finally(() => {
                this.busy.delete(busyKey);
                this.scheduleRender();
            });
    }

    private updateUi(patch: Partial<UiState>): void {
        this.ui = { ...this.ui, ...patch };
        this.transport.setState(this.ui);
        this.scheduleRender();
    }

    private scheduleRender(): void {
        if (this.renderQueued) return;
        this.renderQueued = true;
        requestAnimationFrame(() => {
            this.renderQueued = false;
            this.renderNow();
        });
    }

    private readonly tableHandlers = {
        onScroll: (event: Event) => {
            const target = event.currentTarget as HTMLElement;
            this.scrollTopPx = target.scrollTop;
            this.viewportHeightPx = target.clientHeight;
            this.scheduleRender();
        },
        onKeyDown: (event: KeyboardEvent) => this.onTableKey(event),
        onRowFocus: (index: number) => {
            this.focusedRowIndex = index;
        },
    };

    private onTableKey(event: KeyboardEvent): void {
        const rows = this.currentRows();
        if (rows.length === 0) return;
        const page = Math.max(1, Math.floor(this.viewportHeightPx / ROW_HEIGHT_PX) - 1);
        const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
        let index = this.focusedRowIndex;
        if (event.key in moves) index += moves[event.key]!;
        else if (event.key === 'Home') index = 0;
        else if (event.key === 'End') index = rows.length - 1;
        else if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            const actor = rows[this.focusedRowIndex];
            if (actor) this.actions.showActor(actor.id);
            return;
        } else return;
        event.preventDefault();
        index = Math.max(0, Math.min(rows.length - 1, index));
        this.focusedRowIndex = index;
        const container = event.currentTarget as HTMLElement;
        const rowTop = index * ROW_HEIGHT_PX;
        if (rowTop < container.scrollTop) container.scrollTop = rowTop;
        else if (rowTop + ROW_HEIGHT_PX > container.scrollTop + container.clientHeight)
            container.scrollTop = rowTop + ROW_HEIGHT_PX - container.clientHeight;
        this.scrollTopPx = container.scrollTop;
        this.focusAfterRender = () => this.root.querySelector<HTMLElement>(`.row[data-index="${index}"]`);
        this.renderNow();
    }

    private currentRows() {
        return this.report ? this.selectActors(this.report.actors, this.ui.filter, this.ui.sort) : [];
    }

    private renderNow(): void {
        render(this.template(), this.root);
        const rowsContainer = this.root.querySelector<HTMLElement>('.rows');
        if (rowsContainer) {
            // The restored (or reset) scroll position must match the rows just rendered.
            if (Math.abs(rowsContainer.scrollTop - this.scrollTopPx) > 1) rowsContainer.scrollTop = this.scrollTopPx;
            if (rowsContainer.clientHeight > 0 && rowsContainer.clientHeight !== this.viewportHeightPx) {
                this.viewportHeightPx = rowsContainer.clientHeight;
                this.scheduleRender();
            }
        }
        if (this.report && this.ui.tab === 'trends') this.charts.update(this.root, this.trendSeries(this.report.trend));
        else this.charts.update(this.root, []);
        if (this.focusAfterRender) {
            const find = this.focusAfterRender;
            this.focusAfterRender = null;
            // The tab panel may become visible only after the tabs element updates.
            requestAnimationFrame(() => {
                const element = find();
                element?.scrollIntoView({ block: 'nearest' });
                element?.focus();
            });
        }
    }

    private template() {
        const { report, status } = this;
        if (!status) return loadingView();
        const nowMs = Date.now();
        const body = report
            ? this.reportTemplate(report, status, nowMs)
            : status.connection === 'no-token'
              ? connectView(this.actions)
              : status.connection === 'checking'
                ? checkingView()
                : status.running
                  ? html``
                  : emptyView(status, this.actions);
        return html` ${headerView(report, status, nowMs, this.actions)} ${bannersView(report, status)}
            ${this.errorMessage ? html`<div class="banner error" role="alert"><vscode-icon name="error" aria-hidden="true"></vscode-icon><span>${this.errorMessage}</span></div>` : ''}
            <main>${body}</main>`;
    }

    private reportTemplate(report: FleetReport, status: DashboardStatus, nowMs: number) {
        const tabIndex = DASHBOARD_TABS.indexOf(this.ui.tab);
        return html`<vscode-tabs
            .selectedIndex=${tabIndex}
            @vsc-tabs-select=${(event: CustomEvent<{ selectedIndex: number }>) => {
                const tab = DASHBOARD_TABS[event.detail.selectedIndex];
                if (tab && tab !== this.ui.tab) this.actions.setTab(tab);
            }}
        >
            ${DASHBOARD_TABS.map(
                (tab) =>
                    html`<vscode-tab-header slot="header" data-tab=${tab}
                            >${TAB_LABELS[tab]}${
                                tab === 'actors'
                                    ? html` <vscode-badge variant="counter" slot="content-after"
                                          >${report.actors.length}</vscode-badge
                                      >`
                                    : ''
                            }</vscode-tab-header
                        >
                        <vscode-tab-panel
                            >${tab === this.ui.tab ? this.tabTemplate(tab, report, status, nowMs) : ''}</vscode-tab-panel
                        >`,
            )}
        </vscode-tabs>`;
    }

    private tabTemplate(tab: DashboardTab, report: FleetReport, status: DashboardStatus, nowMs: number) {
        switch (tab) {
            case 'overview':
                return overviewView(
                    report,
                    this.componentViews(report),
                    this.actionPlan(report, status.localAcks),
                    this.expandedBuckets,
                    this.actions,
                );
            case 'trends':
                return trendsView(this.trendSeries(report.trend), this.costBreakdown(report), this.actions);
            case 'actors': {
                if (this.ui.selectedActorId) {
                    const detail = getActorDetail(report, this.ui.selectedActorId, this.signalsByActor(report));
                    if (detail)
                        return actorDetailView(
                            detail,
                            this.localAcks(status.localAcks),
                            this.highlightedFingerprint,
                            nowMs,
                            this.actions,
                        );
                }
                const rows = this.currentRows();
                if (this.focusedRowIndex >= rows.length) this.focusedRowIndex = Math.max(0, rows.length - 1);
                const window = getRowWindow({
                    rowCount: rows.length,
                    rowHeightPx: ROW_HEIGHT_PX,
                    scrollTopPx: this.scrollTopPx,
                    viewportHeightPx: this.viewportHeightPx,
                    overscanRows: OVERSCAN_ROWS,
                });
                return actorTableView(
                    {
                        rows,
                        totalCount: report.actors.length,
                        filter: this.ui.filter,
                        sort: this.ui.sort,
                        window,
                        focusedRowIndex: this.focusedRowIndex,
                        nowMs,
                    },
                    this.actions,
                    this.tableHandlers,
                );
            }
        }
    }
}
