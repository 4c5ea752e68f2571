/**
 * Which specialist runs `executionMode: "runs"` starts: one per (specialist, shard).
 *
 * - The fleet (in the collection's order) is cut into contiguous shards of `shardSize`
 *   Actors; every sharded specialist analyses the same shards, so one `FLEET-SHARD-<n>`
 *   record per shard serves all of them.
 * - ab-tester is never sharded: a pair needs both of its Actors. It gets one run with the
 *   Actors its pairs name (resolved exactly as the specialist resolves them).
 * - A specialist with nothing to analyse (no Actors, or ab-tester without a pair that names
 *   an analysed Actor) runs inside the orchestrator instead: a container start for an empty
 *   document would cost money and say nothing new. Its document is the same either way.
 *
 * Every specialist analyses each Actor on its own (see shared/specialists/registry.ts), so
 * the shards' documents together are the inline document (combine-documents.ts).
 */
import type { AbPair } from '../../../shared/contracts/actor-input.js';
import type { ActorData, FleetData } from '../../../shared/contracts/fleet-data.js';
import type { SpecialistName } from '../../../shared/contracts/signals.js';
import { findActor } from '../../../shared/specialists/ab-tester.js';

export const AB_TESTER = 'ab-tester' satisfies SpecialistName;

export interface FleetShard {
    /** `FLEET-SHARD-<index>`, or `FLEET-SHARD-ab-tester` for the pairs' Actors. */
    key: string;
    actors: ActorData[];
}

export interface PlannedSpecialistRun {
    specialist: SpecialistName;
    shard: FleetShard;
    shardIndex: number;
    shardCount: number;
}

export interface SpecialistRunPlan {
    shards: FleetShard[];
    runs: PlannedSpecialistRun[];
    /** Specialists that run inside the orchestrator (nothing to shard). */
    inlineSpecialists: SpecialistName[];
}

export function shardRecordKey(shardIndex: number): string {
    return `FLEET-SHARD-${shardIndex + 1}`;
}

/**
 * The Actors the pairs name, in fleet order; references that match nothing are left out (the specialist reports them).
 */
export function selectPairActors(fleetData: FleetData, pairs: readonly AbPair[]): ActorData[] {
    const wanted = new Set<ActorData>();
    for (const pair of pairs) {
        const references = pair.kind === 'actors' ? [pair.a, pair.b] : [pair.actor];
        for (const reference of references) {
            const found = findActor(fleetData, reference);
            if (found) wanted.add(found);
        }
    }
    return fleetData.actors.filter((actorData) => wanted.has(actorData));
}

export function planSpecialistRuns(
    fleetData: FleetData,
    specialists: readonly SpecialistName[],
    options: { shardSize: number; abPairs: readonly AbPair[] },
): SpecialistRunPlan {
    if (!Number.isInteger(options.shardSize) || options.shardSize < 1)
        throw new RangeError(`shardSize must be a positive integer, got ${options.shardSize}`);
    const fleetShards: FleetShard[] = [];
    for (let start = 0; start < fleetData.actors.length; start += options.shardSize) {
        fleetShards.push({
            key: shardRecordKey(fleetShards.length),
            actors: fleetData.actors.slice(start, start + options.shardSize),
        });
    }
    const runs: PlannedSpecialistRun[] = [];
    const inlineSpecialists: SpecialistName[] = [];
    const usedShards = new Set<FleetShard>();
    for (const specialist of specialists) {
        if (specialist === AB_TESTER) {
            const pairActors = selectPairActors(fleetData, options.abPairs);
            if (pairActors.length === 0) {
                inlineSpecialists.push(specialist);
                continue;
            }
            const shard: FleetShard = { key: `FLEET-SHARD-${AB_TESTER}`, actors: pairActors };
            usedShards.add(shard);
            runs.push({ specialist, shard, shardIndex: 0, shardCount: 1 });
            continue;
        }
        if (fleetShards.length === 0) {
            inlineSpecialists.push(specialist);
            continue;
        }
        fleetShards.forEach((shard, shardIndex) => {
            usedShards.add(shard);
            runs.push({ specialist, shard, shardIndex, shardCount: fleetShards.length });
        });
    }
    return { shards: [...usedShards], runs, inlineSpecialists };
}

/** The shard as the specialist run sees it: the fleet's document with only the shard's Actors. */
export function buildShardFleetData(fleetData: FleetData, shard: FleetShard): FleetData {
    return { ...fleetData, actors: shard.actors };
}
