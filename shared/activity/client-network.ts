/**
 * Client addresses turned into what the watch may keep: a coarse, displayable network prefix
 * (the /24 of an IPv4 address, the /48 of an IPv6 one — roughly "one site") and a salted hash
 * of the full address. The raw address never leaves this module's callers' memory.
 *
 * Hash: HMAC-SHA-256 keyed with the account's random salt (stored in the baseline record), from
 * `@noble/hashes` — a small, audited, dependency-free pure-JS implementation. `node:crypto` would
 * tie shared/ to Node (the webview bundles shared/ for the browser), and Web Crypto's digest is
 * async, which would make learning and detection async for no gain. The salt stops precomputed
 * tables and cross-account correlation; it does not make an IPv4 hash unguessable to someone who
 * holds the record and its salt (2^32 candidates), which is why the README says the trend store
 * keeps only the prefix in the clear and treats the hashes as pseudonyms, not secrets.
 *
 * Address parsing: `ipaddr.js` (pure, browser-safe); IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts
 * as the IPv4 address it carries.
 */
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import ipaddr from 'ipaddr.js';

export interface ClientNetwork {
    /** `203.0.113.0/24` or `2001:db8:1234::/48`: shown to the user, kept in the baseline. */
    prefix: string;
    /** Salted hash of the full address (hex): tells hosts apart inside a prefix, never reversible by design. */
    hostHash: string;
}

/** 16 random bytes, hex: the account's salt. */
export const SALT_HEX_PATTERN = /^[0-9a-f]{32}$/;
/** 128 bits of the HMAC are plenty to tell hosts apart and keep the record compact. */
const HOST_HASH_HEX_CHARS = 32;

type ParsedAddress = { kind: 'ipv4'; octets: number[] } | { kind: 'ipv6'; parts: number[] };

function parseAddress(text: string): ParsedAddress | null {
    const trimmed = text.trim();
    if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return { kind: 'ipv4', octets: ipaddr.IPv4.parse(trimmed).octets };
    if (!ipaddr.IPv6.isValid(trimmed)) return null;
    const address = ipaddr.IPv6.parse(trimmed);
    if (address.isIPv4MappedAddress()) return { kind: 'ipv4', octets: address.toIPv4Address().octets };
    return { kind: 'ipv6', parts: address.parts };
}

function canonicalAddress(address: ParsedAddress): string {
    return address.kind === 'ipv4' ? address.octets.join('.') : new ipaddr.IPv6(address.parts).toNormalizedString();
}

function coarsePrefix(address: ParsedAddress): string {
    if (address.kind === 'ipv4') return `${address.octets.slice(0, 3).join('.')}.0/24`;
    const site = address.parts.slice(0, 3).map((part) => part.toString(16));
    return `${site.join(':')}::/48`;
}

export function hashClientAddress(canonical: string, saltHex: string): string {
    if (!SALT_HEX_PATTERN.test(saltHex)) throw new RangeError('The activity baseline salt must be 32 hex characters.');
    return bytesToHex(hmac(sha256, hexToBytes(saltHex), utf8ToBytes(canonical))).slice(0, HOST_HASH_HEX_CHARS);
}

/** Prefix and salted host hash of a client address; null when the run has none or it is not an address. */
export function describeClientNetwork(clientIp: string | null | undefined, saltHex: string): ClientNetwork | null {
    if (clientIp === null || clientIp === undefined) return null;
    const address = parseAddress(clientIp.slice(0, 100));
    if (address === null) return null;
    return { prefix: coarsePrefix(address), hostHash: hashClientAddress(canonicalAddress(address), saltHex) };
}

/**
 * A fresh salt for a new baseline from a source of random bytes. shared/ never draws randomness
 * itself (determinism): the caller passes `crypto.getRandomValues` (Node ≥ 20 and browsers).
 */
export function createBaselineSalt(fillRandom: (bytes: Uint8Array) => Uint8Array): string {
    return bytesToHex(fillRandom(new Uint8Array(16)));
}
