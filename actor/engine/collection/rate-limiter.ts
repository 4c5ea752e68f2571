/**
 * Client-side mirror of Apify's rate limits, so the collection runs as fast as the limits
 * allow and 429s stay rare (apify-client retries the few that happen; no second retry layer):
 *
 * - per resource, a token bucket of 60 requests/s (the account-wide run list is ONE resource;
 *   one Actor's run list, one run, one dataset are each their own), 200/s for key-value record
 *   operations;
 * - per user, one bucket of 250,000 requests/min (≈ 4,166/s) shared by everything;
 * - at most `maxInFlight` requests at once (sockets, memory of parsed responses), and a
 *   smaller cap per heavy kind (`maxInFlightByGroup`, e.g. 1,000-item list pages: each is
 *   ≈ 1 MB of JSON plus its parsed objects; a few in flight already sustain 60/s).
 *
 * Buckets reserve: a caller that finds the bucket empty takes a future token (the count goes
 * negative) and sleeps until it is due, so callers are served first come, first served with
 * one timer each and no polling. Our rates and bursts sit below the platform's (see
 * RATE_SAFETY_FACTOR and `burstSeconds`).
 *
 * Time comes from an injected clock so the tests are deterministic (fake clock, no timing).
 */
import { CollectionAbortedError } from './errors.js';

export interface LimiterClock {
    nowMs(): number;
    /** Resolves after `ms` (rejects with CollectionAbortedError when `signal` fires). */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: LimiterClock = {
    nowMs: () => performance.now(),
    sleep: async (ms, signal) =>
        new Promise<void>((resolve, reject) => {
            if (signal?.aborted) {
                reject(new CollectionAbortedError());
                return;
            }
            const onAbort = (): void => {
                clearTimeout(timer);
                reject(new CollectionAbortedError());
            };
            const timer = setTimeout(() => {
                signal?.removeEventListener('abort', onAbort);
                resolve();
            }, ms);
            signal?.addEventListener('abort', onAbort, { once: true });
        }),
};

/** The platform's documented limits. */
export const PLATFORM_LIMITS = {
    perResourcePerSec: 60,
    kvsRecordsPerStorePerSec: 200,
    perUserPerMin: 250_000,
} as const;

/**
 * Share of each platform rate we use: headroom for clock skew, event-loop delay between our
 * token and the socket write, and the account's other clients.
 */
export const RATE_SAFETY_FACTOR = 0.9;

export type ResourceClass = 'default' | 'kvsRecords';

export interface RateLimiterOptions {
    /** Requests in flight at once, all kinds together. */
    maxInFlight: number;
    /** Tighter in-flight caps for named groups of requests (a request may name one group). */
    maxInFlightByGroup?: Readonly<Record<string, number>>;
    perResourcePerSec?: number;
    kvsRecordsPerSec?: number;
    perUserPerSec?: number;
    /** Tokens a bucket starts with and holds at most, in seconds of its rate (default 0.5: the platform allows 1). */
    burstSeconds?: number;
    clock?: LimiterClock;
    signal?: AbortSignal;
    /**
     * Where the per-resource buckets are kept (default: a new map). Idle full buckets are
     * removed from it, so its size is the number of resources remembered.
     */
    resourceBuckets?: Map<string, RateBucket>;
}

export interface LimitedRequest {
    /** Rate-limit resource, e.g. `actor-runs` (account-wide list) or `run:<id>`. */
    resource: string;
    resourceClass?: ResourceClass;
    /** In-flight group, e.g. `list-page`. */
    group?: string;
    /**
     * On the critical path (run-list pages: everything after them waits for the last one):
     * served before other waiters when in-flight slots are scarce.
     */
    urgent?: boolean;
}

export interface RateBucket {
    tokens: number;
    updatedMs: number;
    ratePerMs: number;
}

/** A counting semaphore with FIFO waiters; urgent waiters go first. */
class Slots {
    private used = 0;
    private readonly waiting: Array<() => void> = [];
    private readonly urgentWaiting: Array<() => void> = [];
    constructor(private readonly capacity: number) {}
    acquire(urgent = false): Promise<void> {
        if (this.used < this.capacity) {
            this.used += 1;
            return Promise.resolve();
        }
        const queue = urgent ? this.urgentWaiting : this.waiting;
        return new Promise((resolve) =>
            queue.push(() => {
                this.used += 1;
                resolve();
            }),
        );
    }
    release(): void {
        this.used -= 1;
        (this.urgentWaiting.shift() ?? this.waiting.shift())?.();
    }
    get inUse(): number {
        return this.used;
    }
}

/** Buckets idle long enough to be full again are dropped once the map grows past this. */
const BUCKET_SWEEP_THRESHOLD = 5_000;

export class RateLimiter {
    private readonly buckets: Map<string, RateBucket>;
    private readonly userBucket: RateBucket;
    private readonly inFlight: Slots;
    private readonly groups = new Map<string, Slots>();
    private readonly clock: LimiterClock;
    private readonly perResourcePerMs: number;
    private readonly kvsPerMs: number;
    private readonly perUserPerMs: number;
    private readonly burstSeconds: number;

    constructor(private readonly options: RateLimiterOptions) {
        if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1)
            throw new RangeError('maxInFlight must be a positive integer');
        for (const [group, cap] of Object.entries(options.maxInFlightByGroup ?? {})) {
            if (!Number.isInteger(cap) || cap < 1)
                throw new RangeError(`maxInFlightByGroup.${group} must be a positive integer`);
            this.groups.set(group, new Slots(cap));
        }
        this.clock = options.clock ?? systemClock;
        this.buckets = options.resourceBuckets ?? new Map();
        this.perResourcePerMs =
            (options.perResourcePerSec ?? PLATFORM_LIMITS.perResourcePerSec * RATE_SAFETY_FACTOR) / 1000;
        this.kvsPerMs =
            (options.kvsRecordsPerSec ?? PLATFORM_LIMITS.kvsRecordsPerStorePerSec * RATE_SAFETY_FACTOR) / 1000;
        this.perUserPerMs = (options.perUserPerSec ?? (PLATFORM_LIMITS.perUserPerMin / 60) * RATE_SAFETY_FACTOR) / 1000;
        this.burstSeconds = options.burstSeconds ?? 0.5;
        if (!(this.burstSeconds > 0)) throw new RangeError('burstSeconds must be positive');
        this.inFlight = new Slots(options.maxInFlight);
        this.userBucket = {
            tokens: this.capacityOf(this.perUserPerMs),
            updatedMs: this.clock.nowMs(),
            ratePerMs: this.perUserPerMs,
        };
    }

    /** Requests currently holding an in-flight slot. */
    get requestsInFlight(): number {
        return this.inFlight.inUse;
    }

    /**
     * Runs `fn` once an in-flight slot (and its group's), the resource and the user allow it.
     * Tokens are taken last, just before sending: a token taken while still queueing for a slot
     * would let requests leave in bunches later (under CPU load, slots free up in clusters) and
     * exceed the platform's bucket even though our reservations were spaced. Only resources
     * that are hit repeatedly ever wait for a token (run-list pages), and those are in a small
     * group, so the slots held while waiting are few.
     */
    async run<T>(request: LimitedRequest, fn: () => Promise<T>): Promise<T> {
        const ratePerMs = request.resourceClass === 'kvsRecords' ? this.kvsPerMs : this.perResourcePerMs;
        const group = request.group === undefined ? undefined : this.groups.get(request.group);
        await group?.acquire(request.urgent === true);
        try {
            await this.inFlight.acquire(request.urgent === true);
            try {
                await this.wait(this.reserve(this.resourceBucket(request.resource, ratePerMs)));
                await this.wait(this.reserve(this.userBucket));
                return await fn();
            } finally {
                this.inFlight.release();
            }
        } finally {
            group?.release();
        }
    }

    private capacityOf(ratePerMs: number): number {
        return Math.max(1, ratePerMs * 1000 * this.burstSeconds);
    }

    private resourceBucket(resource: string, ratePerMs: number): RateBucket {
        let bucket = this.buckets.get(resource);
        if (bucket === undefined) {
            if (this.buckets.size >= BUCKET_SWEEP_THRESHOLD) this.sweep();
            bucket = { tokens: this.capacityOf(ratePerMs), updatedMs: this.clock.nowMs(), ratePerMs };
            this.buckets.set(resource, bucket);
        }
        return bucket;
    }

    /** Takes one token (possibly a future one); returns how long to wait for it, ms. */
    private reserve(bucket: RateBucket): number {
        const now = this.clock.nowMs();
        bucket.tokens = Math.min(
            this.capacityOf(bucket.ratePerMs),
            bucket.tokens + (now - bucket.updatedMs) * bucket.ratePerMs,
        );
        bucket.updatedMs = now;
        bucket.tokens -= 1;
        return bucket.tokens >= 0 ? 0 : -bucket.tokens / bucket.ratePerMs;
    }

    private async wait(ms: number): Promise<void> {
        if (this.options.signal?.aborted) throw new CollectionAbortedError();
        if (ms > 0) await this.clock.sleep(ms, this.options.signal);
    }

    /** Forgets buckets that have refilled completely: they behave exactly like new ones. */
    private sweep(): void {
        const now = this.clock.nowMs();
        for (const [key, bucket] of this.buckets) {
            const deficit = this.capacityOf(bucket.ratePerMs) - bucket.tokens;
            if (now - bucket.updatedMs >= deficit / bucket.ratePerMs) this.buckets.delete(key);
        }
    }
}
