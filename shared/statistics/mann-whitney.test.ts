import { describe, expect, it } from 'vitest';
import { mannWhitneyTest } from './mann-whitney.js';

describe('mannWhitneyTest', () => {
    it('finds a clear upward shift', () => {
        const a = Array.from({ length: 30 }, (_, i) => 60 + (i % 7));
        const b = Array.from({ length: 30 }, (_, i) => 120 + (i % 7));
        const result = mannWhitneyTest(a, b)!;
        expect(result.uB).toBe(900);
        expect(result.probabilityBGreater).toBe(1);
        expect(result.pValueGreater).toBeLessThan(1e-6);
        expect(result.medianB).toBeGreaterThan(result.medianA);
    });

    it('computes U by hand with ties', () => {
        // A = [1,2,3,4,5,6,7,8], B = [4,5,6,7,8,9,10,11]; pairs B>A: count by hand.
        const a = [1, 2, 3, 4, 5, 6, 7, 8];
        const b = [4, 5, 6, 7, 8, 9, 10, 11];
        let expected = 0;
        for (const x of a) for (const y of b) expected += y > x ? 1 : y === x ? 0.5 : 0;
        const result = mannWhitneyTest(a, b)!;
        expect(result.uB).toBe(expected);
    });

    it('sees no shift in identical groups', () => {
        const values = [5, 5, 5, 5, 5, 5, 5, 5];
        const result = mannWhitneyTest(values, values)!;
        expect(result.z).toBe(0);
        expect(result.pValueTwoSided).toBe(1);
        expect(result.probabilityBGreater).toBe(0.5);
    });

    it('returns null below the minimum sample size', () => {
        expect(mannWhitneyTest([1, 2, 3], [4, 5, 6])).toBeNull();
        expect(mannWhitneyTest([], [])).toBeNull();
        expect(mannWhitneyTest([1, 2, 3], [4, 5, 6], { minSamplesPerGroup: 3 })).not.toBeNull();
    });
});
