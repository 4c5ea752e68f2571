import { describe, expect, it } from 'vitest';
import type { RunGroupStats, SampledRun } from '../contracts/fleet-data.js';
import { signalsDocumentSchema } from '../contracts/signals.js';
import {
    estimateActiveComparisonCostUsd,
    runAbTester,
    type AbPair,
    type AbTesterOptions,
    type RunOutcome,
} from './ab-tester.js';
import {
    buildActorData,
    buildDatasetSample,
    buildDays,
    buildFleetData,
    buildSampledRun,
    buildUniformRuns,
    TEST_CONTEXT,
    type ActorDataDraft,
} from '../testing/fleet-data-builder.js';

/** An Actor with `days` days of runs: per day `succeeded`/`failed`, constant cost and duration. */
function historyActor(
    id: string,
    perDay: { succeeded: number; failed: number; costPerRunUsd?: number; durationSecs?: number },
    sampledRuns: SampledRun[] = [],
): ActorDataDraft {
    return {
        actor: { id, name: `tester/${id}` },
        days: buildDays(0, 19, () => ({ '0.0.1': buildUniformRuns(perDay) })),
        sampledRuns,
    };
}

/** Sampled successful runs with a given cost and item count (cost per result = cost / items). */
function costSamples(count: number, usageTotalUsd: number, itemCount: number, buildNumber = '0.0.1'): SampledRun[] {
    return Array.from({ length: count }, (_, i) =>
        buildSampledRun({
            dayIndex: 19 - i,
            buildNumber,
            usageTotalUsd: usageTotalUsd * (1 + i * 0.01),
            dataset: buildDatasetSample({ itemCount }),
        }),
    );
}

function compare(drafts: ActorDataDraft[], options: AbTesterOptions) {
    const doc = runAbTester(buildFleetData(drafts.map(buildActorData)), options, TEST_CONTEXT);
    expect(() => signalsDocumentSchema.parse(doc)).not.toThrow();
    return doc;
}

const PAIR: AbPair = { kind: 'actors', a: 'old-scraper', b: 'tester/new-scraper' };

describe('ab-tester', () => {
    it('recommends switching when B clearly fails less (and names Actors by name or id)', () => {
        const doc = compare(
            [
                historyActor('old-scraper', { succeeded: 9, failed: 1 }),
                historyActor('new-scraper', { succeeded: 10, failed: 0 }),
            ],
            { pairs: [PAIR] },
        );
        expect(doc.signals).toHaveLength(1);
        const signal = doc.signals[0]!;
        expect(signal).toMatchObject({
            kind: 'ab-comparison',
            decision: 'act_now',
            labels: { verdict: 'switch_now', mode: 'history' },
        });
        expect(signal.fingerprint).toBe('ab-tester:ab-comparison:old-scraper:old-scraper-vs-new-scraper');
        expect(signal.metric).toMatchObject({ value: 1, baseline: 0.9 });
        expect(signal.scoreImpact.points).toBe(0);
    });

    it('keeps A (monitor_only) when B fails more', () => {
        const doc = compare(
            [
                historyActor('old-scraper', { succeeded: 10, failed: 0 }),
                historyActor('new-scraper', { succeeded: 8, failed: 2 }),
            ],
            { pairs: [PAIR] },
        );
        expect(doc.signals[0]!.labels.verdict).toBe('monitor_only');
        expect(doc.signals[0]!.decision).toBe('ignore');
    });

    it('makes no call on too little data, even with a striking difference', () => {
        const doc = compare(
            [
                {
                    actor: { id: 'old-scraper' },
                    days: buildDays(0, 0, () => ({ '1': buildUniformRuns({ succeeded: 1, failed: 1 }) })),
                },
                {
                    actor: { id: 'new-scraper', name: 'tester/new-scraper' },
                    days: buildDays(0, 0, () => ({ '1': buildUniformRuns({ succeeded: 2 }) })),
                },
            ],
            { pairs: [PAIR] },
        );
        expect(doc.signals[0]!.labels.verdict).toBe('no_call');
        expect(doc.signals[0]!.detail).toContain('too few finished runs');
    });

    it('says monitor_only when nothing differs significantly', () => {
        const doc = compare(
            [
                historyActor('old-scraper', { succeeded: 19, failed: 1 }),
                historyActor('new-scraper', { succeeded: 19, failed: 1 }),
            ],
            { pairs: [PAIR] },
        );
        expect(doc.signals[0]!.labels.verdict).toBe('monitor_only');
    });

    it('switches on a clearly lower cost per result and estimates the monthly saving', () => {
        const doc = compare(
            [
                historyActor('old-scraper', { succeeded: 10, failed: 0 }, costSamples(8, 0.2, 100)),
                historyActor('new-scraper', { succeeded: 10, failed: 0 }, costSamples(8, 0.1, 100)),
            ],
            { pairs: [PAIR] },
        );
        const signal = doc.signals[0]!;
        expect(signal.labels.verdict).toBe('switch_now');
        // Median cost per result A 0.2 × 1.035 / 100, B 0.1 × 1.035 / 100 (samples grow 1 % each);
        // A's results per month: 100 items × 200 successes in a 28-day window × 30 / 28.
        const expected = (((0.2 - 0.1) * 1.035) / 100) * ((100 * 200 * 30) / 28);
        expect(signal.usdPerMonth).toBeCloseTo(expected, 4);
    });

    it('recommends a canary when B is cheaper but slower', () => {
        const doc = compare(
            [
                historyActor('old-scraper', { succeeded: 10, failed: 0, durationSecs: 60 }, costSamples(8, 0.2, 100)),
                historyActor('new-scraper', { succeeded: 10, failed: 0, durationSecs: 180 }, costSamples(8, 0.1, 100)),
            ],
            { pairs: [PAIR] },
        );
        expect(doc.signals[0]!.labels.verdict).toBe('canary_recommended');
        expect(doc.signals[0]!.decision).toBe('monitor');
    });

    it('compares two builds of one Actor', () => {
        const doc = compare(
            [
                {
                    actor: { id: 'solo' },
                    days: buildDays(0, 19, (day): Record<string, RunGroupStats> =>
                        day < 10
                            ? { '0.0.1': buildUniformRuns({ succeeded: 15, failed: 5 }) }
                            : { '0.0.2': buildUniformRuns({ succeeded: 20, failed: 0 }) },
                    ),
                },
            ],
            { pairs: [{ kind: 'builds', actor: 'solo', buildA: '0.0.1', buildB: '0.0.2' }] },
        );
        expect(doc.signals[0]).toMatchObject({
            fingerprint: 'ab-tester:ab-comparison:solo:0.0.1-vs-0.0.2',
            labels: { verdict: 'switch_now' },
        });
        expect(doc.signals[0]!.evidence.buildNumbers).toEqual(['0.0.1', '0.0.2']);
    });

    it('reports an unknown Actor as an error (partial) without crashing, and de-duplicates repeated pairs', () => {
        const doc = compare(
            [
                historyActor('old-scraper', { succeeded: 9, failed: 1 }),
                historyActor('new-scraper', { succeeded: 10, failed: 0 }),
            ],
            { pairs: [PAIR, PAIR, { kind: 'actors', a: 'old-scraper', b: 'ghost' }] },
        );
        expect(doc.status).toBe('partial');
        expect(doc.errors[0]!.message).toContain('"ghost" is not in the analysed fleet');
        expect(doc.signals).toHaveLength(1);
    });

    it('does nothing without pairs', () => {
        const doc = compare([historyActor('old-scraper', { succeeded: 1, failed: 0 })], {});
        expect(doc.signals).toEqual([]);
        expect(doc.status).toBe('complete');
    });

    it('decides from active results when given, with the smaller active minimum', () => {
        const outcome = (runId: string, status: RunOutcome['status'], itemCount: number): RunOutcome => ({
            runId,
            status,
            durationSecs: 60,
            usageTotalUsd: 0.05,
            itemCount,
        });
        const activeResults = {
            a: Array.from({ length: 6 }, (_, i) => outcome(`a${i}`, 'FAILED', 0)),
            b: Array.from({ length: 6 }, (_, i) => outcome(`b${i}`, 'SUCCEEDED', 50)),
        };
        const doc = compare(
            [
                historyActor('old-scraper', { succeeded: 0, failed: 0 }),
                historyActor('new-scraper', { succeeded: 0, failed: 0 }),
            ],
            {
                pairs: [{ ...PAIR, activeResults }],
            },
        );
        expect(doc.signals[0]!.labels).toEqual({ verdict: 'switch_now', mode: 'active' });
        expect(doc.signals[0]!.evidence.runIds).toContain('b0');
    });

    it("estimates the cost of an active comparison from each side's history", () => {
        const data = buildFleetData(
            [
                historyActor('old-scraper', { succeeded: 10, failed: 0, costPerRunUsd: 0.1 }),
                historyActor('new-scraper', { succeeded: 10, failed: 0, costPerRunUsd: 0.2 }),
            ].map(buildActorData),
        );
        expect(estimateActiveComparisonCostUsd(PAIR, data, 5)).toBeCloseTo(1.5, 10);
        expect(estimateActiveComparisonCostUsd({ kind: 'actors', a: 'old-scraper', b: 'ghost' }, data, 5)).toBeNull();
        expect(() => estimateActiveComparisonCostUsd(PAIR, data, 0)).toThrow(/runsPerSide/);
        const noCost = buildFleetData(
            [
                historyActor('old-scraper', { succeeded: 0, failed: 0 }),
                historyActor('new-scraper', { succeeded: 10, failed: 0, costPerRunUsd: 0.2 }),
            ].map(buildActorData),
        );
        expect(estimateActiveComparisonCostUsd(PAIR, noCost, 5)).toBeNull();
    });

    it('rejects malformed pairs at the boundary', () => {
        expect(() => compare([], { pairs: [{ kind: 'actors', a: '', b: 'x' } as AbPair] })).toThrow();
    });
});
