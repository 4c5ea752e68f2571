import { describe, expect, it } from 'vitest';
import { stratifiedProportionTest } from './stratified-proportion-test.js';
import { twoProportionTest } from './two-proportion-test.js';

describe('stratifiedProportionTest', () => {
    it('with one stratum equals the pooled z-test times √((N−1)/N)', () => {
        const baseline = { events: 22, trials: 921 };
        const recent = { events: 44, trials: 203 };
        const result = stratifiedProportionTest([{ baseline, recent }])!;
        const pooled = twoProportionTest(baseline, recent)!;
        expect(result.z).toBeCloseTo(pooled.z * Math.sqrt(1123 / 1124), 10);
        expect(result.expectedRecentEvents).toBeCloseTo((203 * 66) / 1124, 10);
    });

    it('matches a hand computation on two strata', () => {
        // Stratum 1: recent 5/20, baseline 5/60 → m1 = 10, N = 80: E = 2.5, Var = 20·60·10·70/(6400·79) = 1.66139
        // Stratum 2: recent 2/10, baseline 3/30 → m1 = 5,  N = 40: E = 1.25, Var = 10·30·5·35/(1600·39) = 0.84135
        // Z = (7 − 3.75)/√2.50274 = 2.05437, one-sided p = 0.01997.
        const result = stratifiedProportionTest([
            { recent: { events: 5, trials: 20 }, baseline: { events: 5, trials: 60 } },
            { recent: { events: 2, trials: 10 }, baseline: { events: 3, trials: 30 } },
        ])!;
        expect(result.expectedRecentEvents).toBeCloseTo(3.75, 10);
        expect(result.z).toBeCloseTo(2.05437, 4);
        expect(result.pValueGreater).toBeCloseTo(0.01997, 4);
        expect(result.recent).toEqual({ events: 7, trials: 30 });
        expect(result.strataUsed).toBe(2);
    });

    it('removes a weekday effect that a pooled test mistakes for a rise', () => {
        // Weekends fail 20 %, weekdays 2 %, in both periods; the recent period has more weekend runs.
        const strata = [
            { recent: { events: 20, trials: 100 }, baseline: { events: 20, trials: 100 } },
            { recent: { events: 2, trials: 100 }, baseline: { events: 18, trials: 900 } },
        ];
        const pooled = twoProportionTest({ events: 38, trials: 1000 }, { events: 22, trials: 200 })!;
        expect(pooled.pValueGreater).toBeLessThan(0.001);
        expect(stratifiedProportionTest(strata)!.pValueGreater).toBeCloseTo(0.5, 1);
    });

    it('ignores strata missing a period and returns null when none is left', () => {
        expect(
            stratifiedProportionTest([{ recent: { events: 1, trials: 5 }, baseline: { events: 0, trials: 0 } }]),
        ).toBeNull();
        const allFailed = stratifiedProportionTest([
            { recent: { events: 5, trials: 5 }, baseline: { events: 9, trials: 9 } },
        ])!;
        expect(allFailed.z).toBe(0);
    });
});
