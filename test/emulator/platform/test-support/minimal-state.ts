/**
 * A small in-memory EmulatorState and TokenRegistry for the executor's own tests: just the
 * operations the executor uses (runs, default storages, items), kept as plain objects.
 * The emulator's real state lives in ../../state/; the end-to-end test uses that one.
 */
import { randomBytes } from 'node:crypto';
import type { ActorFixture, BuildFixture, RunFixture } from '../../state/fixture-schema.js';
import type { DatasetState, EmulatorClock, EmulatorState, KeyValueStoreState } from '../../state/emulator-state.js';
import type { Principal, TokenRegistry } from '../../server/principal.js';

export interface MinimalStateParams {
    actors: ActorFixture[];
    builds?: BuildFixture[];
    now?: Date;
}

export function createMinimalState(params: MinimalStateParams): EmulatorState {
    let nowMillis = (params.now ?? new Date('2025-06-01T12:00:00.000Z')).getTime();
    const advanceListeners: Array<(from: Date, to: Date) => void> = [];
    const clock: EmulatorClock = {
        now: () => new Date(nowMillis),
        advance(ms) {
            const from = new Date(nowMillis);
            nowMillis += ms;
            for (const listener of advanceListeners) listener(from, new Date(nowMillis));
        },
        onAdvance: (listener) => {
            advanceListeners.push(listener);
        },
    };
    const runs = new Map<string, RunFixture>();
    const datasets = new Map<string, DatasetState>();
    const stores = new Map<string, KeyValueStoreState>();
    const notUsed = (what: string): never => {
        throw new Error(`minimal-state: ${what} is not used by the run executor tests.`);
    };
    return {
        clock,
        user: { id: 'user-1', username: 'tester', plan: 'STARTER', monthlyUsageCapUsd: null, monthlyUsageUsd: 0 },
        tokens: [],
        listActors: () => params.actors,
        resolveActor: (idOrName) =>
            params.actors.find((actor) => actor.id === idOrName || `~${actor.name}` === idOrName),
        listBuilds: (actId) => (params.builds ?? []).filter((build) => build.actId === actId),
        getBuild: (buildId) => (params.builds ?? []).find((build) => build.id === buildId),
        listRuns: () => notUsed('listRuns'),
        getRun: (runId) => runs.get(runId),
        lastRun: () => notUsed('lastRun'),
        insertRun(run) {
            runs.set(run.id, structuredClone(run));
        },
        updateRun(runId, patch) {
            const run = runs.get(runId);
            if (!run) throw new Error(`minimal-state: no run ${runId}`);
            Object.assign(run, patch);
            return structuredClone(run);
        },
        getDataset: (id) => datasets.get(id),
        listDatasets: () => notUsed('listDatasets'),
        createDataset(init) {
            const at = clock.now().toISOString();
            const dataset: DatasetState = { createdAt: at, modifiedAt: at, ...init, items: init.items ?? [] };
            datasets.set(dataset.id, dataset);
            return dataset;
        },
        pushItems(datasetId, items) {
            const dataset = datasets.get(datasetId);
            if (!dataset) throw new Error(`minimal-state: no dataset ${datasetId}`);
            (dataset.items ??= []).push(...items);
            dataset.itemCount += items.length;
        },
        getKeyValueStore: (id) => stores.get(id),
        listKeyValueStores: () => notUsed('listKeyValueStores'),
        createKeyValueStore(init) {
            const at = clock.now().toISOString();
            const store: KeyValueStoreState = {
                id: init.id ?? randomBytes(8).toString('hex'),
                ...init,
                createdAt: at,
                modifiedAt: at,
                records: new Map(),
            };
            stores.set(store.id, store);
            return store;
        },
        getRequestQueue: () => undefined,
        listRequestQueues: () => notUsed('listRequestQueues'),
        createRequestQueue: () => notUsed('createRequestQueue'),
        renameRequestQueue: () => notUsed('renameRequestQueue'),
        deleteRequestQueue: () => notUsed('deleteRequestQueue'),
        createdDuringSession: {
            datasets: new Set(),
            keyValueStores: new Set(),
            requestQueues: new Set(),
            runs: new Set(),
        },
    };
}

/** Issues random run tokens and remembers which run each belongs to. */
export function createMinimalTokenRegistry(): TokenRegistry & { issued: Map<string, string>; revoked: Set<string> } {
    const issued = new Map<string, string>();
    const revoked = new Set<string>();
    return {
        issued,
        revoked,
        resolve: () => undefined,
        issueRunToken(_parent: Principal, runId: string) {
            const token = `apify_api_run_${randomBytes(12).toString('hex')}`;
            issued.set(runId, token);
            return token;
        },
        revokeRunToken(runId) {
            revoked.add(runId);
        },
    };
}

export const FULL_PRINCIPAL: Principal = {
    tokenId: 'full',
    kind: 'full',
    permissions: new Set(),
    defaultRunStorages: true,
    usersMeForbidden: false,
    canCreateStorages: true,
};

export function buildActorFixture(overrides: Partial<ActorFixture> & Pick<ActorFixture, 'id' | 'name'>): ActorFixture {
    return {
        isPublic: false,
        actorPermissionLevel: 'LIMITED_PERMISSIONS',
        categories: [],
        pricingInfos: [],
        notice: 'NONE',
        isDeprecated: false,
        defaultRunOptions: { build: 'latest', memoryMbytes: 1024, timeoutSecs: 3600 },
        createdAt: '2025-01-01T00:00:00.000Z',
        modifiedAt: '2025-01-01T00:00:00.000Z',
        ...overrides,
    };
}
