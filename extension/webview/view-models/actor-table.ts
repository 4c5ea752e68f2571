/**
 * The Actor table's view model: columns, filtering and sorting, as pure functions over the
 * report's `actors[]`. Sorting is stable and puts missing values (no runs, no cost data) last
 * in both directions, so "lowest success rate" never starts with Actors that never ran.
 */
import { z } from 'zod';
import { GRADES, type ActorSummary } from '../../../shared/contracts/fleet-report.js';

export const ACTOR_SORT_KEYS = [
    'name',
    'healthScore',
    'successRate',
    'runs',
    'failed',
    'costUsd',
    'costPerRunUsd',
    'p95DurationSecs',
    'signalCount',
    'lastRunAt',
] as const;
export const actorSortKeySchema = z.enum(ACTOR_SORT_KEYS);
export type ActorSortKey = z.infer<typeof actorSortKeySchema>;
export type SortDirection = 'asc' | 'desc';

export const actorSortSchema = z.object({ key: actorSortKeySchema, direction: z.enum(['asc', 'desc']) }).strict();
export type ActorSort = z.infer<typeof actorSortSchema>;

export const actorFilterSchema = z
    .object({
        /** Case-insensitive substring of the name, title or id. */
        text: z.string().max(200),
        /** Empty: every grade. */
        grades: z.array(z.enum(GRADES)),
        onlyWithSignals: z.boolean(),
    })
    .strict();
export type ActorFilter = z.infer<typeof actorFilterSchema>;

export const DEFAULT_SORT: ActorSort = { key: 'healthScore', direction: 'asc' };
export const EMPTY_FILTER: ActorFilter = { text: '', grades: [], onlyWithSignals: false };

export interface ActorColumn {
    key: ActorSortKey;
    label: string;
    /** Numbers are right-aligned and start sorting descending (biggest first)… */
    isNumeric: boolean;
    /** …except where low is the interesting end (score, success rate). */
    firstDirection: SortDirection;
}

export const ACTOR_COLUMNS: readonly ActorColumn[] = [
    { key: 'name', label: 'Actor', isNumeric: false, firstDirection: 'asc' },
    { key: 'healthScore', label: 'Health', isNumeric: true, firstDirection: 'asc' },
    { key: 'successRate', label: 'Success', isNumeric: true, firstDirection: 'asc' },
    { key: 'runs', label: 'Runs', isNumeric: true, firstDirection: 'desc' },
    { key: 'failed', label: 'Failed', isNumeric: true, firstDirection: 'desc' },
    { key: 'costUsd', label: 'Cost', isNumeric: true, firstDirection: 'desc' },
    { key: 'costPerRunUsd', label: 'Cost / run', isNumeric: true, firstDirection: 'desc' },
    { key: 'p95DurationSecs', label: 'p95 duration', isNumeric: true, firstDirection: 'desc' },
    { key: 'signalCount', label: 'Signals', isNumeric: true, firstDirection: 'desc' },
    { key: 'lastRunAt', label: 'Last run', isNumeric: true, firstDirection: 'desc' },
];

/** The value a column sorts by; null = missing (always last). */
export function getSortValue(actor: ActorSummary, key: ActorSortKey): number | string | null {
    switch (key) {
        case 'name':
            return actor.name.toLowerCase();
        case 'healthScore':
            return actor.healthScore;
        case 'successRate':
            return actor.successRate;
        case 'runs':
            return actor.runs.total;
        case 'failed':
            return actor.runs.failed + actor.runs.timedOut;
        case 'costUsd':
            return actor.runs.total === 0 && actor.costUsd === 0 ? null : actor.costUsd;
        case 'costPerRunUsd':
            return actor.costPerRunUsd;
        case 'p95DurationSecs':
            return actor.durationSecs.p95;
        case 'signalCount':
            return actor.signalCount;
        case 'lastRunAt': {
            if (!actor.lastRunAt) return null;
            const ms = Date.parse(actor.lastRunAt);
            return Number.isFinite(ms) ? ms : null;
        }
    }
}

export function matchesFilter(actor: ActorSummary, filter: ActorFilter): boolean {
    if (filter.onlyWithSignals && actor.signalCount === 0) return false;
    if (filter.grades.length > 0 && !filter.grades.includes(actor.grade)) return false;
    const text = filter.text.trim().toLowerCase();
    if (text === '') return true;
    return (
        actor.name.toLowerCase().includes(text) ||
        (actor.title?.toLowerCase().includes(text) ?? false) ||
        actor.id.toLowerCase().includes(text)
    );
}

function compareValues(a: number | string, b: number | string): number {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b));
}

/**
 * Filters then sorts (a new array; the report is not touched). Ties fall back to the name,
 * then the id, so the order is total and identical on every render.
 */
export function selectActors(actors: readonly ActorSummary[], filter: ActorFilter, sort: ActorSort): ActorSummary[] {
    const sign = sort.direction === 'asc' ? 1 : -1;
    const keyed = actors
        .filter((actor) => matchesFilter(actor, filter))
        .map((actor) => ({ actor, value: getSortValue(actor, sort.key) }));
    keyed.sort((a, b) => {
        if (a.value === null || b.value === null) {
            if (a.value !== b.value) return a.value === null ? 1 : -1;
        } else {
            const byValue = compareValues(a.value, b.value) * sign;
            if (byValue !== 0) return byValue;
        }
        return a.actor.name.localeCompare(b.actor.name) || a.actor.id.localeCompare(b.actor.id);
    });
    return keyed.map((k) => k.actor);
}

/** Clicking a header: the same column flips direction, a new one starts at its first direction. */
export function nextSort(current: ActorSort, key: ActorSortKey): ActorSort {
    if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
    const column = ACTOR_COLUMNS.find((c) => c.key === key);
    return { key, direction: column?.firstDirection ?? 'asc' };
}

/** `aria-sort` of a column header. */
export function getAriaSort(sort: ActorSort, key: ActorSortKey): 'ascending' | 'descending' | 'none' {
    if (sort.key !== key) return 'none';
    return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/** The rows to render for a scroll position (windowed rendering: only these exist in the DOM). */
export interface RowWindow {
    /** First rendered row index (inclusive). */
    start: number;
    /** Last rendered row index (exclusive). */
    end: number;
    /** Space above and below the rendered rows, px, so the scrollbar matches all rows. */
    paddingTopPx: number;
    paddingBottomPx: number;
}

export function getRowWindow(params: {
    rowCount: number;
    rowHeightPx: number;
    scrollTopPx: number;
    viewportHeightPx: number;
    overscanRows: number;
}): RowWindow {
    const { rowCount, rowHeightPx, overscanRows } = params;
    if (rowCount === 0 || rowHeightPx <= 0) return { start: 0, end: 0, paddingTopPx: 0, paddingBottomPx: 0 };
    const scrollTopPx = Math.max(0, params.scrollTopPx);
    const viewportHeightPx = Math.max(0, params.viewportHeightPx);
    const first = Math.min(rowCount - 1, Math.floor(scrollTopPx / rowHeightPx));
    const visible = Math.ceil(viewportHeightPx / rowHeightPx) + 1;
    const start = Math.max(0, first - overscanRows);
    const end = Math.min(rowCount, first + visible + overscanRows);
    return { start, end, paddingTopPx: start * rowHeightPx, paddingBottomPx: (rowCount - end) * rowHeightPx };
}
