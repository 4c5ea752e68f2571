/**
 * The client-side rate limiter on a fake clock: when each request may start is decided by
 * the token buckets and slots alone, so the tests assert start times in fake milliseconds
 * (deterministic, no real waiting, no timing assertions).
 */
import { describe, expect, it } from 'vitest';
import { CollectionAbortedError } from '../../../../actor/engine/collection/errors.js';
import { RateLimiter, type LimiterClock, type RateBucket } from '../../../../actor/engine/collection/rate-limiter.js';

class FakeClock implements LimiterClock {
    private timeMs = 0;
    private timers: Array<{ dueMs: number; resolve: () => void }> = [];
    nowMs(): number {
        return this.timeMs;
    }
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
        return new Promise((resolve, reject) => {
            const timer = { dueMs: this.timeMs + ms, resolve };
            this.timers.push(timer);
            signal?.addEventListener(
                'abort',
                () => {
                    this.timers = this.timers.filter((t) => t !== timer);
                    reject(new CollectionAbortedError());
                },
                { once: true },
            );
        });
    }
    /** Moves time forward to `targetMs`, firing due timers in order and letting their continuations run. */
    async advanceTo(targetMs: number): Promise<void> {
        await settle();
        for (;;) {
            const next = this.timers.filter((t) => t.dueMs <= targetMs).sort((a, b) => a.dueMs - b.dueMs)[0];
            if (next === undefined) break;
            this.timers = this.timers.filter((t) => t !== next);
            this.timeMs = Math.max(this.timeMs, next.dueMs);
            next.resolve();
            await settle();
        }
        this.timeMs = targetMs;
        await settle();
    }
}

/** Lets every pending promise continuation run (no real time passes that matters). */
async function settle(): Promise<void> {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Starts `count` requests on `resource`; records the fake time each one starts. */
function startMany(
    limiter: RateLimiter,
    clock: FakeClock,
    resource: string,
    count: number,
    starts: number[],
    work: () => Promise<void> = async () => {},
): Array<Promise<void>> {
    return Array.from({ length: count }, async () =>
        limiter.run({ resource }, async () => {
            starts.push(clock.nowMs());
            await work();
        }),
    );
}

describe('RateLimiter', () => {
    it('lets a burst through at once, then spaces one resource at its rate', async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter({
            maxInFlight: 100,
            perResourcePerSec: 10,
            perUserPerSec: 1000,
            burstSeconds: 1,
            clock,
        });
        const starts: number[] = [];
        const all = startMany(limiter, clock, 'actor-runs', 13, starts);
        await clock.advanceTo(1000);
        await Promise.all(all);
        // 10 tokens at start (one second of rate), then one every 100 ms.
        expect(starts.slice(0, 10)).toEqual(Array(10).fill(0));
        expect(starts.slice(10).map((t) => Math.round(t))).toEqual([100, 200, 300]);
    });

    it('keeps resources independent: a busy run list does not delay run details', async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter({
            maxInFlight: 100,
            perResourcePerSec: 2,
            perUserPerSec: 1000,
            burstSeconds: 1,
            clock,
        });
        const listStarts: number[] = [];
        const detailStarts: number[] = [];
        const lists = startMany(limiter, clock, 'actor-runs', 6, listStarts);
        const details = Array.from({ length: 20 }, async (_, i) =>
            limiter.run({ resource: `run:${i}` }, async () => {
                detailStarts.push(clock.nowMs());
            }),
        );
        await clock.advanceTo(0);
        expect(detailStarts).toEqual(Array(20).fill(0));
        expect(listStarts).toEqual([0, 0]);
        await clock.advanceTo(2000);
        await Promise.all([...lists, ...details]);
        expect(listStarts.map((t) => Math.round(t))).toEqual([0, 0, 500, 1000, 1500, 2000]);
    });

    it('caps the whole client at the per-user rate', async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter({
            maxInFlight: 1000,
            perResourcePerSec: 100,
            perUserPerSec: 50,
            burstSeconds: 1,
            clock,
        });
        const starts: number[] = [];
        const all = Array.from({ length: 150 }, async (_, i) =>
            limiter.run({ resource: `run:${i}` }, async () => {
                starts.push(clock.nowMs());
            }),
        );
        await clock.advanceTo(2000);
        await Promise.all(all);
        expect(starts.filter((t) => t === 0)).toHaveLength(50);
        expect(starts.filter((t) => t <= 1000)).toHaveLength(100);
        expect(Math.max(...starts)).toBeCloseTo(2000, 6);
    });

    it('holds at most maxInFlight requests and at most the group cap of a group', async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter({
            maxInFlight: 4,
            maxInFlightByGroup: { 'list-page': 2 },
            perResourcePerSec: 1000,
            perUserPerSec: 10_000,
            clock,
        });
        const releases: Array<() => void> = [];
        let running = 0;
        let peak = 0;
        let peakPages = 0;
        let pages = 0;
        const job = (group?: string) =>
            limiter.run({ resource: `r:${Math.random()}`, ...(group ? { group } : {}) }, async () => {
                running += 1;
                if (group) pages += 1;
                peak = Math.max(peak, running);
                peakPages = Math.max(peakPages, pages);
                await new Promise<void>((resolve) => releases.push(resolve));
                running -= 1;
                if (group) pages -= 1;
            });
        const all = [...Array.from({ length: 5 }, () => job('list-page')), ...Array.from({ length: 10 }, () => job())];
        await settle();
        expect(limiter.requestsInFlight).toBe(4);
        while (releases.length > 0) {
            releases.shift()!();
            await settle();
        }
        await Promise.all(all);
        expect(peak).toBe(4);
        expect(peakPages).toBe(2);
        expect(limiter.requestsInFlight).toBe(0);
    });

    it('serves urgent requests (run-list pages) before others waiting for a slot', async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter({ maxInFlight: 1, perResourcePerSec: 1000, perUserPerSec: 10_000, clock });
        const order: string[] = [];
        let release: () => void = () => {};
        const blocker = limiter.run(
            { resource: 'a' },
            async () =>
                new Promise<void>((resolve) => {
                    release = resolve;
                }),
        );
        await settle();
        const normal = ['b', 'c'].map(async (r) =>
            limiter.run({ resource: r }, async () => {
                order.push(r);
            }),
        );
        const urgent = limiter.run({ resource: 'actor-runs', urgent: true }, async () => {
            order.push('page');
        });
        await settle();
        release();
        await Promise.all([blocker, ...normal, urgent]);
        expect(order).toEqual(['page', 'b', 'c']);
    });

    it("takes the token just before sending: pages waiting for it hold only their group's slots", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter({
            maxInFlight: 3,
            maxInFlightByGroup: { 'list-page': 1 },
            perResourcePerSec: 1,
            perUserPerSec: 1000,
            burstSeconds: 1,
            clock,
        });
        const order: string[] = [];
        const pages = [0, 1, 2].map(async (n) =>
            limiter.run({ resource: 'actor-runs', group: 'list-page', urgent: true }, async () => {
                order.push(`page-${n}`);
            }),
        );
        const others = ['a', 'b', 'c', 'd'].map(async (r) =>
            limiter.run({ resource: `actor:${r}` }, async () => {
                order.push(r);
            }),
        );
        await clock.advanceTo(0);
        // page-1 waits for its token holding the group's one slot and one in-flight slot: the
        // others go through the remaining two.
        expect(order).toEqual(['page-0', 'a', 'b', 'c', 'd']);
        await clock.advanceTo(1000);
        expect(order.slice(5)).toEqual(['page-1']);
        await clock.advanceTo(2000);
        await Promise.all([...pages, ...others]);
        expect(order.slice(5)).toEqual(['page-1', 'page-2']);
    });

    it('an abort rejects waiting requests with CollectionAbortedError', async () => {
        const clock = new FakeClock();
        const abort = new AbortController();
        const limiter = new RateLimiter({
            maxInFlight: 10,
            perResourcePerSec: 1,
            perUserPerSec: 1000,
            burstSeconds: 1,
            clock,
            signal: abort.signal,
        });
        const calls: number[] = [];
        const first = limiter.run({ resource: 'x' }, async () => {
            calls.push(1);
        });
        const waiting = limiter.run({ resource: 'x' }, async () => {
            calls.push(2);
        });
        await clock.advanceTo(10);
        abort.abort();
        await expect(waiting).rejects.toBeInstanceOf(CollectionAbortedError);
        await first;
        expect(calls).toEqual([1]);
        await expect(limiter.run({ resource: 'y' }, async () => 1)).rejects.toBeInstanceOf(CollectionAbortedError);
    });

    it('forgets buckets that refilled, so a million single-shot resources do not pile up', async () => {
        const clock = new FakeClock();
        const resourceBuckets = new Map<string, RateBucket>();
        const limiter = new RateLimiter({
            maxInFlight: 10_000,
            perResourcePerSec: 10,
            perUserPerSec: 1_000_000,
            burstSeconds: 1,
            clock,
            resourceBuckets,
        });
        await Promise.all(
            Array.from({ length: 5_000 }, async (_, i) => limiter.run({ resource: `run:${i}` }, async () => {})),
        );
        expect(resourceBuckets.size).toBe(5_000);
        await clock.advanceTo(1000);
        await limiter.run({ resource: 'run:new' }, async () => {});
        expect(resourceBuckets.size).toBe(1);
    });

    it('rejects unusable settings', () => {
        expect(() => new RateLimiter({ maxInFlight: 0 })).toThrow(/maxInFlight/);
        expect(() => new RateLimiter({ maxInFlight: 1, maxInFlightByGroup: { pages: 0 } })).toThrow(/pages/);
    });
});
