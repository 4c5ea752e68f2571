/**
 * The run stage with either list strategy (collect-runs-per-actor.ts, collect-runs-account-wide.ts)
 * gives the same runs and profiles; the probe chooses between them and is not requested twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRunsAccountWide } from '../../../../actor/engine/collection/collect-runs-account-wide.js';
import {
    collectRunsAndProfiles,
    probeRunListStrategy,
} from '../../../../actor/engine/collection/collect-runs-and-profiles.js';
import { collectRunsPerActor } from '../../../../actor/engine/collection/collect-runs-per-actor.js';
import { listActors } from '../../../../actor/engine/collection/list-actors.js';
import { compileActorNameMatcher } from '../../../../actor/engine/collection/name-patterns.js';
import { planRunFetch } from '../../../../actor/engine/collection/plan-run-fetch.js';
import { finaliseDay, type RunsPartial } from '../../../../actor/engine/collection/run-aggregation.js';
import type { RunStageInput } from '../../../../actor/engine/collection/run-stage.js';
import type { ActorListItem } from '../../../../actor/engine/collection/fleet-api.js';
import { startEmulator, type RunningEmulator } from '../../../emulator/index.js';
import { tokenWithoutPermission } from '../../../emulator/scenarios/scenario-tokens.js';
import { emulatorCollectionContext } from '../../../support/collection-context.js';
import { MS_PER_DAY } from '../../../../shared/metrics/day-periods.js';

/** Partials equal once finalised (durations are kept in arrival order until then). */
function finalised(runs: RunsPartial, nowIso: string): Record<string, Record<string, unknown>> {
    return Object.fromEntries(
        Object.entries(runs).map(([actorId, days]) => [
            actorId,
            Object.fromEntries(
                Object.entries(days).map(([day, partial]) => [
                    day,
                    { aggregate: finaliseDay(day, partial, nowIso), candidates: partial.candidates },
                ]),
            ),
        ]),
    );
}
const FULL_TOKEN = 'apify_api_demo_full';

describe('collectRunsAndProfiles', () => {
    let emulator: RunningEmulator;
    let selected: ActorListItem[];
    let windowToIso: string;
    let plan: ReturnType<typeof planRunFetch>;

    beforeAll(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
        const to = Math.floor(emulator.state.clock.now().getTime() / MS_PER_DAY) * MS_PER_DAY;
        windowToIso = new Date(to).toISOString();
        const windowFromIso = new Date(to - 28 * MS_PER_DAY).toISOString();
        const listing = await listActors(
            emulatorCollectionContext(emulator.url, FULL_TOKEN),
            compileActorNameMatcher([], []),
        );
        if (listing.kind !== 'listed') throw new Error('the demo Actors should be listable');
        selected = listing.selected;
        plan = planRunFetch({
            selected,
            caches: new Map(),
            windowFromDay: windowFromIso.slice(0, 10),
            windowToDay: windowToIso.slice(0, 10),
            windowToIso,
        });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    function stageInput(): Omit<RunStageInput, 'strategy'> {
        return {
            selected,
            selectedById: new Map(selected.map((item) => [item.id, item])),
            caches: new Map(),
            accountUsername: null,
            plan,
            windowToIso,
            startedBefore: new Date(Date.parse(windowToIso) - 1).toISOString(),
            origins: new Set(),
        };
    }

    it('gives the same runs and profiles with per-Actor lists as with the account-wide list', async () => {
        const input = stageInput();
        const probeContext = emulatorCollectionContext(emulator.url, FULL_TOKEN);
        const { probe } = await probeRunListStrategy(probeContext.api, plan, input.startedBefore);
        expect(probe).not.toBeNull();
        const wideContext = emulatorCollectionContext(emulator.url, FULL_TOKEN);
        const wide = await collectRunsAccountWide(
            wideContext,
            { ...input, strategy: { kind: 'account-wide', reason: '' } },
            probe!,
        );
        const perActorContext = emulatorCollectionContext(emulator.url, FULL_TOKEN);
        const perActor = await collectRunsPerActor(
            perActorContext,
            { ...input, strategy: { kind: 'per-actor', reason: '' } },
            plan.needsRuns,
        );
        expect(Object.keys(wide.runs).length).toBeGreaterThan(1);
        const nowIso = emulator.state.clock.now().toISOString();
        expect(finalised(perActor.runs, nowIso)).toEqual(finalised(wide.runs, nowIso));
        expect(perActor.profiles).toEqual(wide.profiles);
        expect([...perActor.profiles.keys()].sort()).toEqual(selected.map((s) => s.id).sort());
        expect([perActor.runsForbidden.size, wide.runsForbidden.size]).toEqual([0, 0]);
        // The probe's page is not requested again; one list per Actor to fetch.
        expect(wideContext.api.requestsByKind['runs-list-account'] ?? 0).toBe(Math.ceil(probe!.total / 1000) - 1);
        const pagesPerActor = plan.needsRuns.map((actor) => {
            const from = plan.fetchFromIso.get(actor.id)!;
            const runs = emulator.state
                .listRuns({ actId: actor.id, offset: 0, limit: 10_000_000 })
                .items.filter((r) => r.startedAt >= from && r.startedAt < windowToIso);
            return Math.max(1, Math.ceil(runs.length / 1000));
        });
        expect(perActorContext.api.requestsByKind['runs-list-actor']).toBe(pagesPerActor.reduce((a, b) => a + b, 0));
    });

    it('marks every Actor to fetch when the token may not read runs, and still collects the profiles', async () => {
        const context = emulatorCollectionContext(emulator.url, tokenWithoutPermission('runs:read'));
        const result = await collectRunsAndProfiles(context, {
            selected,
            caches: new Map(),
            accountUsername: null,
            plan,
            windowToIso,
            origins: [],
        });
        expect(result.strategy).toEqual({
            kind: 'account-wide',
            reason: 'The run list is not permitted for this token.',
        });
        expect([...result.runsForbidden].sort()).toEqual(plan.needsRuns.map((a) => a.id).sort());
        expect(result.runs).toEqual({});
        expect(result.profiles.size).toBe(selected.length);
    });
});
