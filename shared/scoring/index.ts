/** Fleet Health Score: components, weights, per-Actor and fleet scores, grades. */
export * from './score-components.js';
export * from './grade.js';
export * from './score-units.js';
export * from './actor-score.js';
export * from './fleet-score.js';
export * from './problems.js';
export * from './score-model.js';
