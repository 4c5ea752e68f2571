/**
 * Random run-list items for the property tests of the collection's aggregation and sampling
 * (actor/engine/collection/run-aggregation.ts, sampling.ts): three days from 2026-01-01, two
 * Actors, every terminal status and RUNNING.
 */
import fc from 'fast-check';
import type { RunListItem } from '../../actor/engine/collection/fleet-api.js';

export const STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED', 'RUNNING'] as const;
export const runArbitrary = fc.record({
    n: fc.integer({ min: 0, max: 1_000_000 }),
    actor: fc.constantFrom('a1', 'a2'),
    minute: fc.integer({ min: 0, max: 3 * 1440 - 1 }),
    status: fc.constantFrom(...STATUSES),
    build: fc.constantFrom('0.0.1', '0.0.2', '0.0.10'),
    origin: fc.constantFrom('API', 'TEST', 'SCHEDULER'),
    usd: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
    durationSecs: fc.integer({ min: 0, max: 5000 }),
    clientIp: fc.constantFrom(null, '203.0.113.1', '203.0.113.2'),
    scheduleId: fc.constantFrom(null, 'schedule0000000A'),
});
export type RawRun = typeof runArbitrary extends fc.Arbitrary<infer T> ? T : never;
export function toItem(
    r: Omit<RawRun, 'clientIp' | 'scheduleId'> & Partial<Pick<RawRun, 'clientIp' | 'scheduleId'>>,
    i: number,
): RunListItem {
    const started = new Date(Date.UTC(2026, 0, 1) + r.minute * 60_000);
    return {
        id: `run-${i}-${r.n}`,
        actId: r.actor,
        status: r.status,
        startedAt: started.toISOString(),
        finishedAt: r.status === 'RUNNING' ? null : new Date(started.getTime() + r.durationSecs * 1000).toISOString(),
        buildNumber: r.build,
        meta: { origin: r.origin, clientIp: r.clientIp ?? null, scheduleId: r.scheduleId ?? null },
        actorTaskId: null,
        usageTotalUsd: r.usd,
        defaultDatasetId: `ds-${i}`,
    };
}
export const filter = {
    fromIso: '2026-01-01T00:00:00.000Z',
    toIso: '2026-01-04T00:00:00.000Z',
    origins: new Set<string>(),
};
