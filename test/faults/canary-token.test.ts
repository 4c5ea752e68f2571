/**
 * The canary: a recognisable token registered as a full-access token of the emulated account
 * drives everything this suite can drive — the analysis in process (runFleetAnalysis with
 * file-system storages), the command-line tool (the built bundle, as users run it), and the
 * Actor on the emulated platform (started WITH the canary and given it as the secret
 * `apifyToken` input), in both execution modes. Then every file written, every key-value
 * record, dataset row, log, status message and every access-log entry (path and query) is
 * searched: the token may appear nowhere but in the `Authorization` header (which the access
 * log does not record) and in the INPUT record the caller wrote it to by design (the platform
 * stores secret inputs encrypted).
 *
 * PENDING: fan-out (`executionMode: "runs"`, specialist runs) — the mode is driven below, but
 * until it lands the orchestrator runs the specialists inline and says so; the case records
 * whether specialist runs actually happened. The extension in the real VS Code host: its
 * tests (test/extension-host/suite) run in another process and expose no temp dirs yet.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { createRunExecutor, type PlatformRunExecutor } from '../emulator/platform/run-executor.js';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createFileSystemOutputSink } from '../../actor/engine/outputs/output-sink.js';
import { createFileSystemTrendStore } from '../../actor/engine/trend-store/file-system-trend-store.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import { findForeignDatasetItemReads } from '../support/dataset-privacy.js';
import { findSecretInFiles, findSecretInTexts } from '../support/secret-scan.js';
import {
    createPlatformActorHarness,
    ensureActorBundleBuilt,
    REPO_ROOT,
    type PlatformActorHarness,
} from '../support/platform-actor.js';
import { ReliabilityLedger } from './reliability-ledger.js';

const CANARY = 'apify_api_CANARY7f3a9c2e41d8b6_fleet_suite';
const BASE_INPUT = { excludeActors: ['fleet-analytics'] };
const execFileAsync = promisify(execFile);

const ledger = new ReliabilityLedger();
let emulator: RunningEmulator;
let executor: PlatformRunExecutor;
let canaryClient: ApifyClient;
let harness: PlatformActorHarness;
let temporaryDirectory: string;
/** Everything the drivers produced that is not a file or an emulator record. */
const capturedTexts: Array<{ label: string; text: string }> = [];
/** Runs whose INPUT carries the canary on purpose (the secret input). */
const runsGivenTheSecret = new Set<string>();
let driven = 0;

beforeAll(async () => {
    ensureActorBundleBuilt();
    temporaryDirectory = await mkdtemp(join(tmpdir(), 'fleet-canary-'));
    emulator = await startEmulator({
        scenario: 'demo',
        rateLimits: false,
        extraTokens: [{ id: 'canary-full', token: CANARY, kind: 'full' }],
        createRunExecutor: (deps) => (executor = createRunExecutor(deps)),
    });
    canaryClient = new ApifyClient({ token: CANARY, baseUrl: emulator.url, maxRetries: 4 });
    harness = createPlatformActorHarness(emulator, canaryClient, () => executor);
});

afterAll(async () => {
    await emulator?.stop();
    if (temporaryDirectory) await rm(temporaryDirectory, { recursive: true, force: true });
    ledger.flush();
});

/** The child gets no Apify variables of the developer's shell, only what the case sets. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env))
        if (!/^(APIFY_|ACTOR_|CRAWLEE_)/.test(key)) env[key] = value;
    return { ...env, ...extra };
}

describe('driving everything with the canary token', () => {
    it('the analysis in process, with local storages and its log', async () => {
        const storageDir = join(temporaryDirectory, 'in-process');
        const lines: string[] = [];
        const result = await runFleetAnalysis({
            fleetClient: canaryClient,
            input: parseActorInput(BASE_INPUT),
            trendStore: createFileSystemTrendStore(storageDir, 'fleet-analytics-trends'),
            now: emulator.state.clock.now(),
            isDemo: false,
            runId: null,
            outputSink: await createFileSystemOutputSink(storageDir),
            onStatus: (message) => lines.push(message),
            log: { info: (message) => lines.push(message), warning: (message) => lines.push(message) },
        });
        expect(result.snapshotKey).not.toBeNull();
        capturedTexts.push(
            { label: 'in-process log and status messages', text: lines.join('\n') },
            { label: 'in-process report', text: JSON.stringify(result.report) },
        );
        driven += 1;
    });

    it('the command-line tool (built bundle) with APIFY_TOKEN', async () => {
        const storageDir = join(temporaryDirectory, 'cli');
        const { stdout, stderr } = await execFileAsync(process.execPath, [join(REPO_ROOT, 'dist/actor/cli.js')], {
            cwd: temporaryDirectory,
            timeout: 120_000,
            env: cleanEnv({ APIFY_TOKEN: CANARY, APIFY_API_BASE_URL: emulator.url, CRAWLEE_STORAGE_DIR: storageDir }),
        });
        expect(stdout).toMatch(/Fleet Health/);
        capturedTexts.push({ label: 'CLI stdout', text: stdout }, { label: 'CLI stderr', text: stderr });
        driven += 1;
    });

    it('the Actor on the emulated platform, started with the canary and given it as the secret input', async () => {
        const { run, log } = await harness.runActor({
            ...BASE_INPUT,
            apifyToken: CANARY,
            trendStoreName: 'canary-inline',
        });
        expect(run.status, log.slice(-2000)).toBe('SUCCEEDED');
        runsGivenTheSecret.add(run.id);
        driven += 1;
    });

    it('executionMode "runs" (fan-out) on the platform [fan-out PENDING until it lands]', async () => {
        const runsBefore = emulator.state.createdDuringSession.runs.size;
        const { run, log } = await harness.runActor({
            ...BASE_INPUT,
            apifyToken: CANARY,
            trendStoreName: 'canary-runs',
            executionMode: 'runs',
        });
        expect(run.status, log.slice(-2000)).toBe('SUCCEEDED');
        runsGivenTheSecret.add(run.id);
        const report = await harness.readOutput(run.defaultKeyValueStoreId);
        const specialistRuns = emulator.state.createdDuringSession.runs.size - runsBefore - 1;
        const isFanOutPending = report.collection.skipped.some((entry) => entry.what === 'separate specialist runs');
        // A specialist run needs the fleet token to read the fleet: its INPUT (a secret input,
        // encrypted on the platform) may carry it like the parent's. Counted, not hidden.
        let specialistInputsWithToken = 0;
        for (const runId of emulator.state.createdDuringSession.runs) {
            if (runsGivenTheSecret.has(runId)) continue;
            const store = emulator.state.getKeyValueStore(emulator.state.getRun(runId)?.defaultKeyValueStoreId ?? '');
            if (store?.records.get('INPUT')?.body.toString('utf8').includes(CANARY)) specialistInputsWithToken += 1;
            runsGivenTheSecret.add(runId);
        }
        ledger.record({
            id: 'canary/fan-out',
            what: 'canary: fan-out (executionMode "runs")',
            tried: isFanOutPending ? 0 : 1,
            lost: 0,
            detail: isFanOutPending
                ? 'PENDING: fan-out not available yet, the run analysed inline (searched like the others)'
                : `${specialistRuns} specialist runs searched; ${specialistInputsWithToken} of their INPUT records carry the token as the secret input`,
        });
        driven += 1;
    });

    it.todo(
        'the extension in the real VS Code host (needs its test temp dirs / webview state exposed by test/extension-host)',
    );
});

describe('searching everything for the canary', () => {
    it('appears in no file, record, dataset row, log, status message or access-log entry', async () => {
        expect(driven).toBe(4);
        const texts = [...capturedTexts];
        const { state } = emulator;
        // Every key-value store of the session's account, named and unnamed (the runs' default stores).
        for (const store of state
            .listKeyValueStores(0, 100_000, false, true)
            .items.concat(state.listKeyValueStores(0, 100_000, false, false).items)) {
            for (const [key, record] of store.records) {
                if (key === 'INPUT' && store.actRunId !== undefined && runsGivenTheSecret.has(store.actRunId)) continue;
                texts.push({ label: `record ${store.name ?? store.id}/${key}`, text: record.body.toString('utf8') });
            }
        }
        for (const datasetId of state.createdDuringSession.datasets) {
            texts.push({
                label: `dataset ${datasetId}`,
                text: JSON.stringify(state.getDataset(datasetId)?.items ?? []),
            });
        }
        for (const runId of state.createdDuringSession.runs) {
            texts.push({ label: `log of run ${runId}`, text: executor.getLog(runId) ?? '' });
            texts.push({ label: `run ${runId} (status message, options)`, text: JSON.stringify(state.getRun(runId)) });
        }
        const accessLog = emulator.accessLog.entries();
        texts.push(
            ...accessLog.map((entry, index) => ({
                label: `access log #${index} ${entry.method} ${entry.path}`,
                text: JSON.stringify(entry),
            })),
        );
        // The access log proves the canary was used: requests made with it are attributed to its id.
        expect(accessLog.filter((entry) => entry.tokenId === 'canary-full').length).toBeGreaterThan(100);

        const files = await findSecretInFiles(temporaryDirectory, CANARY);
        const leaks = [...findSecretInTexts(texts, CANARY), ...files.leaks];
        ledger.record({
            id: 'canary/token',
            what: 'canary token: in-process analysis, CLI, platform run (inline), platform run (runs mode)',
            tried: texts.length + files.searched,
            lost: leaks.length,
            detail: `${files.searched} files, ${texts.length} records/rows/logs/access-log entries searched; lost = any occurrence`,
        });
        expect(files.searched).toBeGreaterThan(5);
        expect(leaks).toEqual([]);
    });

    it('no dataset items were read but those of datasets the analyses created', () => {
        const { itemReads, foreign } = findForeignDatasetItemReads(emulator);
        ledger.record({
            id: 'privacy/canary',
            what: 'dataset item reads of foreign datasets (canary runs)',
            tried: itemReads,
            lost: foreign.length,
            detail: 'item reads seen / of datasets the analysis did not create',
        });
        expect(foreign).toEqual([]);
    });
});
