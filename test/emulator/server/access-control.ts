/**
 * Permission rules of scoped tokens, in one place so the scoped-token tests and the routers
 * agree. Full-access principals pass every check. A run token may always use its own run
 * and its run's default storages, and the storages it created itself.
 */
import type { Permission } from '../state/fixture-schema.js';
import type { DatasetState, EmulatorState, KeyValueStoreState, RequestQueueState } from '../state/emulator-state.js';
import type { Principal } from './principal.js';
import { apiErrors } from './api-error.js';

export function hasPermission(principal: Principal, permission: Permission): boolean {
    if (principal.kind === 'full') return true;
    if (principal.permissions.has(permission)) return true;
    // "Write" implies "Read" for key-value stores (the platform's rule; see the permissions test).
    return permission === 'kvs:read' && principal.permissions.has('kvs:write');
}

export function requirePermission(principal: Principal, permission: Permission): void {
    if (!hasPermission(principal, permission)) throw apiErrors.insufficientPermissions();
}

export function requireFullAccess(principal: Principal): void {
    if (principal.kind !== 'full') throw apiErrors.insufficientPermissions();
}

/** Reading a run: runs:read, or a run token asking about its own run. */
export function requireRunRead(principal: Principal, runId: string): void {
    if (principal.runId === runId) return;
    requirePermission(principal, 'runs:read');
}

/** Changing a run (status message, abort): actors:run, or the run's own token. */
export function requireRunWrite(principal: Principal, runId: string): void {
    if (principal.runId === runId) return;
    requirePermission(principal, 'actors:run');
}

type StorageAccess = 'read' | 'write';

interface StorageOwnership {
    actRunId?: string;
    createdByTokenId?: string;
}

/**
 * A storage is usable when the principal is full-access, created it, or it is the default
 * storage of the principal's own run. Otherwise a scoped principal needs the group
 * permission, and for a run's default storage also the "default run storages" toggle.
 */
function isOwnStorage(principal: Principal, storage: StorageOwnership, isRunDefaultStorage: boolean): boolean {
    if (principal.kind === 'full') return true;
    if (storage.createdByTokenId !== undefined && storage.createdByTokenId === principal.tokenId) return true;
    return principal.runId !== undefined && storage.actRunId === principal.runId && isRunDefaultStorage;
}

function requireStorageAccess(
    principal: Principal,
    storage: StorageOwnership,
    isRunDefaultStorage: boolean,
    permission: Permission | undefined,
): void {
    if (isOwnStorage(principal, storage, isRunDefaultStorage)) return;
    if (permission === undefined || !hasPermission(principal, permission)) throw apiErrors.insufficientPermissions();
    if (isRunDefaultStorage && !principal.defaultRunStorages) throw apiErrors.insufficientPermissions();
}

function isRunDefaultDataset(state: EmulatorState, dataset: DatasetState): boolean {
    if (dataset.actRunId === undefined) return false;
    const run = state.getRun(dataset.actRunId);
    return run === undefined || run.defaultDatasetId === dataset.id;
}

function isRunDefaultStore(state: EmulatorState, store: KeyValueStoreState): boolean {
    if (store.actRunId === undefined) return false;
    const run = state.getRun(store.actRunId);
    return run === undefined || run.defaultKeyValueStoreId === store.id;
}

export function requireDatasetAccess(
    state: EmulatorState,
    principal: Principal,
    dataset: DatasetState,
    access: StorageAccess,
): void {
    // No "Datasets: Write" among the five groups: scoped principals write only their own.
    requireStorageAccess(
        principal,
        dataset,
        isRunDefaultDataset(state, dataset),
        access === 'read' ? 'datasets:read' : undefined,
    );
}

export function requireStoreAccess(
    state: EmulatorState,
    principal: Principal,
    store: KeyValueStoreState,
    access: StorageAccess,
): void {
    requireStorageAccess(
        principal,
        store,
        isRunDefaultStore(state, store),
        access === 'read' ? 'kvs:read' : 'kvs:write',
    );
}

function isRunDefaultQueue(state: EmulatorState, queue: RequestQueueState): boolean {
    if (queue.actRunId === undefined) return false;
    const run = state.getRun(queue.actRunId);
    return run === undefined || run.defaultRequestQueueId === queue.id;
}

/**
 * No request-queue group is among the five a scoped token holds: a scoped principal uses the
 * queues it created and its own run's default queue, and reads other runs' default queues
 * only through the "default run storages" toggle. Named queues it did not create: 403.
 */
export function requireQueueAccess(
    state: EmulatorState,
    principal: Principal,
    queue: RequestQueueState,
    access: StorageAccess,
): void {
    const isRunDefault = isRunDefaultQueue(state, queue);
    if (isOwnStorage(principal, queue, isRunDefault)) return;
    if (access === 'read' && isRunDefault && principal.defaultRunStorages) return;
    throw apiErrors.insufficientPermissions();
}
