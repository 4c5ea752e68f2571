import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signalSchema, signalsDocumentSchema, type SignalInput } from '../contracts/signals.js';
import { mergeSignalDocuments } from './merge-signals.js';

const WINDOW = { from: '2025-03-01T00:00:00.000Z', to: '2025-03-29T00:00:00.000Z' };

function makeSignal(
    source: SignalInput['source'],
    kind: string,
    actorId: string,
    extra: Partial<SignalInput> = {},
): SignalInput {
    return {
        fingerprint: `${source}:${kind}:${actorId}`,
        kind,
        source,
        actorId,
        actorName: null,
        severity: 'medium',
        decision: 'monitor',
        title: `${kind} on ${actorId}`,
        detail: '',
        metric: null,
        evidence: { runIds: [], buildNumbers: [], notes: [] },
        scoreImpact: { component: 'cost', points: 5 },
        usdPerMonth: null,
        fix: 'fix it',
        labels: {},
        ...extra,
    };
}

function makeDocument(specialist: SignalInput['source'], signals: SignalInput[], extra: Record<string, unknown> = {}) {
    return {
        schemaVersion: 1,
        specialist,
        runId: null,
        generatedAt: '2025-03-29T00:00:00.000Z',
        window: WINDOW,
        actorIds: ['a1', 'a2'],
        status: 'complete',
        errors: [],
        signals,
        ...extra,
    };
}

describe('mergeSignalDocuments', () => {
    it('merges valid documents and de-duplicates by fingerprint keeping the most severe', () => {
        const result = mergeSignalDocuments([
            makeDocument('cost-watchdog', [makeSignal('cost-watchdog', 'cost-spike', 'a1')]),
            makeDocument(
                'cost-watchdog',
                [makeSignal('cost-watchdog', 'cost-spike', 'a1', { severity: 'high', decision: 'act_now' })],
                { runId: 'run2' },
            ),
            makeDocument('core', [makeSignal('core', 'stale-actor', 'a2')]),
        ]);
        expect(result.signals.map((s) => [s.fingerprint, s.severity])).toEqual([
            ['cost-watchdog:cost-spike:a1', 'high'],
            ['core:stale-actor:a2', 'medium'],
        ]);
        expect(result.quarantine).toEqual([]);
        expect(result.statuses.map((s) => [s.name, s.status, s.runId])).toEqual([
            ['core', 'complete', undefined],
            ['cost-watchdog', 'complete', undefined],
            ['cost-watchdog', 'complete', 'run2'],
        ]);
    });

    it('is independent of document order', () => {
        const docs = [
            makeDocument('cost-watchdog', [
                makeSignal('cost-watchdog', 'x', 'a1'),
                makeSignal('cost-watchdog', 'y', 'a2', { severity: 'high' }),
            ]),
            makeDocument('core', [makeSignal('core', 'z', 'a1', { severity: 'low' })]),
        ];
        expect(mergeSignalDocuments(docs).signals).toEqual(mergeSignalDocuments([...docs].reverse()).signals);
    });

    it('quarantines a malformed document with a readable reason, keeping the rest', () => {
        const bad = makeDocument(
            'quality-monitor',
            [{ ...makeSignal('quality-monitor', 'empty', 'a1'), severity: 'apocalyptic' as never }],
            { runId: 'runQ' },
        );
        const result = mergeSignalDocuments(
            [bad, makeDocument('core', [makeSignal('core', 'k', 'a1')])],
            [{ name: 'quality-monitor', runId: 'runQ', status: 'succeeded', actorIds: ['a1'] }],
        );
        expect(result.signals.map((s) => s.fingerprint)).toEqual(['core:k:a1']);
        expect(result.quarantine).toHaveLength(1);
        expect(result.quarantine[0]!.specialist).toBe('quality-monitor');
        expect(result.quarantine[0]!.runId).toBe('runQ');
        expect(result.quarantine[0]!.reason).toMatch(/^Invalid SIGNALS document: signals\.0\.severity: /);
        const status = result.statuses.find((s) => s.name === 'quality-monitor')!;
        expect(status).toMatchObject({ status: 'quarantined', runId: 'runQ', missingActorIds: ['a1'], signalCount: 0 });
    });

    it('reports failed and missing specialist runs with the Actors they leave uncovered', () => {
        const result = mergeSignalDocuments(
            [],
            [
                { name: 'release-gate', runId: 'r1', status: 'timed-out', actorIds: ['b', 'a'] },
                { name: 'compliance-scanner', runId: 'r2', status: 'succeeded', actorIds: ['c'] },
            ],
        );
        expect(result.statuses).toEqual([
            {
                name: 'release-gate',
                status: 'failed',
                runId: 'r1',
                reason: 'Run r1 ended with status TIMED-OUT; its Actors have no release-gate signals.',
                missingActorIds: ['a', 'b'],
                signalCount: 0,
            },
            {
                name: 'compliance-scanner',
                status: 'failed',
                runId: 'r2',
                reason: 'Run r2 finished without a SIGNALS record.',
                missingActorIds: ['c'],
                signalCount: 0,
            },
        ]);
    });

    it('drops signals that claim another source', () => {
        const spoof = makeDocument('ab-tester', [
            makeSignal('core', 'high-failure-rate', 'a1'),
            makeSignal('ab-tester', 'ok', 'a1'),
        ]);
        const result = mergeSignalDocuments([spoof]);
        expect(result.signals.map((s) => s.fingerprint)).toEqual(['ab-tester:ok:a1']);
        expect(result.statuses[0]!.status).toBe('partial');
        expect(result.quarantine[0]!.reason).toContain('1 signal(s) dropped');
    });

    it('bounds the reason for huge hostile documents', () => {
        const huge = 'x'.repeat(1_000_000);
        const result = mergeSignalDocuments([{ ...makeDocument('core', []), [huge]: 1, runId: huge }]);
        expect(result.quarantine[0]!.reason.length).toBeLessThan(1000);
        expect(result.quarantine[0]!.runId).toBeNull();
    });

    it('survives getters that throw', () => {
        const hostile = Object.defineProperty({}, 'specialist', {
            enumerable: true,
            get() {
                throw new Error('boom');
            },
        });
        expect(() => mergeSignalDocuments([hostile])).not.toThrow();
        expect(mergeSignalDocuments([hostile]).signals).toEqual([]);
    });

    describe('property: never throws, nothing unvalidated passes', () => {
        const validDocument = fc
            .record({
                specialist: fc.constantFrom('core', 'cost-watchdog', 'quality-monitor'),
                kinds: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 5 }),
            })
            .map(({ specialist, kinds }) =>
                makeDocument(
                    specialist as SignalInput['source'],
                    kinds.map((k, i) => makeSignal(specialist as SignalInput['source'], k, `actor${i}`)),
                ),
            );

        const hostileValue = fc.oneof(
            fc.anything(),
            fc.string({ minLength: 0, maxLength: 5000 }),
            fc.constantFrom(null, undefined, 0, NaN, Infinity, -1, '', [], {}),
            fc.constant(
                JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
            ),
        );

        const mutatedDocument = fc
            .tuple(
                validDocument,
                fc.constantFrom(
                    'schemaVersion',
                    'specialist',
                    'runId',
                    'generatedAt',
                    'window',
                    'actorIds',
                    'status',
                    'errors',
                    'signals',
                    '__proto__',
                    'constructor',
                    'extra',
                ),
                hostileValue,
            )
            .map(([doc, key, value]) => {
                const copy: Record<string, unknown> = JSON.parse(JSON.stringify(doc));
                Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
                return copy;
            });

        const mutatedSignal = fc
            .tuple(
                validDocument,
                fc.constantFrom(
                    'fingerprint',
                    'kind',
                    'source',
                    'actorId',
                    'severity',
                    'decision',
                    'title',
                    'detail',
                    'metric',
                    'evidence',
                    'scoreImpact',
                    'usdPerMonth',
                    'fix',
                    'labels',
                    '__proto__',
                ),
                hostileValue,
            )
            .map(([doc, key, value]) => {
                const copy = JSON.parse(JSON.stringify(doc)) as { signals: Record<string, unknown>[] };
                if (copy.signals[0])
                    Object.defineProperty(copy.signals[0], key, {
                        value,
                        enumerable: true,
                        writable: true,
                        configurable: true,
                    });
                return copy;
            });

        it('holds for anything, valid, mutated and hostile documents', () => {
            fc.assert(
                fc.property(
                    fc.array(fc.oneof(hostileValue, validDocument, mutatedDocument, mutatedSignal), { maxLength: 6 }),
                    (documents) => {
                        const result = mergeSignalDocuments(documents);
                        for (const signal of result.signals) expect(signalSchema.safeParse(signal).success).toBe(true);
                        for (const document of result.documents)
                            expect(signalsDocumentSchema.safeParse(document).success).toBe(true);
                        expect(
                            result.documents.length +
                                result.quarantine.filter(
                                    (q) => q.reason.startsWith('Invalid') || q.reason.startsWith('SIGNALS'),
                                ).length,
                        ).toBe(documents.length);
                        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
                        expect(JSON.parse(JSON.stringify(result))).toBeTruthy();
                    },
                ),
                { numRuns: 400 },
            );
        });
    });
});
