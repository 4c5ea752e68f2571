import { describe, expect, it } from 'vitest';
import { twoProportionTest } from './two-proportion-test.js';

describe('twoProportionTest', () => {
    it('detects 2 % → 20 % failures over hundreds of runs', () => {
        const result = twoProportionTest({ events: 12, trials: 600 }, { events: 40, trials: 200 })!;
        expect(result.rateA).toBeCloseTo(0.02, 10);
        expect(result.rateB).toBeCloseTo(0.2, 10);
        expect(result.pValueGreater).toBeLessThan(1e-6);
        expect(result.isApproximationValid).toBe(true);
    });

    it('matches a hand computation of z', () => {
        // pA = 10/100, pB = 20/100, pooled 0.15, SE = sqrt(0.15·0.85·0.02) = 0.0504975
        const result = twoProportionTest({ events: 10, trials: 100 }, { events: 20, trials: 100 })!;
        expect(result.pooledRate).toBeCloseTo(0.15, 12);
        expect(result.z).toBeCloseTo(0.1 / Math.sqrt(0.15 * 0.85 * 0.02), 10);
        expect(result.pValueGreater).toBeCloseTo(0.02383, 4);
        expect(result.pValueTwoSided).toBeCloseTo(2 * result.pValueGreater, 10);
        expect(result.pValueLess).toBeCloseTo(1 - result.pValueGreater, 6);
    });

    it('returns null below the minimum number of trials (1 failure in 2 runs)', () => {
        expect(twoProportionTest({ events: 0, trials: 20 }, { events: 1, trials: 2 })).toBeNull();
        expect(
            twoProportionTest({ events: 0, trials: 2 }, { events: 1, trials: 2 }, { minTrialsPerGroup: 1 }),
        ).not.toBeNull();
    });

    it('treats identical all-or-nothing groups as no difference', () => {
        const result = twoProportionTest({ events: 0, trials: 50 }, { events: 0, trials: 50 })!;
        expect(result.z).toBe(0);
        expect(result.pValueTwoSided).toBe(1);
    });

    it('flags small expected counts so callers can use the exact test', () => {
        const result = twoProportionTest({ events: 0, trials: 100 }, { events: 3, trials: 20 })!;
        expect(result.isApproximationValid).toBe(false);
    });

    it('rejects invalid samples', () => {
        expect(twoProportionTest({ events: 11, trials: 10 }, { events: 1, trials: 10 })).toBeNull();
        expect(twoProportionTest({ events: -1, trials: 10 }, { events: 1, trials: 10 })).toBeNull();
        expect(twoProportionTest({ events: NaN, trials: 10 }, { events: 1, trials: 10 })).toBeNull();
    });
});
