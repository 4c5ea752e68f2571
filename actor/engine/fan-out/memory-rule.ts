/**
 * How much memory a specialist run gets: enough for the shard it analyses, no more (a run is
 * billed by memory × time).
 *
 *   memory = 256 MB + 1 MB per Actor in the shard, rounded UP to the next power of two
 *            (the platform only accepts powers of two), at least 256 MB, at most 4096 MB.
 *
 * Why these numbers: a Node.js process with the Apify SDK idles at about 120–150 MB; a shard's
 * collected data (day aggregates, a bounded run sample, two builds' schemas and README) is
 * typically 10–60 KB per Actor, held once as JSON text and once parsed, with the specialist's
 * working set on top — well under 1 MB per Actor. So the default shard of 250 Actors runs in
 * 512 MB, 1,000 Actors in 2048 MB, and nothing ever asks for more than 4 GB.
 */
export const SPECIALIST_BASE_MEMORY_MBYTES = 256;
export const SPECIALIST_MEMORY_PER_ACTOR_MBYTES = 1;
export const SPECIALIST_MIN_MEMORY_MBYTES = 256;
export const SPECIALIST_MAX_MEMORY_MBYTES = 4096;

export function nextPowerOfTwo(value: number): number {
    if (!Number.isFinite(value) || value <= 1) return 1;
    return 2 ** Math.ceil(Math.log2(value));
}

export function chooseSpecialistMemoryMbytes(actorCount: number): number {
    const count = Math.max(0, Math.ceil(Number.isFinite(actorCount) ? actorCount : 0));
    const neededMbytes = SPECIALIST_BASE_MEMORY_MBYTES + count * SPECIALIST_MEMORY_PER_ACTOR_MBYTES;
    return Math.min(SPECIALIST_MAX_MEMORY_MBYTES, Math.max(SPECIALIST_MIN_MEMORY_MBYTES, nextPowerOfTwo(neededMbytes)));
}
