/**
 * One value reads the same on every surface (shared/format/number-format.ts): a one-Actor fleet
 * whose success rate and sub-cent spend are rendered by the REPORT, a signal title (the cost
 * watchdog's spend summary), the terminal summary, the tree and the dashboard's Actor table.
 * The expected strings are written out, so a surface that drifts to another dialect ("90.9%",
 * "$0.00", "$0.001") fails here.
 */
import { describe, expect, it } from 'vitest';
import type { TemplateResult } from 'lit';
import { formatTerminalSummary } from '../../actor/engine/outputs/terminal-summary.js';
import { buildFleetTreeModel } from '../../extension/models/fleet-view-model.js';
import { renderActorCell } from '../../extension/webview/views/actor-table.js';
import { buildFleetReport } from '../../shared/analysis/build-fleet-report.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { renderHtmlReport } from '../../shared/report/render-html-report.js';
import { runCostWatchdog } from '../../shared/specialists/cost-watchdog.js';
import { dayRange, makeActorData, makeDay, makeFleetData, makeStats } from '../../shared/testing/fleet-data-builder.js';

const SUCCESS_RATE_TEXT = '90.9 %';
const SPEND_TEXT = '$0.0014';
const GENERATED_AT = '2025-03-28T12:00:00.000Z';

/** 28 days of 10 succeeded and 1 failed run, $0.00005 a day: 280 / 308 succeed, $0.0014 in all. */
function buildOneActorReport(): FleetReport {
    const days = dayRange('2025-03-28', 28).map((day) =>
        makeDay(day, { '0.0.1': makeStats({ succeeded: 10, failed: 1, costUsd: 0.00005, durationsSecs: [60] }) }),
    );
    const fleetData = makeFleetData([makeActorData('cheap', days)]);
    const costDocument = runCostWatchdog(
        fleetData,
        // The spend summary is kept for any spend here (by default only from $1 a month).
        { minMonthlySpendUsd: 0, emitSummaries: true },
        { generatedAt: GENERATED_AT, runId: null },
    );
    return buildFleetReport({
        fleetData,
        signalDocuments: [costDocument],
        generatedAt: GENERATED_AT,
        isDemo: false,
        trendStore: { name: 'fleet-analytics-trends', mode: 'named', note: null },
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
    });
}

/** The text a lit template renders, without markup: strings and values interleaved, nested. */
function templateText(part: unknown): string {
    if (part === null || part === undefined || typeof part === 'symbol') return '';
    if (Array.isArray(part)) return part.map(templateText).join('');
    if (typeof part === 'object' && 'strings' in part && 'values' in part) {
        const template = part as TemplateResult;
        return template.strings
            .map((text, i) => text + (i < template.values.length ? templateText(template.values[i]) : ''))
            .join('')
            .replace(/<[^>]*>/g, '');
    }
    return String(part);
}

describe('number-format on every surface', () => {
    const report = buildOneActorReport();
    const actor = report.actors[0]!;

    it('the fixture has the values the expected strings name', () => {
        expect(actor.successRate).toBeCloseTo(280 / 308, 10);
        expect(actor.costUsd).toBeCloseTo(0.0014, 10);
    });

    it('REPORT.html', () => {
        const html = renderHtmlReport(report);
        expect(html).toContain(`Success rate <b>${SUCCESS_RATE_TEXT}</b>`);
        expect(html).toContain(`Cost <b>${SPEND_TEXT}</b>`);
        expect(html).toContain(`<td class="num">${SUCCESS_RATE_TEXT}</td>`);
    });

    it('signal title', () => {
        const summary = report.signals.find((s) => s.title.startsWith('Spend '));
        expect(summary?.title).toContain(`Spend ${SPEND_TEXT} in the window`);
    });

    it('terminal summary', () => {
        const text = formatTerminalSummary(report, { output: 'OUTPUT', report: 'REPORT', dataset: 'dataset' });
        expect(text).toContain(`success ${SUCCESS_RATE_TEXT}`);
        expect(text).toContain(`cost ${SPEND_TEXT}`);
    });

    it('tree', () => {
        const [node] = buildFleetTreeModel(report);
        expect(node!.tooltip).toContain(`Success rate: ${SUCCESS_RATE_TEXT}`);
        expect(node!.tooltip).toContain(`Cost: ${SPEND_TEXT}`);
    });

    it("dashboard's Actor table", () => {
        const nowMs = Date.parse(GENERATED_AT);
        expect(templateText(renderActorCell('successRate', actor, nowMs))).toBe(SUCCESS_RATE_TEXT);
        expect(templateText(renderActorCell('costUsd', actor, nowMs))).toBe(SPEND_TEXT);
    });
});
