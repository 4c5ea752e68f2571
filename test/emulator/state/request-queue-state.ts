/**
 * One request queue with the API's semantics, as crawlee's RequestQueue (v2, with locking)
 * relies on them: requests are de-duplicated by `uniqueKey` (the request id is derived from it
 * the way the platform and crawlee do), pending requests are served in order with forefront
 * ones first, handled ones never again, and `head/lock` hides a request from every other
 * caller until its lock expires on the emulator's clock (so advancing the clock expires locks).
 * Locks belong to the caller's run when it calls with a run token (the API lets a run manage
 * its own locks across restarts), otherwise to its `clientKey`.
 */
import { createHash } from 'node:crypto';

export interface RequestLock {
    ownerClientKey: string | undefined;
    ownerRunId: string | undefined;
    expiresAtMillis: number;
}

export interface QueueRequestRecord {
    id: string;
    uniqueKey: string;
    /** The request as the client last wrote it, without `id` and `handledAt`. */
    data: Record<string, unknown>;
    handledAt: string | null;
    /** Position among pending requests, lowest first; forefront requests get ever lower numbers. */
    orderNo: number;
    lock: RequestLock | undefined;
}

/** Who is calling: the clientKey query parameter, and the run of a run token. */
export interface QueueCaller {
    clientKey: string | undefined;
    runId: string | undefined;
}

export interface RequestRegistration {
    requestId: string;
    uniqueKey: string;
    wasAlreadyPresent: boolean;
    wasAlreadyHandled: boolean;
}

export type LockOutcome =
    | { kind: 'ok'; lockExpiresAtMillis: number }
    | { kind: 'not-found' }
    | { kind: 'already-handled' }
    | { kind: 'locked-by-another-client' };

/** The request id the platform derives from a uniqueKey (crawlee's `getRequestId` too). */
export function requestIdFromUniqueKey(uniqueKey: string): string {
    return createHash('sha256').update(uniqueKey).digest('base64').replace(/[+/=]/g, '').slice(0, 15);
}

export interface RequestQueueMetadataInit {
    id: string;
    name?: string;
    actRunId?: string;
    actId?: string;
    createdByTokenId?: string;
    createdAt: string;
    modifiedAt: string;
}

export class RequestQueueState {
    readonly id: string;
    name: string | undefined;
    readonly actRunId: string | undefined;
    readonly actId: string | undefined;
    readonly createdByTokenId: string | undefined;
    readonly createdAt: string;
    modifiedAt: string;
    accessedAt: string;
    readonly requestsById = new Map<string, QueueRequestRecord>();
    handledRequestCount = 0;
    private readonly clientKeys = new Set<string>();
    private anonymousAccessCount = 0;
    private nextOrderNo = 1;
    private nextForefrontOrderNo = -1;

    constructor(
        init: RequestQueueMetadataInit,
        private readonly nowMillis: () => number,
    ) {
        this.id = init.id;
        this.name = init.name;
        this.actRunId = init.actRunId;
        this.actId = init.actId;
        this.createdByTokenId = init.createdByTokenId;
        this.createdAt = init.createdAt;
        this.modifiedAt = init.modifiedAt;
        this.accessedAt = init.modifiedAt;
    }

    get totalRequestCount(): number {
        return this.requestsById.size;
    }

    get pendingRequestCount(): number {
        return this.requestsById.size - this.handledRequestCount;
    }

    /** "If clientKey is not provided, the system considers this API call to come from a new client." */
    get hadMultipleClients(): boolean {
        return this.clientKeys.size + this.anonymousAccessCount > 1;
    }

    /** Records an access for `hadMultipleClients` and `accessedAt`. */
    noteAccess(caller: QueueCaller): void {
        if (caller.clientKey === undefined) this.anonymousAccessCount++;
        else this.clientKeys.add(caller.clientKey);
        this.accessedAt = this.nowIso();
    }

    private nowIso(): string {
        return new Date(this.nowMillis()).toISOString();
    }

    private touch(): void {
        this.modifiedAt = this.nowIso();
        this.accessedAt = this.modifiedAt;
    }

    private orderNoFor(forefront: boolean): number {
        return forefront ? this.nextForefrontOrderNo-- : this.nextOrderNo++;
    }

    private isLockActive(record: QueueRequestRecord): boolean {
        return record.lock !== undefined && record.lock.expiresAtMillis > this.nowMillis();
    }

    private ownsLock(record: QueueRequestRecord, caller: QueueCaller): boolean {
        const lock = record.lock;
        if (!lock) return false;
        if (lock.ownerRunId !== undefined && lock.ownerRunId === caller.runId) return true;
        return lock.ownerClientKey !== undefined && lock.ownerClientKey === caller.clientKey;
    }

    getRequest(requestId: string): QueueRequestRecord | undefined {
        return this.requestsById.get(requestId);
    }

    getByUniqueKey(uniqueKey: string): QueueRequestRecord | undefined {
        return this.requestsById.get(requestIdFromUniqueKey(uniqueKey));
    }

    /** Adds a request unless one with the same uniqueKey exists (then nothing changes). */
    addRequest(data: Record<string, unknown>, uniqueKey: string, forefront: boolean): RequestRegistration {
        const id = requestIdFromUniqueKey(uniqueKey);
        const existing = this.requestsById.get(id);
        if (existing) {
            return {
                requestId: id,
                uniqueKey,
                wasAlreadyPresent: true,
                wasAlreadyHandled: existing.handledAt !== null,
            };
        }
        const handledAt = typeof data.handledAt === 'string' ? data.handledAt : null;
        const { handledAt: _ignored, ...rest } = data;
        this.requestsById.set(id, {
            id,
            uniqueKey,
            data: { ...rest, uniqueKey },
            handledAt,
            orderNo: this.orderNoFor(forefront),
            lock: undefined,
        });
        if (handledAt !== null) this.handledRequestCount++;
        this.touch();
        return { requestId: id, uniqueKey, wasAlreadyPresent: false, wasAlreadyHandled: false };
    }

    /**
     * Overwrites a request (crawlee marks requests handled and reclaims them this way). A
     * handled request loses its lock; a pending one moves to the front when `forefront`.
     */
    updateRequest(
        requestId: string,
        data: Record<string, unknown>,
        forefront: boolean,
    ): RequestRegistration | undefined {
        const record = this.requestsById.get(requestId);
        if (!record) return undefined;
        const wasAlreadyHandled = record.handledAt !== null;
        const handledAt = typeof data.handledAt === 'string' ? data.handledAt : null;
        const { handledAt: _ignored, id: _id, ...rest } = data;
        record.data = { ...rest, uniqueKey: record.uniqueKey };
        record.handledAt = handledAt;
        if (handledAt !== null) {
            record.lock = undefined;
            if (!wasAlreadyHandled) this.handledRequestCount++;
        } else {
            if (wasAlreadyHandled) this.handledRequestCount--;
            if (forefront || wasAlreadyHandled) record.orderNo = this.orderNoFor(forefront);
        }
        this.touch();
        return { requestId, uniqueKey: record.uniqueKey, wasAlreadyPresent: true, wasAlreadyHandled };
    }

    deleteRequest(requestId: string): QueueRequestRecord | undefined {
        const record = this.requestsById.get(requestId);
        if (!record) return undefined;
        this.requestsById.delete(requestId);
        if (record.handledAt !== null) this.handledRequestCount--;
        this.touch();
        return record;
    }

    /** Pending requests nobody holds a lock on, in order. */
    head(limit: number): QueueRequestRecord[] {
        const pending: QueueRequestRecord[] = [];
        for (const record of this.requestsById.values()) {
            if (record.handledAt === null && !this.isLockActive(record)) pending.push(record);
        }
        pending.sort((a, b) => a.orderNo - b.orderNo);
        return pending.slice(0, limit);
    }

    /** Locks up to `limit` head requests for the caller. */
    lockHead(
        limit: number,
        lockSecs: number,
        caller: QueueCaller,
    ): { items: QueueRequestRecord[]; lockExpiresAtMillis: number } {
        const lockExpiresAtMillis = this.nowMillis() + lockSecs * 1000;
        const items = this.head(limit);
        for (const record of items) {
            record.lock = {
                ownerClientKey: caller.clientKey,
                ownerRunId: caller.runId,
                expiresAtMillis: lockExpiresAtMillis,
            };
        }
        if (items.length > 0) this.touch();
        return { items, lockExpiresAtMillis };
    }

    /** Whether any pending request is locked right now (by anybody). */
    hasLockedRequests(): boolean {
        for (const record of this.requestsById.values()) {
            if (record.handledAt === null && this.isLockActive(record)) return true;
        }
        return false;
    }

    /** Prolongs the caller's lock, or takes a lock that has expired. */
    prolongLock(requestId: string, lockSecs: number, caller: QueueCaller, forefront: boolean): LockOutcome {
        const record = this.requestsById.get(requestId);
        if (!record) return { kind: 'not-found' };
        if (record.handledAt !== null) return { kind: 'already-handled' };
        if (this.isLockActive(record) && !this.ownsLock(record, caller)) return { kind: 'locked-by-another-client' };
        const expiresAtMillis = this.nowMillis() + lockSecs * 1000;
        record.lock = { ownerClientKey: caller.clientKey, ownerRunId: caller.runId, expiresAtMillis };
        if (forefront) record.orderNo = this.orderNoFor(true);
        return { kind: 'ok', lockExpiresAtMillis: expiresAtMillis };
    }

    /** Releases the caller's lock (a request without an active lock is left as is). */
    deleteLock(requestId: string, caller: QueueCaller, forefront: boolean): LockOutcome {
        const record = this.requestsById.get(requestId);
        if (!record) return { kind: 'not-found' };
        if (!this.isLockActive(record)) {
            record.lock = undefined;
            return { kind: 'ok', lockExpiresAtMillis: this.nowMillis() };
        }
        if (!this.ownsLock(record, caller)) return { kind: 'locked-by-another-client' };
        record.lock = undefined;
        if (forefront && record.handledAt === null) record.orderNo = this.orderNoFor(true);
        return { kind: 'ok', lockExpiresAtMillis: this.nowMillis() };
    }

    /** Releases every active lock the caller owns; returns how many. */
    unlockAll(caller: QueueCaller): number {
        let count = 0;
        for (const record of this.requestsById.values()) {
            if (this.isLockActive(record) && this.ownsLock(record, caller)) {
                record.lock = undefined;
                count++;
            }
        }
        return count;
    }

    /** All requests in insertion order after `exclusiveStartId`, optionally only locked / pending ones. */
    listRequests(options: {
        limit: number;
        exclusiveStartId?: string;
        filter?: ReadonlySet<'locked' | 'pending'>;
    }): QueueRequestRecord[] {
        const all = [...this.requestsById.values()];
        let start = 0;
        if (options.exclusiveStartId !== undefined) {
            const index = all.findIndex((record) => record.id === options.exclusiveStartId);
            start = index < 0 ? all.length : index + 1;
        }
        const result: QueueRequestRecord[] = [];
        for (let i = start; i < all.length && result.length < options.limit; i++) {
            const record = all[i]!;
            if (options.filter) {
                const isLocked = record.handledAt === null && this.isLockActive(record);
                const isPending = record.handledAt === null;
                if (!((options.filter.has('locked') && isLocked) || (options.filter.has('pending') && isPending)))
                    continue;
            }
            result.push(record);
        }
        return result;
    }
}
