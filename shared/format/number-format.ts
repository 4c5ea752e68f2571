/**
 * The one number dialect of every surface a person reads: REPORT.html, signal titles and
 * details, the terminal summary, the tree, the status bar and the dashboard. A value reads the
 * same everywhere (test/format/number-format-surfaces.test.ts renders each surface and compares).
 *
 * The dialect:
 * - Percent with a space before the sign, "12.3 %": the same spacing as every other unit the
 *   product prints ("42 s", "3 min", "+2.5 pp"), as ISO 80000-1 writes it; one decimal unless
 *   the caller asks otherwise.
 * - USD: whole dollars with thousands separators from $100 ("$1,235"), cents below ("$12.35"),
 *   and two significant digits below one cent ("$0.0012"), because per-run and per-result costs
 *   of cheap Actors are sub-cent and "$0.00" would hide them.
 * - Signed changes lead with "+", "−" (U+2212) or "±" for no change.
 * - Counts with en-US thousands separators ("7,000").
 * - A missing value is an em dash, never "NaN", "$0" or an empty cell.
 *
 * Pure and locale-fixed (en-US) so tests and screenshots are stable.
 */

import { truncateScore } from '../scoring/grade.js';

export const MISSING = '—';

const SECS_PER_MINUTE = 60;
const SECS_PER_HOUR = 3600;
const SECS_PER_DAY = 86_400;

function isPresent(value: number | null | undefined): value is number {
    return value !== null && value !== undefined && Number.isFinite(value);
}

function signOf(value: number): string {
    return value > 0 ? '+' : value < 0 ? '−' : '±';
}

/** USD: "$0.00", "$0.0012", "$12.35", "$1,235"; negative amounts with "−". */
export function formatUsd(amountUsd: number | null | undefined): string {
    if (!isPresent(amountUsd)) return MISSING;
    const abs = Math.abs(amountUsd);
    const sign = amountUsd < 0 ? '−' : '';
    if (abs === 0) return '$0.00';
    if (abs < 0.01) return `${sign}$${abs.toLocaleString('en-US', { maximumSignificantDigits: 2 })}`;
    if (abs < 100) return `${sign}$${abs.toFixed(2)}`;
    return `${sign}$${Math.round(abs).toLocaleString('en-US')}`;
}

/** A signed USD change: "+$12.40", "−$3.10", "±$0.00". */
export function formatUsdDelta(deltaUsd: number | null | undefined): string {
    if (!isPresent(deltaUsd)) return MISSING;
    return `${signOf(deltaUsd)}${formatUsd(Math.abs(deltaUsd))}`;
}

/** A ratio (0–1) as a percentage: "97.5 %" (`decimals` default 1). */
export function formatPercent(ratio: number | null | undefined, decimals = 1): string {
    if (!isPresent(ratio)) return MISSING;
    return `${(ratio * 100).toFixed(decimals)} %`;
}

/** A change of a ratio in percentage points, signed: "+2.5 pp", "−0.4 pp", "±0.0 pp". */
export function formatPercentPointsDelta(ratioDelta: number | null | undefined): string {
    if (!isPresent(ratioDelta)) return MISSING;
    const points = ratioDelta * 100;
    if (Math.abs(points) < 0.05) return '±0.0 pp';
    return `${signOf(points)}${Math.abs(points).toFixed(1)} pp`;
}

/** Score points, one decimal: "73.4". */
export function formatScore(score: number | null | undefined): string {
    if (!isPresent(score)) return MISSING;
    // Cut, not rounded (shared/scoring/grade.ts): 89.96 reads "89.9", the B it is, not "90.0".
    return truncateScore(score, 1).toFixed(1);
}

/** A signed change of score points: "+3.2", "−0.4", "±0.0". */
export function formatScoreDelta(pointsDelta: number | null | undefined): string {
    if (!isPresent(pointsDelta)) return MISSING;
    if (Math.abs(pointsDelta) < 0.05) return '±0.0';
    return `${signOf(pointsDelta)}${Math.abs(pointsDelta).toFixed(1)}`;
}

/** Deducted points, "−3.2" (shows "−<0.1" rather than "−0.0" for tiny deductions). */
export function formatDeduction(points: number): string {
    if (points > 0 && points < 0.05) return '−<0.1';
    return `−${points.toFixed(1)}`;
}

/** A duration in seconds: "850 ms", "42 s", "3 min 20 s", "2 h 05 min", "3 d 4 h". */
export function formatDurationSecs(durationSecs: number | null | undefined): string {
    if (!isPresent(durationSecs) || durationSecs < 0) return MISSING;
    if (durationSecs < 1) return `${Math.round(durationSecs * 1000)} ms`;
    if (durationSecs < SECS_PER_MINUTE) return `${Math.round(durationSecs)} s`;
    const totalSecs = Math.round(durationSecs);
    if (totalSecs < SECS_PER_HOUR) {
        const secs = totalSecs % SECS_PER_MINUTE;
        const mins = Math.floor(totalSecs / SECS_PER_MINUTE);
        return secs === 0 ? `${mins} min` : `${mins} min ${secs} s`;
    }
    if (totalSecs < SECS_PER_DAY) {
        const mins = Math.floor((totalSecs % SECS_PER_HOUR) / SECS_PER_MINUTE);
        return `${Math.floor(totalSecs / SECS_PER_HOUR)} h ${String(mins).padStart(2, '0')} min`;
    }
    return `${Math.floor(totalSecs / SECS_PER_DAY)} d ${Math.floor((totalSecs % SECS_PER_DAY) / SECS_PER_HOUR)} h`;
}

/** Whole numbers with thousands separators: "7,000". */
export function formatCount(count: number | null | undefined): string {
    if (!isPresent(count)) return MISSING;
    return Math.round(count).toLocaleString('en-US');
}

/** A p-value as evidence in a signal's detail: "p = 0.0123", "p < 0.0001". */
export function formatPValue(pValue: number): string {
    return pValue < 0.0001 ? 'p < 0.0001' : `p = ${pValue.toFixed(4)}`;
}
