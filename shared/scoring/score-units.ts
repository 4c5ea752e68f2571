/**
 * Scores and deductions are kept as integers of 1/10,000 point internally so that the
 * deductions of a component always add up EXACTLY to 100 − its score ("why is it 73?" has
 * an exact answer), with no floating-point drift across thousands of Actors.
 */

export const UNITS_PER_POINT = 10_000;
export const FULL_SCORE_UNITS = 100 * UNITS_PER_POINT;

export function pointsToUnits(points: number): number {
    return Math.max(0, Math.round(points * UNITS_PER_POINT));
}

export function unitsToPoints(units: number): number {
    return units / UNITS_PER_POINT;
}

/**
 * Largest-remainder rounding: integers whose sum equals `Math.round(Σ values)` and each
 * within 1 of its value. Ties go to the earlier entry (deterministic).
 */
export function apportionToIntegers(values: readonly number[]): number[] {
    const floors = values.map((value) => Math.floor(value));
    const total = Math.round(values.reduce((sum, value) => sum + value, 0));
    let remaining = total - floors.reduce((sum, value) => sum + value, 0);
    const order = values
        .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
        .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
    const result = floors.slice();
    for (const { index } of order) {
        if (remaining <= 0) break;
        result[index]! += 1;
        remaining--;
    }
    return result;
}
