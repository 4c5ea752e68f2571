/**
 * Weekly trend series for the charts, from `report.trend`. Missing points stay null (Chart.js
 * draws a gap), so a week without runs never looks like a 0 % failure rate.
 */
import type { FleetReport } from '../../../shared/contracts/fleet-report.js';
import { formatPercent, formatScore, formatUsd } from '../../../shared/format/number-format.js';
import { formatWeekLabel } from './format.js';

export interface TrendSeries {
    id: 'score' | 'failureRate' | 'cost';
    title: string;
    labels: string[];
    /** Display units: score 0–100, failure rate in percent (0–100), cost in USD. */
    values: (number | null)[];
    /** For the axis and tooltips. */
    unit: 'points' | 'percent' | 'usd';
    /** A sentence for screen readers (the canvas itself says nothing). */
    summary: string;
}

function describe(title: string, labels: string[], values: (number | null)[], format: (v: number) => string): string {
    const known = values
        .map((v, i) => ({ v, label: labels[i] }))
        .filter((p): p is { v: number; label: string } => p.v !== null);
    if (known.length === 0) return `${title}: no data in these weeks.`;
    const first = known[0]!;
    const last = known[known.length - 1]!;
    return `${title} over ${labels.length} weeks: ${format(first.v)} in the week of ${first.label}, ${format(last.v)} in the week of ${last.label}.`;
}

export function getTrendSeries(trend: FleetReport['trend']): TrendSeries[] {
    const points = [...trend].sort((a, b) => a.weekStart.localeCompare(b.weekStart));
    const labels = points.map((p) => formatWeekLabel(p.weekStart));
    const score = points.map((p) => p.healthScore);
    const failureRate = points.map((p) => (p.failureRate === null ? null : Math.round(p.failureRate * 10_000) / 100));
    const cost = points.map((p) => Math.round(p.costUsd * 100) / 100);
    return [
        {
            id: 'score',
            title: 'Health score',
            labels,
            values: score,
            unit: 'points',
            summary: describe('Health score', labels, score, formatScore),
        },
        {
            id: 'failureRate',
            title: 'Failure rate',
            labels,
            values: failureRate,
            unit: 'percent',
            summary: describe('Failure rate', labels, failureRate, (v) => formatPercent(v / 100)),
        },
        {
            id: 'cost',
            title: 'Cost',
            labels,
            values: cost,
            unit: 'usd',
            summary: describe('Cost', labels, cost, formatUsd),
        },
    ];
}

/** Axis tick / tooltip text for a series value. */
export function formatSeriesValue(unit: TrendSeries['unit'], value: number): string {
    switch (unit) {
        case 'points':
            return formatScore(value);
        case 'percent':
            // The series holds percentage points (0–100); the shared formatter takes a ratio.
            return formatPercent(value / 100, value < 10 ? 1 : 0);
        case 'usd':
            return formatUsd(value);
    }
}
