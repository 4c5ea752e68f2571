import { describe, expect, it } from 'vitest';
import type { SampledRun } from '../contracts/fleet-data.js';
import { signalsDocumentSchema } from '../contracts/signals.js';
import { runQualityMonitor, STORE_TEST_RULE, type QualityMonitorOptions } from './quality-monitor.js';
import {
    buildActorData,
    buildDatasetSample,
    buildFleetData,
    buildSampledRun,
    TEST_CONTEXT,
    windowTime,
    type ActorDataDraft,
} from '../testing/fleet-data-builder.js';

function monitor(drafts: ActorDataDraft[], options: QualityMonitorOptions = {}) {
    const doc = runQualityMonitor(buildFleetData(drafts.map(buildActorData)), options, TEST_CONTEXT);
    expect(() => signalsDocumentSchema.parse(doc)).not.toThrow();
    return doc;
}

/** Successful runs on the given window days with the given item counts. */
function runsWithItems(
    days: number[],
    itemCount: (i: number) => number,
    extra: Partial<SampledRun> = {},
): SampledRun[] {
    return days.map((dayIndex, i) =>
        buildSampledRun({ dayIndex, dataset: buildDatasetSample({ itemCount: itemCount(i) }), ...extra }),
    );
}

const BASELINE_DAYS = [2, 5, 8, 11, 14, 17, 20];
const RECENT_DAYS = [22, 24, 26, 27];

function kinds(doc: ReturnType<typeof monitor>): string[] {
    return doc.signals.map((s) => s.kind).sort();
}

describe('quality-monitor', () => {
    it('reports nothing for an Actor with steady, non-empty results', () => {
        const doc = monitor([
            {
                sampledRuns: [
                    ...runsWithItems(BASELINE_DAYS, (i) => 100 + i),
                    ...runsWithItems(RECENT_DAYS, (i) => 98 + i),
                ],
            },
        ]);
        expect(doc.signals).toEqual([]);
        expect(doc.status).toBe('complete');
    });

    it('flags successful runs with empty datasets', () => {
        const doc = monitor([
            { sampledRuns: [...runsWithItems(BASELINE_DAYS, () => 100), ...runsWithItems(RECENT_DAYS, () => 0)] },
        ]);
        const signal = doc.signals.find((s) => s.kind === 'succeeded-but-empty')!;
        expect(signal).toMatchObject({ decision: 'act_now', severity: 'high' });
        expect(signal.metric?.value).toBe(1);
        expect(signal.evidence.runIds).toHaveLength(4);
        // The drop check ignores empty runs, so the incident is reported once.
        expect(kinds(doc)).toEqual(['succeeded-but-empty']);
    });

    it('does not fire on two empty runs in four: against a 5 % normal share that is p ≈ 0.014, not below 1 %', () => {
        const doc = monitor([
            {
                sampledRuns: [
                    ...runsWithItems(BASELINE_DAYS, () => 100),
                    ...runsWithItems(RECENT_DAYS, (i) => (i % 2 === 0 ? 0 : 100)),
                ],
            },
        ]);
        expect(kinds(doc)).not.toContain('succeeded-but-empty');
    });

    it('flags 3 of 7 empty daily samples with no earlier samples (the collection samples one run a day) as act_now', () => {
        // Surely (95 % lower bound ≈ 16 %) more than one success in ten delivers nothing.
        const doc = monitor([
            { sampledRuns: runsWithItems([21, 22, 23, 24, 25, 26, 27], (i) => ([0, 3, 6].includes(i) ? 0 : 150)) },
        ]);
        const signal = doc.signals.find((s) => s.kind === 'succeeded-but-empty')!;
        expect(signal).toMatchObject({ decision: 'act_now', severity: 'high' });
        expect(signal.metric).toMatchObject({ value: 3 / 7, baseline: 0.05 });
        expect(signal.detail).toContain('5 % is assumed');
        expect(signal.evidence.runIds).toHaveLength(3);
    });

    it("judges empties against the Actor's own normal share: 3 of 7 is not news for an Actor empty 3 times in 10 before", () => {
        const baseline = runsWithItems([1, 3, 5, 7, 9, 11, 13, 15, 17, 19], (i) => (i % 3 === 0 && i < 9 ? 0 : 80));
        const recent = runsWithItems([21, 22, 23, 24, 25, 26, 27], (i) => ([0, 3, 6].includes(i) ? 0 : 80));
        expect(kinds(monitor([{ sampledRuns: [...baseline, ...recent] }]))).not.toContain('succeeded-but-empty');
    });

    it("reports a significant empty share as monitor when its lower bound stays under twice the Actor's normal share", () => {
        // Normally 1 empty in 10 (normal share 10 %, act-now bar 20 %); now 5 of 12: p ≈ 0.004, lower bound ≈ 19 %.
        const baseline = runsWithItems([1, 3, 5, 7, 9, 11, 13, 15, 17, 19], (i) => (i === 4 ? 0 : 60));
        const recent = Array.from({ length: 12 }, (_, i) =>
            buildSampledRun({
                startedAt: windowTime(21 + (i % 7), 1 + Math.floor(i / 7)),
                dataset: buildDatasetSample({ itemCount: i < 5 ? 0 : 60 }),
            }),
        );
        const signal = monitor([{ sampledRuns: [...baseline, ...recent] }]).signals.find(
            (s) => s.kind === 'succeeded-but-empty',
        )!;
        expect(signal).toMatchObject({ decision: 'monitor', severity: 'medium' });
        expect(signal.metric).toMatchObject({ value: 5 / 12, baseline: 0.1 });
        expect(signal.detail).toContain('1 of 10 earlier sampled successes were empty');
    });

    it('does not fire on one empty run out of two (low volume)', () => {
        const doc = monitor([
            {
                sampledRuns: [
                    ...runsWithItems(BASELINE_DAYS, () => 100),
                    ...runsWithItems([25, 27], (i) => (i === 0 ? 0 : 100)),
                ],
            },
        ]);
        expect(doc.signals).toEqual([]);
    });

    it('does not call an Actor that never writes a dataset "empty"', () => {
        const doc = monitor([{ sampledRuns: runsWithItems([...BASELINE_DAYS, ...RECENT_DAYS], () => 0) }]);
        expect(doc.signals).toEqual([]);
    });

    it('but does when its build declares a dataset schema', () => {
        const doc = monitor([
            {
                latestBuild: {
                    datasetSchema: {
                        actorSpecification: 1,
                        fields: { type: 'object', properties: { a: { type: 'string' } } },
                    },
                },
                sampledRuns: runsWithItems(RECENT_DAYS, () => 0),
            },
        ]);
        expect(kinds(doc)).toEqual(['succeeded-but-empty']);
    });

    it('flags a result-count drop against the robust baseline', () => {
        const doc = monitor([
            {
                sampledRuns: [
                    ...runsWithItems(BASELINE_DAYS, (i) => 100 + (i % 3) * 5),
                    ...runsWithItems(RECENT_DAYS, () => 30),
                ],
            },
        ]);
        const signal = doc.signals.find((s) => s.kind === 'result-count-drop')!;
        expect(signal.metric).toMatchObject({ value: 30, baseline: 105 });
        expect(signal.decision).toBe('monitor');
        const collapse = monitor([
            { sampledRuns: [...runsWithItems(BASELINE_DAYS, () => 100), ...runsWithItems(RECENT_DAYS, () => 5)] },
        ]);
        expect(collapse.signals.find((s) => s.kind === 'result-count-drop')!.decision).toBe('act_now');
    });

    it("does not flag a drop inside the Actor's normal variation or with too few samples", () => {
        const noisy = monitor([
            {
                sampledRuns: [
                    ...runsWithItems(BASELINE_DAYS, (i) => [20, 200, 50, 150, 80, 120, 30][i]!),
                    ...runsWithItems(RECENT_DAYS, () => 45),
                ],
            },
        ]);
        expect(kinds(noisy)).not.toContain('result-count-drop');
        const sparse = monitor([
            { sampledRuns: [...runsWithItems([3, 9], () => 100), ...runsWithItems(RECENT_DAYS, () => 5)] },
        ]);
        expect(kinds(sparse)).not.toContain('result-count-drop');
    });

    it('flags a field whose null/empty share jumps, and not the stable fields', () => {
        const stats = (priceNulls: number) => ({
            title: { nullCount: 1, emptyCount: 0 },
            price: { nullCount: priceNulls, emptyCount: 0 },
        });
        const baseline = BASELINE_DAYS.map((dayIndex) =>
            buildSampledRun({ dayIndex, dataset: buildDatasetSample({ itemCount: 100, fieldStatistics: stats(2) }) }),
        );
        const recent = RECENT_DAYS.map((dayIndex) =>
            buildSampledRun({ dayIndex, dataset: buildDatasetSample({ itemCount: 100, fieldStatistics: stats(97) }) }),
        );
        const doc = monitor([{ actor: { id: 'a' }, sampledRuns: [...baseline, ...recent] }]);
        expect(doc.signals).toHaveLength(1);
        expect(doc.signals[0]).toMatchObject({
            kind: 'field-null-rate-spike',
            decision: 'act_now',
            fingerprint: 'quality-monitor:field-null-rate-spike:a:price',
        });
        expect(doc.signals[0]!.metric).toMatchObject({ value: 0.97, baseline: 0.02 });
    });

    it('does not flag a field null-rate change on few items', () => {
        const baseline = [
            buildSampledRun({
                dayIndex: 5,
                dataset: buildDatasetSample({ itemCount: 4, fieldStatistics: { price: { nullCount: 0 } } }),
            }),
        ];
        const recent = [
            buildSampledRun({
                dayIndex: 25,
                dataset: buildDatasetSample({ itemCount: 4, fieldStatistics: { price: { nullCount: 4 } } }),
            }),
        ];
        expect(monitor([{ sampledRuns: [...baseline, ...recent] }]).signals).toEqual([]);
    });

    const withRatingNulls = (rates: number[], firstDay = 21, itemCount = 200) =>
        rates.map((rate, i) =>
            buildSampledRun({
                dayIndex: firstDay + i,
                dataset: buildDatasetSample({
                    itemCount,
                    fieldStatistics: { title: { nullCount: 0 }, rating: { nullCount: Math.round(rate * itemCount) } },
                }),
            }),
        );

    it('finds a null-rate rise inside the recent week when there is no earlier sample (its own change point) → act_now', () => {
        // 3 % → ~63 %: more items lack "rating" than have it.
        const doc = monitor([
            { actor: { id: 'h' }, sampledRuns: withRatingNulls([0.03, 0.03, 0.6, 0.57, 0.63, 0.67]) },
        ]);
        expect(doc.signals).toHaveLength(1);
        const signal = doc.signals[0]!;
        expect(signal).toMatchObject({
            kind: 'field-null-rate-spike',
            decision: 'act_now',
            fingerprint: 'quality-monitor:field-null-rate-spike:h:rating',
        });
        expect(signal.metric!.baseline).toBeCloseTo(0.03, 3);
        expect(signal.metric!.value).toBeCloseTo(0.6175, 3);
        expect(signal.evidence.runIds).toHaveLength(4);
        expect(signal.detail).toContain('change points tried');
    });

    it('reports a moderate null-rate rise (5 % → 35 %) as monitor', () => {
        const doc = monitor([{ sampledRuns: withRatingNulls([0.05, 0.05, 0.05, 0.35, 0.35, 0.35]) }]);
        expect(doc.signals.map((s) => [s.kind, s.decision])).toEqual([['field-null-rate-spike', 'monitor']]);
    });

    it('does not flag a field whose null share depends on the input (alternating), a single odd latest dataset, or a recovered spike', () => {
        expect(monitor([{ sampledRuns: withRatingNulls([0.03, 0.6, 0.03, 0.6, 0.03, 0.6, 0.03]) }]).signals).toEqual(
            [],
        );
        expect(monitor([{ sampledRuns: withRatingNulls([0.03, 0.03, 0.03, 0.03, 0.03, 0.9]) }]).signals).toEqual([]);
        expect(monitor([{ sampledRuns: withRatingNulls([0.03, 0.03, 0.6, 0.6, 0.03, 0.03]) }]).signals).toEqual([]);
    });

    it('does not flag a small rise, even a significant one, or noise around a steady share', () => {
        expect(
            monitor([{ sampledRuns: withRatingNulls([0.05, 0.05, 0.05, 0.2, 0.2, 0.2], 21, 2000) }]).signals,
        ).toEqual([]);
        expect(monitor([{ sampledRuns: withRatingNulls([0.3, 0.25, 0.35, 0.28, 0.33, 0.27, 0.31]) }]).signals).toEqual(
            [],
        );
    });

    it('flags a public Actor failing the Store daily test twice in three days as act_now', () => {
        const tests = [
            buildSampledRun({
                origin: 'TEST',
                sampledBecause: 'test-origin',
                dayIndex: 27,
                status: 'FAILED',
                dataset: null,
            }),
            buildSampledRun({
                origin: 'TEST',
                sampledBecause: 'test-origin',
                dayIndex: 26,
                dataset: buildDatasetSample({ itemCount: 0 }),
            }),
            buildSampledRun({ origin: 'TEST', sampledBecause: 'test-origin', dayIndex: 25 }),
        ];
        const doc = monitor([{ actor: { id: 'pub', isPublic: true }, sampledRuns: tests }]);
        const signal = doc.signals.find((s) => s.kind === 'store-test-risk')!;
        expect(signal).toMatchObject({ decision: 'act_now', severity: 'critical', labels: { basis: 'forecast' } });
        expect(signal.title).toMatch(/^Forecast: /);
        expect(signal.detail).toContain('under maintenance');
        expect(signal.detail).toContain(`Rule used: ${STORE_TEST_RULE}.`);
        expect(signal.evidence.notes.join(' ')).toContain('empty dataset');

        // Once the notice says so, the notice is the act-now signal (compliance-scanner); the
        // failing tests stay as evidence without a second deduction.
        const confirmed = monitor([
            { actor: { id: 'pub', isPublic: true, notice: 'UNDER_MAINTENANCE' }, sampledRuns: tests },
        ]).signals.find((s) => s.kind === 'store-test-risk')!;
        expect(confirmed).toMatchObject({
            decision: 'monitor',
            labels: { basis: 'confirmed-by-notice' },
            scoreImpact: { points: 0 },
        });
    });

    it('notes null rates as not measurable (info, no points) when a declared schema gets no statistics', () => {
        const runs = [25, 26, 27].map((dayIndex) =>
            buildSampledRun({
                dayIndex,
                dataset: buildDatasetSample({ itemCount: 40, fields: [], fieldStatistics: null }),
            }),
        );
        const datasetSchema = { fields: { type: 'object', properties: { title: { type: 'string' } } } };
        const doc = monitor([{ actor: { id: 'declared' }, latestBuild: { datasetSchema }, sampledRuns: runs }]);
        expect(doc.signals.map((s) => [s.kind, s.severity, s.decision, s.scoreImpact.points])).toEqual([
            ['field-null-rates-unmeasurable', 'info', 'ignore', 0],
        ]);
        // Without a declared schema no statistics are expected: nothing to note.
        const undeclared = monitor([
            { actor: { id: 'plain' }, latestBuild: { datasetSchema: null }, sampledRuns: runs },
        ]);
        expect(undeclared.signals).toEqual([]);
    });

    it('counts a test run slower than 5 minutes as failed', () => {
        const slow = (dayIndex: number) =>
            buildSampledRun({
                origin: 'TEST',
                dayIndex,
                startedAt: windowTime(dayIndex, 3),
                finishedAt: windowTime(dayIndex, 3, 7),
            });
        const doc = monitor([{ actor: { isPublic: true }, sampledRuns: [slow(27), slow(26), slow(25)] }]);
        expect(doc.signals.find((s) => s.kind === 'store-test-risk')!.evidence.notes[0]).toContain('took 420 s');
    });

    it('warns (monitor) when only the latest test failed, and says nothing about an old recovered flake', () => {
        const test = (dayIndex: number, status: SampledRun['status']) =>
            buildSampledRun({ origin: 'TEST', dayIndex, status });
        const latestFailed = monitor([
            {
                actor: { isPublic: true },
                sampledRuns: [test(27, 'FAILED'), test(26, 'SUCCEEDED'), test(25, 'SUCCEEDED')],
            },
        ]);
        expect(latestFailed.signals.find((s) => s.kind === 'store-test-risk')!.decision).toBe('monitor');
        const recovered = monitor([
            {
                actor: { isPublic: true },
                sampledRuns: [test(27, 'SUCCEEDED'), test(26, 'SUCCEEDED'), test(25, 'FAILED')],
            },
        ]);
        expect(recovered.signals).toEqual([]);
    });

    it('does not apply the Store test to private Actors', () => {
        const tests = [27, 26, 25].map((dayIndex) => buildSampledRun({ origin: 'TEST', dayIndex, status: 'FAILED' }));
        expect(monitor([{ actor: { isPublic: false }, sampledRuns: tests }]).signals).toEqual([]);
    });

    it('lists an Actor without run details as an error (partial), without crashing', () => {
        const doc = monitor([
            {
                actor: { id: 'blind' },
                missing: [{ part: 'run-details', reason: '403', permission: 'Actor runs: Read' }],
            },
            {
                actor: { id: 'no-datasets' },
                sampledRuns: runsWithItems(RECENT_DAYS, () => 0),
                missing: [{ part: 'datasets', reason: '403', permission: 'Datasets: Read' }],
            },
        ]);
        expect(doc.status).toBe('partial');
        expect(doc.errors.map((e) => e.actorId)).toEqual(['blind', 'no-datasets']);
        expect(doc.signals).toEqual([]);
    });
});
