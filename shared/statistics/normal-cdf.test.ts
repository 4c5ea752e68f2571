import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalUpperTail } from './normal-cdf.js';

describe('normalCdf', () => {
    it('matches tabulated values of the standard normal', () => {
        expect(normalCdf(0)).toBeCloseTo(0.5, 6);
        expect(normalCdf(1.96)).toBeCloseTo(0.975002, 5);
        expect(normalCdf(-1.96)).toBeCloseTo(0.024998, 5);
        expect(normalCdf(2.326348)).toBeCloseTo(0.99, 5);
        expect(normalCdf(1)).toBeCloseTo(0.841345, 5);
    });

    it('handles infinities and NaN', () => {
        expect(normalCdf(Infinity)).toBe(1);
        expect(normalCdf(-Infinity)).toBe(0);
        expect(Number.isNaN(normalCdf(NaN))).toBe(true);
        expect(Number.isNaN(erf(NaN))).toBe(true);
        expect(Number.isNaN(normalUpperTail(NaN))).toBe(true);
        expect(erfc(0)).toBeCloseTo(1, 7);
    });

    it('keeps relative precision in the upper tail', () => {
        // 1 − Φ(6) ≈ 9.866e-10
        expect(normalUpperTail(6) / 9.8659e-10).toBeCloseTo(1, 3);
        expect(normalUpperTail(0)).toBeCloseTo(0.5, 6);
        expect(normalUpperTail(-1.96)).toBeCloseTo(0.975002, 5);
        expect(normalUpperTail(Infinity)).toBe(0);
        expect(normalUpperTail(-Infinity)).toBe(1);
    });

    it('erf is odd', () => {
        for (const x of [0.1, 0.5, 1, 2, 3]) expect(erf(-x)).toBeCloseTo(-erf(x), 12);
    });
});
