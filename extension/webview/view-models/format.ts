/**
 * Date and time labels for the dashboard: pure and locale-fixed (en-US). Numbers (USD, percent,
 * durations, counts, deltas) are formatted by shared/format/number-format.ts, the one dialect of
 * every surface.
 */
import { MISSING } from '../../../shared/format/number-format.js';

/** How long ago, relative to `nowMs`: "just now", "5 min ago", "3 h ago", "12 d ago". */
export function formatAge(isoDateTime: string | null | undefined, nowMs: number): string {
    if (!isoDateTime) return MISSING;
    const thenMs = Date.parse(isoDateTime);
    if (!Number.isFinite(thenMs)) return MISSING;
    const ageSecs = Math.max(0, (nowMs - thenMs) / 1000);
    if (ageSecs < 60) return 'just now';
    if (ageSecs < 3600) return `${Math.floor(ageSecs / 60)} min ago`;
    if (ageSecs < 86_400) return `${Math.floor(ageSecs / 3600)} h ago`;
    return `${Math.floor(ageSecs / 86_400)} d ago`;
}

/** A UTC date-time as "2025-03-28 14:05 UTC" (the report's times are UTC). */
export function formatDateTimeUtc(isoDateTime: string | null | undefined): string {
    if (!isoDateTime) return MISSING;
    const ms = Date.parse(isoDateTime);
    if (!Number.isFinite(ms)) return MISSING;
    return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A week start (`YYYY-MM-DD` or ISO) as a short axis label: "Mar 3". */
export function formatWeekLabel(weekStart: string): string {
    const ms = Date.parse(weekStart.length === 10 ? `${weekStart}T00:00:00.000Z` : weekStart);
    if (!Number.isFinite(ms)) return weekStart;
    const date = new Date(ms);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    return `${months[date.getUTCMonth()]} ${date.getUTCDate()}`;
}
