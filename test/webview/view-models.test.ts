import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getActionPlan } from '../../extension/webview/view-models/action-plan.js';
import { getActorDetail, indexSignalsByActor } from '../../extension/webview/view-models/actor-detail.js';
import {
    DEFAULT_SORT,
    EMPTY_FILTER,
    getRowWindow,
    getSortValue,
    nextSort,
    selectActors,
    ACTOR_SORT_KEYS,
} from '../../extension/webview/view-models/actor-table.js';
import { getTrendSeries } from '../../extension/webview/view-models/chart-series.js';
import { getCostBreakdown } from '../../extension/webview/view-models/cost-breakdown.js';
import { formatAge } from '../../extension/webview/view-models/format.js';
import {
    formatDeduction,
    formatDurationSecs,
    formatPercent,
    formatPercentPointsDelta,
    formatUsd,
    formatUsdDelta,
    MISSING,
} from '../../shared/format/number-format.js';
import { getComponentViews } from '../../extension/webview/view-models/score.js';
import { DEFAULT_UI_STATE, restoreUiState } from '../../extension/webview/view-models/ui-state.js';
import { buildFleetReportFixture } from './fleet-report-builder.js';

const report = buildFleetReportFixture({ actorCount: 300, seed: 7 });

describe('formatting', () => {
    it('formats money, percentages, deltas and durations, and says "—" for missing values', () => {
        expect([
            formatUsd(0),
            formatUsd(0.004),
            formatUsd(12.345),
            formatUsd(1234.5),
            formatUsd(null),
            formatUsd(Number.NaN),
        ]).toEqual(['$0.00', '$0.004', '$12.35', '$1,235', MISSING, MISSING]);
        expect([formatPercent(0.975), formatPercent(1, 0), formatPercent(null)]).toEqual(['97.5 %', '100 %', MISSING]);
        expect([
            formatPercentPointsDelta(0.025),
            formatPercentPointsDelta(-0.004),
            formatPercentPointsDelta(0),
        ]).toEqual(['+2.5 pp', '−0.4 pp', '±0.0 pp']);
        expect([formatUsdDelta(12.4), formatUsdDelta(-3.1), formatUsdDelta(null)]).toEqual([
            '+$12.40',
            '−$3.10',
            MISSING,
        ]);
        expect([
            formatDurationSecs(0.85),
            formatDurationSecs(42),
            formatDurationSecs(200),
            formatDurationSecs(7500),
            formatDurationSecs(273_600),
            formatDurationSecs(-1),
        ]).toEqual(['850 ms', '42 s', '3 min 20 s', '2 h 05 min', '3 d 4 h', MISSING]);
        expect([formatDeduction(3.24), formatDeduction(0.01)]).toEqual(['−3.2', '−<0.1']);
        const now = Date.parse('2025-03-29T00:00:00Z');
        expect([
            formatAge('2025-03-28T23:59:30Z', now),
            formatAge('2025-03-28T22:00:00Z', now),
            formatAge('2025-03-17T00:00:00Z', now),
            formatAge(null, now),
        ]).toEqual(['just now', '2 h ago', '12 d ago', MISSING]);
    });
});

describe('Actor table', () => {
    it('sorts by every column with missing values last in both directions, ties by name', () => {
        for (const key of ACTOR_SORT_KEYS) {
            for (const direction of ['asc', 'desc'] as const) {
                const rows = selectActors(report.actors, EMPTY_FILTER, { key, direction });
                expect(rows).toHaveLength(report.actors.length);
                const values = rows.map((a) => getSortValue(a, key));
                const firstNull = values.indexOf(null);
                if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
                const known = values.filter((v): v is number | string => v !== null);
                for (let i = 1; i < known.length; i++) {
                    const cmp =
                        typeof known[i] === 'number'
                            ? (known[i] as number) - (known[i - 1] as number)
                            : String(known[i]).localeCompare(String(known[i - 1]));
                    expect(direction === 'asc' ? cmp >= 0 : cmp <= 0).toBe(true);
                }
            }
        }
    });

    it('filters by text (name, title, id), grades and signals; the result is a subset that matches', () => {
        fc.assert(
            fc.property(
                fc.string({ maxLength: 4 }),
                fc.subarray(['A', 'B', 'C', 'D', 'F'] as const),
                fc.boolean(),
                (text, grades, onlyWithSignals) => {
                    const rows = selectActors(
                        report.actors,
                        { text, grades: [...grades], onlyWithSignals },
                        DEFAULT_SORT,
                    );
                    const needle = text.trim().toLowerCase();
                    const expected = report.actors.filter(
                        (a) =>
                            (!onlyWithSignals || a.signalCount > 0) &&
                            (grades.length === 0 || grades.includes(a.grade)) &&
                            (needle === '' ||
                                [a.name, a.title ?? '', a.id].some((s) => s.toLowerCase().includes(needle))),
                    );
                    expect(new Set(rows.map((a) => a.id))).toEqual(new Set(expected.map((a) => a.id)));
                },
            ),
            { numRuns: 200 },
        );
        const failing = selectActors(report.actors, { ...EMPTY_FILTER, grades: ['F', 'D'] }, DEFAULT_SORT);
        expect(failing.every((a) => a.grade === 'F' || a.grade === 'D')).toBe(true);
    });

    it('flips the direction on the same column and starts a new one at its natural direction', () => {
        expect(nextSort({ key: 'costUsd', direction: 'desc' }, 'costUsd')).toEqual({
            key: 'costUsd',
            direction: 'asc',
        });
        expect(nextSort(DEFAULT_SORT, 'costUsd')).toEqual({ key: 'costUsd', direction: 'desc' });
        expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', direction: 'asc' });
    });

    it('renders a window of rows whose spacers keep the full scroll height', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 5000 }),
                fc.integer({ min: 0, max: 200_000 }),
                fc.integer({ min: 0, max: 2000 }),
                (rowCount, scrollTopPx, viewportHeightPx) => {
                    const w = getRowWindow({
                        rowCount,
                        rowHeightPx: 30,
                        scrollTopPx,
                        viewportHeightPx,
                        overscanRows: 10,
                    });
                    expect(w.start).toBeGreaterThanOrEqual(0);
                    expect(w.end).toBeLessThanOrEqual(rowCount);
                    expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(viewportHeightPx / 30) + 1 + 20);
                    expect(w.paddingTopPx + (w.end - w.start) * 30 + w.paddingBottomPx).toBe(rowCount * 30);
                    if (rowCount > 0) expect(w.end).toBeGreaterThan(w.start);
                },
            ),
        );
    });
});

describe('score, plan, cost, trend and detail view models', () => {
    it('lists each component with its largest deductions resolved to an Actor and signal', () => {
        const views = getComponentViews(report, 5);
        expect(views.map((v) => v.id)).toEqual(report.fleet.components.map((c) => c.id));
        const fingerprints = new Set(report.signals.map((s) => s.fingerprint));
        for (const view of views) {
            expect(view.deductions.length).toBeLessThanOrEqual(5);
            const component = report.fleet.components.find((c) => c.id === view.id)!;
            expect(view.deductionCount).toBe(component.deductions.length);
            const all = [...component.deductions].sort((a, b) => b.points - a.points);
            expect(view.deductions.map((d) => d.points)).toEqual(all.slice(0, 5).map((d) => d.points));
            for (const d of view.deductions) {
                expect(d.hasSignal).toBe(fingerprints.has(d.fingerprint));
                expect(d.actorId).not.toBeNull();
            }
        }
    });

    it('groups the plan by bucket in rank order and moves locally acknowledged cards to "Acknowledged"', () => {
        const plan = getActionPlan(report, []);
        expect(plan.flatMap((b) => b.cards).length).toBe(report.actionPlan.length);
        const first = plan[0]!.cards[0]!.card;
        const acked = getActionPlan(report, [first.fingerprint]);
        const ackBucket = acked.find((b) => b.bucket === 'acknowledged')!;
        expect(ackBucket.cards.map((c) => c.card.fingerprint)).toContain(first.fingerprint);
        expect(ackBucket.cards.find((c) => c.card.fingerprint === first.fingerprint)?.isLocalAck).toBe(true);
        for (const bucket of acked) {
            const ranks = bucket.cards.map((c) => c.card.rank);
            expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        }
    });

    it('a card of several signals is acknowledged only when every one of them is', () => {
        const first = report.actionPlan.find((c) => c.bucket !== 'acknowledged')!;
        const merged = { ...first, fingerprints: [first.fingerprint, 'core:other-source:x'] };
        const withMerged = { ...report, actionPlan: [merged] };
        const bucketOf = (localAcks: string[]) => getActionPlan(withMerged, localAcks)[0]!;
        expect(bucketOf([first.fingerprint]).bucket).toBe(first.bucket);
        const both = bucketOf([first.fingerprint, 'core:other-source:x']);
        expect(both.bucket).toBe('acknowledged');
        expect(both.cards[0]!.isLocalAck).toBe(true);
        expect(both.cards[0]!.severity).toBe(first.items[0]!.severity);
    });

    it('breaks the cost down into the top Actors plus the rest, adding up to the fleet total', () => {
        const cost = getCostBreakdown(report, 10);
        expect(cost.rows.length).toBeLessThanOrEqual(11);
        expect(cost.rows.reduce((s, r) => s + r.costUsd, 0)).toBeCloseTo(
            report.actors.reduce((s, a) => s + a.costUsd, 0),
            6,
        );
        expect(cost.rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(
            report.actors.reduce((s, a) => s + a.costUsd, 0) / report.fleet.costUsd,
            6,
        );
        const top = cost.rows.slice(0, -1).map((r) => r.costUsd);
        expect(top).toEqual([...top].sort((a, b) => b - a));
    });

    it('turns the weekly trend into three series with gaps kept as null', () => {
        const series = getTrendSeries(report.trend);
        expect(series.map((s) => s.id)).toEqual(['score', 'failureRate', 'cost']);
        for (const s of series) expect(s.values).toHaveLength(report.trend.length);
        expect(series[0]!.values).toEqual(
            [...report.trend].sort((a, b) => a.weekStart.localeCompare(b.weekStart)).map((p) => p.healthScore),
        );
        expect(series[1]!.values.every((v) => v === null || (v >= 0 && v <= 100))).toBe(true);
        expect(series[0]!.summary).toMatch(/^Health score over \d+ weeks/);
    });

    it('builds an Actor detail with run slices adding up and signals worst first', () => {
        const actor = [...report.actors].sort((a, b) => b.signalCount - a.signalCount)[0]!;
        const detail = getActorDetail(report, actor.id, indexSignalsByActor(report))!;
        expect(detail.runSlices.reduce((s, r) => s + r.count, 0)).toBe(actor.runs.total);
        expect(detail.signals).toHaveLength(report.signals.filter((s) => s.actorId === actor.id).length);
        expect(detail.runUrl('r1')).toBe(`https://console.apify.com/actors/${encodeURIComponent(actor.id)}/runs/r1`);
        expect(getActorDetail(report, 'missing', indexSignalsByActor(report))).toBeNull();
    });

    it('restores a saved UI state and falls back to defaults for anything odd', () => {
        const saved = {
            ...DEFAULT_UI_STATE,
            tab: 'actors',
            sort: { key: 'costUsd', direction: 'desc' },
            selectedActorId: 'a1',
        };
        expect(restoreUiState(saved)).toEqual(saved);
        expect(restoreUiState(undefined)).toEqual(DEFAULT_UI_STATE);
        expect(restoreUiState({ ...saved, sort: { key: 'nope', direction: 'desc' } })).toEqual(DEFAULT_UI_STATE);
    });
});
