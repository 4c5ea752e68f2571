/**
 * Usage numbers of a run the emulator executed: compute units from memory × duration, and a
 * price, so the runs it produces look like the platform's to the analytics (which reads
 * `usageTotalUsd`, `stats.computeUnits`, `stats.runTimeSecs`, `stats.memMaxBytes`).
 */
import type { RunFixture } from '../state/fixture-schema.js';

/** Apify bills 1 compute unit = 1 GB of memory for 1 hour. */
const MBYTES_PER_GBYTE = 1024;
const SECS_PER_HOUR = 3600;
/** Roughly the Starter plan's price per compute unit; only needs to be plausible. */
export const USD_PER_COMPUTE_UNIT = 0.4;

export interface UsageInput {
    memoryMbytes: number;
    runTimeSecs: number;
    memMaxBytes?: number;
    memAvgBytes?: number;
    /** Overrides the compute-unit price (profile runs carry their own cost); null = no cost field. */
    usageTotalUsd?: number | null;
}

/** `usageTotalUsd: null` = the run reports no cost (kept so, not defaulted by the API shapes). */
export function computeRunUsage(input: UsageInput): Pick<RunFixture, 'stats'> & { usageTotalUsd: number | null } {
    const runTimeSecs = Math.max(0, input.runTimeSecs);
    const computeUnits = (input.memoryMbytes / MBYTES_PER_GBYTE) * (runTimeSecs / SECS_PER_HOUR);
    const stats: RunFixture['stats'] = {
        runTimeSecs: round(runTimeSecs, 3),
        computeUnits: round(computeUnits, 6),
    };
    if (input.memMaxBytes !== undefined) stats.memMaxBytes = Math.round(input.memMaxBytes);
    if (input.memAvgBytes !== undefined) stats.memAvgBytes = Math.round(input.memAvgBytes);
    const usageTotalUsd = input.usageTotalUsd === undefined ? computeUnits * USD_PER_COMPUTE_UNIT : input.usageTotalUsd;
    return { stats, usageTotalUsd: usageTotalUsd === null ? null : round(usageTotalUsd, 6) };
}

function round(value: number, digits: number): number {
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
}
