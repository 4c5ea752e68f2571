/** The orchestrator's analysis: core signals, merge, acknowledgements, plan, snapshots, the report. */
export * from './core-thresholds.js';
export * from './core-signals.js';
export * from './merge-signals.js';
export * from './acknowledgements.js';
export * from './action-plan.js';
export * from './snapshot.js';
export * from './build-fleet-report.js';
