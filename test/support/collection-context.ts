/**
 * A CollectionContext (actor/engine/collection/collection-context.ts) against a running
 * emulator, for the unit tests of the collection stages that make requests.
 */
import { ApifyClient } from 'apify-client';
import type { CollectionContext, CollectionProgress } from '../../actor/engine/collection/collection-context.js';
import { FleetApi } from '../../actor/engine/collection/fleet-api.js';
import { RateLimiter } from '../../actor/engine/collection/rate-limiter.js';
import { createInMemoryTaskRunner } from '../../actor/engine/collection/task-runner.js';

export function emulatorCollectionContext(
    baseUrl: string,
    token: string,
): CollectionContext & { progress: CollectionProgress[] } {
    const client = new ApifyClient({ token, baseUrl, maxRetries: 2, minDelayBetweenRetriesMillis: 10 });
    const progress: CollectionProgress[] = [];
    return {
        api: new FleetApi(client, new RateLimiter({ maxInFlight: 20 })),
        runner: createInMemoryTaskRunner(50),
        signal: undefined,
        onProgress: (p) => progress.push(p),
        progress,
    };
}
