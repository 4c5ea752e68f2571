/**
 * Number and date formatting for the dashboard: pure, locale-fixed (en-US) so tests and
 * screenshots are stable, and explicit about missing values (an em dash, never "NaN" or "$0").
 */
import { truncateScore } from '../../../shared/scoring/grade.js';

export const MISSING = '—';

/** USD with cents below $100, whole dollars above; tiny non-zero amounts keep 3 decimals. */
export function formatUsd(amountUsd: number | null | undefined): string {
    if (amountUsd === null || amountUsd === undefined || !Number.isFinite(amountUsd)) return MISSING;
    const abs = Math.abs(amountUsd);
    const sign = amountUsd < 0 ? '−' : '';
    if (abs === 0) return '$0.00';
    if (abs < 0.01) return `${sign}$${abs.toFixed(3)}`;
    if (abs < 100) return `${sign}$${abs.toFixed(2)}`;
    return `${sign}$${Math.round(abs).toLocaleString('en-US')}`;
}

/** A ratio (0–1) as a percentage; `decimals` default 1 ("97.5 %" style without the space). */
export function formatPercent(ratio: number | null | undefined, decimals = 1): string {
    if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return MISSING;
    return `${(ratio * 100).toFixed(decimals)}%`;
}

/** A change of a ratio in percentage points, signed: "+2.5 pp", "−0.4 pp". */
export function formatPercentPointsDelta(ratioDelta: number | null | undefined): string {
    if (ratioDelta === null || ratioDelta === undefined || !Number.isFinite(ratioDelta)) return MISSING;
    const points = ratioDelta * 100;
    if (Math.abs(points) < 0.05) return '±0.0 pp';
    return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pp`;
}

/** A signed USD change: "+$12.40", "−$3.10". */
export function formatUsdDelta(deltaUsd: number | null | undefined): string {
    if (deltaUsd === null || deltaUsd === undefined || !Number.isFinite(deltaUsd)) return MISSING;
    if (deltaUsd === 0) return '±$0.00';
    return `${deltaUsd > 0 ? '+' : '−'}${formatUsd(Math.abs(deltaUsd))}`;
}

/** Score points, one decimal, cut not rounded (shared/scoring/grade.ts): "73.4", and 89.96 → "89.9" (B). */
export function formatScore(score: number | null | undefined): string {
    if (score === null || score === undefined || !Number.isFinite(score)) return MISSING;
    return truncateScore(score, 1).toFixed(1);
}

/** Deducted points, "−3.2" (shows "−<0.1" rather than "−0.0" for tiny deductions). */
export function formatDeduction(points: number): string {
    if (points > 0 && points < 0.05) return '−<0.1';
    return `−${points.toFixed(1)}`;
}

/** A duration in seconds: "850 ms", "42 s", "3 min 20 s", "2 h 05 min", "3 d 4 h". */
export function formatDurationSecs(durationSecs: number | null | undefined): string {
    if (durationSecs === null || durationSecs === undefined || !Number.isFinite(durationSecs) || durationSecs < 0)
        return MISSING;
    if (durationSecs < 1) return `${Math.round(durationSecs * 1000)} ms`;
    if (durationSecs < 60) return `${Math.round(durationSecs)} s`;
    const totalSecs = Math.round(durationSecs);
    if (totalSecs < 3600) {
        const secs = totalSecs % 60;
        return secs === 0 ? `${Math.floor(totalSecs / 60)} min` : `${Math.floor(totalSecs / 60)} min ${secs} s`;
    }
    if (totalSecs < 86_400) {
        const mins = Math.floor((totalSecs % 3600) / 60);
        return `${Math.floor(totalSecs / 3600)} h ${String(mins).padStart(2, '0')} min`;
    }
    return `${Math.floor(totalSecs / 86_400)} d ${Math.floor((totalSecs % 86_400) / 3600)} h`;
}

/** Whole numbers with thousands separators. */
export function formatCount(count: number | null | undefined): string {
    if (count === null || count === undefined || !Number.isFinite(count)) return MISSING;
    return Math.round(count).toLocaleString('en-US');
}

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
