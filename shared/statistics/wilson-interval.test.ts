import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.js';

describe('wilsonInterval', () => {
    it('matches a textbook value (Newcombe 1998: 81/263)', () => {
        const interval = wilsonInterval(81, 263);
        expect(interval?.low).toBeCloseTo(0.2553, 3);
        expect(interval?.high).toBeCloseTo(0.3662, 3);
    });

    it('is wide for one failure in two runs (low volume says little)', () => {
        const interval = wilsonInterval(1, 2);
        expect(interval!.low).toBeLessThan(0.1);
        expect(interval!.high).toBeGreaterThan(0.9);
    });

    it('stays inside [0, 1] at the extremes', () => {
        const none = wilsonInterval(0, 10)!;
        expect(none.low).toBe(0);
        expect(none.high).toBeGreaterThan(0);
        const all = wilsonInterval(10, 10)!;
        expect(all.high).toBe(1);
        expect(all.low).toBeLessThan(1);
    });

    it('narrows as the sample grows', () => {
        const small = wilsonInterval(5, 10)!;
        const big = wilsonInterval(500, 1000)!;
        expect(big.high - big.low).toBeLessThan(small.high - small.low);
    });

    it('returns null for empty or invalid input', () => {
        expect(wilsonInterval(0, 0)).toBeNull();
        expect(wilsonInterval(3, 2)).toBeNull();
        expect(wilsonInterval(-1, 2)).toBeNull();
        expect(wilsonInterval(NaN, 2)).toBeNull();
        expect(wilsonInterval(1, Infinity)).toBeNull();
    });
});
