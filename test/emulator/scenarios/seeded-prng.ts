/**
 * Tiny, well-known pseudo-random building blocks for the scenario generator. Everything a
 * scenario contains is a pure function of (seed, Actor index, UTC day, …), so any slice of
 * history (one day for `runsBetween`, one run for `resolveRunDataset`) can be recomputed
 * on its own without replaying the whole fleet.
 */

/** Knuth's multiplicative constant 2^32/φ: consecutive multiples are evenly spread mod 1. */
const GOLDEN_RATIO_FRACTION = 0.6180339887498949;

/**
 * murmur3's 32-bit finaliser (fmix32): a cheap avalanche mix, so neighbouring inputs
 * (Actor 7 vs 8, day 20411 vs 20412) give unrelated seeds.
 */
export function mix32(value: number): number {
    let h = value | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}

/** Combines integers into one 32-bit hash (order matters). */
export function hash32(...parts: number[]): number {
    let h = 0x9e3779b9;
    for (const part of parts) {
        // Parts may exceed 32 bits (epoch days × …): fold the high half in as well.
        const low = part | 0;
        const high = Math.floor(part / 4294967296) | 0;
        h = mix32(h ^ low);
        if (high !== 0) h = mix32(h ^ high);
        h = (h + 0x6d2b79f5) >>> 0;
    }
    return mix32(h);
}

/** A hash of a string (FNV-1a), for seeding from names. */
export function hashString(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}

/** A seeded generator of floats in [0, 1) with the helpers the generator needs. */
export interface Random {
    next(): number;
    /** Integer in [min, max] inclusive. */
    int(min: number, max: number): number;
    between(min: number, max: number): number;
    pick<T>(items: readonly T[]): T;
    /** Standard normal (Box–Muller). */
    normal(): number;
    /** Log-normal around `median` with log-space spread `sigma`. */
    logNormal(median: number, sigma: number): number;
    /** Poisson count with mean `lambda` (Knuth below 30, normal approximation above). */
    poisson(lambda: number): number;
    /** Picks a key with probability proportional to its weight. */
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
}

/**
 * mulberry32 by Tommy Ettinger (public domain): one 32-bit state word, passes
 * gjrand/PractRand well enough for test data, and is about 10 lines.
 */
export function createRandom(seed: number): Random {
    let state = seed >>> 0;
    const next = (): number => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const random: Random = {
        next,
        int: (min, max) => min + Math.floor(next() * (max - min + 1)),
        between: (min, max) => min + next() * (max - min),
        pick: (items) => items[Math.floor(next() * items.length)]!,
        normal: () => {
            const u = 1 - next();
            const v = next();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        },
        logNormal: (median, sigma) => median * Math.exp(sigma * random.normal()),
        poisson: (lambda) => {
            if (lambda <= 0) return 0;
            if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.normal()));
            const limit = Math.exp(-lambda);
            let count = 0;
            let product = next();
            while (product > limit) {
                count++;
                product *= next();
            }
            return count;
        },
        weighted: (weights) => {
            const entries = Object.entries(weights) as Array<[never, number]>;
            let total = 0;
            for (const [, weight] of entries) total += weight;
            let target = next() * total;
            for (const [key, weight] of entries) {
                target -= weight;
                if (target < 0) return key;
            }
            return entries[entries.length - 1]![0];
        },
    };
    return random;
}

/**
 * The k-th point of a randomly shifted golden-ratio sequence: a "stratified coin". Deciding
 * "fails when u < p" with these values gives ⌊n·p⌋ or ⌈n·p⌉ failures in any n consecutive
 * runs, so a healthy Actor's failure rate is steady and no analysis sees a regression that
 * is only noise; planted incidents then stand out by their size, not by luck.
 */
export function stratifiedUniform(offset: number, k: number): number {
    const value = offset + k * GOLDEN_RATIO_FRACTION;
    return value - Math.floor(value);
}
