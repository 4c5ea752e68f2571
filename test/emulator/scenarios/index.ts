/**
 * Deterministic scenario fleets with planted incidents. See README.md here
 * for the fixture format, the scenarios, the tokens and the ground-truth shape.
 */
import type { Fixture, DatasetFixture, RunFixture } from '../state/fixture-schema.js';
import type { GroundTruth } from '../state/emulator-state.js';

export type { Fixture, DatasetFixture, RunFixture, GroundTruth };
export type { FleetSpec } from './fleet-plan.js';
export {
    generateScenario,
    generateFleet,
    writeGroundTruth,
    SCENARIO_SPECS,
    DEFAULT_SCENARIO_NOW,
    DEFAULT_SCENARIO_SEED,
    type ScenarioName,
    type ScenarioOptions,
    type GeneratedScenario,
} from './generate-scenario.js';
export { DEMO_TOKENS, tokenWithoutPermission } from './scenario-tokens.js';
export { OWN_ACTOR_NAME, DEMO_USERNAME } from './fleet-plan.js';
export { INCIDENT_KINDS, type Incident, type IncidentKind } from './ground-truth.js';
