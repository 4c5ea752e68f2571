/** Pure statistics shared by the core analysis and the specialists. */
export * from './normal-cdf.js';
export * from './wilson-interval.js';
export * from './two-proportion-test.js';
export * from './fisher-exact-test.js';
export * from './quantile.js';
export * from './robust-baseline.js';
export * from './mann-whitney.js';
export * from './mann-kendall.js';
export * from './benjamini-hochberg.js';
export * from './stratified-proportion-test.js';
export { trimmedMean, ratioOfSums, DEFAULT_TRIM_FRACTION } from './robust-location.js';
export * from './binomial-test.js';
