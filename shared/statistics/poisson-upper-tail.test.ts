import { describe, expect, it } from 'vitest';
import { logFactorial, poissonUpperTail } from './poisson-upper-tail.js';

describe('poissonUpperTail', () => {
    it.each([
        // Reference values: the tail summed term by term in double precision with lgamma.
        [3, 1, 0.08030139707139416],
        [10, 1, 1.1142547833872079e-7],
        [25, 12, 0.0006856332013882275],
        [60, 4, 3.1308866562806026e-48],
        [5, 10, 0.970747311923039],
    ])('P(X ≥ %i | mean %d) = %d', (k, mean, expected) => {
        expect(poissonUpperTail(k, mean) / expected).toBeCloseTo(1, 9);
    });

    it('is 1 at k = 0, 0 for a zero mean, and falls as k grows', () => {
        expect(poissonUpperTail(0, 3)).toBe(1);
        expect(poissonUpperTail(1, 0)).toBe(0);
        let previous = 1;
        for (let k = 1; k < 60; k += 1) {
            const tail = poissonUpperTail(k, 7.5);
            expect(tail).toBeLessThanOrEqual(previous);
            previous = tail;
        }
    });

    it('rejects arguments that are not counts and rates', () => {
        expect(() => poissonUpperTail(1.5, 1)).toThrow(RangeError);
        expect(() => poissonUpperTail(2, -1)).toThrow(RangeError);
        expect(() => poissonUpperTail(2, Number.NaN)).toThrow(RangeError);
    });
});

describe('logFactorial', () => {
    it('matches the exact sum on both sides of the switch to Stirling', () => {
        expect(logFactorial(0)).toBe(0);
        expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
        let exact = 0;
        for (let i = 2; i <= 1500; i += 1) exact += Math.log(i);
        expect(logFactorial(1500)).toBeCloseTo(exact, 6);
    });
});
