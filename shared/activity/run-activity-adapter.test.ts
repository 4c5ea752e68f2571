import { describe, expect, it } from 'vitest';
import { namedStoragesFromListItems, runActivityFromRunListItems } from './run-activity-adapter.js';

const item = {
    id: 'HG7ML7M8z78YcAPEB',
    actId: 'HDSasDasz78YcAPEB',
    userId: '7sT5jcggjjA9fNcxF',
    actorTaskId: 'KJHSKHausidyaJKHs',
    status: 'SUCCEEDED',
    startedAt: '2026-03-01T07:34:24.202Z',
    finishedAt: '2026-03-01T07:40:12.202Z',
    buildId: 'b1',
    buildNumber: '0.0.2',
    usageTotalUsd: 0.2,
    defaultDatasetId: 'd1',
    meta: {
        origin: 'API',
        clientIp: '203.0.113.5',
        userAgent: 'ApifyClient/2.25.0 (linux; Node/v20.10.0); isAtHome/false',
        scheduleId: null,
        scheduledAt: null,
    },
    somethingNew: { the: 'API adds fields' },
};

describe('runActivityFromRunListItems', () => {
    it('maps a RunShort list item with its RunMeta onto an activity record', () => {
        const { runs, problems } = runActivityFromRunListItems([item]);
        expect(problems).toEqual([]);
        expect(runs).toEqual([
            {
                runId: 'HG7ML7M8z78YcAPEB',
                actorId: 'HDSasDasz78YcAPEB',
                startedAt: '2026-03-01T07:34:24.202Z',
                finishedAt: '2026-03-01T07:40:12.202Z',
                status: 'SUCCEEDED',
                origin: 'API',
                clientIp: '203.0.113.5',
                userAgent: 'ApifyClient/2.25.0 (linux; Node/v20.10.0); isAtHome/false',
                scheduleId: null,
                scheduledAt: null,
                actorTaskId: 'KJHSKHausidyaJKHs',
                usageTotalUsd: 0.2,
            },
        ]);
    });

    it('reads items of today’s emulator and collection, which lack the client fields, as unknown clients', () => {
        const { runs } = runActivityFromRunListItems([{ ...item, actorTaskId: undefined, meta: { origin: 'WEB' } }]);
        expect(runs[0]).toMatchObject({
            origin: 'WEB',
            clientIp: null,
            userAgent: null,
            scheduleId: null,
            actorTaskId: null,
        });
    });

    it('reports an unreadable item with its position and leaves it out, never throws', () => {
        const { runs, problems } = runActivityFromRunListItems([
            item,
            { id: 'x' },
            { ...item, status: 'EXPLODED' },
            null,
        ]);
        expect(runs).toHaveLength(1);
        expect(problems).toHaveLength(3);
        expect(problems[0]).toMatch(/^run list item 1: actId: /);
        expect(problems[1]).toMatch(/^run list item 2: status: /);
    });
});

describe('namedStoragesFromListItems', () => {
    it('keeps named storages, skips unnamed ones and reports unreadable items', () => {
        const { storages, problems } = namedStoragesFromListItems('dataset', [
            { id: 'd1', name: 'leads', modifiedAt: '2026-03-01T10:00:00.000Z', itemCount: 5 },
            { id: 'd2', name: null, modifiedAt: '2026-03-01T10:00:00.000Z' },
            { id: 'd3', name: 'broken', modifiedAt: 'yesterday' },
        ]);
        expect(storages).toEqual([
            { id: 'd1', name: 'leads', kind: 'dataset', modifiedAt: '2026-03-01T10:00:00.000Z' },
        ]);
        expect(problems).toEqual([expect.stringMatching(/^dataset list item 2: modifiedAt: /)]);
    });
});
