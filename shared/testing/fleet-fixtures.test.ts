import { describe, expect, it } from 'vitest';
import { fleetDataSchema } from '../contracts/fleet-data.js';
import { dayRange, makeActorData, makeDay, makeFleetData, makeSampledRun, makeStats } from './fleet-fixtures.js';

describe('fleet fixtures', () => {
    it('build valid FleetData', () => {
        const fleet = makeFleetData([
            makeActorData('a1', [makeDay('2025-03-28', { '0.0.1': makeStats({ succeeded: 1, durationsSecs: [3] }) })], {
                sampledRuns: [makeSampledRun('r1')],
            }),
        ]);
        expect(fleetDataSchema.safeParse(fleet).success).toBe(true);
    });

    it('dayRange counts back from the last day', () => {
        expect(dayRange('2025-03-02', 3)).toEqual(['2025-02-28', '2025-03-01', '2025-03-02']);
    });
});
