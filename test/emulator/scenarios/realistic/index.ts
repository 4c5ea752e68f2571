/** The realistic scenario family of issue 16: seeded, noisy accounts with planted incidents and traps. */
export { generateRealisticScenario, type RealisticScenario } from './generate-realistic.js';
export type { RealisticGroundTruth, RealisticIncident, RealisticTrap } from './realistic-ground-truth.js';
export { REALISTIC_SEEDS, DEFAULT_REALISTIC_NOW, type RealisticRole } from './realistic-roles.js';
