/**
 * Keeps the collection inside Apify's rate limits so that 429s stay rare (apify-client retries
 * the few that happen; we never add a second retry layer):
 * - at most `maxInFlight` requests at once across the whole collection (the per-user limit,
 *   ≈ 250,000 requests/minute, is far above what that many sockets can do at API latency);
 * - calls to one resource (the account-wide run list, one Actor's run list) are spaced to
 *   stay under the per-resource limit of 60 requests/s. Single-shot resources (a run, a
 *   dataset) need no spacing.
 */
import { CollectionAbortedError } from './errors.js';

/** A little under the platform's 60 requests/s per resource, to absorb clock skew. */
export const PER_RESOURCE_REQUESTS_PER_SECOND = 55;

export class RequestGate {
    private inFlight = 0;
    private readonly waiting: Array<() => void> = [];
    /** Next free slot per spaced resource, epoch ms. */
    private readonly nextSlotMs = new Map<string, number>();

    constructor(private readonly maxInFlight: number, private readonly signal?: AbortSignal) {
        if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError('maxInFlight must be a positive integer');
    }

    async run<T>(spacedResource: string | null, fn: () => Promise<T>): Promise<T> {
        if (spacedResource !== null) await this.waitForSlot(spacedResource);
        await this.acquire();
        try {
            if (this.signal?.aborted) throw new CollectionAbortedError();
            return await fn();
        } finally {
            this.release();
        }
    }

    private async waitForSlot(resource: string): Promise<void> {
        const intervalMs = 1000 / PER_RESOURCE_REQUESTS_PER_SECOND;
        const nowMs = Date.now();
        const slotMs = Math.max(nowMs, this.nextSlotMs.get(resource) ?? 0);
        this.nextSlotMs.set(resource, slotMs + intervalMs);
        if (slotMs > nowMs) await new Promise((resolve) => setTimeout(resolve, slotMs - nowMs));
    }

    private acquire(): Promise<void> {
        if (this.inFlight < this.maxInFlight) {
            this.inFlight += 1;
            return Promise.resolve();
        }
        return new Promise((resolve) => this.waiting.push(() => { this.inFlight += 1; resolve(); }));
    }

    private release(): void {
        this.inFlight -= 1;
        this.waiting.shift()?.();
    }
}
