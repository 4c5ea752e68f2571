/**
 * `executionMode: "runs"` on the emulated platform: the orchestrator (the built bundle, as a
 * child process) starts real child processes of the same bundle, one per (specialist, shard),
 * and gathers their SIGNALS records through the API.
 *
 * - one specialist run per (specialist, shard), all started with the token the orchestrator
 *   reads the fleet with, none with a token in its INPUT, each with the documented memory;
 * - OUTPUT identical to the inline mode on the same fleet (timestamps, request counts and
 *   specialists' run ids aside);
 * - a specialist run killed mid-way and one writing garbage give a partial report that names
 *   both runs and the Actors without signals;
 * - no read of dataset items, in either mode.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ApifyClient } from 'apify-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { createRunExecutor, type PlatformRunExecutor } from '../emulator/platform/run-executor.js';
import type { RunFixture } from '../emulator/state/fixture-schema.js';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';
import { specialistRoleSchema, type SpecialistRole } from '../../shared/contracts/actor-input.js';
import { SPECIALISTS } from '../../shared/contracts/signals.js';
import { chooseSpecialistMemoryMbytes } from '../../actor/engine/fan-out/memory-rule.js';
import { TEST_FAULT_ENV_NAME } from '../../actor/engine/fan-out/test-fault.js';

const ROOT = join(__dirname, '..', '..');
const FULL_TOKEN = 'apify_api_demo_full';
/** The canary: the orchestrator reads the fleet with it and starts the specialist runs with it. */
const SCOPED_TOKEN = 'apify_api_demo_scoped';
const SCOPED_TOKEN_ID = 'demo-scoped';
const OWN_ACTOR_NAME = 'fleet-analytics';
const RUN_WAIT_SECS = 180;
/** Two orchestrator runs and up to 11 child processes on 2 cores. */
const TEST_TIMEOUT_MILLIS = 300_000;

let emulator: RunningEmulator;
let executor: PlatformRunExecutor;
let client: ApifyClient;
let ownActorId: string;
let analysedActorNames: string[];
let baseInput: Record<string, unknown>;
let storeCounter = 0;

beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/actor/main.js')))
        execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    emulator = await startEmulator({
        scenario: 'demo',
        rateLimits: false,
        createRunExecutor: (deps) =>
            (executor = createRunExecutor({ ...deps, timing: { persistStateIntervalMillis: 1000 } })),
    });
    client = new ApifyClient({ token: FULL_TOKEN, baseUrl: emulator.url, maxRetries: 2 });
    const actors = emulator.state.listActors();
    ownActorId = actors.find((actor) => actor.name === OWN_ACTOR_NAME)!.id;
    analysedActorNames = actors.filter((actor) => actor.name !== OWN_ACTOR_NAME).map((actor) => actor.name);
    expect(analysedActorNames.length).toBeGreaterThanOrEqual(4);
    baseInput = {
        // The orchestrator's own runs change while these tests run: leave it out.
        excludeActors: [OWN_ACTOR_NAME],
        apifyToken: SCOPED_TOKEN,
        useDailyCache: false,
        // ab-tester gets its own (unsharded) run only when a pair names analysed Actors.
        abPairs: [{ kind: 'actors', a: analysedActorNames[0], b: analysedActorNames[analysedActorNames.length - 1] }],
    };
});

afterAll(async () => {
    delete process.env[TEST_FAULT_ENV_NAME];
    await emulator?.stop();
});

/** Two shards of the analysed fleet. */
function twoShardSize(): number {
    return Math.ceil(analysedActorNames.length / 2);
}

function uniqueStoreName(purpose: string): string {
    storeCounter += 1;
    return `fan-out-${purpose}-${storeCounter}`;
}

async function runOrchestrator(input: Record<string, unknown>) {
    const started = await client
        .actor(`~${OWN_ACTOR_NAME}`)
        .start({ ...baseInput, trendStoreName: uniqueStoreName('t'), ...input });
    const run = await client.run(started.id).waitForFinish({ waitSecs: RUN_WAIT_SECS });
    const log = executor.getLog(started.id) ?? '';
    const record = await client.keyValueStore(run.defaultKeyValueStoreId).getRecord('OUTPUT');
    return { run, log, report: record ? fleetReportSchema.parse(record.value) : null };
}

function inputOf(run: RunFixture): Record<string, unknown> | null {
    const record = emulator.state.getKeyValueStore(run.defaultKeyValueStoreId)?.records.get('INPUT');
    return record ? (JSON.parse(record.body.toString('utf8')) as Record<string, unknown>) : null;
}

function specialistRunsOf(parentRunId: string): Array<{ run: RunFixture; role: SpecialistRole; rawInput: string }> {
    const runs = emulator.state.listRuns({ actId: ownActorId, offset: 0, limit: 1000 }).items;
    return runs.flatMap((run) => {
        const input = inputOf(run);
        const parsed = specialistRoleSchema.safeParse(input?.specialistRole);
        if (!parsed.success || parsed.data.parentRunId !== parentRunId) return [];
        const rawInput = emulator.state
            .getKeyValueStore(run.defaultKeyValueStoreId)!
            .records.get('INPUT')!
            .body.toString('utf8');
        return [{ run: emulator.state.getRun(run.id)!, role: parsed.data, rawInput }];
    });
}

/** What may differ between the two modes: time, request counts, specialists' run ids, the trend store name. */
function comparable(report: FleetReport) {
    const { collection, generatedAt: _generatedAt, specialists, quarantine, ...rest } = report;
    return {
        ...rest,
        specialists: specialists.map(({ runId: _runId, ...status }) => status),
        quarantine: quarantine.map(({ runId: _runId, ...entry }) => entry),
        collection: {
            ...collection,
            apiRequests: 0,
            requestsByKind: {},
            reusedDays: 0,
            fetchedDays: 0,
            trendStore: { ...collection.trendStore, name: '' },
        },
    };
}

/** GETs of dataset items (never needed: the analysis reads metadata and field statistics only). */
function datasetItemReads(fromIndex: number) {
    return emulator.accessLog
        .entries()
        .slice(fromIndex)
        .filter((entry) => entry.method === 'GET' && /\/items$/.test(entry.path));
}

describe('executionMode "runs" on the emulated platform', () => {
    it(
        'one run per (specialist, shard), started with the fleet token, no token in any INPUT, OUTPUT identical to inline',
        async () => {
            const accessLogStart = emulator.accessLog.entries().length;
            const shardSize = twoShardSize();
            const inline = await runOrchestrator({ executionMode: 'inline' });
            expect(inline.run.status, inline.log.slice(-3000)).toBe('SUCCEEDED');
            const fanOut = await runOrchestrator({ executionMode: 'runs', shardSize, maxParallelRuns: 3 });
            expect(fanOut.run.status, fanOut.log.slice(-3000)).toBe('SUCCEEDED');
            expect(fanOut.log).toMatch(/Specialist runs: \d+\/11 finished/);

            // 5 sharded specialists × 2 shards + ab-tester once with the pair's two Actors.
            const specialistRuns = specialistRunsOf(fanOut.run.id);
            const planned = specialistRuns
                .map(({ role }) => `${role.specialist}#${role.shardIndex + 1}/${role.shardCount}`)
                .sort();
            const expected = SPECIALISTS.flatMap((name) =>
                name === 'ab-tester' ? [`${name}#1/1`] : [`${name}#1/2`, `${name}#2/2`],
            ).sort();
            expect(planned).toEqual(expected);
            const shardActors = new Map<number, string[]>();
            for (const { run, role, rawInput } of specialistRuns) {
                expect(run.status).toBe('SUCCEEDED');
                expect(run.memoryMbytes).toBe(chooseSpecialistMemoryMbytes(role.actorNames.length));
                // The shard's data came from the orchestrator's own store, by id and key only.
                expect(role.fleetDataRecord?.storeId).toBe(fanOut.run.defaultKeyValueStoreId);
                expect(rawInput).not.toContain(SCOPED_TOKEN);
                expect(rawInput).not.toMatch(/apifyToken|apify_api_/);
                if (role.specialist === 'ab-tester') {
                    expect(role.actorNames).toHaveLength(2);
                } else {
                    const previous = shardActors.get(role.shardIndex);
                    if (previous) expect(role.actorNames).toEqual(previous);
                    shardActors.set(role.shardIndex, role.actorNames);
                }
            }
            // The two shards split the analysed fleet.
            expect(
                [...(shardActors.get(0) ?? []), ...(shardActors.get(1) ?? [])]
                    .map((name) => name.split('/').pop())
                    .sort(),
            ).toEqual([...analysedActorNames].sort());

            const log = emulator.accessLog.entries().slice(accessLogStart);
            const specialistRunIds = new Set(specialistRuns.map(({ run }) => run.id));
            // Started WITH the fleet token (so each run token has its scope)…
            const starts = log.filter(
                (entry) =>
                    entry.method === 'POST' &&
                    entry.resourceIds.runId !== undefined &&
                    specialistRunIds.has(entry.resourceIds.runId) &&
                    /\/runs$/.test(entry.path),
            );
            expect(starts).toHaveLength(specialistRuns.length);
            for (const entry of starts) expect(entry.tokenId).toBe(SCOPED_TOKEN_ID);
            // …and each specialist read its shard record with that scoped run token.
            const shardReads = log.filter(
                (entry) => entry.method === 'GET' && entry.resourceIds.recordKey?.startsWith('FLEET-SHARD-'),
            );
            expect(new Set(shardReads.filter((entry) => entry.status === 200).map((entry) => entry.tokenId))).toEqual(
                new Set([...specialistRunIds].map((id) => `run:${id}`)),
            );

            // No record the runs wrote, and no log line, holds the token.
            for (const { run } of specialistRuns) {
                expect(executor.getLog(run.id) ?? '').not.toContain(SCOPED_TOKEN);
                for (const record of emulator.state.getKeyValueStore(run.defaultKeyValueStoreId)!.records.values()) {
                    expect(record.body.toString('utf8')).not.toContain(SCOPED_TOKEN);
                }
            }
            for (const [key, record] of emulator.state.getKeyValueStore(fanOut.run.defaultKeyValueStoreId)!.records) {
                if (key !== 'INPUT') expect(record.body.toString('utf8')).not.toContain(SCOPED_TOKEN);
            }

            // Identical OUTPUT.
            expect(fanOut.report!.collection.partial).toBe(false);
            expect(fanOut.report!.specialists.map((s) => [s.name, s.status])).toEqual(
                ['core', ...SPECIALISTS].map((name) => [name, 'complete']),
            );
            expect(fanOut.report!.signals.length).toBeGreaterThan(0);
            expect(comparable(fanOut.report!)).toEqual(comparable(inline.report!));

            // Neither mode read a dataset item.
            expect(datasetItemReads(accessLogStart)).toEqual([]);
        },
        TEST_TIMEOUT_MILLIS,
    );

    it(
        'a specialist run killed mid-way and one writing garbage give a partial report that names both',
        async () => {
            const accessLogStart = emulator.accessLog.entries().length;
            process.env[TEST_FAULT_ENV_NAME] = 'stall:cost-watchdog:1,garbage:quality-monitor:2';
            let result: Awaited<ReturnType<typeof runOrchestrator>>;
            try {
                const started = client.actor(`~${OWN_ACTOR_NAME}`).start({
                    ...baseInput,
                    trendStoreName: uniqueStoreName('faults'),
                    executionMode: 'runs',
                    shardSize: twoShardSize(),
                    maxParallelRuns: 4,
                });
                const orchestrator = await started;
                // Kill the stalled cost-watchdog run once its process is up (it never writes SIGNALS).
                const deadline = Date.now() + 120_000;
                let killedRunId: string | undefined;
                while (!killedRunId && Date.now() < deadline) {
                    const target = specialistRunsOf(orchestrator.id).find(
                        ({ role }) => role.specialist === 'cost-watchdog' && role.shardIndex === 0,
                    );
                    if (target && (await executor.waitForEventsConnection(target.run.id, 30_000))) {
                        await executor.abort(target.run.id, false);
                        killedRunId = target.run.id;
                    } else {
                        await new Promise((resolve) => {
                            setTimeout(resolve, 50);
                        });
                    }
                }
                expect(killedRunId).toBeDefined();
                const run = await client.run(orchestrator.id).waitForFinish({ waitSecs: RUN_WAIT_SECS });
                const record = await client.keyValueStore(run.defaultKeyValueStoreId).getRecord('OUTPUT');
                result = {
                    run,
                    log: executor.getLog(orchestrator.id) ?? '',
                    report: record ? fleetReportSchema.parse(record.value) : null,
                };
            } finally {
                delete process.env[TEST_FAULT_ENV_NAME];
            }
            const { run, log, report } = result;
            expect(run.status, log.slice(-3000)).toBe('SUCCEEDED');
            expect(report).not.toBeNull();
            expect(report!.collection.partial).toBe(true);

            const specialistRuns = specialistRunsOf(run.id);
            const killed = specialistRuns.find(
                ({ role }) => role.specialist === 'cost-watchdog' && role.shardIndex === 0,
            )!;
            const garbage = specialistRuns.find(
                ({ role }) => role.specialist === 'quality-monitor' && role.shardIndex === 1,
            )!;
            expect(killed.run.status).toBe('ABORTED');
            expect(garbage.run.status).toBe('SUCCEEDED');
            const idsOf = (names: readonly string[]) =>
                names
                    .map(
                        (name) =>
                            emulator.state
                                .listActors()
                                .find((actor) => name.endsWith(`/${actor.name}`) || name === actor.name)!.id,
                    )
                    .sort();

            // The killed run: named, with its status and the Actors that have no cost-watchdog signals.
            const killedEntry = report!.specialists.find((s) => s.runId === killed.run.id);
            expect(killedEntry).toMatchObject({ name: 'cost-watchdog', status: 'failed' });
            expect(killedEntry!.reason).toContain('ABORTED');
            expect(killedEntry!.missingActorIds).toEqual(idsOf(killed.role.actorNames));
            // The garbage run: quarantined, named in the quarantine with a readable reason.
            const garbageEntry = report!.specialists.find((s) => s.runId === garbage.run.id);
            expect(garbageEntry).toMatchObject({ name: 'quality-monitor', status: 'quarantined' });
            expect(garbageEntry!.reason).toMatch(/^Invalid SIGNALS document: /);
            expect(garbageEntry!.missingActorIds).toEqual(idsOf(garbage.role.actorNames));
            expect(report!.quarantine).toEqual([
                expect.objectContaining({ specialist: 'quality-monitor', runId: garbage.run.id }),
            ]);
            // The specialists' own entries say a shard is missing; the others are complete.
            const byName = new Map(
                report!.specialists
                    .filter((s) => s.runId !== killed.run.id && s.runId !== garbage.run.id)
                    .map((s) => [s.name, s]),
            );
            expect(byName.get('cost-watchdog')).toMatchObject({
                status: 'partial',
                reason: expect.stringContaining(`Shard 1/2 (run ${killed.run.id}) ABORTED`),
            });
            expect(byName.get('quality-monitor')).toMatchObject({
                status: 'partial',
                reason: expect.stringContaining(`Shard 2/2 (run ${garbage.run.id}) QUARANTINED`),
            });
            for (const name of ['schema-validator', 'release-gate', 'compliance-scanner', 'ab-tester'] as const)
                expect(byName.get(name)?.status).toBe('complete');
            // No signal from the garbage document reached OUTPUT.
            expect(JSON.stringify(report)).not.toContain('DROP TABLE');
            expect(datasetItemReads(accessLogStart)).toEqual([]);
        },
        TEST_TIMEOUT_MILLIS,
    );
});
