/**
 * A small FleetReport for tests of what is made from a report (alert webhook, HTML report,
 * dataset rows, snapshots): one healthy Actor and one failing hard, with a hostile title.
 */
import { buildFleetReport } from '../analysis/build-fleet-report.js';
import type { FleetReport } from '../contracts/fleet-report.js';
import { dayRange, makeActorData, makeDay, makeFleetData, makeStats } from './fleet-data-builder.js';

export const HOSTILE = '<script>alert("x")</script><img src=https://evil.example/x.png>';

/** A small fleet: one healthy Actor and one failing hard, with a hostile title. */
export function buildSampleReport(): FleetReport {
    const days = dayRange('2025-06-27', 28);
    const healthy = makeActorData(
        'healthyActor01',
        days.map((day) =>
            makeDay(day, { '0.1.1': makeStats({ succeeded: 10, costUsd: 0.1, durationsSecs: [30, 40] }) }),
        ),
    );
    const failing = makeActorData(
        'failingActor01',
        days.map((day, i) =>
            makeDay(
                day,
                {
                    '0.2.1': makeStats({
                        succeeded: i < 21 ? 19 : 8,
                        failed: i < 21 ? 1 : 12,
                        costUsd: 0.2,
                        durationsSecs: [60],
                    }),
                },
                { recentFailedRunIds: [`run${i}`] },
            ),
        ),
        { actor: { title: HOSTILE, name: `tester/${HOSTILE}` } },
    );
    const fleetData = makeFleetData([healthy, failing], {
        window: { from: '2025-06-01T00:00:00.000Z', to: '2025-06-29T00:00:00.000Z' },
    });
    return buildFleetReport({
        fleetData,
        signalDocuments: [],
        generatedAt: '2025-06-28T12:00:00.000Z',
        isDemo: false,
        trendStore: { name: 'fleet-analytics-trends', mode: 'named', note: null },
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
    });
}
