/**
 * The common public pattern for "analyse my Actors' runs", as a yardstick: list every Actor,
 * list every run of every Actor page by page, then GET every run of the window for its
 * details — throttled to 20 requests/s, as scripts do to stay clear of rate limits.
 *
 * It really runs against the emulator, up to a time cap. When the cap stops it, the time it
 * would have needed is projected from the pace it kept (at 20 requests/s and ~20 ms latency
 * the throttle, not the latency, sets the pace, so the projection is linear in requests).
 */
import { ApifyClient } from 'apify-client';

export const NAIVE_REQUESTS_PER_SECOND = 20;
const PAGE_SIZE = 1000;
/** A few in flight, so latency never slows it below the throttle. */
const NAIVE_CONCURRENCY = 4;

export interface NaiveResult {
    completed: boolean;
    /** Measured when completed, else projected from the pace up to the cap. */
    naiveMs: number;
    elapsedMs: number;
    requestsDone: number;
    /** Requests the whole collection needs (known once the run lists are read; estimated before). */
    requestsNeeded: number;
    runsInWindow: number;
}

class Throttle {
    private nextMs = 0;
    constructor(private readonly perSecond: number) {}
    async wait(): Promise<void> {
        const now = performance.now();
        const slot = Math.max(now, this.nextMs);
        this.nextMs = slot + 1000 / this.perSecond;
        if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
    }
}

class CapReached extends Error {}

export async function runNaiveCollector(options: {
    apiBaseUrl: string;
    token: string;
    window: { from: Date; to: Date };
    capMs: number;
    /** Requests the whole collection needs, from the emulator state (for the projection if capped early). */
    expectedRequests: number;
}): Promise<NaiveResult> {
    const client = new ApifyClient({ token: options.token, baseUrl: options.apiBaseUrl });
    const throttle = new Throttle(NAIVE_REQUESTS_PER_SECOND);
    const startedMs = performance.now();
    const deadlineMs = startedMs + options.capMs;
    let requestsDone = 0;
    const call = async <T>(fn: () => Promise<T>): Promise<T> => {
        await throttle.wait();
        if (performance.now() > deadlineMs) throw new CapReached();
        const result = await fn();
        requestsDone += 1;
        return result;
    };
    const fromIso = options.window.from.toISOString();
    const toIso = options.window.to.toISOString();
    const runIds: string[] = [];
    let requestsNeeded = options.expectedRequests;
    let completed = false;
    try {
        const actorIds: string[] = [];
        for (let offset = 0; ; offset += PAGE_SIZE) {
            const page = await call(async () => client.actors().list({ my: true, limit: PAGE_SIZE, offset }));
            actorIds.push(...page.items.map((a) => a.id));
            if (offset + PAGE_SIZE >= page.total) break;
        }
        await inParallel(actorIds, async (actorId) => {
            for (let offset = 0; ; offset += PAGE_SIZE) {
                const page = await call(async () => client.actor(actorId).runs().list({ limit: PAGE_SIZE, offset }));
                for (const run of page.items) {
                    const startedAt = new Date(run.startedAt).toISOString();
                    if (startedAt >= fromIso && startedAt < toIso) runIds.push(run.id);
                }
                if (offset + PAGE_SIZE >= page.total) break;
            }
        });
        requestsNeeded = requestsDone + runIds.length;
        await inParallel(runIds, async (runId) => {
            await call(async () => client.run(runId).get());
        });
        completed = true;
    } catch (error) {
        if (!(error instanceof CapReached)) throw error;
    }
    const elapsedMs = performance.now() - startedMs;
    const naiveMs = completed || requestsDone === 0 ? elapsedMs : elapsedMs * (requestsNeeded / requestsDone);
    return { completed, naiveMs, elapsedMs, requestsDone, requestsNeeded, runsInWindow: runIds.length };
}

async function inParallel<T>(items: readonly T[], worker: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
        Array.from({ length: Math.min(NAIVE_CONCURRENCY, items.length) }, async () => {
            while (next < items.length) {
                const item = items[next]!;
                next += 1;
                await worker(item);
            }
        }),
    );
}
