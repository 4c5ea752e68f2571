import { describe, expect, it } from 'vitest';
import {
    addDays,
    getLastWindowDay,
    getTrailingPeriod,
    getWindowDayCount,
    isDayInPeriod,
    toUtcDay,
} from './day-periods.js';

const window = { from: '2025-03-01T00:00:00.000Z', to: '2025-03-29T00:00:00.000Z' };

describe('day periods', () => {
    it('a window ending at midnight does not include the next day', () => {
        expect(getLastWindowDay(window)).toBe('2025-03-28');
        expect(getWindowDayCount(window)).toBe(28);
    });

    it('a window ending "now" includes today', () => {
        const nowWindow = { from: '2025-03-01T00:00:00.000Z', to: '2025-03-28T15:30:00.000Z' };
        expect(getLastWindowDay(nowWindow)).toBe('2025-03-28');
        expect(getTrailingPeriod(nowWindow, 7).to).toBe('2025-03-28T15:30:00.000Z');
    });

    it('last 7 days and the 7 before are adjacent whole days', () => {
        const last = getTrailingPeriod(window, 7, 0);
        const previous = getTrailingPeriod(window, 7, 7);
        expect(last).toEqual({
            from: '2025-03-22T00:00:00.000Z',
            to: '2025-03-29T00:00:00.000Z',
            firstDay: '2025-03-22',
            lastDay: '2025-03-28',
        });
        expect(previous).toEqual({
            from: '2025-03-15T00:00:00.000Z',
            to: '2025-03-22T00:00:00.000Z',
            firstDay: '2025-03-15',
            lastDay: '2025-03-21',
        });
        expect(isDayInPeriod('2025-03-21', last)).toBe(false);
        expect(isDayInPeriod('2025-03-21', previous)).toBe(true);
    });

    it('day arithmetic crosses month boundaries in UTC', () => {
        expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
        expect(toUtcDay('2025-03-01T23:59:59.999Z')).toBe('2025-03-01');
    });
});
