/** Pure statistics shared by the core analysis and the specialists. */
export * from './normal-cdf.js';
export * from './wilson-interval.js';
export * from './two-proportion-test.js';
export * from './fisher-exact-test.js';
export * from './quantile.js';
export * from './robust-baseline.js';
export * from './mann-whitney.js';
export * from './poisson-upper-tail.js';
