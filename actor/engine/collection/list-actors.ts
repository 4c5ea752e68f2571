/**
 * Stage 1 of collectFleet: the account's Actors. `GET /v2/actors?my=1` in pages of 1,000 (the
 * first page, then the rest in parallel once `total` is known); include/exclude applied to
 * `username/name`; the selection sorted by that name.
 */
import type { PermissionGroup } from '../../../shared/contracts/fleet-data.js';
import { actorFullName } from './collect-actor.js';
import { reportProgress, type CollectionContext } from './collection-context.js';
import { LIST_PAGE_SIZE, PermissionDeniedError, type ActorListItem } from './fleet-api.js';
import type { ActorNameMatcher } from './name-patterns.js';
import { pagesFor } from './run-list-strategy.js';

export type ActorListing =
    | {
          kind: 'listed';
          /** From the first list item that names its owner; null when none does. */
          accountUsername: string | null;
          /** Actors the list returned, before include/exclude. */
          listedCount: number;
          selected: ActorListItem[];
      }
    | { kind: 'denied'; permission: PermissionGroup };

/** Every owned Actor, each once (a page boundary shifting under a concurrent change may repeat one). */
async function listAllActors(context: CollectionContext): Promise<ActorListItem[]> {
    const first = await context.api.listActors(0);
    const rest = await Promise.all(
        Array.from({ length: pagesFor(first.total) - 1 }, async (_, i) =>
            context.api.listActors((i + 1) * LIST_PAGE_SIZE),
        ),
    );
    const byId = new Map<string, ActorListItem>();
    for (const page of [first, ...rest]) for (const item of page.items) byId.set(item.id, item);
    return [...byId.values()];
}

export function selectActors(
    items: readonly ActorListItem[],
    matcher: ActorNameMatcher,
): { accountUsername: string | null; selected: ActorListItem[] } {
    const accountUsername = items.find((a) => a.username)?.username ?? null;
    const selected = items
        .filter((item) => matcher.matches(actorFullName(item, accountUsername)))
        .sort((a, b) => (actorFullName(a, accountUsername) < actorFullName(b, accountUsername) ? -1 : 1));
    return { accountUsername, selected };
}

export async function listActors(context: CollectionContext, matcher: ActorNameMatcher): Promise<ActorListing> {
    reportProgress(context, 'actors', 0, 1, 'Listing Actors…');
    let items: ActorListItem[];
    try {
        items = await listAllActors(context);
    } catch (error) {
        if (!(error instanceof PermissionDeniedError)) throw error;
        return { kind: 'denied', permission: error.permission };
    }
    const { accountUsername, selected } = selectActors(items, matcher);
    reportProgress(context, 'actors', 1, 1, `Found ${selected.length} Actor(s) to analyse (of ${items.length}).`);
    return { kind: 'listed', accountUsername, listedCount: items.length, selected };
}
