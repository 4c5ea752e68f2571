/** The contracts every part of the product shares. */
export * from './fleet-data.js';
export * from './signals.js';
export * from './fleet-report.js';
