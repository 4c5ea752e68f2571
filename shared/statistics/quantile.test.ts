import { describe, expect, it } from 'vitest';
import { median, p95, quantile, quantileSorted } from './quantile.js';

describe('quantile (type 7)', () => {
    it('matches R / NumPy defaults', () => {
        // numpy.percentile([1,2,3,4,5,6,7,8,9,10], 95) = 9.55
        const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
        expect(p95(values)).toBeCloseTo(9.55, 12);
        expect(median(values)).toBeCloseTo(5.5, 12);
        expect(quantile(values, 0)).toBe(1);
        expect(quantile(values, 1)).toBe(10);
        expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    });

    it('returns null for empty input and ignores non-finite values', () => {
        expect(median([])).toBeNull();
        expect(p95([])).toBeNull();
        expect(median([NaN, Infinity])).toBeNull();
        expect(median([3, NaN, 1])).toBe(2);
    });

    it('a single value is every quantile', () => {
        expect(quantile([42], 0.3)).toBe(42);
        expect(quantileSorted([42], 0.99)).toBe(42);
    });

    it('rejects q outside [0, 1]', () => {
        expect(() => quantile([1], 1.5)).toThrow(RangeError);
        expect(() => quantile([1], NaN)).toThrow(RangeError);
    });

    it('does not mutate its input', () => {
        const values = [3, 1, 2];
        median(values);
        expect(values).toEqual([3, 1, 2]);
    });
});
