/**
 * The engine's one bounded-parallel map: at most `concurrency` tasks in flight, results in the
 * items' order. Used for store reads and writes (trend history, day cache) and specialist runs
 * (fan-out). The collection's TaskRunner (collection/task-runner.ts) is a different tool: it
 * stops on the first failure or an abort and reports progress per unit.
 */
export async function mapWithConcurrency<T, R>(
    items: readonly T[],
    concurrency: number,
    task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
    if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);
    const results: R[] = new Array<R>(items.length);
    let next = 0;
    const lane = async (): Promise<void> => {
        while (next < items.length) {
            const index = next;
            next += 1;
            results[index] = await task(items[index]!, index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
    return results;
}
