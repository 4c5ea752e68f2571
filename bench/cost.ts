/**
 * Platform cost of one analysis: Apify bills compute units (CU) = memory in GB × run time in
 * hours, at the memory the run is given. The Actor needs the smallest memory tier that holds
 * its peak resident set size; tiers are 128 MB × 2^k (128 MB … 32 GB).
 */

/**
 * USD per compute unit on the Free and Starter plans (apify.com/pricing, "Compute units":
 * $0.30 per CU; Scale $0.25, Business $0.20). The most expensive published price, so the
 * figure is what a small account pays.
 */
export const USD_PER_COMPUTE_UNIT = 0.3;
export const USD_PER_COMPUTE_UNIT_SOURCE = 'apify.com/pricing: $0.30/CU on the Free and Starter plans';

const MIN_MEMORY_MB = 128;
const MAX_MEMORY_MB = 32_768;

/** The smallest Apify memory setting (128 MB × 2^k) that is at least `peakRssMb`. */
export function memoryTierMb(peakRssMb: number): number {
    if (!Number.isFinite(peakRssMb) || peakRssMb < 0)
        throw new RangeError(`peakRssMb must be a non-negative number (got ${peakRssMb}).`);
    let tier = MIN_MEMORY_MB;
    while (tier < peakRssMb && tier < MAX_MEMORY_MB) tier *= 2;
    return tier;
}

export interface RunCost {
    memoryTierMb: number;
    computeUnits: number;
    costUsd: number;
}

export function estimateRunCost(peakRssMb: number, wallMs: number, usdPerComputeUnit = USD_PER_COMPUTE_UNIT): RunCost {
    const tier = memoryTierMb(peakRssMb);
    const computeUnits = (tier / 1024) * (wallMs / 3_600_000);
    return { memoryTierMb: tier, computeUnits, costUsd: computeUnits * usdPerComputeUnit };
}
