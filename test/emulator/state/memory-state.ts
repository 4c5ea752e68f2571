/**
 * Plain in-memory EmulatorState. Built for the L scenario (≈1 M runs): fixture objects are
 * indexed by reference (never copied), runs are kept in arrays sorted by `startedAt` next to
 * a parallel array of epoch milliseconds, so a `startedAfter`/`startedBefore` window is two
 * binary searches and a page of 1,000 out of 1 M is a slice, not a scan.
 */
import { randomBytes } from 'node:crypto';
import type { ActorFixture, BuildFixture, DatasetFixture, Fixture, RunFixture } from './fixture-schema.js';
import type {
    DatasetState,
    EmulatorClock,
    EmulatorState,
    KeyValueStoreState,
    Page,
    RunListFilter,
    StoredRecord,
} from './emulator-state.js';
import { RequestQueueState } from './request-queue-state.js';
import { fieldsSchemaOfBuild } from './dataset-fields-schema.js';

export interface MemoryStateOptions {
    /** Derives run-default datasets that the fixture omits (generated scenarios). */
    resolveRunDataset?: (datasetId: string) => DatasetFixture | undefined;
    /** Overrides `fixture.now` as the clock's starting point. */
    now?: Date;
    /**
     * When true (default) the clock flows with real time from its starting point, so runs
     * started through the API get distinct, increasing timestamps; `advance()` adds on top.
     */
    isClockFlowing?: boolean;
}

/** Runs of one scope (one Actor, or the whole account) sorted by startedAt, then id. */
class RunTimeline {
    readonly runs: RunFixture[] = [];
    readonly startedAtMillis: number[] = [];

    /** Bulk load: sorts once instead of inserting one by one (1 M runs load in well under a second). */
    static build(runs: readonly RunFixture[]): RunTimeline {
        const timeline = new RunTimeline();
        const millis = new Float64Array(runs.length);
        for (let i = 0; i < runs.length; i++) millis[i] = Date.parse(runs[i]!.startedAt);
        const order = new Uint32Array(runs.length);
        for (let i = 0; i < order.length; i++) order[i] = i;
        order.sort((a, b) => millis[a]! - millis[b]! || compareIds(runs[a]!.id, runs[b]!.id));
        for (const index of order) {
            timeline.runs.push(runs[index]!);
            timeline.startedAtMillis.push(millis[index]!);
        }
        return timeline;
    }

    insert(run: RunFixture): void {
        const millis = Date.parse(run.startedAt);
        let position = this.lowerBound(millis);
        while (
            position < this.runs.length &&
            this.startedAtMillis[position] === millis &&
            compareIds(this.runs[position]!.id, run.id) < 0
        )
            position++;
        this.runs.splice(position, 0, run);
        this.startedAtMillis.splice(position, 0, millis);
    }

    remove(run: RunFixture): void {
        const millis = Date.parse(run.startedAt);
        for (let i = this.lowerBound(millis); i < this.runs.length && this.startedAtMillis[i] === millis; i++) {
            if (this.runs[i]!.id === run.id) {
                this.runs.splice(i, 1);
                this.startedAtMillis.splice(i, 1);
                return;
            }
        }
    }

    /** First index whose startedAt ≥ millis. */
    lowerBound(millis: number): number {
        let low = 0;
        let high = this.startedAtMillis.length;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (this.startedAtMillis[middle]! < millis) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /** First index whose startedAt > millis. */
    upperBound(millis: number): number {
        let low = 0;
        let high = this.startedAtMillis.length;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (this.startedAtMillis[middle]! <= millis) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}

function compareIds(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function createClock(startAt: Date, isFlowing: boolean): EmulatorClock {
    const startRealMillis = Date.now();
    let advancedMillis = 0;
    const listeners: Array<(from: Date, to: Date) => void> = [];
    const now = () => new Date(startAt.getTime() + advancedMillis + (isFlowing ? Date.now() - startRealMillis : 0));
    return {
        now,
        advance(ms: number) {
            if (!(ms >= 0)) throw new Error(`The clock only moves forward; got advance(${ms}).`);
            const from = now();
            advancedMillis += ms;
            const to = now();
            for (const listener of listeners) listener(from, to);
        },
        onAdvance(listener) {
            listeners.push(listener);
        },
    };
}

function recordBodyFromFixture(value: unknown, contentType: string, isBase64: boolean): Buffer {
    if (isBase64) return Buffer.from(String(value), 'base64');
    if (typeof value === 'string' && !contentType.startsWith('application/json')) return Buffer.from(value, 'utf8');
    return Buffer.from(JSON.stringify(value, null, 2), 'utf8');
}

/** Splits `username~name` / `~name` into the name part, or undefined for a plain id. */
function nameFromTildeReference(reference: string, username: string): string | undefined {
    const tildeIndex = reference.indexOf('~');
    if (tildeIndex < 0) return undefined;
    const owner = reference.slice(0, tildeIndex);
    if (owner !== '' && owner !== username) return undefined;
    return reference.slice(tildeIndex + 1);
}

const ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** Apify-style 17-character ids for storages and runs created during a session. */
export function generateApifyId(): string {
    const bytes = randomBytes(17);
    let id = '';
    for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
    return id;
}

export function createMemoryState(fixture: Fixture, options: MemoryStateOptions = {}): EmulatorState {
    const clock = createClock(options.now ?? new Date(fixture.now), options.isClockFlowing ?? true);
    const username = fixture.user.username;

    const actorsById = new Map<string, ActorFixture>();
    const actorsByName = new Map<string, ActorFixture>();
    for (const actor of fixture.actors) {
        actorsById.set(actor.id, actor);
        actorsByName.set(actor.name, actor);
    }

    const buildsById = new Map<string, BuildFixture>();
    const buildsByActor = new Map<string, BuildFixture[]>();
    for (const build of fixture.builds) {
        buildsById.set(build.id, build);
        let list = buildsByActor.get(build.actId);
        if (!list) buildsByActor.set(build.actId, (list = []));
        list.push(build);
    }
    for (const list of buildsByActor.values()) list.sort((a, b) => compareIds(a.startedAt, b.startedAt));

    const runsById = new Map<string, RunFixture>();
    for (const run of fixture.runs) runsById.set(run.id, run);
    const accountTimeline = RunTimeline.build(fixture.runs);
    const actorTimelines = new Map<string, RunTimeline>();
    {
        // Already in order: split per Actor without sorting or parsing dates again.
        for (let i = 0; i < accountTimeline.runs.length; i++) {
            const run = accountTimeline.runs[i]!;
            let timeline = actorTimelines.get(run.actId);
            if (!timeline) actorTimelines.set(run.actId, (timeline = new RunTimeline()));
            timeline.runs.push(run);
            timeline.startedAtMillis.push(accountTimeline.startedAtMillis[i]!);
        }
    }
    const timelineOf = (actId: string) => {
        let timeline = actorTimelines.get(actId);
        if (!timeline) actorTimelines.set(actId, (timeline = new RunTimeline()));
        return timeline;
    };

    const datasetsById = new Map<string, DatasetState>();
    const datasetsByName = new Map<string, DatasetState>();
    for (const dataset of fixture.datasets) {
        const datasetState: DatasetState = { ...dataset };
        if (!datasetState.fieldsSchema && dataset.actRunId !== undefined) {
            // A run's default dataset carries the fields schema of the build the run used.
            const run = runsById.get(dataset.actRunId);
            const fieldsSchema = fieldsSchemaOfBuild(run ? buildsById.get(run.buildId)?.actorDefinition : undefined);
            if (fieldsSchema) datasetState.fieldsSchema = fieldsSchema;
        }
        datasetsById.set(dataset.id, datasetState);
        if (dataset.name) datasetsByName.set(dataset.name, datasetState);
    }

    const storesById = new Map<string, KeyValueStoreState>();
    const storesByName = new Map<string, KeyValueStoreState>();
    for (const store of fixture.keyValueStores) {
        const records = new Map<string, StoredRecord>();
        for (const record of store.records) {
            records.set(record.key, {
                key: record.key,
                contentType: record.contentType,
                body: recordBodyFromFixture(record.value, record.contentType, record.base64),
            });
        }
        const storeState: KeyValueStoreState = {
            id: store.id,
            name: store.name,
            actRunId: store.actRunId,
            actId: store.actId,
            createdAt: store.createdAt,
            modifiedAt: store.modifiedAt,
            records,
        };
        storesById.set(store.id, storeState);
        if (store.name) storesByName.set(store.name, storeState);
    }

    const queuesById = new Map<string, RequestQueueState>();
    const queuesByName = new Map<string, RequestQueueState>();
    /** Deleted run-default queues stay deleted (they are not derived again). */
    const deletedQueueIds = new Set<string>();

    const createdDuringSession = {
        datasets: new Set<string>(),
        keyValueStores: new Set<string>(),
        requestQueues: new Set<string>(),
        runs: new Set<string>(),
    };

    /**
     * Runs by their default store / queue id, so a run's default storage that holds no data
     * yet can be derived like the platform would show it (it exists from the run's start).
     * Built on the first miss only: fixture-only and scenario users that never ask pay nothing.
     */
    let runsByDefaultStoreId: Map<string, RunFixture> | undefined;
    let runsByDefaultQueueId: Map<string, RunFixture> | undefined;
    const indexRunStorages = (run: RunFixture) => {
        runsByDefaultStoreId?.set(run.defaultKeyValueStoreId, run);
        runsByDefaultQueueId?.set(run.defaultRequestQueueId, run);
    };
    const runOfDefaultStore = (storeId: string): RunFixture | undefined => {
        if (!runsByDefaultStoreId) {
            runsByDefaultStoreId = new Map();
            for (const run of runsById.values()) runsByDefaultStoreId.set(run.defaultKeyValueStoreId, run);
        }
        return runsByDefaultStoreId.get(storeId);
    };
    const runOfDefaultQueue = (queueId: string): RunFixture | undefined => {
        if (!runsByDefaultQueueId) {
            runsByDefaultQueueId = new Map();
            for (const run of runsById.values()) runsByDefaultQueueId.set(run.defaultRequestQueueId, run);
        }
        return runsByDefaultQueueId.get(queueId);
    };

    function getKeyValueStore(idOrName: string): KeyValueStoreState | undefined {
        const name = nameFromTildeReference(idOrName, username);
        if (name !== undefined) return storesByName.get(name);
        const known = storesById.get(idOrName) ?? storesByName.get(idOrName);
        if (known) return known;
        const run = runOfDefaultStore(idOrName);
        if (!run) return undefined;
        // Empty like a finished run's store whose INPUT was not kept: records/INPUT answers 404.
        const store: KeyValueStoreState = {
            id: idOrName,
            actRunId: run.id,
            actId: run.actId,
            createdAt: run.startedAt,
            modifiedAt: run.finishedAt ?? run.startedAt,
            records: new Map(),
        };
        storesById.set(store.id, store);
        return store;
    }

    const millisNow = () => clock.now().getTime();
    function getRequestQueue(idOrName: string): RequestQueueState | undefined {
        const name = nameFromTildeReference(idOrName, username);
        if (name !== undefined) return queuesByName.get(name);
        const known = queuesById.get(idOrName) ?? queuesByName.get(idOrName);
        if (known) return known;
        if (deletedQueueIds.has(idOrName)) return undefined;
        const run = runOfDefaultQueue(idOrName);
        if (!run) return undefined;
        const queue = new RequestQueueState(
            {
                id: idOrName,
                actRunId: run.id,
                actId: run.actId,
                createdAt: run.startedAt,
                modifiedAt: run.startedAt,
            },
            millisNow,
        );
        queuesById.set(queue.id, queue);
        return queue;
    }

    function pageOf<T extends { createdAt: string }>(
        all: Iterable<T>,
        offset: number,
        limit: number,
        desc: boolean,
    ): Page<T> {
        const sorted = [...all].sort((a, b) => compareIds(a.createdAt, b.createdAt));
        if (desc) sorted.reverse();
        return { total: sorted.length, items: sorted.slice(offset, offset + limit) };
    }

    function getDataset(idOrName: string): DatasetState | undefined {
        const name = nameFromTildeReference(idOrName, username);
        if (name !== undefined) return datasetsByName.get(name);
        const known = datasetsById.get(idOrName) ?? datasetsByName.get(idOrName);
        if (known) return known;
        const derived = options.resolveRunDataset?.(idOrName);
        if (!derived) return undefined;
        // Cached so pushes and reads see one object; only datasets somebody asked for are kept.
        const datasetState: DatasetState = { ...derived };
        datasetsById.set(derived.id, datasetState);
        return datasetState;
    }

    const state: EmulatorState = {
        clock,
        user: fixture.user,
        tokens: fixture.tokens,

        listActors: () => fixture.actors,
        resolveActor(idOrName) {
            const name = nameFromTildeReference(idOrName, username);
            if (name !== undefined) return actorsByName.get(name);
            return actorsById.get(idOrName);
        },

        listBuilds: (actId) => buildsByActor.get(actId) ?? [],
        getBuild: (buildId) => buildsById.get(buildId),

        listRuns(filter: RunListFilter): Page<RunFixture> {
            const timeline = filter.actId === undefined ? accountTimeline : actorTimelines.get(filter.actId);
            if (!timeline) return { total: 0, items: [] };
            const from = filter.startedAfter ? timeline.lowerBound(Date.parse(filter.startedAfter)) : 0;
            const to = filter.startedBefore
                ? timeline.upperBound(Date.parse(filter.startedBefore))
                : timeline.runs.length;
            const items: RunFixture[] = [];
            if (!filter.statuses || filter.statuses.length === 0) {
                const total = Math.max(0, to - from);
                const count = Math.max(0, Math.min(filter.limit, total - filter.offset));
                for (let k = 0; k < count; k++) {
                    const index = filter.desc ? to - 1 - filter.offset - k : from + filter.offset + k;
                    items.push(timeline.runs[index]!);
                }
                return { total, items };
            }
            const statuses = new Set(filter.statuses);
            let total = 0;
            for (let k = 0; k < to - from; k++) {
                const run = timeline.runs[filter.desc ? to - 1 - k : from + k]!;
                if (!statuses.has(run.status)) continue;
                if (total >= filter.offset && items.length < filter.limit) items.push(run);
                total++;
            }
            return { total, items };
        },
        getRun: (runId) => runsById.get(runId),
        lastRun(actId, status) {
            const timeline = actorTimelines.get(actId);
            if (!timeline) return undefined;
            for (let i = timeline.runs.length - 1; i >= 0; i--) {
                const run = timeline.runs[i]!;
                if (!status || run.status === status) return run;
            }
            return undefined;
        },
        insertRun(run) {
            const existing = runsById.get(run.id);
            if (existing) {
                state.updateRun(run.id, run);
                return;
            }
            runsById.set(run.id, run);
            accountTimeline.insert(run);
            timelineOf(run.actId).insert(run);
            indexRunStorages(run);
        },
        updateRun(runId, patch) {
            const run = runsById.get(runId);
            if (!run) throw new Error(`Cannot update run ${runId}: it does not exist.`);
            const isMoving =
                (patch.startedAt !== undefined && patch.startedAt !== run.startedAt) ||
                (patch.actId !== undefined && patch.actId !== run.actId);
            if (isMoving) {
                accountTimeline.remove(run);
                timelineOf(run.actId).remove(run);
            }
            // In place: the timelines hold this object by reference.
            Object.assign(run, patch, { id: run.id });
            indexRunStorages(run);
            if (isMoving) {
                accountTimeline.insert(run);
                timelineOf(run.actId).insert(run);
            }
            return run;
        },

        getDataset,
        listDatasets(offset, limit, desc, unnamed) {
            const all = [...datasetsById.values()].filter((dataset) => unnamed || dataset.name !== undefined);
            return pageOf(all, offset, limit, desc);
        },
        createDataset(init) {
            const nowIso = clock.now().toISOString();
            const dataset: DatasetState = { createdAt: nowIso, modifiedAt: nowIso, ...init };
            if (datasetsById.has(dataset.id)) throw new Error(`Dataset ${dataset.id} already exists.`);
            datasetsById.set(dataset.id, dataset);
            if (dataset.name) datasetsByName.set(dataset.name, dataset);
            return dataset;
        },
        pushItems(datasetId, items) {
            const dataset = getDataset(datasetId);
            if (!dataset) throw new Error(`Cannot push items: dataset ${datasetId} does not exist.`);
            // Derived datasets may claim items they do not hold; pushing starts a real list.
            if (!dataset.items) dataset.items = [];
            for (const item of items) dataset.items.push(item);
            dataset.itemCount = dataset.items.length;
            dataset.cleanItemCount = dataset.items.length;
            dataset.modifiedAt = clock.now().toISOString();
        },

        getKeyValueStore,
        listKeyValueStores(offset, limit, desc, unnamed) {
            const all = [...storesById.values()].filter((store) => unnamed || store.name !== undefined);
            return pageOf(all, offset, limit, desc);
        },
        createKeyValueStore(init) {
            const nowIso = clock.now().toISOString();
            const store: KeyValueStoreState = {
                id: init.id ?? generateApifyId(),
                name: init.name,
                actRunId: init.actRunId,
                actId: init.actId,
                createdByTokenId: init.createdByTokenId,
                createdAt: nowIso,
                modifiedAt: nowIso,
                records: new Map(),
            };
            if (storesById.has(store.id)) throw new Error(`Key-value store ${store.id} already exists.`);
            if (store.name && storesByName.has(store.name))
                throw new Error(`A key-value store named "${store.name}" already exists.`);
            storesById.set(store.id, store);
            if (store.name) storesByName.set(store.name, store);
            return store;
        },

        getRequestQueue,
        listRequestQueues(offset, limit, desc, unnamed) {
            const all = [...queuesById.values()].filter((queue) => unnamed || queue.name !== undefined);
            return pageOf(all, offset, limit, desc);
        },
        createRequestQueue(init) {
            const nowIso = clock.now().toISOString();
            const queue = new RequestQueueState(
                {
                    id: init.id ?? generateApifyId(),
                    ...(init.name !== undefined ? { name: init.name } : {}),
                    ...(init.actRunId !== undefined ? { actRunId: init.actRunId } : {}),
                    ...(init.actId !== undefined ? { actId: init.actId } : {}),
                    ...(init.createdByTokenId !== undefined ? { createdByTokenId: init.createdByTokenId } : {}),
                    createdAt: nowIso,
                    modifiedAt: nowIso,
                },
                millisNow,
            );
            if (queuesById.has(queue.id)) throw new Error(`Request queue ${queue.id} already exists.`);
            if (queue.name && queuesByName.has(queue.name))
                throw new Error(`A request queue named "${queue.name}" already exists.`);
            queuesById.set(queue.id, queue);
            if (queue.name) queuesByName.set(queue.name, queue);
            return queue;
        },
        renameRequestQueue(queueId, name) {
            const queue = queuesById.get(queueId);
            if (!queue) throw new Error(`Cannot rename request queue ${queueId}: it does not exist.`);
            if (name === queue.name) return queue;
            if (name !== undefined && queuesByName.has(name))
                throw new Error(`A request queue named "${name}" already exists.`);
            if (queue.name !== undefined) queuesByName.delete(queue.name);
            queue.name = name;
            if (name !== undefined) queuesByName.set(name, queue);
            queue.modifiedAt = clock.now().toISOString();
            return queue;
        },
        deleteRequestQueue(queueId) {
            const queue = queuesById.get(queueId);
            if (!queue) return false;
            queuesById.delete(queueId);
            deletedQueueIds.add(queueId);
            if (queue.name !== undefined) queuesByName.delete(queue.name);
            return true;
        },

        createdDuringSession,
    };
    return state;
}
