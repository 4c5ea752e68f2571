/**
 * Property-based fuzzing of every boundary where outside data enters (fast-check; 1,000
 * cases each in `npm test`, 10,000 in `npm run test:faults`):
 * - the Actor input (zod input schema): random and hostile objects → a valid input or an
 *   InvalidInputError whose message names the field, never another throw, never the secret;
 * - SIGNALS documents through the merge: never a throw, bad documents quarantined with a reason;
 * - webview messages through the protocol's parse functions (both directions);
 * - API responses with missing, extra and wrong-typed fields, through the whole analysis
 *   (collection parsing → report), replayed from a recording with mutations.
 * Zero crashes, zero unhandled rejections, every rejection a clear message: no stack, and it
 * says what is wrong.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApifyClient } from 'apify-client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/index.js';
import {
    buildSmallFleetFixture,
    FULL_TOKEN as SMALL_FLEET_TOKEN,
    SMALL_FLEET_NOW,
} from '../emulator/test-support/small-fleet-fixture.js';
import { runFleetAnalysis } from '../../actor/engine/analysis-pipeline.js';
import { createMemoryTrendStore } from '../../actor/engine/trend-store/trend-store-adapter.js';
import { actorInputSchema, InvalidInputError, parseActorInput } from '../../shared/contracts/actor-input.js';
import { mergeSignalDocuments } from '../../shared/analysis/merge-signals.js';
import { fleetReportSchema } from '../../shared/contracts/fleet-report.js';
import { trackUnhandledRejections, type UnhandledRejectionTracker } from '../support/unhandled-rejections.js';
import { createRecordingClient, createReplayClient, freezeRecording, type RecordedResponses } from './replay-client.js';
import { ReliabilityLedger } from './reliability-ledger.js';
import { SCALE } from './fault-scale.js';

const CANARY_SECRET = 'apify_api_FUZZCANARY_d4e5f6';
/** A stack trace line: a clear message never carries one. */
const STACK_LINE = /\n\s+at .+[(:]\d+/;
const FUZZ_CASE_TIMEOUT_MILLIS = 600_000;

const ledger = new ReliabilityLedger();
let rejections: UnhandledRejectionTracker;

beforeAll(() => {
    rejections = trackUnhandledRejections();
});
afterAll(() => {
    rejections?.uninstall();
    ledger.flush();
});

/** Keys that have bitten JavaScript parsers before. */
const hostileKey = fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '',
    ' ',
    '\u0000',
    'apifyToken',
    'then',
);
const hostileValue = fc.oneof(
    fc.anything(),
    fc.constantFrom(
        Number.NaN,
        Infinity,
        -Infinity,
        -0,
        2 ** 53,
        -1,
        1e308,
        '',
        ' ',
        '\u0000',
        'x'.repeat(100_000),
        [],
        {},
        null,
        true,
    ),
    fc.string({ maxLength: 300 }),
    fc.integer(),
    fc.double(),
);
const hostileObject = fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 20 })), hostileValue, { maxKeys: 8 });

/** A message a person can act on: says what is wrong, no stack, bounded. */
function clearMessageProblem(error: unknown, mustMention: RegExp): string | null {
    if (!(error instanceof Error)) return `threw a non-Error: ${String(error)}`;
    if (error.message.trim() === '') return 'empty message';
    if (STACK_LINE.test(error.message)) return `message carries a stack: ${error.message.slice(0, 300)}`;
    if (!mustMention.test(error.message)) return `message does not say what is wrong: ${error.message.slice(0, 300)}`;
    return null;
}

describe('the Actor input', () => {
    const inputKeys = Object.keys(actorInputSchema.shape) as string[];
    /** Real field names with hostile values: these reach the field-level checks. */
    const nearValidInput = fc.dictionary(fc.constantFrom(...inputKeys), hostileValue, { maxKeys: 6 });
    const arbitraryInput = fc.oneof(
        fc.anything(),
        hostileObject,
        nearValidInput,
        nearValidInput.map((input) => ({ ...input, apifyToken: `${CANARY_SECRET}${'!'.repeat(600)}` })),
    );

    it(`${SCALE.fuzzCases} random and hostile inputs: valid, or InvalidInputError naming the field; never the secret`, () => {
        let rejected = 0;
        const problems: string[] = [];
        fc.assert(
            fc.property(arbitraryInput, (raw) => {
                try {
                    parseActorInput(raw);
                } catch (error) {
                    rejected += 1;
                    if (!(error instanceof InvalidInputError)) {
                        problems.push(`not an InvalidInputError: ${String(error)}`);
                        return false;
                    }
                    const problem = clearMessageProblem(error, /^Invalid input \(\d+ problems?\):\n• /);
                    if (problem) {
                        problems.push(problem);
                        return false;
                    }
                    if (error.message.includes(CANARY_SECRET)) {
                        problems.push('the secret is echoed');
                        return false;
                    }
                    // Every problem line names a path.
                    if (!error.problems.every((p) => p.path.length > 0 && p.problem.length > 0)) {
                        problems.push('a problem without a path');
                        return false;
                    }
                }
                return true;
            }),
            { numRuns: SCALE.fuzzCases },
        );
        ledger.record({
            id: 'fuzz/actor-input',
            what: 'random/hostile Actor inputs (zod input schema)',
            tried: SCALE.fuzzCases,
            lost: problems.length,
            detail: `${rejected} rejected with a field-level message; lost = any other throw, unclear message or echoed secret`,
        });
        expect(problems).toEqual([]);
    });
});

describe('SIGNALS documents through the merge', () => {
    const signal = fc.record(
        {
            fingerprint: fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), hostileValue),
            kind: fc.oneof(fc.constantFrom('cost-spike', 'stale-actor', 'x'), hostileValue),
            source: fc.oneof(
                fc.constantFrom(
                    'core',
                    'cost-watchdog',
                    'quality-monitor',
                    'schema-drift',
                    'release-gate',
                    'compliance-scanner',
                    'ab-tester',
                ),
                hostileValue,
            ),
            actorId: fc.oneof(fc.constantFrom('a1', 'a2', null), hostileValue),
            actorName: fc.constant(null),
            severity: fc.oneof(fc.constantFrom('low', 'medium', 'high', 'critical'), hostileValue),
            decision: fc.oneof(fc.constantFrom('act_now', 'monitor', 'improve'), hostileValue),
            title: fc.string({ maxLength: 80 }),
            detail: fc.string({ maxLength: 80 }),
            metric: fc.oneof(fc.constant(null), hostileValue),
            evidence: fc.oneof(fc.constant({ runIds: [], buildNumbers: [], notes: [] }), hostileValue),
            scoreImpact: fc.oneof(
                fc.record({
                    component: fc.constantFrom('reliability', 'cost', 'trend'),
                    points: fc.double({ min: -10, max: 200, noNaN: false }),
                }),
                hostileValue,
            ),
            usdPerMonth: fc.oneof(fc.constant(null), fc.double()),
            fix: fc.string({ maxLength: 40 }),
            labels: fc.oneof(fc.constant({}), hostileObject),
        },
        { requiredKeys: [] },
    );
    const document = fc.record(
        {
            schemaVersion: fc.oneof(fc.constant(1), hostileValue),
            specialist: fc.oneof(fc.constantFrom('core', 'cost-watchdog', 'quality-monitor'), hostileValue),
            runId: fc.oneof(fc.constant(null), fc.string({ maxLength: 20 })),
            generatedAt: fc.oneof(fc.constant('2025-03-29T00:00:00.000Z'), hostileValue),
            window: fc.oneof(
                fc.constant({ from: '2025-03-01T00:00:00.000Z', to: '2025-03-29T00:00:00.000Z' }),
                hostileValue,
            ),
            actorIds: fc.oneof(fc.constant(['a1', 'a2']), hostileValue),
            status: fc.oneof(fc.constantFrom('complete', 'partial', 'failed'), hostileValue),
            errors: fc.oneof(fc.constant([]), hostileValue),
            signals: fc.oneof(fc.array(signal, { maxLength: 5 }), hostileValue),
        },
        { requiredKeys: [] },
    );
    const documents = fc.array(fc.oneof(document, hostileObject, fc.anything()), { maxLength: 6 });

    it(`${SCALE.fuzzCases} sets of random documents: never a throw; every rejected document quarantined with a readable reason`, () => {
        const problems: string[] = [];
        let quarantined = 0;
        fc.assert(
            fc.property(documents, (docs) => {
                let result;
                try {
                    result = mergeSignalDocuments(docs);
                } catch (error) {
                    problems.push(`threw: ${String(error).slice(0, 200)}`);
                    return false;
                }
                quarantined += result.quarantine.length;
                for (const entry of result.quarantine) {
                    if (
                        typeof entry.reason !== 'string' ||
                        !/^Invalid SIGNALS document/.test(entry.reason) ||
                        STACK_LINE.test(entry.reason)
                    ) {
                        problems.push(`unclear quarantine reason: ${String(entry.reason).slice(0, 200)}`);
                        return false;
                    }
                }
                return true;
            }),
            { numRuns: SCALE.fuzzCases },
        );
        ledger.record({
            id: 'fuzz/signals',
            what: 'random/hostile SIGNALS documents through the merge',
            tried: SCALE.fuzzCases,
            lost: problems.length,
            detail: `${quarantined} documents quarantined with a reason; lost = a throw or an unclear reason`,
        });
        expect(problems).toEqual([]);
    });
});

const PROTOCOL_MODULE = join(__dirname, '..', '..', 'extension', 'protocol', 'webview-protocol.ts');

describe('webview messages through the protocol', () => {
    it.runIf(existsSync(PROTOCOL_MODULE))(
        `${SCALE.fuzzCases} random messages each way: parsed or dropped with a reason, never a throw`,
        async () => {
            const protocol = (await import('../../extension/protocol/webview-protocol.js')) as {
                parseWebviewToHostMessage(raw: unknown): { ok: true } | { ok: false; reason: string };
                parseHostToWebviewMessage(raw: unknown): { ok: true } | { ok: false; reason: string };
            };
            const types = [
                'webview/ready',
                'webview/acknowledge',
                'webview/openInConsole',
                'webview/runAnalysis',
                'webview/connectToken',
                'host/didUpdate',
                'host/didComplete',
                'host/didRevealActor',
            ];
            const nearMessage = fc.record(
                {
                    type: fc.oneof(fc.constantFrom(...types), hostileValue),
                    requestId: fc.oneof(fc.nat(), hostileValue),
                    fingerprint: hostileValue,
                    actorId: hostileValue,
                    mode: fc.oneof(fc.constantFrom('platform', 'local'), hostileValue),
                    report: hostileValue,
                    status: hostileValue,
                    ok: hostileValue,
                    error: hostileValue,
                    note: hostileValue,
                },
                { requiredKeys: [] },
            );
            const message = fc.oneof(fc.anything(), hostileObject, nearMessage);
            const problems: string[] = [];
            let dropped = 0;
            fc.assert(
                fc.property(message, (raw) => {
                    for (const parse of [protocol.parseWebviewToHostMessage, protocol.parseHostToWebviewMessage]) {
                        let outcome;
                        try {
                            outcome = parse(raw);
                        } catch (error) {
                            problems.push(`threw: ${String(error).slice(0, 200)}`);
                            return false;
                        }
                        if (!outcome.ok) {
                            dropped += 1;
                            if (
                                !/^dropped malformed message \(.{0,80}\): .+/s.test(outcome.reason) ||
                                STACK_LINE.test(outcome.reason)
                            ) {
                                problems.push(`unclear reason: ${outcome.reason.slice(0, 200)}`);
                                return false;
                            }
                        }
                    }
                    return true;
                }),
                { numRuns: SCALE.fuzzCases },
            );
            ledger.record({
                id: 'fuzz/webview-messages',
                what: 'random/hostile webview messages (both directions)',
                tried: SCALE.fuzzCases,
                lost: problems.length,
                detail: `${dropped} dropped with a reason; lost = a throw or an unclear reason`,
            });
            expect(problems).toEqual([]);
        },
    );
});

describe('API responses with missing, extra and wrong-typed fields', () => {
    const recorded: RecordedResponses = new Map();
    let callKeys: string[];
    const now = new Date(SMALL_FLEET_NOW);
    // The specialists are fuzzed through their SIGNALS documents above; here the collection's parsing and the core
    // report.
    const input = parseActorInput({ lookbackDays: 28, specialists: [] });

    beforeAll(async () => {
        const emulator = await startEmulator({ fixture: buildSmallFleetFixture(), rateLimits: false });
        try {
            const real = new ApifyClient({ token: SMALL_FLEET_TOKEN, baseUrl: emulator.url, maxRetries: 0 });
            await runFleetAnalysis({
                fleetClient: createRecordingClient(real, recorded),
                input,
                trendStore: createMemoryTrendStore(),
                now,
                isDemo: false,
                runId: null,
            });
        } finally {
            await emulator.stop();
        }
        freezeRecording(recorded);
        callKeys = [...recorded.keys()];
    });

    type Mutation = {
        call: number;
        node: number;
        kind: 'delete' | 'extra' | 'wrong-type' | 'null' | 'replace';
        value: unknown;
    };
    const mutation = fc.record({
        call: fc.nat(),
        node: fc.nat(),
        kind: fc.constantFrom<Mutation['kind']>('delete', 'extra', 'wrong-type', 'null', 'replace'),
        value: hostileValue,
    });

    /** Every (container, key) in a response, breadth first, capped so big pages stay cheap. */
    function slotsOf(root: unknown): Array<{ container: Record<string, unknown> | unknown[]; key: string | number }> {
        const slots: Array<{ container: Record<string, unknown> | unknown[]; key: string | number }> = [];
        const queue: unknown[] = [root];
        while (queue.length > 0 && slots.length < 4000) {
            const node = queue.shift();
            if (node === null || typeof node !== 'object' || node instanceof Date) continue;
            for (const key of Object.keys(node)) {
                const slotKey = Array.isArray(node) ? Number(key) : key;
                slots.push({ container: node as Record<string, unknown>, key: slotKey });
                queue.push((node as Record<string, unknown>)[key]);
            }
        }
        return slots;
    }

    function applyMutation(response: unknown, m: Mutation): unknown {
        const slots = slotsOf(response);
        if (m.kind === 'replace' && (slots.length === 0 || m.node % 7 === 0)) return m.value;
        if (slots.length === 0) return response;
        const { container, key } = slots[m.node % slots.length]!;
        const slot = container as Record<string | number, unknown>;
        switch (m.kind) {
            case 'delete':
                delete slot[key];
                break;
            case 'extra':
                (container as Record<string, unknown>)[`extra_${String(key)}`] = m.value;
                break;
            case 'null':
                slot[key] = null;
                break;
            case 'wrong-type': {
                const current = slot[key];
                slot[key] =
                    typeof current === 'string'
                        ? 12345
                        : typeof current === 'number'
                          ? String(current)
                          : Array.isArray(current)
                            ? { length: current.length }
                            : current instanceof Date
                              ? 'yesterday'
                              : typeof current === 'object' && current !== null
                                ? [current]
                                : 'wrong';
                break;
            }
            case 'replace':
                slot[key] = m.value;
                break;
        }
        return response;
    }

    it(
        `${SCALE.responseFuzzCases} analyses over mutated responses: a valid report, or a clear error; never a crash`,
        async () => {
            const problems: string[] = [];
            let failedClearly = 0;
            let completed = 0;
            await fc.assert(
                fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
                    const byCall = new Map<string, Mutation[]>();
                    for (const m of mutations) {
                        const key = callKeys[m.call % callKeys.length]!;
                        byCall.set(key, [...(byCall.get(key) ?? []), m]);
                    }
                    const client = createReplayClient(recorded, (key, response) => {
                        const mutationsOfCall = byCall.get(key);
                        return mutationsOfCall
                            ? mutationsOfCall.reduce(applyMutation, structuredClone(response))
                            : response;
                    });
                    try {
                        const { report } = await runFleetAnalysis({
                            fleetClient: client,
                            input,
                            trendStore: createMemoryTrendStore(),
                            now,
                            isDemo: false,
                            runId: null,
                            concurrency: 4,
                        });
                        fleetReportSchema.parse(report);
                        completed += 1;
                    } catch (error) {
                        const problem = clearMessageProblem(
                            error,
                            /Apify API|unexpected|invalid|not valid|missing|expected/i,
                        );
                        if (problem) {
                            problems.push(
                                `${problem} [after ${JSON.stringify(mutations.map((m) => ({ ...m, call: callKeys[m.call % callKeys.length], value: String(m.value).slice(0, 40) })))}]`,
                            );
                            return false;
                        }
                        failedClearly += 1;
                    }
                    return true;
                }),
                { numRuns: SCALE.responseFuzzCases },
            );
            ledger.record({
                id: 'fuzz/api-responses',
                what: 'analyses over API responses with missing, extra and wrong-typed fields',
                tried: SCALE.responseFuzzCases,
                lost: problems.length,
                detail: `${completed} valid reports, ${failedClearly} clear errors; lost = a crash, an invalid report or an unclear error`,
            });
            expect(problems.slice(0, 5)).toEqual([]);
        },
        FUZZ_CASE_TIMEOUT_MILLIS,
    );
});

describe('the process', () => {
    it('saw no unhandled rejection while fuzzing', () => {
        ledger.record({
            id: 'fuzz/unhandled-rejections',
            what: 'unhandled rejections while fuzzing',
            tried: 1,
            lost: rejections.reasons.length,
            detail: '',
        });
        expect(rejections.reasons).toEqual([]);
    });
});
