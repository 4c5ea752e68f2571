/**
 * Token buckets as the API documents its limits: per resource 60 requests/s, 200/s for
 * key-value record operations, 400/s for starting runs and pushing items, and 250,000 per
 * minute per user. Buckets start full (a burst of one second's worth) and refill
 * continuously on real time, not the emulator clock: limits protect the server, not the story.
 */
import { z } from 'zod';

export const RATE_LIMIT_CLASSES = ['default', 'kvsRecords', 'runStartsAndPushes'] as const;
export type RateLimitClass = (typeof RATE_LIMIT_CLASSES)[number];

export const rateLimitConfigSchema = z
    .object({
        defaultPerResourcePerSec: z.number().positive().default(60),
        kvsRecordsPerStorePerSec: z.number().positive().default(200),
        runStartsAndPushesPerResourcePerSec: z.number().positive().default(400),
        perUserPerMin: z.number().positive().default(250_000),
    })
    .strict();
export type RateLimitConfig = z.infer<typeof rateLimitConfigSchema>;

interface Bucket {
    tokens: number;
    updatedAtMillis: number;
}

export interface RateLimiter {
    /** Takes one token from the resource's bucket and the user's bucket; false = answer 429. */
    tryAcquire(userId: string, limitClass: RateLimitClass, resourceKey: string): boolean;
}

export function createRateLimiter(
    config: RateLimitConfig,
    nowMillis: () => number = () => performance.now(),
): RateLimiter {
    const buckets = new Map<string, Bucket>();

    function take(key: string, capacity: number, refillPerMilli: number): boolean {
        const now = nowMillis();
        let bucket = buckets.get(key);
        if (!bucket) buckets.set(key, (bucket = { tokens: capacity, updatedAtMillis: now }));
        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAtMillis) * refillPerMilli);
        bucket.updatedAtMillis = now;
        if (bucket.tokens < 1) return false;
        bucket.tokens -= 1;
        return true;
    }

    function perSecFor(limitClass: RateLimitClass): number {
        switch (limitClass) {
            case 'kvsRecords':
                return config.kvsRecordsPerStorePerSec;
            case 'runStartsAndPushes':
                return config.runStartsAndPushesPerResourcePerSec;
            default:
                return config.defaultPerResourcePerSec;
        }
    }

    return {
        tryAcquire(userId, limitClass, resourceKey) {
            const perSec = perSecFor(limitClass);
            if (!take(`resource:${limitClass}:${resourceKey}`, perSec, perSec / 1000)) return false;
            return take(`user:${userId}`, config.perUserPerMin, config.perUserPerMin / 60_000);
        },
    };
}
