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

/** Placeholder dataset items: enough shape (strings, numbers, a URL) for field statistics. */
export function buildPlaceholderItems(runId: string, fromIndex: number, count: number): Array<Record<string, unknown>> {
    return Array.from({ length: count }, (_, offset) => {
        const index = fromIndex + offset;
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
