/**
 * The Actor table: sortable headers, filters, and windowed rows — only the rows in view (plus
 * an overscan) exist in the DOM, with spacers above and below, so 2,000 Actors scroll like 20.
 *
 * It is an ARIA grid: `aria-rowcount`/`aria-rowindex` tell screen readers the full size; one
 * row at a time is in the tab order (roving tabindex); arrows, Page Up/Down, Home/End move,
 * Enter or Space opens the Actor.
 */
import { html, nothing } from 'lit';
import { cssomStyle } from './cssom-style.js';
import { GRADES, type ActorSummary } from '../../../shared/contracts/fleet-report.js';
import {
    ACTOR_COLUMNS,
    getAriaSort,
    type ActorFilter,
    type ActorSort,
    type ActorSortKey,
    type RowWindow,
} from '../view-models/actor-table.js';
import {
    formatCount,
    formatDurationSecs,
    formatPercent,
    formatScore,
    formatUsd,
} from '../../../shared/format/number-format.js';
import { formatAge } from '../view-models/format.js';
import { describeGrade } from '../view-models/grade.js';
import type { DashboardActions } from './actions.js';
import { gradeBadge } from './common.js';

export const ROW_HEIGHT_PX = 30;
export const OVERSCAN_ROWS = 12;

export interface TableModel {
    rows: readonly ActorSummary[];
    totalCount: number;
    filter: ActorFilter;
    sort: ActorSort;
    window: RowWindow;
    focusedRowIndex: number;
    nowMs: number;
}

export interface TableHandlers {
    onScroll(event: Event): void;
    onKeyDown(event: KeyboardEvent): void;
    onRowFocus(index: number): void;
}

/** One cell of an Actor row (exported for the one-dialect test of the number formats). */
export function renderActorCell(key: ActorSortKey, actor: ActorSummary, nowMs: number) {
    switch (key) {
        case 'name':
            return html`<span class="actor-name" title=${actor.title ? `${actor.title} — ${actor.name}` : actor.name}
                >${actor.title ?? actor.name}<span class="muted"> ${actor.title ? actor.name : ''}</span></span
            >`;
        case 'healthScore':
            return html`${gradeBadge(actor.grade)} <span class="num">${formatScore(actor.healthScore)}</span>`;
        case 'successRate':
            return formatPercent(actor.successRate);
        case 'runs':
            return formatCount(actor.runs.total);
        case 'failed':
            return formatCount(actor.runs.failed + actor.runs.timedOut);
        case 'costUsd':
            return html`${formatUsd(actor.costUsd)}${actor.isCostComplete ? nothing : html`<span title="Some runs report no cost: a lower bound">+</span>`}`;
        case 'costPerRunUsd':
            return formatUsd(actor.costPerRunUsd);
        case 'p95DurationSecs':
            return formatDurationSecs(actor.durationSecs.p95);
        case 'signalCount':
            return actor.signalCount > 0
                ? html`<vscode-badge variant="counter">${actor.signalCount}</vscode-badge>`
                : html`<span class="muted">0</span>`;
        case 'lastRunAt':
            return formatAge(actor.lastRunAt, nowMs);
    }
}

function row(
    actor: ActorSummary,
    index: number,
    model: TableModel,
    actions: DashboardActions,
    handlers: TableHandlers,
) {
    const label = `${actor.title ?? actor.name}, ${describeGrade(actor.grade)}, health ${formatScore(actor.healthScore)}, success ${formatPercent(actor.successRate)}, ${actor.signalCount} signals`;
    return html`<div
        class="row"
        role="row"
        aria-rowindex=${index + 2}
        data-index=${index}
        data-actor-id=${actor.id}
        tabindex=${index === model.focusedRowIndex ? 0 : -1}
        aria-label=${label}
        @focus=${() => handlers.onRowFocus(index)}
        @click=${() => actions.showActor(actor.id)}
    >
        ${ACTOR_COLUMNS.map((column) => html`<div role="gridcell" class=${column.isNumeric ? 'cell num' : 'cell'}>${renderActorCell(column.key, actor, model.nowMs)}</div>`)}
    </div>`;
}

function filters(model: TableModel, actions: DashboardActions) {
    const { filter } = model;
    return html`<div class="filters" role="search" aria-label="Filter Actors">
        <vscode-textfield
            class="filter-text"
            placeholder="Filter by name, title or id"
            aria-label="Filter Actors by name, title or id"
            .value=${filter.text}
            @input=${(event: Event) => actions.setFilter({ text: (event.target as HTMLInputElement).value })}
        >
            <vscode-icon slot="content-before" name="filter"></vscode-icon>
        </vscode-textfield>
        <div class="grade-filter" role="group" aria-label="Grades">
            ${GRADES.map(
                (grade) =>
                    html`<button
                        class="chip"
                        aria-pressed=${filter.grades.includes(grade) ? 'true' : 'false'}
                        aria-label=${`Show grade ${grade}`}
                        @click=${() => actions.toggleGrade(grade)}
                    >
                        ${grade}
                    </button>`,
            )}
        </div>
        <vscode-checkbox
            label="Only with signals"
            .checked=${filter.onlyWithSignals}
            @change=${(event: Event) => actions.setFilter({ onlyWithSignals: (event.target as HTMLInputElement).checked })}
        ></vscode-checkbox>
        <span class="muted count" data-testid="actor-count" aria-live="polite"
            >${
                model.rows.length === model.totalCount
                    ? `${formatCount(model.totalCount)} Actors`
                    : `${formatCount(model.rows.length)} of ${formatCount(model.totalCount)} Actors`
            }</span
        >
    </div>`;
}

export function actorTableView(model: TableModel, actions: DashboardActions, handlers: TableHandlers) {
    const { rows, window: win, sort } = model;
    const visible = rows.slice(win.start, win.end);
    return html`<div class="actor-table-view">
        ${filters(model, actions)}
        <div
            class="grid"
            role="grid"
            aria-label="Actors"
            aria-rowcount=${rows.length + 1}
            aria-colcount=${ACTOR_COLUMNS.length}
            data-testid="actor-grid"
        >
            <div class="row header-row" role="row" aria-rowindex="1">
                ${ACTOR_COLUMNS.map(
                    (column) =>
                        html`<div
                            role="columnheader"
                            class=${column.isNumeric ? 'cell num' : 'cell'}
                            aria-sort=${getAriaSort(sort, column.key)}
                        >
                            <button
                                class="sort"
                                data-sort=${column.key}
                                @click=${() => actions.setSort(column.key)}
                                aria-label=${`Sort by ${column.label}`}
                            >
                                ${column.label}${
                                    sort.key === column.key
                                        ? html`<vscode-icon
                                              name=${sort.direction === 'asc' ? 'arrow-up' : 'arrow-down'}
                                              aria-hidden="true"
                                          ></vscode-icon>`
                                        : nothing
                                }
                            </button>
                        </div>`,
                )}
            </div>
            <div class="rows" role="rowgroup" @scroll=${handlers.onScroll} @keydown=${handlers.onKeyDown}>
                ${rows.length === 0 ? html`<p class="muted empty-rows">No Actor matches the filter.</p>` : nothing}
                <div class="spacer" aria-hidden="true" style=${cssomStyle({ height: `${win.paddingTopPx}px` })}></div>
                ${visible.map((actor, i) => row(actor, win.start + i, model, actions, handlers))}
                <div
                    class="spacer"
                    aria-hidden="true"
                    style=${cssomStyle({ height: `${win.paddingBottomPx}px` })}
                ></div>
            </div>
        </div>
    </div>`;
}
