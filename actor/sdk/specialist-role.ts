/**
 * A specialist run (`executionMode: "runs"`, started by the orchestrator with
 * `input.specialistRole`): get the shard's data, run the one specialist, write `SIGNALS`
 * (validated SIGNALS v1) to the default key-value store, exit. The orchestrator validates and
 * merges the document; a failure here shows up there as a failed run for this specialist and
 * shard, never as a crashed analysis.
 *
 * The shard's data: the orchestrator's `FLEET-SHARD-<n>` record (`role.fleetDataRecord`),
 * read with this run's own token — the orchestrator started the run with the token it reads
 * the fleet with, so this run token has the same scope (reading another run's default store
 * needs "Key-value stores: Read"). Without the record, the run collects its shard itself.
 */
import { Actor, log } from 'apify';
import type { ActorInput, SpecialistRole } from '../../shared/contracts/actor-input.js';
import { fleetDataSchema, type FleetData } from '../../shared/contracts/fleet-data.js';
import { signalsDocumentSchema } from '../../shared/contracts/signals.js';
import { collectFleet } from '../engine/collection/collect-fleet.js';
import { buildTestFaultDocument, readTestFault } from '../engine/fan-out/test-fault.js';
import { runSpecialistsInline } from '../engine/specialists-inline.js';

export const SIGNALS_KEY = 'SIGNALS';

/** Reads the orchestrator's shard record and checks it is exactly the shard the role names. */
async function readShardRecord(
    role: SpecialistRole,
    record: NonNullable<SpecialistRole['fleetDataRecord']>,
): Promise<FleetData> {
    const stored = await Actor.newClient().keyValueStore(record.storeId).getRecord(record.key);
    if (!stored)
        throw new Error(`The orchestrator's record ${record.key} was not found; the shard cannot be analysed.`);
    const parsed = fleetDataSchema.safeParse(stored.value);
    if (!parsed.success)
        throw new Error(
            `The orchestrator's record ${record.key} is not valid FleetData: ${parsed.error.issues
                .slice(0, 3)
                .map((i) => `${i.path.join('.')}: ${i.message}`)
                .join('; ')}`,
        );
    const names = parsed.data.actors.map((actorData) => actorData.actor.name);
    if (names.length !== role.actorNames.length || names.some((name, index) => name !== role.actorNames[index])) {
        throw new Error(`The orchestrator's record ${record.key} holds other Actors than this run's shard.`);
    }
    return parsed.data;
}

async function loadShard(input: ActorInput, role: SpecialistRole): Promise<FleetData> {
    if (role.fleetDataRecord) return readShardRecord(role, role.fleetDataRecord);
    const env = Actor.getEnv();
    log.info(`No shard record was passed: collecting the ${role.actorNames.length} Actors of this shard.`);
    return collectFleet({
        client: Actor.newClient(),
        window: { from: new Date(role.windowFrom), to: new Date(role.windowTo) },
        include: role.actorNames,
        origins: input.origins,
        now: role.generatedAt ? new Date(role.generatedAt) : env.startedAt ? new Date(env.startedAt) : new Date(),
    });
}

export async function runSpecialistRole(input: ActorInput, role: SpecialistRole): Promise<void> {
    const env = Actor.getEnv();
    const runId = env.actorRunId ?? null;
    await Actor.setStatusMessage(
        `Specialist ${role.specialist}: reading ${role.actorNames.length} Actors (shard ${role.shardIndex + 1}/${role.shardCount})…`,
    );
    const fleetData = await loadShard(input, role);
    const generatedAt = role.generatedAt ?? (env.startedAt ? new Date(env.startedAt) : new Date()).toISOString();

    const fault = readTestFault(process.env, role);
    if (fault) {
        // Test hook only (see fan-out/test-fault.ts): write what the test asked for, unvalidated.
        log.warning(`Test fault "${fault}" is active for this specialist run.`);
        await Actor.setValue(SIGNALS_KEY, await buildTestFaultDocument(fault, role, runId));
        return;
    }

    const { documents, runs } = runSpecialistsInline(
        fleetData,
        { ...input, specialists: [role.specialist] },
        { generatedAt, runId },
    );
    const document = documents[0];
    if (!document) throw new Error(runs[0]?.reason ?? `The ${role.specialist} analysis produced no document.`);
    await Actor.setValue(SIGNALS_KEY, signalsDocumentSchema.parse(document));
}
