import { describe, expect, it } from 'vitest';
import { fisherExactGreater, logGamma } from './fisher-exact-test.js';

describe('fisherExactGreater', () => {
    it('equals the hypergeometric tail computed by hand', () => {
        // All 3 events fall in B (20 of 120 trials): C(20,3)/C(120,3) = 1140/280840.
        expect(fisherExactGreater({ events: 0, trials: 100 }, { events: 3, trials: 20 })).toBeCloseTo(
            1140 / 280840,
            10,
        );
    });

    it('is 1 when B has no events', () => {
        expect(fisherExactGreater({ events: 5, trials: 10 }, { events: 0, trials: 10 })).toBeCloseTo(1, 12);
    });

    it('sums the tail: 1 event of 2 in B with 1 and 1 trials each', () => {
        // margins: 2 trials, 1 event. P(B gets it) = 1/2.
        expect(fisherExactGreater({ events: 0, trials: 1 }, { events: 1, trials: 1 })).toBeCloseTo(0.5, 12);
    });

    it('returns null on invalid input', () => {
        expect(fisherExactGreater({ events: 0, trials: 0 }, { events: 1, trials: 2 })).toBeNull();
        expect(fisherExactGreater({ events: 3, trials: 2 }, { events: 1, trials: 2 })).toBeNull();
        expect(fisherExactGreater({ events: 0.5, trials: 2 }, { events: 1, trials: 2 })).toBeNull();
    });

    it('logGamma matches factorials', () => {
        expect(logGamma(1)).toBeCloseTo(0, 10);
        expect(logGamma(6)).toBeCloseTo(Math.log(120), 10);
        expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    });
});
