/**
 * The collection is cut into units (a run-list page, one Actor's run list, one Actor's
 * details) executed by a TaskRunner. The in-memory runner below serves the VS Code extension
 * and tests; the Actor uses the crawlee-backed runner (crawlee-task-runner.ts), which persists
 * finished units so that a migration resumes instead of restarting.
 *
 * Contract for every runner:
 * - `onResult` is called exactly once per unit id in this process (also for units restored
 *   from storage), so the caller can fold results in and drop them: memory stays flat;
 * - results are JSON values (a persisting runner round-trips them);
 * - a unit whose worker throws fails the whole `run` (the client already retried transient
 *   errors; what is left is a bug or an abort), after the other in-flight units settle.
 */
import { CollectionAbortedError } from './errors.js';

export interface CollectionUnit<P> {
    /** Stable across restarts: the same work always gets the same id. */
    id: string;
    payload: P;
}

export interface TaskRunOptions {
    signal?: AbortSignal;
    /** Called after each unit, restored ones included. */
    onUnitDone?: (done: number, total: number) => void;
    /**
     * At most this many units of this stage at once (the runner's own limit still applies):
     * for stages whose units hold memory while they wait (see collect-fleet.ts).
     */
    maxUnitsInProgress?: number;
}

export interface TaskRunner {
    run<P, R>(
        stage: string,
        units: ReadonlyArray<CollectionUnit<P>>,
        worker: (unit: CollectionUnit<P>) => Promise<R>,
        onResult: (unitId: string, result: R) => void,
        options?: TaskRunOptions,
    ): Promise<void>;
}

/** Runs units with at most `concurrency` at once; nothing is persisted. */
export function createInMemoryTaskRunner(concurrency: number): TaskRunner {
    if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new RangeError('concurrency must be a positive integer');
    return {
        async run(_stage, units, worker, onResult, options = {}) {
            let next = 0;
            let done = 0;
            let failure: unknown = null;
            const lane = async (): Promise<void> => {
                while (failure === null && next < units.length) {
                    if (options.signal?.aborted) {
                        failure = new CollectionAbortedError();
                        return;
                    }
                    const unit = units[next]!;
                    next += 1;
                    try {
                        const result = await worker(unit);
                        onResult(unit.id, result);
                        done += 1;
                        options.onUnitDone?.(done, units.length);
                    } catch (error) {
                        failure ??= error;
                    }
                }
            };
            const lanes = Math.min(concurrency, options.maxUnitsInProgress ?? concurrency, units.length);
            await Promise.all(Array.from({ length: lanes }, lane));
            if (failure !== null) throw failure;
        },
    };
}
