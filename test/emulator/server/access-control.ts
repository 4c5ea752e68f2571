/**
 * Permission rules of scoped tokens, in one place so the scoped-token tests and the routers
 * agree. Full-access principals pass every check. A run token may always use its own run
 * and its run's default storages, and the storages it created itself.
 */
import type { Permission } from '../state/fixture-schema.js';
import type { DatasetState, EmulatorState, KeyValueStoreState } from '../state/emulator-state.js';
import type { Principal } from './principal.js';
import { apiErrors } from './api-error.js';

export function hasPermission(principal: Principal, permission: Permission): boolean {
    if (principal.kind === 'full') return true;
    if (principal.permissions.has(permission)) return true;
    // "Write" implies "Read" for key-value stores.
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
function requireStorageAccess(
    principal: Principal,
    storage: StorageOwnership,
    isRunDefaultStorage: boolean,
    permission: Permission | undefined,
): void {
    if (principal.kind === 'full') return;
    if (storage.createdByTokenId !== undefined && storage.createdByTokenId === principal.tokenId) return;
    if (principal.runId !== undefined && storage.actRunId === principal.runId && isRunDefaultStorage) return;
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

export function requireDatasetAccess(state: EmulatorState, principal: Principal, dataset: DatasetState, access: StorageAccess): void {
    // No "Datasets: Write" among the five groups: scoped principals write only their own.
    requireStorageAccess(principal, dataset, isRunDefaultDataset(state, dataset), access === 'read' ? 'datasets:read' : undefined);
}

export function requireStoreAccess(state: EmulatorState, principal: Principal, store: KeyValueStoreState, access: StorageAccess): void {
    requireStorageAccess(principal, store, isRunDefaultStore(state, store), access === 'read' ? 'kvs:read' : 'kvs:write');
}
