/** Metrics of Actors and the fleet, as DESIGN.md "Metric definitions" publishes them. */
export * from './run-group-stats.js';
export * from './run-counts.js';
export * from './day-periods.js';
export * from './period-metrics.js';
export * from './actor-metrics.js';
export * from './fleet-metrics.js';
export * from './weekly-trend.js';
