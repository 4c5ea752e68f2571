import { describe, expect, it } from 'vitest';
import { robustBaseline, robustZScore } from './robust-baseline.js';

describe('robustBaseline', () => {
    it('computes median and MAD by hand', () => {
        // median 3; deviations 2,1,0,1,97 → MAD 1
        const baseline = robustBaseline([1, 2, 3, 4, 100])!;
        expect(baseline.median).toBe(3);
        expect(baseline.mad).toBe(1);
        expect(baseline.madUsed).toBe(1);
        expect(baseline.sampleSize).toBe(5);
        expect(robustZScore(10, baseline)).toBeCloseTo(0.6745 * 7, 12);
    });

    it('floors the MAD so constant tiny series do not explode', () => {
        const baseline = robustBaseline([0.001, 0.001, 0.001, 0.001])!;
        expect(baseline.mad).toBe(0);
        expect(baseline.madUsed).toBeCloseTo(0.00005, 12);
        const z = robustZScore(0.0011, baseline);
        expect(Number.isFinite(z)).toBe(true);
        const withAbsoluteFloor = robustBaseline([0.001, 0.001, 0.001], { absoluteMadFloor: 0.01 })!;
        expect(robustZScore(0.002, withAbsoluteFloor)).toBeCloseTo(0.6745 * 0.1, 10);
    });

    it('is not dragged by the outlier it is meant to catch', () => {
        const baseline = robustBaseline([10, 11, 9, 10, 10, 500])!;
        expect(baseline.median).toBe(10);
        expect(robustZScore(500, baseline)).toBeGreaterThan(3.5);
    });

    it('returns null for empty input and ignores non-finite values', () => {
        expect(robustBaseline([])).toBeNull();
        expect(robustBaseline([NaN])).toBeNull();
        expect(robustBaseline([NaN, 2])!.median).toBe(2);
    });

    it('handles a zero floor', () => {
        const baseline = robustBaseline([0, 0], { absoluteMadFloor: 0, relativeMadFloor: 0 })!;
        expect(robustZScore(0, baseline)).toBe(0);
        expect(robustZScore(1, baseline)).toBe(Infinity);
    });
});
