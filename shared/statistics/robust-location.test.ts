import { describe, expect, it } from 'vitest';
import { median, ratioOfSums, trimmedMean } from './robust-location.js';

describe('trimmedMean', () => {
    it('matches R mean(x, trim = 0.1)', () => {
        // x = c(0:10, 50): n = 12, ⌊1.2⌋ = 1 dropped per side → mean(1:10) = 5.5 (the mean is 8.75).
        expect(trimmedMean([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50], 0.1)).toBe(5.5);
        // R: mean(c(2, 4, 6, 8, 100), trim = 0.2) = 6.
        expect(trimmedMean([100, 2, 8, 4, 6], 0.2)).toBe(6);
    });

    it('ignores one expensive run in ten where the mean does not', () => {
        const costs = [0.02, 0.021, 0.019, 0.02, 0.022, 0.018, 0.02, 0.021, 0.019, 1.5];
        expect(trimmedMean(costs)).toBeCloseTo(0.02025, 6);
        expect(median(costs)).toBeCloseTo(0.02, 6);
    });

    it('is the median at trim 0.5 and the mean at 0; null for nothing; rejects bad trims', () => {
        expect(trimmedMean([1, 2, 10], 0.5)).toBe(2);
        expect(trimmedMean([1, 2, 9], 0)).toBe(4);
        expect(trimmedMean([])).toBeNull();
        expect(() => trimmedMean([1], 0.6)).toThrow(/within \[0, 0.5\]/);
    });
});

describe('ratioOfSums', () => {
    it('weights each group by its size', () => {
        expect(ratioOfSums([1, 3], [10, 10])).toBe(0.2);
        expect(ratioOfSums([0], [0])).toBeNull();
    });
});
