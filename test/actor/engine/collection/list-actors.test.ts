import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActors, selectActors } from '../../../../actor/engine/collection/list-actors.js';
import { compileActorNameMatcher } from '../../../../actor/engine/collection/name-patterns.js';
import { startEmulator, type RunningEmulator } from '../../../emulator/index.js';
import { tokenWithoutPermission } from '../../../emulator/scenarios/scenario-tokens.js';
import { actorListItem } from '../../../support/collection-items.js';
import { emulatorCollectionContext } from '../../../support/collection-context.js';

const everything = compileActorNameMatcher([], []);

describe('selectActors', () => {
    it('applies include/exclude to username/name and sorts by it; the owner is the first item that names one', () => {
        const items = [
            actorListItem('1', { name: 'zeta', username: null }),
            actorListItem('2', { name: 'alpha', username: 'bob' }),
            actorListItem('3', { name: 'beta', username: null }),
        ];
        const { accountUsername, selected } = selectActors(items, compileActorNameMatcher([], ['bob/beta']));
        expect(accountUsername).toBe('bob');
        expect(selected.map((i) => i.id)).toEqual(['2', '1']);
    });
});

describe('listActors', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    it('lists every owned Actor in one page per 1,000 and reports progress', async () => {
        const context = emulatorCollectionContext(emulator.url, 'apify_api_demo_full');
        const listing = await listActors(context, everything);
        const owned = emulator.state.listActors();
        expect(listing.kind).toBe('listed');
        if (listing.kind !== 'listed') return;
        expect(listing.listedCount).toBe(owned.length);
        expect(listing.selected.map((a) => a.id).sort()).toEqual(owned.map((a) => a.id).sort());
        expect(context.api.requestsByKind).toEqual({ 'actors-list': 1 });
        expect(context.progress.map((p) => [p.phase, p.done, p.total])).toEqual([
            ['actors', 0, 1],
            ['actors', 1, 1],
        ]);
    });

    it('says which permission is missing when the list is forbidden', async () => {
        const context = emulatorCollectionContext(emulator.url, tokenWithoutPermission('actors:read'));
        expect(await listActors(context, everything)).toEqual({ kind: 'denied', permission: 'Actors: Read' });
    });
});
