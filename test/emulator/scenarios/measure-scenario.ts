/**
 * Prints how long a scenario takes to generate and how much heap it holds (not a test: the
 * numbers depend on the machine). Usage:
 *
 *   node --expose-gc --import tsx test/emulator/scenarios/measure-scenario.ts L [seed]
 *
 * With `--expose-gc` the heap is measured after a full collection, so it is what the
 * scenario keeps alive rather than what generation left behind. Add `--with-state` to also
 * load it into the emulator's in-memory state, as the emulator does.
 */
import { generateScenario, type ScenarioName } from './index.js';

async function main(): Promise<void> {
    const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
    const name = (args[0] ?? 'L') as ScenarioName;
    const seed = args[1] === undefined ? undefined : Number(args[1]);
    const withState = process.argv.includes('--with-state');
    const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
    collect();
    const heapBeforeBytes = process.memoryUsage().heapUsed;
    const startedAtMillis = performance.now();
    const scenario = generateScenario(name, seed === undefined ? {} : { seed });
    const generationMillis = performance.now() - startedAtMillis;
    let stateMillis: number | undefined;
    let state: unknown;
    if (withState) {
        // Loaded lazily so the script works before the state module exists.
        const { createMemoryState } = (await import('../state/memory-state.js')) as {
            createMemoryState: (fixture: unknown, options: { resolveRunDataset: unknown }) => unknown;
        };
        const stateStartedAtMillis = performance.now();
        state = createMemoryState(scenario.fixture, { resolveRunDataset: scenario.resolveRunDataset });
        stateMillis = performance.now() - stateStartedAtMillis;
    }
    collect();
    const heapAfterBytes = process.memoryUsage().heapUsed;
    const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
    console.log(
        JSON.stringify(
            {
                scenario: name,
                seed: scenario.groundTruth.seed,
                actors: scenario.fixture.actors.length,
                runs: scenario.fixture.runs.length,
                incidents: scenario.groundTruth.incidents.length,
                generationSecs: Math.round(generationMillis) / 1000,
                ...(stateMillis === undefined ? {} : { stateLoadSecs: Math.round(stateMillis) / 1000 }),
                heapHeld: megabytes(heapAfterBytes - heapBeforeBytes),
                heapUsed: megabytes(heapAfterBytes),
                rss: megabytes(process.memoryUsage().rss),
                gcMeasured: typeof (globalThis as { gc?: unknown }).gc === 'function',
            },
            null,
            2,
        ),
    );
    // Keep the scenario reachable until the measurement is printed.
    void scenario.fixture.runs.length;
    void state;
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
