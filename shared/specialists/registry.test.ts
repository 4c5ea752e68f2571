import { describe, expect, it } from 'vitest';
import { SPECIALISTS, signalsDocumentSchema } from '../contracts/signals.js';
import { SPECIALIST_OPTIONS_SCHEMAS, SPECIALIST_RUNNERS } from './registry.js';
import {
    buildActorData,
    buildDay,
    buildFleetData,
    buildSampledRun,
    buildUniformRuns,
    TEST_CONTEXT,
} from '../testing/fleet-data-builder.js';

const EVERY_PART_MISSING = (['metadata', 'runs', 'run-details', 'builds', 'datasets'] as const).map((part) => ({
    part,
    reason: '403 insufficient-permissions',
    permission: null,
}));

/** A private, low-volume, flaky, cheap Actor: nothing here deserves attention. */
const quietActor = buildActorData({
    actor: { id: 'quiet' },
    days: [
        buildDay(20, { '0.0.1': buildUniformRuns({ succeeded: 1, costPerRunUsd: 0.002 }) }),
        buildDay(26, { '0.0.2': buildUniformRuns({ succeeded: 1, failed: 1, costPerRunUsd: 0.002 }) }),
    ],
    sampledRuns: [
        buildSampledRun({
            dayIndex: 26,
            status: 'FAILED',
            buildNumber: '0.0.2',
            sampledBecause: 'recent-failure',
            dataset: null,
        }),
        buildSampledRun({ dayIndex: 26, buildNumber: '0.0.2' }),
    ],
    // Schemas declared, so the only thing special about this Actor is its low volume.
    latestBuild: {
        buildNumber: '0.0.2',
        inputSchema: {
            title: 'Input',
            type: 'object',
            schemaVersion: 1,
            properties: { q: { title: 'Query', type: 'string', description: 'What to search' } },
        },
        datasetSchema: { actorSpecification: 1, fields: { type: 'object', properties: { title: { type: 'string' } } } },
    },
    previousBuild: { buildNumber: '0.0.1' },
});

describe('specialist registry', () => {
    it('has a runner and an options schema for every specialist', () => {
        expect(Object.keys(SPECIALIST_RUNNERS).sort()).toEqual([...SPECIALISTS].sort());
        expect(Object.keys(SPECIALIST_OPTIONS_SCHEMAS).sort()).toEqual([...SPECIALISTS].sort());
    });

    for (const name of SPECIALISTS) {
        describe(name, () => {
            const run = SPECIALIST_RUNNERS[name];

            it('returns a valid, complete, empty document for an empty fleet', () => {
                const doc = run(buildFleetData([]), undefined, {
                    generatedAt: TEST_CONTEXT.generatedAt,
                    runId: 'run-abc',
                });
                expect(signalsDocumentSchema.parse(doc)).toEqual(doc);
                expect(doc).toMatchObject({
                    specialist: name,
                    runId: 'run-abc',
                    status: 'complete',
                    signals: [],
                    errors: [],
                    actorIds: [],
                });
            });

            it("is deterministic and independent of the Actors' order", () => {
                const other = buildActorData({ actor: { id: 'other', isPublic: true }, latestBuild: { readme: null } });
                const first = run(buildFleetData([quietActor, other]), {}, TEST_CONTEXT);
                expect(run(buildFleetData([quietActor, other]), {}, TEST_CONTEXT)).toEqual(first);
                expect(run(buildFleetData([other, quietActor]), {}, TEST_CONTEXT).signals).toEqual(first.signals);
            });

            it('does not alarm on a low-volume flaky, cheap, private Actor', () => {
                const doc = run(buildFleetData([quietActor]), {}, TEST_CONTEXT);
                expect(doc.signals.filter((s) => s.decision !== 'ignore')).toEqual([]);
            });

            it('lists an Actor with no readable data as an error instead of crashing', () => {
                const blind = buildActorData({ actor: { id: 'blind' }, missing: EVERY_PART_MISSING });
                const doc = run(
                    buildFleetData([blind]),
                    name === 'ab-tester'
                        ? { pairs: [{ kind: 'builds', actor: 'blind', buildA: '1', buildB: '2' }] }
                        : {},
                    TEST_CONTEXT,
                );
                expect(signalsDocumentSchema.safeParse(doc).success).toBe(true);
                expect(doc.status).toBe('partial');
                expect(doc.errors.some((e) => e.actorId === 'blind')).toBe(true);
            });

            it('rejects unknown options', () => {
                expect(() => run(buildFleetData([]), { notAnOption: true }, TEST_CONTEXT)).toThrow();
            });
        });
    }
});
