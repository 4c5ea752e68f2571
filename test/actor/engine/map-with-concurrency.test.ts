import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../../actor/engine/map-with-concurrency.js';

describe('mapWithConcurrency', () => {
    it('keeps at most `concurrency` tasks in flight and returns results in item order', async () => {
        let inFlight = 0;
        let maxInFlight = 0;
        const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (item, index) => {
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            // Later items finish first on some lanes: the order of results must not follow.
            for (let i = 0; i < item; i += 1) await Promise.resolve();
            inFlight -= 1;
            return `${index}:${item}`;
        });
        expect(maxInFlight).toBe(3);
        expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    });

    it('does nothing for no items and rejects a concurrency below 1', async () => {
        expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
        await expect(mapWithConcurrency([1], 0, async () => 1)).rejects.toThrow(/positive integer/);
    });

    it('passes a failing task on', async () => {
        await expect(
            mapWithConcurrency([1, 2, 3], 2, async (item) => {
                if (item === 2) throw new Error('boom');
                return item;
            }),
        ).rejects.toThrow('boom');
    });
});
