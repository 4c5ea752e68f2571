/**
 * What the views may ask the app to do. Views are functions from data to lit templates; they
 * never post messages or touch state themselves.
 */
import type { ActionBucket, Grade } from '../../../shared/contracts/fleet-report.js';
import type { ActorFilter, ActorSortKey } from '../view-models/actor-table.js';
import type { DashboardTab } from '../view-models/ui-state.js';
import type { RunMode } from '../../settings/extension-settings.js';

export interface DashboardActions {
    acknowledge(fingerprint: string): void;
    openInConsole(actorId: string): void;
    runAnalysis(mode: RunMode): void;
    connectToken(): void;
    /** Opens the Actor's detail view; with a fingerprint, scrolls to and focuses that signal. */
    showActor(actorId: string, fingerprint?: string): void;
    backToTable(): void;
    setTab(tab: DashboardTab): void;
    setSort(key: ActorSortKey): void;
    setFilter(patch: Partial<ActorFilter>): void;
    toggleGrade(grade: Grade): void;
    expandBucket(bucket: ActionBucket): void;
    /** A request in flight (e.g. `ack:<fingerprint>`, `run:platform`): its button is disabled. */
    isBusy(key: string): boolean;
}

/** Enter or Space on a focusable non-button element activates it, like a button. */
export function onActivate(handler: () => void): (event: KeyboardEvent) => void {
    return (event: KeyboardEvent) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            handler();
        }
    };
}
