/**
 * What a run of an Actor without code does, decided up front from its fixture `profile` and
 * the run id (the seed): same run id, same outcome. Pure; the executor plays the plan out in
 * (scaled-down) real time.
 */
import type { z } from 'zod';
import type { runProfileSchema } from '../state/fixture-schema.js';

export type RunProfile = z.infer<typeof runProfileSchema>;

export interface ProfileRunPlan {
    status: 'SUCCEEDED' | 'FAILED' | 'TIMED-OUT';
    exitCode: number | null;
    /** Simulated run time. */
    durationSecs: number;
    itemCount: number;
    /** null: the run shows no `usageTotalUsd` (as for some pay-per-event Actors). */
    costUsd: number | null;
    memMaxBytes: number;
    statusMessage: string;
}

/** Run-to-run spread of duration and memory around the profile's values (±20 %, ±10 %). */
const DURATION_JITTER_RATIO = 0.2;
const MEMORY_JITTER_RATIO = 0.1;
/** Without a profile value, a run peaks at about half of its memory limit. */
const DEFAULT_MEMORY_USE_RATIO = 0.5;
const BYTES_PER_MBYTE = 1024 * 1024;

export function planProfileRun(
    runId: string,
    profile: RunProfile,
    limits: { timeoutSecs: number; memoryMbytes: number },
): ProfileRunPlan {
    const random = seededRandom(runId);
    const isSuccess = random() < profile.successRate;
    const jitter = 1 - DURATION_JITTER_RATIO + 2 * DURATION_JITTER_RATIO * random();
    // A failing run stops somewhere in its work: 10 %–90 % of the way.
    const progressRatio = isSuccess ? 1 : 0.1 + 0.8 * random();
    let durationSecs = profile.durationSecs * jitter * progressRatio;
    let itemCount = isSuccess ? profile.itemCount : Math.floor(profile.itemCount * progressRatio);
    let status: ProfileRunPlan['status'] = isSuccess ? 'SUCCEEDED' : 'FAILED';
    let statusMessage = isSuccess ? `Finished: ${itemCount} items.` : 'Failed: the simulated work threw an error.';
    if (limits.timeoutSecs > 0 && durationSecs > limits.timeoutSecs) {
        const doneRatio = limits.timeoutSecs / durationSecs;
        itemCount = Math.floor(itemCount * doneRatio);
        durationSecs = limits.timeoutSecs;
        status = 'TIMED-OUT';
        statusMessage = `Timed out after ${limits.timeoutSecs} s with ${itemCount} items.`;
    }
    const costRatio = profile.durationSecs > 0 ? durationSecs / profile.durationSecs : 1;
    const memoryJitter = 1 - MEMORY_JITTER_RATIO + 2 * MEMORY_JITTER_RATIO * random();
    const memMaxBytes = Math.min(
        limits.memoryMbytes * BYTES_PER_MBYTE,
        Math.round(
            (profile.memMaxBytes ?? limits.memoryMbytes * BYTES_PER_MBYTE * DEFAULT_MEMORY_USE_RATIO) * memoryJitter,
        ),
    );
    return {
        status,
        exitCode: status === 'SUCCEEDED' ? 0 : status === 'FAILED' ? 1 : null,
        durationSecs,
        itemCount,
        costUsd: profile.costUsd === null ? null : profile.costUsd * costRatio,
        memMaxBytes,
        statusMessage,
    };
}

/** A value of the declared JSON Schema type (the first non-null one) for placeholder item `index`. */
function placeholderValue(name: string, definition: unknown, index: number): unknown {
    const declared = (definition as { type?: unknown } | null)?.type;
    const types = (Array.isArray(declared) ? declared : [declared]).filter((type) => type !== 'null');
    switch (types[0]) {
        case 'number':
            return (index % 50) + 0.99;
        case 'integer':
            return index + 1;
        case 'boolean':
            return index % 2 === 0;
        case 'array':
            return [`${name}-${index + 1}`];
        case 'object':
            return { index };
        default:
            return name === 'url' ? `https://example.com/items/${index + 1}` : `${name} ${index + 1}`;
    }
}

/**
 * Placeholder dataset items: enough shape (strings, numbers, a URL) for field statistics. With
 * the dataset's fields schema, every declared field is filled with a value of its type, so the
 * items pass the platform's validation and the statistics show the fields produced.
 */
export function buildPlaceholderItems(
    runId: string,
    fromIndex: number,
    count: number,
    fieldsSchema?: Record<string, unknown>,
): Array<Record<string, unknown>> {
    const properties = fieldsSchema?.properties as Record<string, unknown> | undefined;
    return Array.from({ length: count }, (_, offset) => {
        const index = fromIndex + offset;
        if (properties && Object.keys(properties).length > 0) {
            return Object.fromEntries(
                Object.entries(properties).map(([name, definition]) => [
                    name,
                    placeholderValue(name, definition, index),
                ]),
            );
        }
        return {
            runId,
            index,
            title: `Item ${index + 1}`,
            url: `https://example.com/items/${index + 1}`,
            priceUsd: (index % 50) + 0.99,
        };
    });
}

/** mulberry32 seeded with an FNV-1a hash of the text: small, fast, reproducible. */
function seededRandom(seedText: string): () => number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < seedText.length; i++) {
        hash ^= seedText.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
    }
    let state = hash >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
