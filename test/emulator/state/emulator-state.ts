/**
 * The seam between the emulator's data (fixtures, scenario generator, clock) and its HTTP
 * layer (routers, auth, rate limits, platform runner). Routers only talk to this interface,
 * so a scenario with 1 M runs can keep its data compact (and derive run-default datasets
 * lazily) while a small JSON fixture is kept as plain objects.
 *
 * Records returned here are the fixture shapes (see fixture-schema.ts); routers turn them
 * into API response bodies. Mutations (new runs, records, items) go through the methods
 * below so every view stays consistent.
 */
import type {
    ActorFixture,
    BuildFixture,
    DatasetFixture,
    Fixture,
    RunFixture,
    TokenFixture,
} from './fixture-schema.js';
import type { z } from 'zod';
import type { userFixtureSchema, recordFixtureSchema, keyValueStoreFixtureSchema } from './fixture-schema.js';
import type { RequestQueueState } from './request-queue-state.js';

export type { RequestQueueState };

export type UserFixture = z.infer<typeof userFixtureSchema>;
export type RecordFixture = z.infer<typeof recordFixtureSchema>;
export type KeyValueStoreFixture = z.infer<typeof keyValueStoreFixtureSchema>;

/** A stored key-value record: the body as bytes plus its content type. */
export interface StoredRecord {
    key: string;
    contentType: string;
    body: Buffer;
}

export interface KeyValueStoreState {
    id: string;
    name?: string;
    actRunId?: string;
    actId?: string;
    /** Which token (fixture id, or a run-token id) created it; scoped access checks use it. */
    createdByTokenId?: string;
    createdAt: string;
    modifiedAt: string;
    records: Map<string, StoredRecord>;
}

export interface DatasetState extends DatasetFixture {
    /** Items pushed through the API or given in the fixture (never synthesised). */
    items?: unknown[];
    createdByTokenId?: string;
}

export interface RunListFilter {
    actId?: string;
    statuses?: readonly string[];
    startedAfter?: string;
    startedBefore?: string;
    desc?: boolean;
    offset: number;
    limit: number;
}

export interface Page<T> {
    total: number;
    items: T[];
}

/** A controllable "now". Advancing it lets the scenario add the runs of the new period. */
export interface EmulatorClock {
    now(): Date;
    /** Move time forward; listeners (the scenario) add what happened meanwhile. */
    advance(ms: number): void;
    onAdvance(listener: (from: Date, to: Date) => void): void;
}

export interface EmulatorState {
    readonly clock: EmulatorClock;
    readonly user: UserFixture;
    readonly tokens: readonly TokenFixture[];

    // Actors ---------------------------------------------------------------------------
    listActors(): readonly ActorFixture[];
    /** By id, `username~name` or `~name` (resolved against the state's user). */
    resolveActor(idOrName: string): ActorFixture | undefined;

    // Builds ---------------------------------------------------------------------------
    listBuilds(actId: string): readonly BuildFixture[];
    getBuild(buildId: string): BuildFixture | undefined;

    // Runs -----------------------------------------------------------------------------
    /** Filters and pages with a correct `total` (account-wide when `actId` is absent). */
    listRuns(filter: RunListFilter): Page<RunFixture>;
    getRun(runId: string): RunFixture | undefined;
    lastRun(actId: string, status?: string): RunFixture | undefined;
    insertRun(run: RunFixture): void;
    updateRun(runId: string, patch: Partial<RunFixture>): RunFixture;

    // Datasets -------------------------------------------------------------------------
    /** Run-default datasets of generated runs may be derived on demand. */
    getDataset(idOrName: string): DatasetState | undefined;
    listDatasets(offset: number, limit: number, desc: boolean, unnamed: boolean): Page<DatasetState>;
    createDataset(
        init: Omit<DatasetState, 'createdAt' | 'modifiedAt'> & Partial<Pick<DatasetState, 'createdAt' | 'modifiedAt'>>,
    ): DatasetState;
    pushItems(datasetId: string, items: unknown[]): void;

    // Key-value stores -----------------------------------------------------------------
    /** A run's default store that nobody wrote yet is derived on demand (empty, like the platform's). */
    getKeyValueStore(idOrName: string): KeyValueStoreState | undefined;
    listKeyValueStores(offset: number, limit: number, desc: boolean, unnamed: boolean): Page<KeyValueStoreState>;
    createKeyValueStore(init: {
        id?: string;
        name?: string;
        actRunId?: string;
        actId?: string;
        createdByTokenId?: string;
    }): KeyValueStoreState;

    // Request queues -------------------------------------------------------------------
    /** A run's default queue is derived on demand (empty) the first time somebody asks for it. */
    getRequestQueue(idOrName: string): RequestQueueState | undefined;
    listRequestQueues(offset: number, limit: number, desc: boolean, unnamed: boolean): Page<RequestQueueState>;
    createRequestQueue(init: {
        id?: string;
        name?: string;
        actRunId?: string;
        actId?: string;
        createdByTokenId?: string;
    }): RequestQueueState;
    /** Renames (name undefined = unnamed); throws when another queue has the name. */
    renameRequestQueue(queueId: string, name: string | undefined): RequestQueueState;
    deleteRequestQueue(queueId: string): boolean;

    /** Ids of storages that belong to runs started through the emulator (for privacy checks). */
    readonly createdDuringSession: {
        datasets: Set<string>;
        keyValueStores: Set<string>;
        requestQueues: Set<string>;
        runs: Set<string>;
    };
}

/** What a scenario generator returns next to its state: the planted incidents. */
export interface GroundTruth {
    scenario: string;
    seed: number;
    now: string;
    incidents: Array<{
        kind:
            | 'regression-after-build'
            | 'cost-spike'
            | 'empty-datasets'
            | 'schema-drift'
            | 'stale-actor'
            | 'memory-overprovisioning'
            | 'rising-timeouts'
            | 'low-volume-flaky'
            // Added by the scenario generator (see ../scenarios/README.md for each detail shape):
            | 'null-rate-spike'
            | 'store-test-failing'
            | 'public-full-permissions'
            | 'missing-pricing'
            | 'thin-readme'
            | 'personal-data-wording'
            | 'missing-output-schema'
            | 'runs-without-cost'
            | 'deprecated-actor'
            | 'declared-field-never-produced'
            | 'store-under-maintenance';
        actorId: string;
        actorName: string;
        /** true when a sound analysis must flag it; false for planted traps (low-volume flaky). */
        shouldFlag: boolean;
        detail: Record<string, unknown>;
    }>;
}

export type { Fixture };
