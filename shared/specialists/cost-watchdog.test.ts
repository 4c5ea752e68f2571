import { describe, expect, it } from 'vitest';
import { signalsDocumentSchema } from '../contracts/signals.js';
import { runCostWatchdog, type CostWatchdogOptions } from './cost-watchdog.js';
import {
    buildActorData,
    buildDays,
    buildFleetData,
    buildSampledRun,
    buildUniformRuns,
    TEST_CONTEXT,
    type ActorDataDraft,
} from '../testing/fleet-data-builder.js';

const BUILD = '0.0.2';
const MEGABYTE = 1024 * 1024;

function watch(drafts: ActorDataDraft[], options: CostWatchdogOptions = {}) {
    const doc = runCostWatchdog(buildFleetData(drafts.map(buildActorData)), options, TEST_CONTEXT);
    expect(() => signalsDocumentSchema.parse(doc)).not.toThrow();
    return doc;
}

/** Daily runs over the whole window; cost per run by day. Baseline cost wobbles ±10 % around `base`. */
function costActor(
    id: string,
    runsPerDay: (day: number) => number,
    costPerRun: (day: number) => number,
    extra: ActorDataDraft = {},
): ActorDataDraft {
    return {
        actor: { id },
        days: buildDays(0, 27, (day) => ({
            [BUILD]: buildUniformRuns({ succeeded: runsPerDay(day), costPerRunUsd: costPerRun(day) }),
        })),
        ...extra,
    };
}

const wobble = (base: number) => (day: number) => base * (1 + ((day % 5) - 2) * 0.05);

function kinds(doc: ReturnType<typeof watch>): string[] {
    return doc.signals.map((s) => s.kind).sort();
}

describe('cost-watchdog', () => {
    it('summarises spend, projection and cost per 1,000 results as an ignore signal', () => {
        const doc = watch([
            costActor(
                'a',
                () => 10,
                () => 0.1,
                {
                    sampledRuns: [
                        buildSampledRun({
                            usageTotalUsd: 0.1,
                            dataset: {
                                id: 'd',
                                itemCount: 200,
                                cleanItemCount: 200,
                                fields: null,
                                fieldStatistics: null,
                            },
                        }),
                    ],
                },
            ),
        ]);
        const summary = doc.signals.find((s) => s.kind === 'cost-summary')!;
        expect(summary.decision).toBe('ignore');
        expect(summary.scoreImpact.points).toBe(0);
        // $1/day over the last 7 days → $30 for a 30-day month.
        expect(summary.metric?.value).toBeCloseTo(30, 6);
        expect(summary.detail).toContain('cost per 1,000 results $0.50');
    });

    it("flags a cost-per-run spike against the Actor's own baseline and estimates the excess", () => {
        const doc = watch([
            costActor(
                'spiky',
                () => 10,
                (day) => (day >= 25 ? 0.5 : wobble(0.1)(day)),
            ),
        ]);
        const spike = doc.signals.find((s) => s.kind === 'cost-spike')!;
        expect(spike.decision).toBe('act_now');
        expect(spike.metric?.value).toBeCloseTo(0.5, 6);
        expect(spike.metric?.baseline).toBeCloseTo(0.1, 6);
        // (0.5 − 0.1) × 10 runs/day × 30 days.
        expect(spike.usdPerMonth).toBeCloseTo(120, 4);
        expect(spike.fingerprint).toBe('cost-watchdog:cost-spike:spiky');
    });

    it('reports a modest spike as monitor', () => {
        const doc = watch([
            costActor(
                'modest',
                () => 2,
                (day) => (day >= 25 ? 0.2 : wobble(0.05)(day)),
            ),
        ]);
        const spike = doc.signals.find((s) => s.kind === 'cost-spike')!;
        // (0.2 − 0.05) × 2 × 30 = $9/month: above the $1 floor, under the $20 act-now bar and
        // under the $10 bar of a sustained (every day ×2) spike.
        expect(spike.decision).toBe('monitor');
    });

    it('makes a sustained multiplication act_now from $10/month (every recent day ×2 or more)', () => {
        // ×3.5 on each of the last 3 days, 4 runs a day: (0.0665 − 0.019) × 4 × 30 ≈ $5.7/month → monitor;
        // 8 runs a day ≈ $11.4/month → act_now (the demo's cost spike: ×3.45 over 3 days, ≈ $16/month).
        const spiked = (runs: number) =>
            costActor(
                `sustained-${runs}`,
                () => runs,
                (day) => (day >= 25 ? 0.0665 : wobble(0.019)(day)),
            );
        const small = watch([spiked(4)]).signals.find((s) => s.kind === 'cost-spike')!;
        expect(small.decision).toBe('monitor');
        const material = watch([spiked(8)]).signals.find((s) => s.kind === 'cost-spike')!;
        expect(material).toMatchObject({ decision: 'act_now', severity: 'high' });
        expect(material.usdPerMonth!).toBeGreaterThan(10);
        expect(material.usdPerMonth!).toBeLessThan(20);
        expect(material.detail).toContain('Sustained');
    });

    it('does not call a spike sustained when one recent day is back to normal, or when it is under ×2', () => {
        // ×4 on two of the three days, ≈ $14.6/month: not sustained, under $20 → monitor.
        const dip = watch([
            costActor(
                'dip',
                () => 12,
                (day) => (day === 25 || day === 27 ? 0.08 : wobble(0.019)(day)),
            ),
        ]);
        const dipSpike = dip.signals.find((s) => s.kind === 'cost-spike')!;
        expect(dipSpike.decision).toBe('monitor');
        expect(dipSpike.usdPerMonth!).toBeGreaterThan(10);
        // ×1.8 every day, (0.034 − 0.019) × 40 × 30 = $18/month: under ×2 → monitor.
        const mild = watch([
            costActor(
                'mild',
                () => 40,
                (day) => (day >= 25 ? 0.034 : wobble(0.019)(day)),
            ),
        ]);
        const mildSpike = mild.signals.find((s) => s.kind === 'cost-spike')!;
        expect(mildSpike.decision).toBe('monitor');
        expect(mildSpike.usdPerMonth!).toBeGreaterThan(10);
    });

    it('leaves a one-day blip of a few expensive runs alone unless it is worth $20/month', () => {
        // Today 5 runs at ×4.8 among days of 10: pooled ×1.8, ≈ $2.4/month — one day, small.
        const blip = watch([
            costActor(
                'blip',
                (day) => (day === 27 ? 5 : 10),
                (day) => (day === 27 ? 0.06 : wobble(0.0125)(day)),
            ),
        ]);
        expect(kinds(blip)).not.toContain('cost-spike');
        // The same blip repeated on a second day is reported.
        const twice = watch([
            costActor(
                'twice',
                (day) => (day >= 26 ? 5 : 10),
                (day) => (day >= 26 ? 0.06 : wobble(0.0125)(day)),
            ),
        ]);
        expect(kinds(twice)).toContain('cost-spike');
        const big = watch([
            costActor(
                'big',
                () => 10,
                (day) => (day === 27 ? 1 : wobble(0.1)(day)),
            ),
        ]);
        expect(big.signals.find((s) => s.kind === 'cost-spike')!.decision).toBe('act_now');
    });

    it('ignores a large relative spike on tiny absolute costs', () => {
        const doc = watch([
            costActor(
                'tiny',
                () => 2,
                (day) => (day >= 25 ? 0.001 : 0.0001),
            ),
        ]);
        expect(doc.signals).toEqual([]);
    });

    it('does not flag normal day-to-day variation', () => {
        const doc = watch([costActor('steady', () => 10, wobble(0.1))]);
        expect(kinds(doc)).toEqual(['cost-summary']);
    });

    it('needs enough baseline days before calling a spike', () => {
        const draft: ActorDataDraft = {
            actor: { id: 'new' },
            days: buildDays(22, 27, (day) => ({
                [BUILD]: buildUniformRuns({ succeeded: 10, costPerRunUsd: day >= 25 ? 1 : 0.1 }),
            })),
        };
        expect(kinds(watch([draft]))).not.toContain('cost-spike');
    });

    it('flags a material week-over-week rise and says what drove it', () => {
        const doc = watch([
            costActor(
                'growing',
                (day) => (day >= 21 ? 20 : 10),
                () => 0.1,
            ),
        ]);
        const trend = doc.signals.find((s) => s.kind === 'cost-trend-up')!;
        expect(trend.decision).toBe('monitor');
        expect(trend.detail).toContain('mostly more runs');
        expect(kinds(doc)).not.toContain('cost-spike');
    });

    it('does not call one expensive run a trend: spend ×2.3 raw, cost per run unchanged (issue 16)', () => {
        // 10 runs a day at $0.10; on day 25 one run cost $9.10 (a huge input): that day averages $1.00 per run.
        const doc = watch([
            costActor(
                'one-off',
                () => 10,
                (day) => (day === 25 ? 1 : 0.1),
            ),
        ]);
        expect(kinds(doc)).not.toContain('cost-trend-up');
    });

    it('separates volume from efficiency with the $/month of each', () => {
        const doc = watch([
            costActor(
                'pricier',
                () => 10,
                (day) => (day >= 21 ? 0.25 : 0.1),
            ),
        ]);
        const trend = doc.signals.find((s) => s.kind === 'cost-trend-up')!;
        expect(trend.detail).toContain('mostly a higher cost per run');
        expect(trend.detail).toMatch(/Volume: 70 → 70 runs/);
        // 70 runs × $0.15 more per week → ≈ $45/month.
        expect(trend.usdPerMonth).toBeCloseTo(45, 0);
    });

    it('does not flag a weekly rise on a handful of runs', () => {
        const doc = watch([
            costActor(
                'sparse',
                (day) => (day % 7 === 0 ? 1 : 0),
                (day) => (day >= 21 ? 2 : 1),
            ),
        ]);
        expect(kinds(doc)).not.toContain('cost-trend-up');
    });

    it("estimates the saving of an over-provisioned memory setting from the Actor's own cost", () => {
        // 6 runs at 4096 MB peaking at 600 MB → 1024 MB is enough (600 × 1.5 = 900 → 1024).
        const sampledRuns = Array.from({ length: 6 }, (_, i) =>
            buildSampledRun({
                dayIndex: 27 - i,
                memoryMbytes: 4096,
                memMaxBytes: (500 + i * 20) * MEGABYTE,
                usageTotalUsd: 0.1,
                computeUnits: 0.2,
            }),
        );
        const doc = watch([
            costActor(
                'fat',
                () => 10,
                () => 0.1,
                { sampledRuns },
            ),
        ]);
        const memory = doc.signals.find((s) => s.kind === 'memory-overprovisioned')!;
        expect(memory.labels.recommendedMemoryMbytes).toBe('1024');
        // $30/month × compute share (0.2 CU × $0.3 / $0.1 = 0.6) × (1 − 1024/4096).
        expect(memory.usdPerMonth).toBeCloseTo(30 * 0.6 * 0.75, 4);
        expect(memory.decision).toBe('monitor');
    });

    it('does not recommend less memory with too few samples, a tight setting, or a tiny saving', () => {
        const fewSamples = Array.from({ length: 3 }, () =>
            buildSampledRun({ memoryMbytes: 4096, memMaxBytes: 500 * MEGABYTE }),
        );
        expect(
            kinds(
                watch([
                    costActor(
                        'few',
                        () => 10,
                        () => 0.1,
                        { sampledRuns: fewSamples },
                    ),
                ]),
            ),
        ).not.toContain('memory-overprovisioned');
        const tight = Array.from({ length: 6 }, () =>
            buildSampledRun({ memoryMbytes: 1024, memMaxBytes: 800 * MEGABYTE }),
        );
        expect(
            kinds(
                watch([
                    costActor(
                        'tight',
                        () => 10,
                        () => 0.1,
                        { sampledRuns: tight },
                    ),
                ]),
            ),
        ).not.toContain('memory-overprovisioned');
        const cheap = Array.from({ length: 6 }, () =>
            buildSampledRun({ memoryMbytes: 4096, memMaxBytes: 100 * MEGABYTE }),
        );
        expect(
            watch([
                costActor(
                    'cheap',
                    () => 1,
                    () => 0.001,
                    { sampledRuns: cheap },
                ),
            ]).signals,
        ).toEqual([]);
    });

    it('reports runs without cost data as monitor with no points (cost incomplete, not an alarm), never as $0', () => {
        const draft: ActorDataDraft = {
            actor: { id: 'ppe' },
            days: buildDays(0, 27, () => ({
                [BUILD]: buildUniformRuns({ succeeded: 10, costPerRunUsd: 0.1, runsWithoutCost: 4 }),
            })),
        };
        const doc = watch([draft]);
        const missing = doc.signals.find((s) => s.kind === 'cost-data-missing')!;
        expect(missing).toMatchObject({
            severity: 'low',
            decision: 'monitor',
            scoreImpact: { component: 'cost', points: 0 },
        });
        expect(missing.metric).toMatchObject({ value: 112, baseline: 280 });
        expect(missing.title).toContain('lower bound');
        expect(doc.signals.find((s) => s.kind === 'cost-summary')!.detail).toContain('lower bound');
    });

    it('lists an Actor without run data as an error (partial) and still analyses the others', () => {
        const doc = watch([
            costActor(
                'blind',
                () => 10,
                () => 0.1,
                { missing: [{ part: 'runs', reason: '403', permission: 'Actor runs: Read' }] },
            ),
            costActor(
                'ok',
                () => 10,
                () => 0.1,
            ),
        ]);
        expect(doc.status).toBe('partial');
        expect(doc.errors.map((e) => e.actorId)).toEqual(['blind']);
        expect(doc.signals.every((s) => s.actorId === 'ok')).toBe(true);
    });

    it('can leave out the summaries', () => {
        expect(
            watch(
                [
                    costActor(
                        'a',
                        () => 10,
                        () => 0.1,
                    ),
                ],
                { emitSummaries: false },
            ).signals,
        ).toEqual([]);
    });
});
