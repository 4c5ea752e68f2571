import { describe, expect, it } from 'vitest';
import {
    buildCacheEntry,
    completeThroughDay,
    type CacheEntryInput,
} from '../../../../actor/engine/collection/build-cache-entry.js';
import { actorCacheEntrySchema } from '../../../../actor/engine/collection/collection-cache.js';
import type { ActorMetadata, SampledRun } from '../../../../shared/contracts/fleet-data.js';
import { actorDaysOf, actorListItem, runListItem } from '../../../support/collection-items.js';
import { makeActorMetadata } from '../../../../shared/testing/fleet-data-builder.js';

const runs = [
    runListItem('r1', 'a', '2026-01-01T10:00:00.000Z'),
    runListItem('r2', 'a', '2026-01-02T10:00:00.000Z'),
    runListItem('r3', 'a', '2026-01-03T10:00:00.000Z', { status: 'RUNNING', finishedAt: null }),
    runListItem('r4', 'a', '2026-01-04T10:00:00.000Z'),
];

function sampled(id: string, startedAt: string): SampledRun {
    return {
        id,
        status: 'SUCCEEDED',
        origin: 'API',
        startedAt,
        finishedAt: startedAt,
        buildNumber: '0.1.1',
        usageTotalUsd: 0.01,
        memoryMbytes: 1024,
        memMaxBytes: null,
        computeUnits: null,
        timeoutSecs: null,
        exitCode: 0,
        statusMessage: null,
        defaultDatasetId: `ds-${id}`,
        dataset: null,
        sampledBecause: 'recent',
    };
}

const actor: ActorMetadata = makeActorMetadata('a', { name: 'alice/actor-a', createdAt: '2025-01-01T00:00:00.000Z' });

function input(overrides: Partial<CacheEntryInput> = {}): CacheEntryInput {
    const nowIso = '2026-01-06T00:00:00.000Z';
    return {
        item: actorListItem('a'),
        days: actorDaysOf('a', runs, nowIso),
        profile: {
            actor,
            metadataFromDetail: true,
            builds: { latest: null, previous: null },
            missing: [],
        },
        sampledRuns: [sampled('r1', '2026-01-01T10:00:00.000Z'), sampled('r2', '2026-01-02T10:00:00.000Z')],
        previous: undefined,
        missingParts: [],
        datasetOnlyRunIds: new Set(['r2']),
        window: { from: '2026-01-01T00:00:00.000Z' },
        windowFromDay: '2026-01-01',
        windowToDay: '2026-01-08',
        originsKey: '',
        nowIso,
        ...overrides,
    };
}

describe('completeThroughDay', () => {
    it('stops at the first day with an unfinished run, or that is not over yet', () => {
        const base = input();
        expect(completeThroughDay(base)).toBe('2026-01-03');
        const finished = input({ days: base.days.filter((d) => d.aggregate.day !== '2026-01-03') });
        expect(completeThroughDay(finished)).toBe('2026-01-06');
        expect(completeThroughDay({ ...finished, nowIso: '2026-01-02T12:00:00.000Z' })).toBe('2026-01-02');
        expect(completeThroughDay({ ...finished, nowIso: '2026-02-01T00:00:00.000Z' })).toBe('2026-01-08');
    });
});

describe('buildCacheEntry', () => {
    it('keeps covered days, details and dataset-only runs of covered days, metadata and builds', () => {
        const entry = buildCacheEntry(input());
        expect(() => actorCacheEntrySchema.parse(entry)).not.toThrow();
        expect(entry.completeThrough).toBe('2026-01-03');
        expect(entry.days.map((d) => d.aggregate.day)).toEqual(['2026-01-01', '2026-01-02']);
        expect(Object.keys(entry.runDetails)).toEqual(['r1']);
        expect(entry.runDetails.r1).not.toHaveProperty('sampledBecause');
        expect(entry.runDatasets).toEqual({ r2: { startedAt: '2026-01-02T10:00:00.000Z', dataset: null } });
        expect(entry.metadata).toEqual({ modifiedAt: '2025-06-01T00:00:00.000Z', actor });
        expect(entry.builds).toEqual({ totalBuilds: 3, latest: null, previous: null });
    });

    it('carries the previous entry’s runs still in the covered range, and nothing when details were missing', () => {
        const { sampledBecause: _r, ...old } = sampled('r0', '2026-01-01T05:00:00.000Z');
        const { sampledBecause: _s, ...outside } = sampled('rx', '2025-12-31T05:00:00.000Z');
        const previous = buildCacheEntry(input());
        previous.runDetails = { r0: old, rx: outside };
        const entry = buildCacheEntry(input({ previous }));
        expect(Object.keys(entry.runDetails).sort()).toEqual(['r0', 'r1']);
        const denied = buildCacheEntry(input({ previous, missingParts: ['datasets'] }));
        expect([denied.runDetails, denied.runDatasets]).toEqual([{}, {}]);
    });

    it('caches no metadata without the detail and no builds without a build count', () => {
        const entry = buildCacheEntry(
            input({
                item: actorListItem('a', { stats: { totalRuns: 1, totalBuilds: null, lastRunStartedAt: null } }),
                profile: { actor, metadataFromDetail: false, builds: null, missing: [] },
            }),
        );
        expect([entry.metadata, entry.builds]).toEqual([null, null]);
    });
});
