import { describe, expect, it } from 'vitest';
import { makeStats } from '../testing/fleet-data-builder.js';
import { getFailureRate, getRunCounts, getSuccessRate, getSuccessRateInterval } from './run-counts.js';

describe('run counts and success rate', () => {
    it('counts every status; aborted is neither success nor failure; in progress left out', () => {
        const counts = getRunCounts(makeStats({ succeeded: 6, failed: 1, timedOut: 1, aborted: 5, inProgress: 3 }));
        expect(counts.total).toBe(16);
        expect(getSuccessRate(counts)).toBe(6 / 8);
        expect(getFailureRate(counts)).toBe(2 / 8);
        expect(getSuccessRateInterval(counts)).not.toBeNull();
    });

    it('is null when nothing finished', () => {
        const counts = getRunCounts(makeStats({ aborted: 2, inProgress: 1 }));
        expect(getSuccessRate(counts)).toBeNull();
        expect(getFailureRate(counts)).toBeNull();
        expect(getSuccessRateInterval(counts)).toBeNull();
    });
});
