import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportionToIntegers, pointsToUnits, unitsToPoints } from './score-units.js';

describe('apportionToIntegers', () => {
    it('keeps the rounded total and stays within 1 of each value', () => {
        fc.assert(
            fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 200 }), (values) => {
                const result = apportionToIntegers(values);
                const total = values.reduce((a, b) => a + b, 0);
                expect(result.reduce((a, b) => a + b, 0)).toBe(Math.round(total));
                result.forEach((value, i) => expect(Math.abs(value - values[i]!)).toBeLessThanOrEqual(1));
            }),
        );
    });

    it('gives ties to the earlier entry', () => {
        expect(apportionToIntegers([0.5, 0.5, 0.5, 0.5])).toEqual([1, 1, 0, 0]);
        expect(apportionToIntegers([])).toEqual([]);
    });

    it('converts points and units', () => {
        expect(pointsToUnits(12.34567)).toBe(123457);
        expect(pointsToUnits(-3)).toBe(0);
        expect(unitsToPoints(123457)).toBe(12.3457);
    });
});
