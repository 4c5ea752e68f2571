import { describe, expect, it } from 'vitest';
import { binomialUpperTail } from './binomial-test.js';

describe('binomialUpperTail', () => {
    it('matches hand-computed tails', () => {
        // P(X ≥ 1 | 4, 0.5) = 1 − 0.5^4
        expect(binomialUpperTail(1, 4, 0.5)).toBeCloseTo(15 / 16, 12);
        // P(X ≥ 2 | 4, 0.05) = 1 − 0.95^4 − 4·0.05·0.95^3
        expect(binomialUpperTail(2, 4, 0.05)).toBeCloseTo(1 - 0.95 ** 4 - 4 * 0.05 * 0.95 ** 3, 12);
        // P(X ≥ 3 | 7, 0.05): the demo's empty-dataset sample
        const exact = [3, 4, 5, 6, 7].reduce(
            (sum, k) => sum + [1, 7, 21, 35, 35, 21, 7, 1][k]! * 0.05 ** k * 0.95 ** (7 - k),
            0,
        );
        expect(binomialUpperTail(3, 7, 0.05)).toBeCloseTo(exact, 12);
    });

    it('handles the edges and sums to one with the lower tail', () => {
        expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
        expect(binomialUpperTail(1, 10, 0)).toBe(0);
        expect(binomialUpperTail(10, 10, 1)).toBe(1);
        const atMost3 = [1, 12, 66, 220].reduce((sum, choose, k) => sum + choose * 0.3 ** k * 0.7 ** (12 - k), 0);
        expect(binomialUpperTail(4, 12, 0.3)! + atMost3).toBeCloseTo(1, 12);
        expect(binomialUpperTail(12, 12, 0.3)).toBeCloseTo(0.3 ** 12, 15);
    });

    it('rejects invalid input', () => {
        expect(binomialUpperTail(3, 2, 0.5)).toBeNull();
        expect(binomialUpperTail(-1, 2, 0.5)).toBeNull();
        expect(binomialUpperTail(1.5, 2, 0.5)).toBeNull();
        expect(binomialUpperTail(1, 2, 1.5)).toBeNull();
        expect(binomialUpperTail(1, 2, Number.NaN)).toBeNull();
    });
});
