/**
 * A TaskRunner that survives a migration: units are requests in a crawlee RequestQueue
 * (`uniqueKey` = stage + unit id, so a restart never queues the same work twice) executed by a
 * BasicCrawler, and each finished unit's result is persisted in a key-value store before the
 * request is marked handled. After a restart, persisted results are delivered again without
 * calling the worker, and only unfinished units run: the collection resumes with identical
 * results.
 *
 * Results are persisted with group commit: units finishing close together are written as one
 * chunk record plus one index record, not one record per unit (2,000 Actors would otherwise
 * mean 2,000 record writes against the 200/s per-store limit). A unit's request handler
 * returns only after its chunk is durable, so "handled in the queue" implies "result stored".
 *
 * Crawlee's defaults do not fit here and are overridden: 3 retries (apify-client already
 * retried each request 8 times; a unit that still fails is a bug or an abort, so 0), the
 * handler timeout (see UNIT_HANDLER_TIMEOUT_SECS), autoscaling (fixed concurrency: the
 * RateLimiter does the rate limiting), sessions (no HTTP here).
 *
 * After a migration the restarted process opens the same queue with a new crawlee client
 * key, while the units the killed process was working on are still locked by the old key
 * (crawlee issue #2870): the new crawler cannot take them and would wait out the locks
 * ("The queue still contains requests locked by another client"). So before the first stage
 * the runner releases its run's locks with `POST /v2/request-queues/{id}/requests/unlock`,
 * which, called from within an Actor run, "unlocks all requests locked by that specific run
 * plus all requests locked by the same clientKey". Storage clients without that call (local
 * memory storage, where nothing survives a restart anyway) skip it.
 *
 * No Apify SDK: the Actor passes `Actor.openKeyValueStore()` / `Actor.openRequestQueue()`
 * results, tests pass memory storage.
 */
import { BasicCrawler, type BasicCrawlerOptions } from '@crawlee/basic';
import { type Configuration, RequestQueue } from '@crawlee/core';
import { CollectionAbortedError } from './errors.js';
import { createInMemoryTaskRunner, type CollectionUnit, type TaskRunOptions, type TaskRunner } from './task-runner.js';

/** The subset of a key-value store the runner needs (crawlee's and the SDK's stores fit). */
export interface MinimalKeyValueStore {
    getValue(key: string): Promise<unknown>;
    setValue(key: string, value: unknown): Promise<void>;
}

export interface CrawleeTaskRunnerOptions {
    store: MinimalKeyValueStore;
    /** The queue holding the units; must survive the restart (the run's default queue does). */
    requestQueue: RequestQueue;
    /** Distinguishes this collection's records, e.g. `FLEET-COLLECTION`. [A-Za-z0-9_-] only. */
    keyPrefix: string;
    concurrency: number;
    /** Crawlee configuration (storage client); default the global one. */
    config?: Configuration;
    /** Units per chunk at most (default 200): keeps records well under the 9 MB record limit for Actor units. */
    maxUnitsPerChunk?: number;
    /** How long a finished unit may wait for companions before its chunk is written (default 250 ms). */
    commitDelayMs?: number;
}

/**
 * How long one unit may hold its queue lock (crawlee locks for this + 5 s). A unit is one
 * Actor's run list, profile or run sample, or one run-list page: a few requests that take
 * seconds, minutes only under heavy 429 back-off. The lock only matters when the locks of a
 * killed process are not released (no unlock call): then it bounds the stall of the resumed
 * run. A unit that outlives it is not failed: its work goes on, the lock is given up and the
 * runner waits for the result after the crawler (see `execute`).
 */
export const UNIT_HANDLER_TIMEOUT_SECS = 5 * 60;
const KEY_PREFIX_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

interface StageIndex {
    chunks: number;
}

/**
 * A chunk record's JSON at most (besides `maxUnitsPerChunk`): a key-value record may hold
 * 9 MB, and one Actor's sample unit — up to SAMPLE_MAX_RUNS_PER_ACTOR runs with their field
 * statistics — can weigh 100 kB or more, so a unit count alone does not bound a chunk.
 */
export const MAX_CHUNK_JSON_BYTES = 4 * 1024 * 1024;

interface PendingResult {
    unitId: string;
    result: unknown;
    jsonBytes: number;
    resolve: () => void;
    reject: (error: unknown) => void;
}

/** Group-committed, append-only result log of one stage. */
class StageResultLog {
    private index: StageIndex = { chunks: 0 };
    private pending: PendingResult[] = [];
    private pendingBytes = 0;
    private timer: NodeJS.Timeout | null = null;
    private writing: Promise<void> = Promise.resolve();

    constructor(
        private readonly store: MinimalKeyValueStore,
        private readonly keyBase: string,
        private readonly maxUnitsPerChunk: number,
        private readonly commitDelayMs: number,
    ) {}

    /** Reads every persisted result of the stage. */
    async load(): Promise<Map<string, unknown>> {
        const results = new Map<string, unknown>();
        const index = (await this.store.getValue(`${this.keyBase}-INDEX`)) as StageIndex | null;
        this.index = { chunks: typeof index?.chunks === 'number' ? index.chunks : 0 };
        for (let n = 0; n < this.index.chunks; n += 1) {
            const chunk = (await this.store.getValue(`${this.keyBase}-${n}`)) as {
                results?: Array<[string, unknown]>;
            } | null;
            if (!chunk?.results)
                throw new Error(
                    `Collection state record ${this.keyBase}-${n} is missing: the stored state is damaged; start a new collection.`,
                );
            for (const [unitId, result] of chunk.results) results.set(unitId, result);
        }
        return results;
    }

    /** Resolves once the result is durable. */
    append(unitId: string, result: unknown): Promise<void> {
        const jsonBytes = Buffer.byteLength(JSON.stringify([unitId, result]), 'utf8');
        return new Promise((resolve, reject) => {
            this.pending.push({ unitId, result, jsonBytes, resolve, reject });
            this.pendingBytes += jsonBytes;
            if (this.pending.length >= this.maxUnitsPerChunk || this.pendingBytes >= MAX_CHUNK_JSON_BYTES)
                this.flushSoon(0);
            else this.flushSoon(this.commitDelayMs);
        });
    }

    /**
     * The pending results cut into chunks of at most maxUnitsPerChunk units and MAX_CHUNK_JSON_BYTES (a bigger single
     * result goes alone).
     */
    private takeBatches(): PendingResult[][] {
        const batches: PendingResult[][] = [];
        let batch: PendingResult[] = [];
        let bytes = 0;
        for (const p of this.pending) {
            if (
                batch.length > 0 &&
                (batch.length >= this.maxUnitsPerChunk || bytes + p.jsonBytes > MAX_CHUNK_JSON_BYTES)
            ) {
                batches.push(batch);
                batch = [];
                bytes = 0;
            }
            batch.push(p);
            bytes += p.jsonBytes;
        }
        if (batch.length > 0) batches.push(batch);
        this.pending = [];
        this.pendingBytes = 0;
        return batches;
    }

    private flushSoon(delayMs: number): void {
        if (this.timer !== null && delayMs > 0) return;
        if (this.timer !== null) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
            this.timer = null;
            for (const batch of this.takeBatches()) {
                this.writing = this.writing.then(async () => {
                    try {
                        const n = this.index.chunks;
                        await this.store.setValue(`${this.keyBase}-${n}`, {
                            results: batch.map((p) => [p.unitId, p.result]),
                        });
                        await this.store.setValue(`${this.keyBase}-INDEX`, { chunks: n + 1 });
                        this.index = { chunks: n + 1 };
                        for (const p of batch) p.resolve();
                    } catch (error) {
                        for (const p of batch) p.reject(error);
                    }
                });
            }
        }, delayMs);
    }
}

/**
 * One stage's units in this process: each delivered once (restored or computed), and each
 * worked on at most once at a time — a handler that timed out leaves its work running, and
 * the leftovers pass waits for it instead of starting it again.
 */
class StageUnits<P, R> {
    readonly byId: Map<string, CollectionUnit<P>>;
    private readonly delivered = new Set<string>();
    private readonly inProgress = new Map<string, Promise<void>>();
    private done = 0;

    constructor(
        readonly units: ReadonlyArray<CollectionUnit<P>>,
        private readonly worker: (unit: CollectionUnit<P>) => Promise<R>,
        private readonly onResult: (unitId: string, result: R) => void,
        private readonly log: StageResultLog,
        private readonly onUnitDone: TaskRunOptions['onUnitDone'],
    ) {
        this.byId = new Map(units.map((u) => [u.id, u]));
    }

    deliver(unitId: string, result: R): void {
        if (this.delivered.has(unitId)) return;
        this.delivered.add(unitId);
        this.onResult(unitId, result);
        this.done += 1;
        this.onUnitDone?.(this.done, this.units.length);
    }

    isInProgress(unitId: string): boolean {
        return this.inProgress.has(unitId);
    }

    undelivered(): Array<CollectionUnit<P>> {
        return this.units.filter((u) => !this.delivered.has(u.id));
    }

    execute(unit: CollectionUnit<P>): Promise<void> {
        if (this.delivered.has(unit.id)) return Promise.resolve();
        const running = this.inProgress.get(unit.id);
        if (running !== undefined) return running;
        const work = (async () => {
            const result = await this.worker(unit);
            await this.log.append(unit.id, result);
            this.deliver(unit.id, result);
        })().finally(() => this.inProgress.delete(unit.id));
        this.inProgress.set(unit.id, work);
        return work;
    }
}

/** Runs `todo` as requests of a BasicCrawler over the persistent queue; throws the first unit failure. */
async function crawlUnits<P, R>(
    options: CrawleeTaskRunnerOptions,
    stage: string,
    todo: ReadonlyArray<CollectionUnit<P>>,
    stageUnits: StageUnits<P, R>,
    runOptions: TaskRunOptions,
): Promise<void> {
    const failures: unknown[] = [];
    const concurrency = Math.min(options.concurrency, runOptions.maxUnitsInProgress ?? options.concurrency);
    const crawlerOptions: BasicCrawlerOptions = {
        requestQueue: options.requestQueue,
        maxRequestRetries: 0,
        requestHandlerTimeoutSecs: UNIT_HANDLER_TIMEOUT_SECS,
        minConcurrency: concurrency,
        maxConcurrency: concurrency,
        useSessionPool: false,
        statusMessageLoggingInterval: 3600,
        async requestHandler({ request }) {
            const unit = stageUnits.byId.get(String(request.userData.unitId));
            // A unit of another parameter set (left in the queue by an older run): nothing to do.
            if (unit !== undefined) await stageUnits.execute(unit);
        },
        async failedRequestHandler({ request }, error) {
            // Still in progress = the handler timed out, not the unit: give up the
            // lock only; the leftovers pass waits for the result.
            if (stageUnits.isInProgress(String(request.userData.unitId))) return;
            failures.push(error);
        },
    };
    const crawler = new BasicCrawler(crawlerOptions, options.config);
    const onAbort = (): void => {
        void crawler.autoscaledPool?.abort();
    };
    runOptions.signal?.addEventListener('abort', onAbort, { once: true });
    try {
        await crawler.addRequests(
            todo.map((unit, i) => ({
                url: `http://fleet-collection.invalid/${stage}/${i}`,
                uniqueKey: `${stage}:${unit.id}`,
                userData: { unitId: unit.id },
            })),
            { waitForAllRequestsToBeAdded: true },
        );
        await crawler.run();
    } finally {
        runOptions.signal?.removeEventListener('abort', onAbort);
    }
    if (runOptions.signal?.aborted) throw new CollectionAbortedError();
    if (failures.length > 0) throw failures[0];
}

/**
 * Units handled in the queue but never stored (a crash between the two, or a unit cut short
 * by an abort, which crawlee records as a failed, handled request): run now, in this process.
 */
async function runLeftovers<P, R>(
    options: CrawleeTaskRunnerOptions,
    stage: string,
    stageUnits: StageUnits<P, R>,
    runOptions: TaskRunOptions,
): Promise<void> {
    const leftovers = stageUnits.undelivered();
    if (leftovers.length === 0) return;
    await createInMemoryTaskRunner(options.concurrency).run(
        stage,
        leftovers,
        async (unit) => {
            await stageUnits.execute(unit);
            return null;
        },
        () => {},
        {
            ...(runOptions.signal ? { signal: runOptions.signal } : {}),
            ...(runOptions.maxUnitsInProgress !== undefined
                ? { maxUnitsInProgress: runOptions.maxUnitsInProgress }
                : {}),
        },
    );
}

export function createCrawleeTaskRunner(options: CrawleeTaskRunnerOptions): TaskRunner {
    if (!KEY_PREFIX_PATTERN.test(options.keyPrefix)) {
        throw new RangeError(`keyPrefix "${options.keyPrefix}" must be 1–100 characters of A–Z, a–z, 0–9, "_" or "-".`);
    }
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
        throw new RangeError('concurrency must be a positive integer');

    // Once per runner (= per process): later stages only meet locks of this process's crawlers,
    // which have finished by then.
    let unlocking: Promise<void> | null = null;
    // A failed unlock is not fatal: the locks then expire on their own, UNIT_HANDLER_TIMEOUT_SECS + 5 s at most.
    const releaseLocksOfEarlierProcesses = (): Promise<void> =>
        (unlocking ??= unlockRunRequests(options.requestQueue).then(
            () => undefined,
            () => undefined,
        ));

    return {
        async run<P, R>(
            stage: string,
            units: ReadonlyArray<CollectionUnit<P>>,
            worker: (unit: CollectionUnit<P>) => Promise<R>,
            onResult: (unitId: string, result: R) => void,
            runOptions: TaskRunOptions = {},
        ): Promise<void> {
            if (!/^[A-Za-z0-9_-]+$/.test(stage))
                throw new RangeError(`stage "${stage}" must be A–Z, a–z, 0–9, "_" or "-".`);
            const log = new StageResultLog(
                options.store,
                `${options.keyPrefix}-${stage}`,
                options.maxUnitsPerChunk ?? 200,
                options.commitDelayMs ?? 250,
            );
            const persisted = await log.load();
            const stageUnits = new StageUnits(units, worker, onResult, log, runOptions.onUnitDone);
            // Units finished before a restart: no worker call, same result.
            for (const [unitId, result] of persisted)
                if (stageUnits.byId.has(unitId)) stageUnits.deliver(unitId, result as R);
            const todo = stageUnits.undelivered();
            if (todo.length === 0) return;
            await releaseLocksOfEarlierProcesses();
            await crawlUnits(options, stage, todo, stageUnits, runOptions);
            await runLeftovers(options, stage, stageUnits, runOptions);
        },
    };
}

interface UnlockableQueueClient {
    unlockRequests(): Promise<{ unlockedCount: number }>;
}

function isUnlockable(client: unknown): client is UnlockableQueueClient {
    return typeof (client as Partial<UnlockableQueueClient> | null)?.unlockRequests === 'function';
}

/**
 * Releases the requests locked by this run (any earlier process of it) or by this client key.
 * Returns how many were released; 0 when the storage client has no such call.
 */
export async function unlockRunRequests(queue: RequestQueue): Promise<number> {
    const client: unknown = queue.client;
    if (!isUnlockable(client)) return 0;
    const { unlockedCount } = await client.unlockRequests();
    return unlockedCount;
}

/** Opens (or reopens after a restart) a named request queue for the collection. */
export async function openCollectionQueue(name: string, config?: Configuration): Promise<RequestQueue> {
    return RequestQueue.open(name, config ? { config } : {});
}
