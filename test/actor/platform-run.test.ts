/**
 * The orchestrator as Apify users run it: started through the API on the emulated platform
 * (`POST /v2/actors/~fleet-analytics/runs`), the built bundle runs as a child process with the
 * platform environment, and OUTPUT, the dataset rows and REPORT are read back through the API.
 * The same analysis run locally through `runFleetAnalysis` gives the same numbers.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';
import { datasetRowSchema } from '../../shared/contracts/dataset-row.js';
import { truncateScore } from '../../shared/scoring/grade.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createMemoryTrendStore } from '../../actor/engine/trend-store/trend-store-adapter.js';

const ROOT = join(__dirname, '..', '..');
const FULL_TOKEN = 'apify_api_demo_full';
const RUN_WAIT_SECS = 120;
/** The analysis leaves out its own Actor: its runs (these tests) change between analyses. */
const ANALYSIS_INPUT = { excludeActors: ['fleet-analytics'] };

let emulator: RunningEmulator;
let client: ApifyClient;

beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/actor/main.js')))
        execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    emulator = await startEmulator({ scenario: 'demo', rateLimits: false });
    client = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 2 });
});

afterAll(async () => {
    await emulator?.stop();
});

async function startAndWait(input: Record<string, unknown>, token = FULL_TOKEN) {
    const caller = token === FULL_TOKEN ? client : new ApifyClient({ token, baseUrl: emulator.url, maxRetries: 2 });
    const started = await caller.actor('~fleet-analytics').start(input);
    const run = await caller.run(started.id).waitForFinish({ waitSecs: RUN_WAIT_SECS });
    const log = (await caller.run(started.id).log().get()) ?? '';
    return { run, log };
}

/** The parts that legitimately differ between two analyses of the same data. */
function comparable(report: FleetReport) {
    const { collection, generatedAt: _generatedAt, ...rest } = report;
    return {
        ...rest,
        collection: {
            ...collection,
            apiRequests: 0,
            requestsByKind: {},
            trendStore: null,
            reusedDays: 0,
            fetchedDays: 0,
        },
    };
}

describe('the Actor on the emulated platform', () => {
    let platformReport: FleetReport;
    let runStartedAt: Date;

    it('started through the API, writes OUTPUT, one dataset row per Actor and REPORT', async () => {
        const { run, log } = await startAndWait(ANALYSIS_INPUT);
        expect(run.status, log.slice(-3000)).toBe('SUCCEEDED');
        expect(run.statusMessage).toMatch(/^Fleet Health \d+\/100 \([A-F]\)/);
        runStartedAt = new Date(run.startedAt);

        const output = await client.keyValueStore(run.defaultKeyValueStoreId).getRecord('OUTPUT');
        platformReport = fleetReportSchema.parse(output?.value);
        expect(platformReport.isDemo).toBe(false);
        expect(platformReport.fleet.actorCount).toBeGreaterThan(5);

        const rows = (await client.dataset(run.defaultDatasetId).listItems()).items;
        expect(rows).toHaveLength(platformReport.actors.length);
        for (const row of rows) datasetRowSchema.parse(row);

        const report = await client.keyValueStore(run.defaultKeyValueStoreId).getRecord('REPORT');
        expect(report?.contentType).toMatch(/^text\/html/);
        const html = String(report?.value);
        // Every surface shows the score cut, not rounded (shared/scoring/grade.ts truncateScore).
        expect(html).toContain(`Fleet Health ${truncateScore(platformReport.fleet.healthScore)}/100`);
        expect(html).toContain(platformReport.fleet.attention.summary);
        expect(html).not.toMatch(/<script|<link|src="http/i);

        // The named trend store got exactly one snapshot and the day cache.
        const store = await client.keyValueStores().getOrCreate('fleet-analytics-trends');
        const keys = (await client.keyValueStore(store.id).listKeys({ prefix: 'SNAPSHOT-' })).items.map((i) => i.key);
        expect(keys).toEqual([expect.stringContaining(run.id)]);
        expect(platformReport.collection.trendStore.mode).toBe('named');
    });

    it('a local analysis of the same account at the same time gives the same report', async () => {
        const local = await runFleetAnalysis({
            fleetClient: client,
            input: parseActorInput(ANALYSIS_INPUT),
            trendStore: createMemoryTrendStore(),
            now: runStartedAt,
            isDemo: false,
            runId: null,
        });
        expect(comparable(local.report)).toEqual(comparable(platformReport));
    });
});
