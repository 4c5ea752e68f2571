import { describe, expect, it } from 'vitest';
import { mannKendallTest } from './mann-kendall.js';

describe('mannKendallTest', () => {
    it('matches the closed form on a strictly rising series (n = 10)', () => {
        // S = 45 (every pair rises), Var(S) = 10·9·25/18 = 125, Z = 44/√125 = 3.9355;
        // R: Kendall::MannKendall(1:10) gives tau = 1, 2-sided p = 8.3e-05.
        const result = mannKendallTest([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])!;
        expect(result.s).toBe(45);
        expect(result.varianceS).toBe(125);
        expect(result.z).toBeCloseTo(3.9355, 4);
        expect(result.tau).toBe(1);
        expect(result.pValueTwoSided).toBeCloseTo(8.3e-5, 6);
        expect(result.pValueIncreasing).toBeCloseTo(4.15e-5, 6);
    });

    it('applies the ties correction', () => {
        // x = 1, 2, 2, 3: S = 5 (one tied pair); Var(S) = (4·3·13 − 2·1·9)/18 = 138/18 = 7.6667;
        // Z = 4/√7.6667 = 1.4446, one-sided p = 0.0743.
        const result = mannKendallTest([1, 2, 2, 3])!;
        expect(result.s).toBe(5);
        expect(result.varianceS).toBeCloseTo(7.6667, 4);
        expect(result.z).toBeCloseTo(1.4446, 4);
        expect(result.pValueIncreasing).toBeCloseTo(0.0743, 4);
    });

    it('the weekly failure rates of issue 16 rise, but four points alone are weak evidence', () => {
        // 4.3 → 6.7 → 14.9 → 11.8 %: S = 4, Var = 8.667, Z = 3/2.944 = 1.019, p = 0.154.
        const result = mannKendallTest([0.043, 0.067, 0.149, 0.118])!;
        expect(result.s).toBe(4);
        expect(result.z).toBeCloseTo(1.019, 3);
        expect(result.pValueIncreasing).toBeCloseTo(0.154, 3);
    });

    it('is symmetric for a falling series and neutral for a flat one', () => {
        const falling = mannKendallTest([5, 4, 3, 2, 1])!;
        expect(falling.s).toBe(-10);
        expect(falling.pValueDecreasing).toBeCloseTo(mannKendallTest([1, 2, 3, 4, 5])!.pValueIncreasing, 12);
        const flat = mannKendallTest([2, 2, 2, 2, 2])!;
        expect(flat.z).toBe(0);
        expect(flat.pValueTwoSided).toBe(1);
    });

    it('drops non-finite points and needs at least four', () => {
        expect(mannKendallTest([1, Number.NaN, 2, 3])).toBeNull();
        expect(mannKendallTest([1, Number.NaN, 2, 3, 4])!.n).toBe(4);
    });
});
