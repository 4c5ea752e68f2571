import { describe, expect, it } from 'vitest';
import { fleetDataSchema } from '../contracts/fleet-data.js';
import {
    buildActorData,
    buildDay,
    buildFleetData,
    buildSampledRun,
    buildUniformRuns,
    dayRange,
    makeActorData,
    makeDay,
    makeFleetData,
    makeSampledRun,
    makeStats,
    TEST_WINDOW,
} from './fleet-data-builder.js';

describe('fleet fixtures', () => {
    it('build valid FleetData', () => {
        const fleet = makeFleetData([
            makeActorData('a1', [makeDay('2025-03-28', { '0.0.1': makeStats({ succeeded: 1, durationsSecs: [3] }) })], {
                sampledRuns: [makeSampledRun('r1')],
            }),
        ]);
        expect(fleetDataSchema.safeParse(fleet).success).toBe(true);
    });

    it('build valid FleetData in the build* style, days by window index', () => {
        const fleet = buildFleetData([
            buildActorData({
                days: [buildDay(0, { '0.0.2': buildUniformRuns({ succeeded: 2, costPerRunUsd: 0.5 }) })],
                sampledRuns: [buildSampledRun({ dayIndex: 0 })],
                latestBuild: {},
                previousBuild: {},
            }),
        ]);
        expect(fleetDataSchema.safeParse(fleet).success).toBe(true);
        expect(fleet.window).toEqual(TEST_WINDOW);
        expect(fleet.actors[0]!.days[0]).toMatchObject({ day: '2026-01-01', byOrigin: { API: 2 } });
        expect(fleet.actors[0]!.builds.previous?.buildNumber).toBe('0.0.1');
    });

    it('dayRange counts back from the last day', () => {
        expect(dayRange('2025-03-02', 3)).toEqual(['2025-02-28', '2025-03-01', '2025-03-02']);
    });
});
