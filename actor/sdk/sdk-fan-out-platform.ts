/**
 * What the engine's fan-out needs from the platform (`executionMode: "runs"`): this Actor's id,
 * its own default store for shard records, and how much of the run's timeout is left. Outside
 * the platform there is nothing to fan out to, so the answer is undefined and the engine runs
 * the specialists inline.
 */
import { Actor } from 'apify';
import type { FanOutPlatform } from '../engine/fan-out/run-specialists-as-runs.js';

export function createSdkFanOutPlatform(): FanOutPlatform | undefined {
    const env = Actor.getEnv();
    if (!Actor.isAtHome() || !env.actorId || !env.defaultKeyValueStoreId) return undefined;
    return {
        actorId: env.actorId,
        parentRunId: env.actorRunId ?? null,
        ownStoreId: env.defaultKeyValueStoreId,
        getOwnRecord: (key) => Actor.getValue(key),
        setOwnRecord: (key, value) => Actor.setValue(key, value),
        timeLeftMillis: () =>
            env.timeoutAt && env.startedAt
                ? env.timeoutAt.getTime() - env.startedAt.getTime() - process.uptime() * 1000
                : null,
    };
}
