import { describe, expect, it } from 'vitest';
import { benjaminiHochbergAdjust, benjaminiHochbergReject } from './benjamini-hochberg.js';

// McDonald, Handbook of Biological Statistics (3rd ed.), "Multiple comparisons": 25 p-values
// of a diet study. At a false discovery rate of 0.25 the handbook's strict "p < i·q/m" keeps
// five; rank 6 (0.060 = 6·0.25/25) lies exactly on the bound, which BH's "≤" includes.
const HANDBOOK_P_VALUES = [
    0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.222, 0.251, 0.269, 0.275, 0.34, 0.341, 0.384,
    0.569, 0.594, 0.696, 0.762, 0.94, 0.942, 0.975, 0.986,
];

describe('benjaminiHochbergAdjust', () => {
    it('matches p.adjust(p, "BH") on the handbook example', () => {
        const adjusted = benjaminiHochbergAdjust(HANDBOOK_P_VALUES);
        // 0.001·25/1; 0.008·25/2; then min over later ranks: 0.042·25/5 = 0.21 for ranks 3–5.
        expect(adjusted[0]).toBeCloseTo(0.025, 10);
        expect(adjusted[1]).toBeCloseTo(0.1, 10);
        expect(adjusted[2]).toBeCloseTo(0.21, 10);
        expect(adjusted[3]).toBeCloseTo(0.21, 10);
        expect(adjusted[4]).toBeCloseTo(0.21, 10);
        expect(adjusted[5]).toBeCloseTo(0.25, 10);
        expect(adjusted[24]).toBeCloseTo(0.986, 10);
    });

    it('is order-preserving and caps at 1', () => {
        // p.adjust(c(0.05, 0.01, 0.04, 0.03, 0.02), "BH") = 0.05 each.
        expect(benjaminiHochbergAdjust([0.05, 0.01, 0.04, 0.03, 0.02]).map((p) => +p.toFixed(10))).toEqual([
            0.05, 0.05, 0.05, 0.05, 0.05,
        ]);
        expect(benjaminiHochbergAdjust([0.9, Number.NaN])).toEqual([1, 1]);
        expect(benjaminiHochbergAdjust([])).toEqual([]);
    });
});

describe('benjaminiHochbergReject', () => {
    it('rejects the handbook six at q = 0.25 (five below the bound, one on it) and one at q = 0.05', () => {
        expect(benjaminiHochbergReject(HANDBOOK_P_VALUES, 0.25).filter(Boolean)).toHaveLength(6);
        expect(benjaminiHochbergReject(HANDBOOK_P_VALUES, 0.24).filter(Boolean)).toHaveLength(5);
        expect(benjaminiHochbergReject(HANDBOOK_P_VALUES, 0.05).filter(Boolean)).toHaveLength(1);
    });

    it('keeps 100 null p-values from a healthy fleet quiet where p < 0.05 raises five', () => {
        const uniform = Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100);
        expect(uniform.filter((p) => p < 0.05)).toHaveLength(5);
        expect(benjaminiHochbergReject(uniform, 0.05).filter(Boolean)).toHaveLength(0);
    });

    it('rejects an invalid q', () => {
        expect(() => benjaminiHochbergReject([0.01], 0)).toThrow(/within \(0, 1\)/);
    });
});
