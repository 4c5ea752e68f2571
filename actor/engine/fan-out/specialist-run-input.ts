import {
    actorInputSchema,
    type ActorInput,
    type ActorInputRaw,
    type SpecialistRole,
} from '../../../shared/contracts/actor-input.js';
import type { FleetData } from '../../../shared/contracts/fleet-data.js';
import type { PlannedSpecialistRun } from './shard-plan.js';

/**
 * The specialist run's whole input: the role and the options its specialist reads (the same
 * mapping as inline, specialists-inline.ts). Never a token. Validated here, so a bad role
 * fails in the orchestrator with a clear message instead of in every specialist run.
 */
export function buildSpecialistRunInput(
    input: ActorInput,
    planned: PlannedSpecialistRun,
    context: {
        generatedAt: string;
        parentRunId: string | null;
        window: FleetData['window'];
        fleetDataRecord: SpecialistRole['fleetDataRecord'] | undefined;
    },
): ActorInputRaw {
    const role: SpecialistRole = {
        specialist: planned.specialist,
        actorNames: planned.shard.actors.map((actorData) => actorData.actor.name),
        shardIndex: planned.shardIndex,
        shardCount: planned.shardCount,
        windowFrom: context.window.from,
        windowTo: context.window.to,
        parentRunId: context.parentRunId,
        generatedAt: context.generatedAt,
        ...(context.fleetDataRecord ? { fleetDataRecord: context.fleetDataRecord } : {}),
    };
    const raw: ActorInputRaw = {
        specialists: [planned.specialist],
        origins: input.origins,
        regressionSignificanceLevel: input.regressionSignificanceLevel,
        costSpikeFactor: input.costSpikeFactor,
        memoryHeadroomFactor: input.memoryHeadroomFactor,
        ...(planned.specialist === 'ab-tester' ? { abPairs: input.abPairs } : {}),
        specialistRole: role,
    };
    actorInputSchema.parse(raw);
    return raw;
}
