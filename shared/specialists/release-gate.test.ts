import { describe, expect, it } from 'vitest';
import type { RunGroupStats, SampledRun } from '../contracts/fleet-data.js';
import { signalsDocumentSchema } from '../contracts/signals.js';
import { compareLatestBuild, runReleaseGate, type ReleaseGateOptions } from './release-gate.js';
import {
    buildActorData,
    buildDatasetSample,
    buildDay,
    buildDays,
    buildFleetData,
    buildSampledRun,
    buildUniformRuns,
    TEST_CONTEXT,
    type ActorDataDraft,
} from '../testing/fleet-data-builder.js';

const PREVIOUS = '0.0.1';
const LATEST = '0.0.2';

/** Previous build served days 0–13, the latest build days 14–27, with the given daily groups. */
function twoBuildActor(
    previousDaily: RunGroupStats,
    latestDaily: RunGroupStats,
    extra: ActorDataDraft = {},
): ActorDataDraft {
    return {
        actor: { id: 'actor-1', ...extra.actor },
        days: buildDays(0, 27, (day): Record<string, RunGroupStats> =>
            day < 14 ? { [PREVIOUS]: previousDaily } : { [LATEST]: latestDaily },
        ),
        latestBuild: { buildNumber: LATEST, ...extra.latestBuild },
        previousBuild: { buildNumber: PREVIOUS, ...extra.previousBuild },
        sampledRuns: extra.sampledRuns ?? [],
        missing: extra.missing,
    };
}

function gate(drafts: ActorDataDraft[], options: ReleaseGateOptions = {}) {
    const doc = runReleaseGate(buildFleetData(drafts.map(buildActorData)), options, TEST_CONTEXT);
    expect(() => signalsDocumentSchema.parse(doc)).not.toThrow();
    return doc;
}

function itemRuns(buildNumber: string, counts: number[]): SampledRun[] {
    return counts.map((itemCount) => buildSampledRun({ buildNumber, dataset: buildDatasetSample({ itemCount }) }));
}

describe('release-gate', () => {
    it('halts a build whose failure rate jumps from 2 % to 20 % over hundreds of runs', () => {
        const doc = gate([
            twoBuildActor(
                buildUniformRuns({ succeeded: 49, failed: 1 }),
                buildUniformRuns({ succeeded: 40, failed: 10 }),
            ),
        ]);
        expect(doc.signals).toHaveLength(1);
        const signal = doc.signals[0]!;
        expect(signal).toMatchObject({
            kind: 'release-verdict',
            decision: 'act_now',
            severity: 'critical',
            labels: { releaseAction: 'halt' },
        });
        expect(signal.fingerprint).toBe('release-gate:release-verdict:actor-1:0.0.2');
        expect(signal.metric).toMatchObject({ name: 'failureRate', value: 0.2, baseline: 0.02 });
        expect(signal.evidence.buildNumbers).toEqual([LATEST, PREVIOUS]);
    });

    it('asks for review on a smaller but significant rise', () => {
        // 2 % → 8 %: significant over 700 runs per build, but under the 10-point halt bar.
        const doc = gate([
            twoBuildActor(
                buildUniformRuns({ succeeded: 49, failed: 1 }),
                buildUniformRuns({ succeeded: 46, failed: 4 }),
            ),
        ]);
        expect(doc.signals[0]!.labels.releaseAction).toBe('review');
        expect(doc.signals[0]!.decision).toBe('monitor');
    });

    it('does not fire on a low-volume flaky build (1 failure in 2 runs)', () => {
        const actor: ActorDataDraft = {
            actor: { id: 'flaky' },
            days: [
                buildDay(0, { [PREVIOUS]: buildUniformRuns({ succeeded: 2 }) }),
                buildDay(20, { [LATEST]: buildUniformRuns({ succeeded: 1, failed: 1 }) }),
            ],
            latestBuild: { buildNumber: LATEST },
            previousBuild: { buildNumber: PREVIOUS },
        };
        expect(gate([actor]).signals).toEqual([]);
        const comparison = compareLatestBuild(buildActorData(actor))!;
        expect(comparison.action).toBe('deploy');
        expect(comparison.skipped.join(' ')).toContain('failure rate not compared');
    });

    it('emits deploy verdicts as ignore only when asked to', () => {
        const healthy = twoBuildActor(
            buildUniformRuns({ succeeded: 30, failed: 1 }),
            buildUniformRuns({ succeeded: 30, failed: 1 }),
        );
        expect(gate([healthy]).signals).toEqual([]);
        const doc = gate([healthy], { emitDeploySignals: true });
        expect(doc.signals[0]).toMatchObject({
            decision: 'ignore',
            severity: 'info',
            labels: { releaseAction: 'deploy' },
        });
        expect(doc.signals[0]!.scoreImpact.points).toBe(0);
    });

    it('asks for review when the median duration grows by half or more', () => {
        const doc = gate([
            twoBuildActor(
                buildUniformRuns({ succeeded: 5, durationSecs: 60 }),
                buildUniformRuns({ succeeded: 5, durationSecs: 120 }),
            ),
        ]);
        expect(doc.signals[0]!.labels.releaseAction).toBe('review');
        expect(doc.signals[0]!.evidence.notes.join(' ')).toContain('median duration 60 s → 120 s');
    });

    it('does not flag a small duration change', () => {
        const doc = gate([
            twoBuildActor(
                buildUniformRuns({ succeeded: 5, durationSecs: 60 }),
                buildUniformRuns({ succeeded: 5, durationSecs: 75 }),
            ),
        ]);
        expect(doc.signals).toEqual([]);
    });

    it('halts on a collapse of result counts and reviews a moderate drop', () => {
        const base = buildUniformRuns({ succeeded: 5 });
        const collapse = gate([
            twoBuildActor(base, base, {
                sampledRuns: [...itemRuns(PREVIOUS, [100, 110, 95, 105]), ...itemRuns(LATEST, [5, 3, 8, 4])],
            }),
        ]);
        expect(collapse.signals[0]!.labels.releaseAction).toBe('halt');
        const moderate = gate([
            twoBuildActor(base, base, {
                sampledRuns: [...itemRuns(PREVIOUS, [100, 110, 95, 105]), ...itemRuns(LATEST, [55, 60, 50, 58])],
            }),
        ]);
        expect(moderate.signals[0]!.labels.releaseAction).toBe('review');
    });

    it('a version bump alone says nothing: a p = 0.03 result drop among the release tests is dropped (BH)', () => {
        const base = buildUniformRuns({ succeeded: 5 });
        // Issue 16: a routine bump, item counts as noisy as before (Mann-Whitney p ≈ 0.034 alone).
        const bumped = twoBuildActor(base, base, {
            actor: { id: 'bumped' },
            sampledRuns: [
                ...itemRuns(PREVIOUS, [105, 137, 44, 86, 49, 144, 45, 100, 146]),
                ...itemRuns(LATEST, [62, 60, 80, 46, 34, 38]),
            ],
        });
        // Without multiple-testing control it would be a "review".
        expect(compareLatestBuild(buildActorData(bumped))!.action).toBe('review');
        const doc = gate([bumped], { emitDeploySignals: true });
        expect(doc.signals[0]!.labels.releaseAction).toBe('deploy');
        expect(doc.signals[0]!.detail).toMatch(/Benjamini-Hochberg q = 0\.\d+ > 0\.05/);
    });

    it("leaves the Store's daily TEST runs (small prefilled input, always on the latest build) out of the result counts", () => {
        const base = buildUniformRuns({ succeeded: 5 });
        const tests = [8, 13, 15].map((itemCount, i) =>
            buildSampledRun({
                buildNumber: LATEST,
                origin: 'TEST',
                sampledBecause: 'test-origin',
                dayIndex: 25 + i,
                dataset: buildDatasetSample({ itemCount }),
            }),
        );
        const doc = gate([
            twoBuildActor(base, base, {
                sampledRuns: [
                    ...itemRuns(PREVIOUS, [330, 400, 200]),
                    ...itemRuns(LATEST, [250, 170, 245, 280, 105, 220]),
                    ...tests,
                ],
            }),
        ]);
        expect(doc.signals).toEqual([]);
    });

    it('does not compare result counts with too few samples', () => {
        const base = buildUniformRuns({ succeeded: 5 });
        const doc = gate([
            twoBuildActor(base, base, { sampledRuns: [...itemRuns(PREVIOUS, [100, 110]), ...itemRuns(LATEST, [1])] }),
        ]);
        expect(doc.signals).toEqual([]);
    });

    it('asks for review on a breaking schema change even without runs on the new build', () => {
        const schema = (properties: Record<string, unknown>) => ({
            title: 'I',
            type: 'object',
            schemaVersion: 1,
            properties,
        });
        const doc = gate([
            {
                actor: { id: 'a' },
                days: [],
                latestBuild: { buildNumber: LATEST, inputSchema: schema({ a: { type: 'string' } }) },
                previousBuild: {
                    buildNumber: PREVIOUS,
                    inputSchema: schema({ a: { type: 'string' }, b: { type: 'string' } }),
                },
            },
        ]);
        expect(doc.signals[0]!.labels.releaseAction).toBe('review');
        expect(doc.signals[0]!.detail).toContain('input field "b" was removed');
    });

    it('says nothing without a previous build', () => {
        expect(
            gate([{ actor: { id: 'a' }, latestBuild: { buildNumber: LATEST }, previousBuild: null }]).signals,
        ).toEqual([]);
    });

    it('reports missing run data as partial and does not crash', () => {
        const doc = gate([
            twoBuildActor(
                buildUniformRuns({ succeeded: 49, failed: 1 }),
                buildUniformRuns({ succeeded: 40, failed: 10 }),
                {
                    missing: [{ part: 'runs', reason: '403 insufficient-permissions', permission: 'Actor runs: Read' }],
                },
            ),
        ]);
        expect(doc.status).toBe('partial');
        expect(doc.errors[0]!.message).toContain('Actor runs: Read');
        expect(doc.signals).toEqual([]);
    });
});
