/**
 * Apify-looking 17-character ids that carry where they come from. A generated run's id (and
 * its default storages' ids) end with the base-62 packing of (Actor index, UTC day, ordinal
 * in that day), so `resolveRunDataset` can find the run again by recomputing one Actor-day
 * instead of keeping a 1 M-entry map. The first 8 characters are a hash of the seed, the
 * kind and the packing, so ids of different kinds and seeds never collide and a forged
 * suffix is rejected.
 */
import { hash32 } from './seeded-prng.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ID_LENGTH = 17;
const HASH_PART_LENGTH = 8;
const PACKED_PART_LENGTH = ID_LENGTH - HASH_PART_LENGTH;

/** 4,096 runs per Actor per day; generated profiles are capped well below it. */
export const MAX_RUNS_PER_ACTOR_DAY = 4096;
/** UTC days since 1970 fit in 20 bits until the year 4840. */
const DAY_RANGE = 1 << 20;
/** 65,536 Actors per fleet. */
export const MAX_ACTORS = 1 << 16;

export type IdKind = 'user' | 'actor' | 'build' | 'run' | 'dataset' | 'kvs' | 'rq' | 'named-dataset' | 'named-kvs';
const KIND_CODES: Record<IdKind, number> = {
    user: 1,
    actor: 2,
    build: 3,
    run: 4,
    dataset: 5,
    kvs: 6,
    rq: 7,
    'named-dataset': 8,
    'named-kvs': 9,
};

const ALPHABET_CODES = Array.from(ALPHABET, (char) => char.charCodeAt(0));
/** Reused scratch buffer: ids are built as one flat string (a concatenation would leave a
 * V8 cons-string of ~2× the size behind for each of the ~5 M ids of the L scenario). */
const idCodes: number[] = new Array<number>(ID_LENGTH).fill(0);

function writeBase62(value: number, start: number, length: number): void {
    let rest = value;
    for (let i = start + length - 1; i >= start; i--) {
        idCodes[i] = ALPHABET_CODES[rest % 62]!;
        rest = Math.floor(rest / 62);
    }
}

function decodeBase62(text: string): number | undefined {
    let value = 0;
    for (const char of text) {
        const digit = ALPHABET.indexOf(char);
        if (digit < 0) return undefined;
        value = value * 62 + digit;
    }
    return value;
}

/** A deterministic id of `kind` for a non-negative integer `packed` (< 62^9). */
export function buildId(seed: number, kind: IdKind, packed: number): string {
    const code = KIND_CODES[kind];
    const first = hash32(seed, code, packed);
    const second = hash32(first, code);
    // 62^4 = 14,776,336: four base-62 digits from each hash word.
    writeBase62(first % 14776336, 0, 4);
    writeBase62(second % 14776336, 4, 4);
    writeBase62(
        (packed + maskOf(first % 14776336, second % 14776336)) % PACKED_MODULUS,
        HASH_PART_LENGTH,
        PACKED_PART_LENGTH,
    );
    return String.fromCharCode(...idCodes);
}

/** 2^52: every value below it fits 9 base-62 digits, and sums stay exact doubles. */
const PACKED_MODULUS = 2 ** 52;
/**
 * Offsets the packed address by a value derived from the visible hash part, so consecutive
 * runs do not get visibly consecutive ids, while decoding needs nothing but the id itself.
 */
function maskOf(firstDigits: number, secondDigits: number): number {
    return (firstDigits * 14776336 + secondDigits) * 20;
}

export interface RunAddress {
    actorIndex: number;
    /** UTC day number (epoch milliseconds / 86,400,000, floored). */
    day: number;
    /** Position of the run among the Actor's runs of that day, by start time. */
    ordinal: number;
}

export function packRunAddress({ actorIndex, day, ordinal }: RunAddress): number {
    return (actorIndex * DAY_RANGE + day) * MAX_RUNS_PER_ACTOR_DAY + ordinal;
}

/** The run address inside a generated id of `kind`, or undefined when it is not one of ours. */
export function parseRunAddress(seed: number, kind: IdKind, id: string): RunAddress | undefined {
    if (id.length !== ID_LENGTH) return undefined;
    const firstDigits = decodeBase62(id.slice(0, 4));
    const secondDigits = decodeBase62(id.slice(4, HASH_PART_LENGTH));
    const encoded = decodeBase62(id.slice(HASH_PART_LENGTH));
    if (firstDigits === undefined || secondDigits === undefined || encoded === undefined) return undefined;
    const packed = (((encoded - maskOf(firstDigits, secondDigits)) % PACKED_MODULUS) + PACKED_MODULUS) % PACKED_MODULUS;
    if (buildId(seed, kind, packed) !== id) return undefined;
    const ordinal = packed % MAX_RUNS_PER_ACTOR_DAY;
    const rest = Math.floor(packed / MAX_RUNS_PER_ACTOR_DAY);
    return { actorIndex: Math.floor(rest / DAY_RANGE), day: rest % DAY_RANGE, ordinal };
}
