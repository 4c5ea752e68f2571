import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIVITY_THRESHOLDS, resolveActivityThresholds } from './activity-thresholds.js';

describe('resolveActivityThresholds', () => {
    it('takes finite, non-negative overrides and keeps the defaults for the rest', () => {
        const resolved = resolveActivityThresholds({
            burstMinRuns: 20,
            dormantAfterDays: Number.NaN,
            roamingMinNetworks: -1,
        });
        expect(resolved).toEqual({ ...DEFAULT_ACTIVITY_THRESHOLDS, burstMinRuns: 20 });
        expect(resolveActivityThresholds()).toEqual(DEFAULT_ACTIVITY_THRESHOLDS);
    });
});
