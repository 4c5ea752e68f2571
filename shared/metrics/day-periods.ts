/**
 * Day-aligned periods of the analysis window.
 *
 * FleetData aggregates runs per UTC calendar day, so every period here is a set of whole UTC
 * days. Assumption (the collection guarantees it): the window is whole days — `window.from`
 * is 00:00:00Z and `window.to` is either 00:00:00Z or "now". A run counts in the window when
 * `from ≤ startedAt < to`, which the collection applies when it aggregates; here a day
 * belongs to a period when its date lies between the period's first and last day. The last
 * day of the window is the UTC day of `to − 1 ms` (so `to` = midnight does not add an empty
 * day). A period that reaches before the window simply has no days there.
 */
import type { AnalysisWindow, DayAggregate } from '../contracts/fleet-data.js';

/** The one name for the length of a (UTC) day, in milliseconds, across the code. */
export const MS_PER_DAY = 86_400_000;

export interface DayPeriod {
    /** First day's 00:00Z (ISO). */
    from: string;
    /** Exclusive end: the next period's `from`, or `window.to` for the last period (ISO). */
    to: string;
    /** Inclusive, `YYYY-MM-DD`. */
    firstDay: string;
    /** Inclusive, `YYYY-MM-DD`. */
    lastDay: string;
}

export function toUtcDay(timestamp: string | number | Date): string {
    return new Date(timestamp).toISOString().slice(0, 10);
}

export function addDays(day: string, count: number): string {
    return toUtcDay(Date.parse(`${day}T00:00:00.000Z`) + count * MS_PER_DAY);
}

export function dayStartIso(day: string): string {
    return `${day}T00:00:00.000Z`;
}

/** The last UTC day of the window (the day of `to − 1 ms`). */
export function getLastWindowDay(window: AnalysisWindow): string {
    return toUtcDay(Date.parse(window.to) - 1);
}

/** Number of UTC days the window spans (at least 1). */
export function getWindowDayCount(window: AnalysisWindow): number {
    const firstDay = toUtcDay(window.from);
    const lastDay = getLastWindowDay(window);
    const count = Math.round((Date.parse(dayStartIso(lastDay)) - Date.parse(dayStartIso(firstDay))) / MS_PER_DAY) + 1;
    return Math.max(1, count);
}

/**
 * The period of `lengthDays` days that ends `endOffsetDays` days before the window's last day.
 * `getTrailingPeriod(w, 7, 0)` = last 7 days; `getTrailingPeriod(w, 7, 7)` = the 7 before.
 */
export function getTrailingPeriod(window: AnalysisWindow, lengthDays: number, endOffsetDays = 0): DayPeriod {
    const windowLastDay = getLastWindowDay(window);
    const lastDay = addDays(windowLastDay, -endOffsetDays);
    const firstDay = addDays(lastDay, -(lengthDays - 1));
    return {
        from: dayStartIso(firstDay),
        to: endOffsetDays === 0 ? new Date(window.to).toISOString() : dayStartIso(addDays(lastDay, 1)),
        firstDay,
        lastDay,
    };
}

/** The whole window as a period. */
export function getWindowPeriod(window: AnalysisWindow): DayPeriod {
    const firstDay = toUtcDay(window.from);
    return {
        from: new Date(window.from).toISOString(),
        to: new Date(window.to).toISOString(),
        firstDay,
        lastDay: getLastWindowDay(window),
    };
}

export function isDayInPeriod(day: string, period: Pick<DayPeriod, 'firstDay' | 'lastDay'>): boolean {
    // YYYY-MM-DD strings order like dates.
    return day >= period.firstDay && day <= period.lastDay;
}

export function selectDays(
    days: readonly DayAggregate[],
    period: Pick<DayPeriod, 'firstDay' | 'lastDay'>,
): DayAggregate[] {
    return days.filter((day) => isDayInPeriod(day.day, period));
}
