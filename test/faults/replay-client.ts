/**
 * A stand-in for ApifyClient that answers the collection's calls from responses recorded once
 * against the emulator, optionally passing every answer through a mutation first. It covers
 * exactly the calls actor/engine/collection/fleet-api.ts makes; anything else throws, so a new call
 * in the collection shows up here instead of silently reading `undefined`.
 *
 * Recording goes through the real apify-client (Dates and all), so replayed answers have the
 * exact shapes the collection sees in production.
 */
import type { ApifyClient } from 'apify-client';

export type RecordedResponses = Map<string, unknown>;
/** Receives the call key and the (frozen) recorded answer; returns what to answer (copy before editing). */
export type ResponseMutation = (callKey: string, response: unknown) => unknown;

interface CallTarget {
    (callKey: string, call: () => Promise<unknown>): Promise<unknown>;
}

function buildClient(answer: CallTarget): ApifyClient {
    const keyOf = (parts: unknown[]): string => JSON.stringify(parts);
    const fake = {
        actors: () => ({
            list: (options: unknown) =>
                answer(keyOf(['actors.list', options]), () => Promise.reject(new Error('no recording'))),
        }),
        actor: (actorId: string) => ({
            get: () => answer(keyOf(['actor.get', actorId]), () => Promise.reject(new Error('no recording'))),
            runs: () => ({
                list: (options: unknown) =>
                    answer(keyOf(['actor.runs.list', actorId, options]), () =>
                        Promise.reject(new Error('no recording')),
                    ),
            }),
            builds: () => ({
                list: (options: unknown) =>
                    answer(keyOf(['actor.builds.list', actorId, options]), () =>
                        Promise.reject(new Error('no recording')),
                    ),
            }),
        }),
        runs: () => ({
            list: (options: unknown) =>
                answer(keyOf(['runs.list', options]), () => Promise.reject(new Error('no recording'))),
        }),
        run: (runId: string) => ({
            get: () => answer(keyOf(['run.get', runId]), () => Promise.reject(new Error('no recording'))),
        }),
        build: (buildId: string) => ({
            get: () => answer(keyOf(['build.get', buildId]), () => Promise.reject(new Error('no recording'))),
        }),
        dataset: (datasetId: string) => ({
            get: () => answer(keyOf(['dataset.get', datasetId]), () => Promise.reject(new Error('no recording'))),
            getStatistics: () =>
                answer(keyOf(['dataset.getStatistics', datasetId]), () => Promise.reject(new Error('no recording'))),
        }),
    };
    return fake as unknown as ApifyClient;
}

/** Wraps a real client: every answer is recorded under its call key. */
export function createRecordingClient(real: ApifyClient, recorded: RecordedResponses): ApifyClient {
    const keyOf = (parts: unknown[]): string => JSON.stringify(parts);
    const record = async (key: string, call: () => Promise<unknown>): Promise<unknown> => {
        const value = await call();
        recorded.set(key, value);
        return value;
    };
    const fake = {
        actors: () => ({
            list: (options: never) => record(keyOf(['actors.list', options]), () => real.actors().list(options)),
        }),
        actor: (actorId: string) => ({
            get: () => record(keyOf(['actor.get', actorId]), () => real.actor(actorId).get()),
            runs: () => ({
                list: (options: never) =>
                    record(keyOf(['actor.runs.list', actorId, options]), () =>
                        real.actor(actorId).runs().list(options),
                    ),
            }),
            builds: () => ({
                list: (options: never) =>
                    record(keyOf(['actor.builds.list', actorId, options]), () =>
                        real.actor(actorId).builds().list(options),
                    ),
            }),
        }),
        runs: () => ({
            list: (options: never) => record(keyOf(['runs.list', options]), () => real.runs().list(options)),
        }),
        run: (runId: string) => ({ get: () => record(keyOf(['run.get', runId]), () => real.run(runId).get()) }),
        build: (buildId: string) => ({
            get: () => record(keyOf(['build.get', buildId]), () => real.build(buildId).get()),
        }),
        dataset: (datasetId: string) => ({
            get: () => record(keyOf(['dataset.get', datasetId]), () => real.dataset(datasetId).get()),
            getStatistics: () =>
                record(keyOf(['dataset.getStatistics', datasetId]), () => real.dataset(datasetId).getStatistics()),
        }),
    };
    return fake as unknown as ApifyClient;
}

/**
 * Replays the recording. A call that was not recorded (the mutated answers sent the
 * collection somewhere new, e.g. a page beyond a mutated `total`) gets the answer the API
 * gives for an empty page or a missing resource.
 */
export function createReplayClient(
    recorded: RecordedResponses,
    mutate: ResponseMutation = (_key, response) => response,
): ApifyClient {
    return buildClient(async (callKey) => {
        if (!recorded.has(callKey)) {
            const isList = callKey.includes('.list"');
            return mutate(
                callKey,
                isList ? { total: 0, count: 0, offset: 0, limit: 1000, desc: false, items: [] } : undefined,
            );
        }
        // Only answers about to be mutated are copied; the others are shared, deep-frozen, so
        // a collection that edited an API answer in place would fail loudly here.
        return mutate(callKey, recorded.get(callKey));
    });
}

/** Freezes every recorded answer (see createReplayClient). */
export function freezeRecording(recorded: RecordedResponses): void {
    const freeze = (value: unknown): void => {
        if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
        Object.freeze(value);
        for (const child of Object.values(value)) freeze(child);
    };
    for (const value of recorded.values()) freeze(value);
}
