/**
 * Stable signal fingerprints: `<source>:<kind>:<actorId>[:<discriminator>…]`.
 *
 * The same problem on the same Actor must get the same fingerprint in the next analysis, so
 * acknowledgements and de-duplication work across runs. Therefore a fingerprint is built
 * only from identities (source, kind, Actor id, and a discriminator such as a field name or
 * a build number when one Actor can have several problems of a kind) — never from metric
 * values, dates or counts, which change from run to run.
 */
import type { SignalSource } from '../contracts/signals.js';

/** Characters allowed in a fingerprint segment (see signalSchema.fingerprint). */
const UNSAFE_SEGMENT_CHARS = /[^A-Za-z0-9._~-]+/g;

/** Turns a free-form discriminator (a field name, a pair "a vs b") into a safe segment. */
export function toFingerprintSegment(value: string): string {
    const segment = value
        .trim()
        .replace(UNSAFE_SEGMENT_CHARS, '-')
        .replace(/^-+|-+$/g, '');
    return segment.length > 0 ? segment.slice(0, 60) : 'x';
}

export function buildFingerprint(
    source: SignalSource,
    kind: string,
    actorId: string,
    ...discriminators: string[]
): string {
    return [source, kind, toFingerprintSegment(actorId), ...discriminators.map(toFingerprintSegment)].join(':');
}
