/**
 * Small seeded PRNG (mulberry32) so latency jitter and fault injection replay exactly for a
 * given seed. Not for anything security related.
 */
export type RandomSource = () => number;

export function createSeededRandom(seed: number): RandomSource {
    let stateValue = seed >>> 0;
    return () => {
        stateValue = (stateValue + 0x6d2b79f5) >>> 0;
        let t = stateValue;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Derives an independent stream per name (e.g. per endpoint) from one seed. */
export function deriveSeed(seed: number, name: string): number {
    let hash = 2166136261 ^ (seed >>> 0);
    for (let i = 0; i < name.length; i++) {
        hash ^= name.charCodeAt(i);
        hash = Math.imul(hash, 16777619);
    }
    return hash >>> 0;
}
