import { describe, expect, it } from 'vitest';
import {
    MISSING,
    formatCount,
    formatDurationSecs,
    formatPValue,
    formatPercent,
    formatPercentPointsDelta,
    formatScoreDelta,
    formatUsd,
    formatUsdDelta,
} from './number-format.js';

describe('number-format', () => {
    it('writes USD in cents, whole dollars from $100, and two significant digits below a cent', () => {
        expect([0, 0.0012345, 0.004, 0.0099, 0.01, 12.345, 99.994, 1234.5, -0.5].map(formatUsd)).toEqual([
            '$0.00',
            '$0.0012',
            '$0.004',
            '$0.0099',
            '$0.01',
            '$12.35',
            '$99.99',
            '$1,235',
            '−$0.50',
        ]);
    });

    it('writes percent with a space before the sign', () => {
        expect([formatPercent(0.123), formatPercent(1, 0), formatPercent(0)]).toEqual(['12.3 %', '100 %', '0.0 %']);
    });

    it('signs changes with +, − or ±', () => {
        expect([formatUsdDelta(1.5), formatUsdDelta(-0.0012), formatUsdDelta(0)]).toEqual([
            '+$1.50',
            '−$0.0012',
            '±$0.00',
        ]);
        expect([formatPercentPointsDelta(0.031), formatPercentPointsDelta(-0.0001)]).toEqual(['+3.1 pp', '±0.0 pp']);
        expect([formatScoreDelta(2.26), formatScoreDelta(-0.4), formatScoreDelta(0.01)]).toEqual([
            '+2.3',
            '−0.4',
            '±0.0',
        ]);
    });

    it('writes durations, counts and p-values', () => {
        expect([0.25, 59.6, 200, 7500, 3 * 86_400 + 4 * 3600].map(formatDurationSecs)).toEqual([
            '250 ms',
            '60 s',
            '3 min 20 s',
            '2 h 05 min',
            '3 d 4 h',
        ]);
        expect(formatCount(1234567)).toBe('1,234,567');
        expect([formatPValue(0.00001), formatPValue(0.01234)]).toEqual(['p < 0.0001', 'p = 0.0123']);
    });

    it('says "—" for a missing or non-finite value, never NaN or $0', () => {
        expect([formatUsd(null), formatPercent(undefined), formatCount(Number.NaN), formatDurationSecs(-1)]).toEqual([
            MISSING,
            MISSING,
            MISSING,
            MISSING,
        ]);
    });
});
