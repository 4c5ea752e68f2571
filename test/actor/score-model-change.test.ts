/**
 * Week over week stays honest when the score formula changes: the trend store holds
 * snapshots written by score model 1 (no `scoreModel` field, scores of the old formula),
 * and the analysis must neither report a score delta against them nor draw their scores in
 * the weekly score line, while the other deltas still compare.
 */
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { snapshotKey, type Snapshot } from '../../shared/analysis/snapshot.js';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { saveSnapshot } from '../../actor/engine/trend-store/trend-history.js';
import { createMemoryTrendStore } from '../../actor/engine/trend-store/trend-store-adapter.js';

const DAY_MS = 86_400_000;
let emulator: RunningEmulator;
let report: FleetReport;

function modelOneSnapshot(at: Date, healthScore: number): Snapshot {
    const generatedAt = at.toISOString();
    return {
        schemaVersion: 1,
        generatedAt,
        runId: `old${at.getTime()}`,
        isDemo: true,
        window: { from: new Date(at.getTime() - 28 * DAY_MS).toISOString(), to: generatedAt },
        fleet: { healthScore, grade: 'A', components: [], successRate: 0.95, costUsd: 400, runCount: 6000 },
        actors: [],
        signals: [],
    };
}

beforeAll(async () => {
    emulator = await startEmulator({ scenario: 'demo', rateLimits: false });
    const now = emulator.state.clock.now();
    const trendStore = createMemoryTrendStore();
    for (const daysAgo of [7, 14]) {
        const at = new Date(now.getTime() - daysAgo * DAY_MS);
        await saveSnapshot(trendStore, snapshotKey(at.toISOString(), `old${daysAgo}`), modelOneSnapshot(at, 98.4));
    }
    report = (
        await runFleetAnalysis({
            fleetClient: new ApifyClient({ token: 'apify_api_demo_full', baseUrl: emulator.url }),
            input: parseActorInput({}),
            trendStore,
            now,
            isDemo: true,
            runId: null,
        })
    ).report;
});

afterAll(async () => {
    await emulator?.stop();
});

describe('a score formula change between snapshots', () => {
    it('gives no score delta against a model-1 baseline, and says why', () => {
        expect(report.deltas.vsBaseline).not.toBeNull();
        expect(report.deltas.vsBaseline).toMatchObject({ healthScore: null, scoreModelChanged: true });
        expect(report.deltas.vsBaseline!.costUsd).toBeCloseTo(report.fleet.costUsd - 400, 6);
    });

    it('keeps model-1 scores out of the weekly score line', () => {
        const scored = report.trend.filter((point) => point.healthScore !== null);
        expect(scored.map((point) => point.healthScore)).toEqual([report.fleet.healthScore]);
    });
});
