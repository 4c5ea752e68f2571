import { describe, expect, it } from 'vitest';
import {
    chooseRunListStrategy,
    estimateMinimumRequests,
} from '../../../../actor/engine/collection/run-list-strategy.js';

describe('run list strategy and the minimum', () => {
    it('prefers the account-wide list when it needs no more pages than Actors to fetch', () => {
        expect(chooseRunListStrategy(0, null).kind).toBe('none');
        expect(chooseRunListStrategy(1, null).kind).toBe('per-actor');
        expect(chooseRunListStrategy(20, 7_000).kind).toBe('account-wide');
        expect(chooseRunListStrategy(3, 50_000).kind).toBe('per-actor');
    });
    it('estimates the fewest requests from the fleet shape', () => {
        const min = estimateMinimumRequests({
            ownedActorCount: 1500,
            accountRunsInWindow: 2500,
            actors: [
                {
                    runsInWindow: 2000,
                    totalBuilds: 5,
                    finishedRecentBuilds: 4,
                    sampledRuns: 10,
                    sampledDatasets: 6,
                    sampledDatasetsWithItems: 5,
                },
                {
                    runsInWindow: 0,
                    totalBuilds: 0,
                    finishedRecentBuilds: 0,
                    sampledRuns: 0,
                    sampledDatasets: 0,
                    sampledDatasetsWithItems: 0,
                },
            ],
        });
        // 2 actor pages + min(3, 2) run pages + (1 + 1 + 2 + 10 + 6 + 5) + 1
        expect(min).toBe(2 + 2 + 25 + 1);
    });
});
