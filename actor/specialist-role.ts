/**
 * A specialist run (`executionMode: "runs"`, started by the orchestrator with
 * `input.specialistRole`): collect the shard, run the one specialist, write `SIGNALS` to the
 * default key-value store, exit. The orchestrator validates and merges the document; a
 * failure here shows up there as a failed run for this specialist and shard.
 */
import { Actor } from 'apify';
import type { ActorInput, SpecialistRole } from '../shared/contracts/actor-input.js';
import { signalsDocumentSchema } from '../shared/contracts/signals.js';
import { collectFleet } from './collection/collect-fleet.js';
import { runSpecialistsInline } from './specialists-inline.js';

export const SIGNALS_KEY = 'SIGNALS';

export async function runSpecialistRole(input: ActorInput, role: SpecialistRole): Promise<void> {
    const env = Actor.getEnv();
    const fleetClient = input.apifyToken ? Actor.newClient({ token: input.apifyToken }) : Actor.newClient();
    await Actor.setStatusMessage(`Specialist ${role.specialist}: collecting ${role.actorNames.length} Actors (shard ${role.shardIndex + 1}/${role.shardCount})…`);
    const fleetData = await collectFleet({
        client: fleetClient,
        window: { from: new Date(role.windowFrom), to: new Date(role.windowTo) },
        include: role.actorNames,
        origins: input.origins,
        now: env.startedAt ? new Date(env.startedAt) : new Date(),
    });
    const generatedAt = (env.startedAt ? new Date(env.startedAt) : new Date()).toISOString();
    const { documents, runs } = runSpecialistsInline(fleetData, { ...input, specialists: [role.specialist] }, { generatedAt, runId: env.actorRunId ?? null });
    const document = documents[0];
    if (!document) throw new Error(runs[0]?.reason ?? `The ${role.specialist} analysis produced no document.`);
    await Actor.setValue(SIGNALS_KEY, signalsDocumentSchema.parse(document));
}
