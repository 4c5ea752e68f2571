import { describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '../../../../actor/engine/collection/fleet-api.js';
import {
    emptyRunStageResult,
    foldRunListPage,
    profileUnits,
    readRunList,
    recordRunStageResult,
    type RunStageInput,
} from '../../../../actor/engine/collection/run-stage.js';
import { actorListItem, runListItem, runsPartialOf } from '../../../support/collection-items.js';

const selected = [actorListItem('a'), actorListItem('b'), actorListItem('c')];
const input: RunStageInput = {
    selected,
    selectedById: new Map(selected.map((item) => [item.id, item])),
    caches: new Map(),
    accountUsername: 'alice',
    plan: {
        fetchFromIso: new Map(selected.map((item) => [item.id, '2026-01-01T00:00:00.000Z'])),
        needsRuns: selected.slice(0, 2),
    },
    windowToIso: '2026-01-08T00:00:00.000Z',
    startedBefore: '2026-01-07T23:59:59.999Z',
    origins: new Set(),
    strategy: { kind: 'account-wide', reason: 'test' },
};

describe('run stage', () => {
    it('folds only runs of selected Actors, as addRun does', () => {
        const runs = [
            runListItem('r1', 'a', '2026-01-02T10:00:00.000Z'),
            runListItem('r2', 'store-actor', '2026-01-02T11:00:00.000Z'),
            runListItem('r3', 'b', '2026-01-03T10:00:00.000Z'),
        ];
        const partial = {};
        foldRunListPage(partial, runs, input);
        expect(partial).toEqual(runsPartialOf([runs[0]!, runs[2]!]));
    });

    it('turns a 403 into a forbidden result and lets other errors through', async () => {
        const denied = await readRunList(async () => {
            throw new PermissionDeniedError('runs-list-account', 'Actor runs: Read', 'forbidden');
        });
        expect(denied).toEqual({ kind: 'runs', partial: {}, total: 0, forbidden: true });
        await expect(readRunList(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
        const read = await readRunList(async () => 7);
        expect(read).toEqual({ kind: 'runs', partial: {}, total: 7, forbidden: false });
    });

    it('records profiles by Actor, merges runs, and marks forbidden lists per Actor or for every Actor to fetch', () => {
        const state = emptyRunStageResult();
        const [unit] = profileUnits(selected);
        expect(unit).toEqual({ id: 'actor-profile:a', payload: { kind: 'profile', actorId: 'a' } });
        const profile = { actor: {} as never, metadataFromDetail: false, builds: null, missing: [] };
        recordRunStageResult(state, input, { id: unit!.id, actorId: null, result: { kind: 'profile', ...profile } });
        expect(state.profiles.get('a')).toEqual({ kind: 'profile', ...profile });

        const partial = runsPartialOf([runListItem('r1', 'a', '2026-01-02T10:00:00.000Z')]);
        recordRunStageResult(state, input, {
            id: 'page',
            actorId: null,
            result: { kind: 'runs', partial, total: 1, forbidden: false },
        });
        expect(state.runs).toEqual(partial);

        const forbidden = { kind: 'runs' as const, partial: {}, total: 0, forbidden: true };
        recordRunStageResult(state, input, { id: 'runs-actor:b', actorId: 'b', result: forbidden });
        expect([...state.runsForbidden]).toEqual(['b']);
        recordRunStageResult(state, input, { id: 'page', actorId: null, result: forbidden });
        expect([...state.runsForbidden].sort()).toEqual(['a', 'b']);
    });
});
