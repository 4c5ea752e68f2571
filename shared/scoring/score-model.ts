/**
 * The version of the Health Score formula. Snapshots record it so that week-over-week score
 * deltas and the weekly score line only compare scores computed the same way.
 * 1: component-weighted, √runs-weighted fleet mean. 2: verdict penalties per problem, stake-
 * weighted fleet mean with a fix-now ceiling (README "Fleet Health Score").
 */
export const SCORE_MODEL_VERSION = 2;
