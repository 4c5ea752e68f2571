/**
 * The fan-out's parts without child processes: the memory rule, the shard plan, the proof
 * that shard documents combine to exactly the inline document (for every specialist and any
 * shard size, on the demo fleet), the specialist run input (never a token), and the
 * orchestrator's handling of runs that cannot start, never finish, write nothing or write
 * someone else's document — against a scripted API client.
 */
import { ApifyClient } from 'apify-client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createMemoryTrendStore } from '../../actor/engine/trend-store/trend-store-adapter.js';
import { runSpecialistsInline } from '../../actor/engine/specialists-inline.js';
import { chooseSpecialistMemoryMbytes } from '../../actor/engine/fan-out/memory-rule.js';
import { buildShardFleetData, planSpecialistRuns } from '../../actor/engine/fan-out/shard-plan.js';
import { combineShardDocuments } from '../../actor/engine/fan-out/combine-documents.js';
import {
    buildSpecialistRunInput,
    FAN_OUT_STATE_KEY,
    MAX_WAIT_FOR_FINISH_SECS,
    runSpecialistsAsRuns,
    type FanOutPlatform,
} from '../../actor/engine/fan-out/run-specialists-as-runs.js';
import { parseActorInput, specialistRoleSchema, type ActorInput } from '../../shared/contracts/actor-input.js';
import type { FleetData } from '../../shared/contracts/fleet-data.js';
import { SPECIALISTS, type SignalsDocument } from '../../shared/contracts/signals.js';
import { mergeSignalDocuments } from '../../shared/analysis/merge-signals.js';

const GENERATED_AT = '2026-11-20T12:00:00.000Z';

let emulator: RunningEmulator;
let fleetData: FleetData;

beforeAll(async () => {
    emulator = await startEmulator({ scenario: 'demo', rateLimits: false });
    const result = await runFleetAnalysis({
        fleetClient: new ApifyClient({ token: 'apify_api_demo_full', baseUrl: emulator.url }),
        input: parseActorInput({ excludeActors: ['fleet-analytics'] }),
        trendStore: createMemoryTrendStore(),
        now: emulator.state.clock.now(),
        isDemo: true,
        runId: null,
    });
    fleetData = result.fleetData;
});

afterAll(async () => {
    await emulator?.stop();
});

function inputWithPair(extra: Record<string, unknown> = {}): ActorInput {
    const names = fleetData.actors.map((a) => a.actor.name);
    return parseActorInput({ abPairs: [{ kind: 'actors', a: names[1], b: names[0] }], ...extra });
}

describe('memory rule', () => {
    it('256 MB + 1 MB per Actor, rounded up to a power of two, between 256 and 4096 MB', () => {
        expect(chooseSpecialistMemoryMbytes(0)).toBe(256);
        expect(chooseSpecialistMemoryMbytes(1)).toBe(512);
        expect(chooseSpecialistMemoryMbytes(250)).toBe(512);
        expect(chooseSpecialistMemoryMbytes(256)).toBe(512);
        expect(chooseSpecialistMemoryMbytes(257)).toBe(1024);
        expect(chooseSpecialistMemoryMbytes(1000)).toBe(2048);
        expect(chooseSpecialistMemoryMbytes(100_000)).toBe(4096);
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 50_000 }), (count) => {
                const memory = chooseSpecialistMemoryMbytes(count);
                expect(Number.isInteger(Math.log2(memory))).toBe(true);
                expect(memory).toBeGreaterThanOrEqual(Math.min(4096, 256 + count));
            }),
        );
    });
});

describe('shard plan', () => {
    it('contiguous shards in fleet order for every specialist; ab-tester once with its pair in fleet order', () => {
        const input = inputWithPair();
        const plan = planSpecialistRuns(fleetData, input.specialists, { shardSize: 5, abPairs: input.abPairs });
        const shardCount = Math.ceil(fleetData.actors.length / 5);
        expect(plan.runs.filter((r) => r.specialist === 'cost-watchdog')).toHaveLength(shardCount);
        expect(plan.runs).toHaveLength(5 * shardCount + 1);
        const costShards = plan.runs.filter((r) => r.specialist === 'cost-watchdog').map((r) => r.shard);
        expect(costShards.flatMap((s) => s.actors)).toEqual(fleetData.actors);
        expect(costShards.map((s) => s.key)).toEqual(costShards.map((_, i) => `FLEET-SHARD-${i + 1}`));
        const ab = plan.runs.find((r) => r.specialist === 'ab-tester')!;
        expect(ab.shard.actors).toEqual([fleetData.actors[0], fleetData.actors[1]]);
        expect(plan.inlineSpecialists).toEqual([]);
        // One record per shard, shared by the specialists.
        expect(plan.shards).toHaveLength(shardCount + 1);
    });

    it('runs a specialist with nothing to analyse inline: ab-tester without pairs, any specialist on an empty fleet', () => {
        const input = parseActorInput({});
        expect(
            planSpecialistRuns(fleetData, input.specialists, { shardSize: 10, abPairs: [] }).inlineSpecialists,
        ).toEqual(['ab-tester']);
        const empty = planSpecialistRuns({ ...fleetData, actors: [] }, input.specialists, {
            shardSize: 10,
            abPairs: [],
        });
        expect(empty.runs).toEqual([]);
        expect(empty.inlineSpecialists).toEqual([...SPECIALISTS]);
    });
});

describe('shard documents combine to the inline document', () => {
    it('for every specialist and any shard size on the demo fleet (runs mode = inline mode)', () => {
        const input = inputWithPair();
        const inline = runSpecialistsInline(fleetData, input, { generatedAt: GENERATED_AT, runId: null });
        expect(inline.documents.reduce((n, d) => n + d.signals.length, 0)).toBeGreaterThan(10);
        fc.assert(
            fc.property(fc.integer({ min: 1, max: fleetData.actors.length + 1 }), (shardSize) => {
                const plan = planSpecialistRuns(fleetData, input.specialists, { shardSize, abPairs: input.abPairs });
                for (const name of SPECIALISTS) {
                    const parts = plan.runs
                        .filter((r) => r.specialist === name)
                        .map(
                            (r, i) =>
                                runSpecialistsInline(
                                    buildShardFleetData(fleetData, r.shard),
                                    { ...input, specialists: [name] },
                                    { generatedAt: GENERATED_AT, runId: `run${i}` },
                                ).documents[0]!,
                        );
                    const combined = combineShardDocuments(name, parts, {
                        generatedAt: GENERATED_AT,
                        runId: null,
                        window: fleetData.window,
                    });
                    const expected = inline.documents.find((d) => d.specialist === name)!;
                    // ab-tester's inline document lists every Actor; its run sees only the pair's.
                    if (name === 'ab-tester')
                        expect({ ...combined, actorIds: [] }).toEqual({ ...expected, actorIds: [] });
                    else expect(combined).toEqual(expected);
                }
            }),
            { numRuns: 12 },
        );
    });

    it('a missing shard makes the combined document partial and names the shard', () => {
        const combined = combineShardDocuments(
            'release-gate',
            [],
            { generatedAt: GENERATED_AT, runId: null, window: fleetData.window },
            ['Shard 2/2 (run x) ABORTED: …'],
        );
        expect(combined.status).toBe('partial');
        expect(combined.errors).toEqual([{ actorId: null, message: 'Shard 2/2 (run x) ABORTED: …' }]);
    });
});

describe('the specialist run input', () => {
    it('carries the role, the options its specialist reads, and never a token', () => {
        const input = inputWithPair({
            apifyToken: 'apify_api_secret_canary',
            costSpikeFactor: 2.5,
            trendStoreName: 'my-trends',
        });
        const plan = planSpecialistRuns(fleetData, ['cost-watchdog', 'ab-tester'], {
            shardSize: 4,
            abPairs: input.abPairs,
        });
        for (const planned of plan.runs) {
            const raw = buildSpecialistRunInput(input, planned, {
                generatedAt: GENERATED_AT,
                parentRunId: 'parent1',
                window: fleetData.window,
                fleetDataRecord: { storeId: 'store1', key: planned.shard.key },
            });
            const text = JSON.stringify(raw);
            expect(text).not.toContain('apify_api_secret_canary');
            expect(text).not.toContain('apifyToken');
            expect(text).not.toContain('my-trends');
            const parsed = parseActorInput(raw);
            expect(parsed.costSpikeFactor).toBe(2.5);
            expect(parsed.specialists).toEqual([planned.specialist]);
            expect(parsed.abPairs).toEqual(planned.specialist === 'ab-tester' ? input.abPairs : []);
            const role = specialistRoleSchema.parse(parsed.specialistRole);
            expect(role).toMatchObject({
                generatedAt: GENERATED_AT,
                windowFrom: fleetData.window.from,
                windowTo: fleetData.window.to,
                parentRunId: 'parent1',
            });
            expect(role.actorNames).toEqual(planned.shard.actors.map((a) => a.actor.name));
        }
    });
});

// --- The orchestrator's side against a scripted client ----------------------------------------

type Script = (
    role: ReturnType<typeof specialistRoleSchema.parse>,
    runId: string,
) =>
    | { kind: 'start-fails'; statusCode: number }
    | { kind: 'never-finishes' }
    | { kind: 'finishes'; status: string; signals?: (document: SignalsDocument) => unknown };

interface ScriptedRun {
    id: string;
    status: string;
    storeId: string;
    signals: unknown;
    pollsLeft: number;
}

function createScriptedClient(script: Script, input: ActorInput) {
    const runs = new Map<string, ScriptedRun>();
    const waits: number[] = [];
    const starts: Array<{ input: Record<string, unknown>; memory?: number }> = [];
    const aborted: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const client = {
        actor: () => ({
            start: async (runInput: Record<string, unknown>, options: { memory?: number }) => {
                starts.push({ input: runInput, ...options });
                const role = specialistRoleSchema.parse(runInput.specialistRole);
                const id = `run${starts.length}`;
                const behaviour = script(role, id);
                if (behaviour.kind === 'start-fails')
                    throw Object.assign(new Error('refused'), { statusCode: behaviour.statusCode });
                running++;
                maxRunning = Math.max(maxRunning, running);
                const shard = fleetData.actors.filter((a) => role.actorNames.includes(a.actor.name));
                const document = runSpecialistsInline(
                    { ...fleetData, actors: shard },
                    { ...input, specialists: [role.specialist] },
                    { generatedAt: role.generatedAt!, runId: id },
                ).documents[0]!;
                const finalStatus = behaviour.kind === 'finishes' ? behaviour.status : 'RUNNING';
                runs.set(id, {
                    id,
                    status: 'RUNNING',
                    storeId: `store-${id}`,
                    pollsLeft: behaviour.kind === 'never-finishes' ? Infinity : 2,
                    signals:
                        behaviour.kind === 'finishes'
                            ? behaviour.signals
                                ? behaviour.signals(document)
                                : document
                            : undefined,
                });
                (runs.get(id) as ScriptedRun & { finalStatus: string }).finalStatus = finalStatus;
                return { id };
            },
        }),
        run: (id: string) => ({
            get: async (options: { waitForFinish?: number }) => {
                waits.push(options.waitForFinish ?? 0);
                const run = runs.get(id) as (ScriptedRun & { finalStatus: string }) | undefined;
                if (!run) return undefined;
                await new Promise((resolve) => {
                    setTimeout(resolve, 5);
                });
                if (run.status === 'RUNNING' && --run.pollsLeft <= 0) {
                    run.status = run.finalStatus;
                    running--;
                }
                return { id, status: run.status, statusMessage: null, defaultKeyValueStoreId: run.storeId };
            },
            abort: async () => {
                aborted.push(id);
                const run = runs.get(id)!;
                if (run.status === 'RUNNING') running--;
                run.status = 'ABORTED';
                return {};
            },
        }),
        keyValueStore: (storeId: string) => ({
            getRecord: async () => {
                const run = [...runs.values()].find((r) => r.storeId === storeId);
                return run?.signals === undefined ? undefined : { key: 'SIGNALS', value: run.signals };
            },
        }),
    };
    return { client: client as unknown as ApifyClient, waits, starts, aborted, maxRunning: () => maxRunning };
}

function createPlatform(initial: Record<string, unknown> = {}): FanOutPlatform & { records: Map<string, unknown> } {
    const records = new Map<string, unknown>(Object.entries(initial));
    return {
        records,
        actorId: 'own-actor',
        parentRunId: 'parent1',
        ownStoreId: 'own-store',
        getOwnRecord: async (key) => records.get(key),
        setOwnRecord: async (key, value) => {
            records.set(key, value);
        },
        timeLeftMillis: () => null,
    };
}

describe('runSpecialistsAsRuns against a scripted API', () => {
    it('starts at most maxParallelRuns at once, long-polls ≤ 60 s, stores each shard once, and gathers every document', async () => {
        const input = inputWithPair({ executionMode: 'runs', shardSize: 6, maxParallelRuns: 2 });
        const scripted = createScriptedClient(() => ({ kind: 'finishes', status: 'SUCCEEDED' }), input);
        const platform = createPlatform();
        const statuses: string[] = [];
        const result = await runSpecialistsAsRuns({
            fleetClient: scripted.client,
            fleetData,
            input,
            generatedAt: GENERATED_AT,
            platform,
            onStatus: (m) => statuses.push(m),
        });
        const shardCount = Math.ceil(fleetData.actors.length / 6);
        expect(scripted.starts).toHaveLength(5 * shardCount + 1);
        expect(scripted.maxRunning()).toBe(2);
        expect(Math.max(...scripted.waits)).toBeLessThanOrEqual(MAX_WAIT_FOR_FINISH_SECS);
        expect([...platform.records.keys()].filter((k) => k.startsWith('FLEET-SHARD-'))).toHaveLength(shardCount + 1);
        for (const start of scripted.starts)
            expect(start.memory).toBe(
                chooseSpecialistMemoryMbytes(
                    (start.input.specialistRole as { actorNames: string[] }).actorNames.length,
                ),
            );
        expect(result.runs).toEqual([]);
        expect(result.documents).toHaveLength(6);
        expect(statuses.at(-1)).toBe(`Specialist runs: ${scripted.starts.length}/${scripted.starts.length} finished…`);
        const inline = runSpecialistsInline(fleetData, input, { generatedAt: GENERATED_AT, runId: null });
        const merged = mergeSignalDocuments(result.documents, result.runs);
        expect(merged.signals).toEqual(mergeSignalDocuments(inline.documents, inline.runs).signals);
    });

    it("reports runs that could not start, failed, never finished, wrote nothing, garbage or another run's document — and never throws", async () => {
        const input = inputWithPair({ executionMode: 'runs', shardSize: 100, maxParallelRuns: 6 });
        const scripted = createScriptedClient((role) => {
            switch (role.specialist) {
                case 'schema-validator':
                    return { kind: 'start-fails', statusCode: 403 };
                case 'release-gate':
                    return { kind: 'finishes', status: 'FAILED' };
                case 'compliance-scanner':
                    return { kind: 'never-finishes' };
                case 'cost-watchdog':
                    return { kind: 'finishes', status: 'SUCCEEDED', signals: () => undefined };
                case 'quality-monitor':
                    return { kind: 'finishes', status: 'SUCCEEDED', signals: () => 'not json at all' };
                default:
                    return {
                        kind: 'finishes',
                        status: 'SUCCEEDED',
                        signals: (document) => ({ ...document, runId: 'someone-else' }),
                    };
            }
        }, input);
        const result = await runSpecialistsAsRuns({
            fleetClient: scripted.client,
            fleetData,
            input,
            generatedAt: GENERATED_AT,
            platform: createPlatform(),
            timeoutSecs: 2,
            pollWaitSecs: 1,
        });
        const merged = mergeSignalDocuments(result.documents, result.runs);
        const byName = new Map(merged.statuses.map((s) => [s.name, s]));
        expect(byName.get('schema-validator')).toMatchObject({
            status: 'failed',
            reason: expect.stringContaining('missing "Actors: Run"'),
        });
        expect(byName.get('release-gate')).toMatchObject({
            status: 'failed',
            reason: expect.stringContaining('ended with status FAILED'),
        });
        expect(byName.get('compliance-scanner')).toMatchObject({
            status: 'failed',
            reason: expect.stringContaining('TIMED-OUT'),
        });
        expect(scripted.aborted).toHaveLength(1);
        expect(byName.get('cost-watchdog')).toMatchObject({
            status: 'failed',
            reason: expect.stringContaining('without a SIGNALS record'),
        });
        expect(byName.get('quality-monitor')).toMatchObject({
            status: 'quarantined',
            runId: expect.stringMatching(/^run/),
        });
        expect(merged.quarantine).toEqual([
            expect.objectContaining({ specialist: 'quality-monitor', runId: byName.get('quality-monitor')!.runId }),
        ]);
        expect(byName.get('ab-tester')).toMatchObject({
            status: 'failed',
            reason: expect.stringContaining('not its own'),
        });
        for (const status of merged.statuses.filter((s) => s.name !== 'core'))
            expect(status.missingActorIds.length).toBeGreaterThan(0);
        expect(merged.signals).toEqual([]);
    });

    it('after a migration waits for the runs it had started instead of starting them again', async () => {
        const input = inputWithPair({
            executionMode: 'runs',
            shardSize: 100,
            specialists: ['release-gate', 'quality-monitor'],
        });
        const first = createScriptedClient(() => ({ kind: 'finishes', status: 'SUCCEEDED' }), input);
        const platform = createPlatform();
        await runSpecialistsAsRuns({
            fleetClient: first.client,
            fleetData,
            input,
            generatedAt: GENERATED_AT,
            platform,
        });
        expect(first.starts).toHaveLength(2);
        const state = platform.records.get(FAN_OUT_STATE_KEY) as { runIds: Record<string, string> };
        expect(Object.keys(state.runIds)).toHaveLength(2);
        // The restarted orchestrator (same analysis time) starts nothing and still gathers both.
        const second = createScriptedClient(() => ({ kind: 'finishes', status: 'SUCCEEDED' }), input);
        const restarted = await runSpecialistsAsRuns({
            fleetClient: second.client,
            fleetData,
            input,
            generatedAt: GENERATED_AT,
            platform,
        });
        expect(second.starts).toHaveLength(0);
        // The scripted API of the second process does not know the first one's runs: reported, not thrown.
        expect(restarted.runs.map((r) => r.reason)).toEqual([
            expect.stringContaining('no longer exists'),
            expect.stringContaining('no longer exists'),
        ]);
        // A different analysis never reuses them.
        const third = createScriptedClient(() => ({ kind: 'finishes', status: 'SUCCEEDED' }), input);
        await runSpecialistsAsRuns({
            fleetClient: third.client,
            fleetData,
            input,
            generatedAt: '2026-11-21T12:00:00.000Z',
            platform,
        });
        expect(third.starts).toHaveLength(2);
    });
});

describe("the merge attributes a run's raw record to that run", () => {
    it('a garbage record without any run id is quarantined under the run that wrote it', () => {
        const garbage = { schemaVersion: 1, signals: 'nope' };
        const other = 'also garbage';
        const merged = mergeSignalDocuments(
            [garbage, other],
            [
                { name: 'release-gate', runId: 'runA', status: 'succeeded', actorIds: ['a1'], document: garbage },
                { name: 'cost-watchdog', runId: 'runB', status: 'succeeded', actorIds: ['b1'], document: other },
            ],
        );
        expect(merged.statuses.map((s) => [s.name, s.status, s.runId, s.missingActorIds])).toEqual([
            ['release-gate', 'quarantined', 'runA', ['a1']],
            ['cost-watchdog', 'quarantined', 'runB', ['b1']],
        ]);
        expect(merged.quarantine.map((q) => [q.documentIndex, q.specialist, q.runId])).toEqual([
            [0, 'release-gate', 'runA'],
            [1, 'cost-watchdog', 'runB'],
        ]);
        for (const status of merged.statuses) expect(status.reason).toMatch(/^Invalid SIGNALS document: /);
    });
});

describe('runs mode without the platform', () => {
    it('runs the specialists inline and says so in the report', async () => {
        const result = await runFleetAnalysis({
            fleetClient: new ApifyClient({ token: 'apify_api_demo_full', baseUrl: emulator.url }),
            input: parseActorInput({ excludeActors: ['fleet-analytics'], executionMode: 'runs' }),
            trendStore: createMemoryTrendStore(),
            now: emulator.state.clock.now(),
            isDemo: true,
            runId: null,
        });
        expect(result.report.collection.skipped).toContainEqual({
            what: 'separate specialist runs',
            reason: expect.stringContaining('ran inline'),
        });
        expect(result.report.specialists.every((s) => s.status === 'complete')).toBe(true);
    });
});
