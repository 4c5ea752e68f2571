/**
 * The page's own UI state, kept with the webview's getState/setState so a hidden or reloaded
 * panel comes back on the same tab, sort, filter and Actor. What getState returns crossed a
 * boundary (an older build may have written it): it is parsed, and anything odd falls back to
 * the defaults instead of breaking the page.
 */
import { z } from 'zod';
import { actorFilterSchema, actorSortSchema, DEFAULT_SORT, EMPTY_FILTER } from './actor-table.js';

export const DASHBOARD_TABS = ['overview', 'actors', 'trends'] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number];

export const uiStateSchema = z
    .object({
        version: z.literal(1),
        tab: z.enum(DASHBOARD_TABS),
        sort: actorSortSchema,
        filter: actorFilterSchema,
        /** The Actor whose detail view is open (on the Actors tab). */
        selectedActorId: z.string().max(100).nullable(),
    })
    .strict();
export type UiState = z.infer<typeof uiStateSchema>;

export const DEFAULT_UI_STATE: UiState = {
    version: 1,
    tab: 'overview',
    sort: DEFAULT_SORT,
    filter: EMPTY_FILTER,
    selectedActorId: null,
};

export function restoreUiState(raw: unknown): UiState {
    const parsed = uiStateSchema.safeParse(raw);
    return parsed.success ? parsed.data : DEFAULT_UI_STATE;
}
