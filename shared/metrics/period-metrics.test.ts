import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getDurationQuantiles } from './period-metrics.js';
import { median, p95 } from '../statistics/quantile.js';

describe('getDurationQuantiles', () => {
    it('gives exactly median and p95 (type 7), non-finite values ignored', () => {
        const value = fc.oneof(
            fc.double({ min: 0, max: 1e6, noNaN: true }),
            fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 1e-9),
        );
        fc.assert(
            fc.property(fc.array(value, { maxLength: 80 }), (durations) => {
                const quantiles = getDurationQuantiles(durations);
                expect(quantiles.p50).toBe(median(durations));
                expect(quantiles.p95).toBe(p95(durations));
            }),
            { numRuns: 500 },
        );
        expect(getDurationQuantiles([])).toEqual({ p50: null, p95: null });
        expect(getDurationQuantiles([Number.NaN])).toEqual({ p50: null, p95: null });
    });
});
