/**
 * Every planted incident is in the demo, and its ground-truth numbers match a recomputation
 * straight from the fixture's runs and the lazily derived datasets (written here again on
 * purpose, independent of ground-truth.ts). Healthy Actors must not look like incidents.
 */
import { describe, expect, it } from 'vitest';
import type { RunFixture } from '../state/fixture-schema.js';
import { generateScenario, INCIDENT_KINDS, type Incident, type IncidentKind } from './index.js';

const DAY_MILLIS = 86_400_000;
const demo = generateScenario('demo');
const nowMs = Date.parse(demo.fixture.now);
const windowFromMs = nowMs - 28 * DAY_MILLIS;
const startMs = (run: RunFixture): number => Date.parse(run.startedAt);
const isFailure = (run: RunFixture): boolean => run.status === 'FAILED' || run.status === 'TIMED-OUT';
const isRated = (run: RunFixture): boolean => run.status === 'SUCCEEDED' || isFailure(run);
const runsOf = (actorId: string): RunFixture[] => demo.fixture.runs.filter((run) => run.actId === actorId);
const windowRunsOf = (actorId: string): RunFixture[] =>
    runsOf(actorId).filter((run) => startMs(run) >= windowFromMs && startMs(run) < nowMs);
const rounded = (value: number): number => Math.round(value * 10_000) / 10_000;
const medianOf = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function only(kind: IncidentKind): Incident {
    const matches = demo.groundTruth.incidents.filter((incident) => incident.kind === kind);
    expect(matches, kind).toHaveLength(1);
    return matches[0]!;
}
function detailOf<T>(incident: Incident): T {
    return incident.detail as T;
}

interface FailureSummary {
    runs: number;
    failed: number;
    failureRate: number;
}

describe('planted incidents in the demo scenario', () => {
    it('contains every incident kind, each on an Actor of the fleet', () => {
        const kinds = new Set(demo.groundTruth.incidents.map((incident) => incident.kind));
        expect([...kinds].sort()).toEqual([...INCIDENT_KINDS].sort());
        const actorsById = new Map(demo.fixture.actors.map((actor) => [actor.id, actor]));
        for (const incident of demo.groundTruth.incidents)
            expect(actorsById.get(incident.actorId)?.name).toBe(incident.actorName);
        expect(demo.groundTruth).toMatchObject({ scenario: 'demo', now: demo.fixture.now });
    });

    it('regression after a build: 2 % → 20 % failures over hundreds of runs', () => {
        const incident = only('regression-after-build');
        const detail = detailOf<{
            buildNumber: string;
            previousBuildNumber: string;
            deployedAt: string;
            before: FailureSummary;
            after: FailureSummary;
        }>(incident);
        expect(incident.actorName).toBe('product-price-tracker');
        const summarise = (buildNumber: string): FailureSummary => {
            const rated = windowRunsOf(incident.actorId).filter(
                (run) => run.buildNumber === buildNumber && isRated(run),
            );
            const failed = rated.filter(isFailure).length;
            return { runs: rated.length, failed, failureRate: rounded(failed / rated.length) };
        };
        expect(summarise(detail.previousBuildNumber)).toEqual(detail.before);
        expect(summarise(detail.buildNumber)).toEqual(detail.after);
        expect(detail.after.runs).toBeGreaterThanOrEqual(150);
        expect(detail.before.failureRate).toBeLessThan(0.04);
        expect(detail.after.failureRate).toBeGreaterThan(0.15);
        expect((nowMs - Date.parse(detail.deployedAt)) / DAY_MILLIS).toBeCloseTo(5, 0);
        const build = demo.fixture.builds.find(
            (candidate) => candidate.actId === incident.actorId && candidate.buildNumber === detail.buildNumber,
        );
        expect(build?.finishedAt).toBe(detail.deployedAt);
    });

    it('cost spike: cost per run ×3+ in the last days against its own baseline', () => {
        const incident = only('cost-spike');
        const detail = detailOf<{
            spikeStartedAt: string;
            medianRatio: number;
            baseline: { runs: number; medianCostPerRunUsd: number };
            recent: { runs: number; medianCostPerRunUsd: number };
        }>(incident);
        const spikeMs = Date.parse(detail.spikeStartedAt);
        const costed = windowRunsOf(incident.actorId).filter(
            (run) => run.finishedAt !== null && run.usageTotalUsd !== undefined,
        );
        const baseline = costed.filter((run) => startMs(run) < spikeMs).map((run) => run.usageTotalUsd!);
        const recent = costed.filter((run) => startMs(run) >= spikeMs).map((run) => run.usageTotalUsd!);
        expect(baseline.length).toBe(detail.baseline.runs);
        expect(recent.length).toBe(detail.recent.runs);
        expect(rounded(medianOf(baseline))).toBe(detail.baseline.medianCostPerRunUsd);
        expect(rounded(medianOf(recent))).toBe(detail.recent.medianCostPerRunUsd);
        expect(medianOf(recent) / medianOf(baseline)).toBeGreaterThan(3);
        expect(detail.medianRatio).toBeGreaterThan(3);
        expect(recent.length).toBeGreaterThanOrEqual(20);
        // Runtime did not change: it is the price, not the work.
        const durations = (subset: RunFixture[]): number => medianOf(subset.map((run) => run.stats.runTimeSecs!));
        const succeeded = costed.filter((run) => run.status === 'SUCCEEDED');
        const ratio =
            durations(succeeded.filter((run) => startMs(run) >= spikeMs)) /
            durations(succeeded.filter((run) => startMs(run) < spikeMs));
        expect(ratio).toBeGreaterThan(0.7);
        expect(ratio).toBeLessThan(1.4);
    });

    it('empty datasets on SUCCEEDED runs since a date', () => {
        const incident = only('empty-datasets');
        const detail = detailOf<{
            since: string;
            before: { succeededRuns: number; emptyRuns: number };
            after: { succeededRuns: number; emptyRuns: number };
        }>(incident);
        const sinceMs = Date.parse(detail.since);
        const succeeded = windowRunsOf(incident.actorId).filter((run) => run.status === 'SUCCEEDED');
        const isEmpty = (run: RunFixture): boolean => demo.resolveRunDataset(run.defaultDatasetId)!.itemCount === 0;
        const before = succeeded.filter((run) => startMs(run) < sinceMs);
        const after = succeeded.filter((run) => startMs(run) >= sinceMs);
        expect({ succeededRuns: before.length, emptyRuns: before.filter(isEmpty).length }).toEqual(detail.before);
        expect(detail.after).toMatchObject({ succeededRuns: after.length, emptyRuns: after.filter(isEmpty).length });
        expect(detail.before.emptyRuns).toBe(0);
        expect(detail.after.emptyRuns / detail.after.succeededRuns).toBeGreaterThan(0.3);
    });

    it('schema drift between the previous and the latest build', () => {
        const incident = only('schema-drift');
        const detail = detailOf<{
            buildNumber: string;
            previousBuildNumber: string;
            breakingChanges: Array<{ schema: string; field: string; change: string }>;
        }>(incident);
        const builds = demo.fixture.builds.filter((build) => build.actId === incident.actorId);
        const [previous, latest] = builds.slice(-2).map(
            (build) =>
                build.actorDefinition as {
                    input: { properties: Record<string, { default?: unknown }>; required: string[] };
                    storages: { dataset: { fields: { properties: Record<string, { type: unknown }> } } };
                },
        );
        expect(builds.at(-1)!.buildNumber).toBe(detail.buildNumber);
        expect(builds.at(-2)!.buildNumber).toBe(detail.previousBuildNumber);
        const before = previous!.storages.dataset.fields.properties;
        const after = latest!.storages.dataset.fields.properties;
        const removed = Object.keys(before).filter((name) => !(name in after));
        const retyped = Object.keys(before).filter(
            (name) => name in after && JSON.stringify(before[name]!.type) !== JSON.stringify(after[name]!.type),
        );
        const newRequired = latest!.input.required.filter(
            (name) => !previous!.input.required.includes(name) && !('default' in latest!.input.properties[name]!),
        );
        expect(removed.length).toBeGreaterThanOrEqual(1);
        expect(retyped.length).toBeGreaterThanOrEqual(1);
        expect(newRequired.length).toBeGreaterThanOrEqual(1);
        const named = (change: string): string[] =>
            detail.breakingChanges
                .filter((entry) => entry.change === change)
                .map((entry) => entry.field)
                .sort();
        expect(named('field-removed')).toEqual(removed.sort());
        expect(named('type-changed')).toEqual(retyped.sort());
        expect(named('required-without-default')).toEqual(newRequired.sort());
        // Runs on the new build produce datasets without the removed field.
        const newRun = runsOf(incident.actorId)
            .filter((run) => run.buildNumber === detail.buildNumber && run.status === 'SUCCEEDED')
            .at(-1)!;
        // Statistics exist only for declared fields: the removed one has none on the new build.
        expect(Object.keys(demo.resolveRunDataset(newRun.defaultDatasetId)!.fieldStatistics!)).not.toContain(
            removed[0],
        );
    });

    it('stale Actor: no run for more than 14 days, last success long ago', () => {
        const incident = only('stale-actor');
        const detail = detailOf<{ lastRunAt: string; lastSucceededAt: string; daysSinceLastRun: number }>(incident);
        const runs = runsOf(incident.actorId);
        expect(runs.at(-1)!.startedAt).toBe(detail.lastRunAt);
        expect(runs.filter((run) => run.status === 'SUCCEEDED').at(-1)!.startedAt).toBe(detail.lastSucceededAt);
        expect((nowMs - Date.parse(detail.lastRunAt)) / DAY_MILLIS).toBeGreaterThan(14);
        expect(Date.parse(detail.lastSucceededAt)).toBeLessThan(Date.parse(detail.lastRunAt));
    });

    it('memory over-provisioning: 4 GB allocated, at most 15 % used', () => {
        const incident = only('memory-overprovisioning');
        const detail = detailOf<{ memoryMbytes: number; runs: number; maxUtilisation: number }>(incident);
        const finished = windowRunsOf(incident.actorId).filter((run) => run.finishedAt !== null);
        const utilisations = finished.map((run) => run.stats.memMaxBytes! / (run.memoryMbytes * 1_048_576));
        expect(finished.every((run) => run.memoryMbytes === 4096)).toBe(true);
        expect(finished.length).toBe(detail.runs);
        expect(rounded(Math.max(...utilisations))).toBe(detail.maxUtilisation);
        expect(detail.maxUtilisation).toBeLessThanOrEqual(0.15);
    });

    it('rising timeouts: the TIMED-OUT share grows week over week', () => {
        const incident = only('rising-timeouts');
        const detail = detailOf<{ weeks: Array<{ from: string; to: string; runs: number; timedOut: number }> }>(
            incident,
        );
        expect(detail.weeks).toHaveLength(4);
        const shares = detail.weeks.map((week) => {
            const rated = runsOf(incident.actorId).filter(
                (run) => startMs(run) >= Date.parse(week.from) && startMs(run) < Date.parse(week.to) && isRated(run),
            );
            const timedOut = rated.filter((run) => run.status === 'TIMED-OUT').length;
            expect({ runs: rated.length, timedOut }).toEqual({ runs: week.runs, timedOut: week.timedOut });
            return timedOut / rated.length;
        });
        for (let week = 1; week < shares.length; week++) expect(shares[week]!).toBeGreaterThan(shares[week - 1]!);
        expect(shares[3]!).toBeGreaterThan(0.15);
        expect(shares[3]! / shares[2]!).toBeGreaterThan(1.5);
    });

    it('low-volume flaky Actors really are low-volume, and are marked must-not-flag', () => {
        const flaky = demo.groundTruth.incidents.filter((incident) => incident.kind === 'low-volume-flaky');
        expect(flaky.map((incident) => incident.actorName).sort()).toEqual(['sitemap-checker', 'weekly-report-mailer']);
        const observed = flaky.map((incident) => {
            const rated = windowRunsOf(incident.actorId).filter(isRated);
            const failed = rated.filter(isFailure).length;
            expect(incident.shouldFlag).toBe(false);
            expect(incident.detail).toMatchObject({ runsInWindow: rated.length, failedInWindow: failed });
            expect(rated.length).toBeLessThanOrEqual(5);
            // Still recent enough not to be stale either.
            expect(nowMs - startMs(runsOf(incident.actorId).at(-1)!)).toBeLessThan(14 * DAY_MILLIS);
            return `${failed}/${rated.length}`;
        });
        expect(observed.sort()).toEqual(['1/2', '2/5']);
        expect(
            demo.groundTruth.incidents
                .filter((incident) => !incident.shouldFlag)
                .every((incident) => incident.kind === 'low-volume-flaky'),
        ).toBe(true);
    });

    it('field null-rate spike in field statistics', () => {
        const incident = only('null-rate-spike');
        const detail = detailOf<{
            field: string;
            since: string;
            before: { nullRate: number };
            after: { nullRate: number; items: number };
        }>(incident);
        const sinceMs = Date.parse(detail.since);
        const rate = (subset: RunFixture[]): { items: number; nullRate: number } => {
            let items = 0;
            let nulls = 0;
            for (const run of subset) {
                const dataset = demo.resolveRunDataset(run.defaultDatasetId)!;
                items += dataset.itemCount;
                nulls += dataset.fieldStatistics![detail.field]!.nullCount!;
            }
            return { items, nullRate: rounded(nulls / items) };
        };
        const succeeded = windowRunsOf(incident.actorId).filter((run) => run.status === 'SUCCEEDED');
        expect(rate(succeeded.filter((run) => startMs(run) < sinceMs))).toMatchObject({
            nullRate: detail.before.nullRate,
        });
        expect(rate(succeeded.filter((run) => startMs(run) >= sinceMs))).toEqual({
            items: detail.after.items,
            nullRate: detail.after.nullRate,
        });
        expect(detail.before.nullRate).toBeLessThan(0.06);
        expect(detail.after.nullRate).toBeGreaterThan(0.5);
    });

    it("a public Actor's daily Store test runs fail, and only that Actor's", () => {
        const incident = only('store-test-failing');
        const detail = detailOf<{
            testRunsLast7Days: number;
            testRunsNotPassingLast7Days: number;
            failingTestRunIds: string[];
        }>(incident);
        const passes = (run: RunFixture): boolean =>
            run.status === 'SUCCEEDED' &&
            run.finishedAt !== null &&
            Date.parse(run.finishedAt) - startMs(run) <= 300_000 &&
            demo.resolveRunDataset(run.defaultDatasetId)!.itemCount > 0;
        for (const actor of demo.fixture.actors.filter((candidate) => candidate.isPublic)) {
            const tests = runsOf(actor.id).filter(
                (run) => run.origin === 'TEST' && startMs(run) >= nowMs - 7 * DAY_MILLIS && run.finishedAt !== null,
            );
            expect(tests.length, actor.name).toBeGreaterThanOrEqual(6);
            const failing = tests.filter((run) => !passes(run));
            if (actor.id === incident.actorId) {
                expect(failing.map((run) => run.id)).toEqual(detail.failingTestRunIds);
                expect(tests.length).toBe(detail.testRunsLast7Days);
                expect(failing.length).toBeGreaterThanOrEqual(3);
            } else {
                expect(failing, actor.name).toEqual([]);
            }
        }
        expect(
            demo.fixture.actors
                .filter((actor) => !actor.isPublic)
                .every((actor) => runsOf(actor.id).every((run) => run.origin !== 'TEST')),
        ).toBe(true);
    });

    it('compliance gaps on one public Actor: full permissions, no pricing, thin README with personal data', () => {
        const kinds = [
            'public-full-permissions',
            'missing-pricing',
            'thin-readme',
            'personal-data-wording',
            'missing-output-schema',
        ] as const;
        const actorIds = new Set(kinds.map((kind) => only(kind).actorId));
        expect(actorIds.size).toBe(1);
        const actor = demo.fixture.actors.find((candidate) => actorIds.has(candidate.id))!;
        expect(actor).toMatchObject({ isPublic: true, actorPermissionLevel: 'FULL_PERMISSIONS', pricingInfos: [] });
        const definition = demo.fixture.builds.filter((build) => build.actId === actor.id).at(-1)!.actorDefinition!;
        const readme = String(definition.readme);
        expect(readme.split(/\s+/).length).toBeLessThan(300);
        expect(readme).toMatch(/emails/);
        expect(readme).toMatch(/phone numbers/);
        expect(definition).not.toHaveProperty('output');
        // No other public Actor has any of these gaps.
        for (const other of demo.fixture.actors.filter(
            (candidate) => candidate.isPublic && candidate.id !== actor.id,
        )) {
            expect(other.actorPermissionLevel, other.name).toBe('LIMITED_PERMISSIONS');
            expect(other.pricingInfos.length, other.name).toBeGreaterThan(0);
        }
    });

    it('runs without cost data, and a deprecated Actor still running', () => {
        const missing = only('runs-without-cost');
        const terminal = windowRunsOf(missing.actorId).filter((run) => run.finishedAt !== null);
        expect(missing.detail).toMatchObject({
            runsInWindow: terminal.length,
            runsWithoutCost: terminal.filter((run) => run.usageTotalUsd === null).length,
        });
        expect(missing.detail.runsWithoutCost).toBeGreaterThan(0);
        const actorsWithGaps = new Set(
            demo.fixture.runs
                .filter((run) => run.usageTotalUsd === null && run.finishedAt !== null)
                .map((run) => run.actId),
        );
        expect([...actorsWithGaps]).toEqual([missing.actorId]);
        const deprecated = only('deprecated-actor');
        expect(demo.fixture.actors.find((actor) => actor.id === deprecated.actorId)).toMatchObject({
            isDeprecated: true,
        });
        expect(deprecated.detail.runsLast7Days).toBeGreaterThan(0);
    });

    it('healthy Actors show none of the incidents (no false positives to find)', () => {
        const incidentActors = new Set(
            demo.groundTruth.incidents
                .filter((incident) => incident.kind !== 'runs-without-cost' && incident.kind !== 'deprecated-actor')
                .map((incident) => incident.actorId),
        );
        const healthy = demo.fixture.actors.filter(
            (actor) => actor.name !== 'fleet-analytics' && !incidentActors.has(actor.id),
        );
        expect(healthy.length).toBeGreaterThanOrEqual(10);
        for (const actor of healthy) {
            const runs = windowRunsOf(actor.id);
            const rated = runs.filter(isRated);
            expect(rated.length, actor.name).toBeGreaterThanOrEqual(20);
            expect(rated.filter(isFailure).length / rated.length, actor.name).toBeLessThan(0.05);
            const lastWeek = rated.filter((run) => startMs(run) >= nowMs - 7 * DAY_MILLIS);
            expect(lastWeek.filter(isFailure).length / Math.max(1, lastWeek.length), actor.name).toBeLessThan(0.08);
            const utilisations = runs
                .filter((run) => run.finishedAt !== null)
                .map((run) => run.stats.memMaxBytes! / (run.memoryMbytes * 1_048_576));
            expect(Math.min(...utilisations), actor.name).toBeGreaterThanOrEqual(0.4);
            const succeeded = runs.filter((run) => run.status === 'SUCCEEDED');
            expect(
                succeeded.filter((run) => demo.resolveRunDataset(run.defaultDatasetId)!.itemCount === 0),
                actor.name,
            ).toEqual([]);
            expect(nowMs - startMs(runs.at(-1)!), actor.name).toBeLessThan(3 * DAY_MILLIS);
            const costs = (fromMs: number, toMs: number): number[] =>
                runs
                    .filter(
                        (run) =>
                            run.origin !== 'TEST' &&
                            run.status === 'SUCCEEDED' &&
                            run.usageTotalUsd !== undefined &&
                            startMs(run) >= fromMs &&
                            startMs(run) < toMs,
                    )
                    .map((run) => run.usageTotalUsd!);
            const recent = costs(nowMs - 3 * DAY_MILLIS, nowMs);
            if (recent.length >= 5)
                expect(
                    medianOf(recent) / medianOf(costs(windowFromMs, nowMs - 3 * DAY_MILLIS)),
                    actor.name,
                ).toBeLessThan(1.6);
        }
    });
});

describe('planted incidents scale with the fleet', () => {
    it('S holds every incident kind too', () => {
        const kinds = new Set(generateScenario('S').groundTruth.incidents.map((incident) => incident.kind));
        expect([...kinds].sort()).toEqual([...INCIDENT_KINDS].sort());
    });

    it('M holds each kind on about 0.4 % of its Actors, on distinct Actors', () => {
        const scenario = generateScenario('M');
        const regressions = scenario.groundTruth.incidents.filter(
            (incident) => incident.kind === 'regression-after-build',
        );
        expect(regressions).toHaveLength(1);
        const flaggedActors = new Set(scenario.groundTruth.incidents.map((incident) => incident.actorId));
        expect(flaggedActors.size / scenario.fixture.actors.length).toBeLessThan(0.1);
        const detail = regressions[0]!.detail as {
            before: { failureRate: number };
            after: { runs: number; failureRate: number };
        };
        expect(detail.after.runs).toBeGreaterThanOrEqual(150);
        expect(detail.after.failureRate).toBeGreaterThan(0.15);
    });
});
