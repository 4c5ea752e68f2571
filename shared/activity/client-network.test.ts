import { describe, expect, it } from 'vitest';
import { createBaselineSalt, describeClientNetwork, hashClientAddress } from './client-network.js';

const SALT = '00112233445566778899aabbccddeeff';
const OTHER_SALT = 'ffeeddccbbaa99887766554433221100';

describe('describeClientNetwork', () => {
    it('keeps the /24 of an IPv4 address and a salted hash of the full address', () => {
        const network = describeClientNetwork('203.0.113.57', SALT)!;
        expect(network.prefix).toBe('203.0.113.0/24');
        expect(network.hostHash).toMatch(/^[0-9a-f]{32}$/);
        expect(network.hostHash).not.toContain('203');
        expect(describeClientNetwork('203.0.113.58', SALT)!.prefix).toBe('203.0.113.0/24');
        expect(describeClientNetwork('203.0.113.58', SALT)!.hostHash).not.toBe(network.hostHash);
    });

    it('keeps the /48 of an IPv6 address, whatever its notation', () => {
        const compressed = describeClientNetwork('2001:db8:1234:5678::1', SALT)!;
        const expanded = describeClientNetwork('2001:0db8:1234:5678:0000:0000:0000:0001', SALT)!;
        expect(compressed.prefix).toBe('2001:db8:1234::/48');
        expect(expanded).toEqual(compressed);
    });

    it('treats an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
        expect(describeClientNetwork('::ffff:198.51.100.7', SALT)).toEqual(describeClientNetwork('198.51.100.7', SALT));
    });

    it('gives different hashes under different salts (no cross-account correlation)', () => {
        expect(hashClientAddress('198.51.100.7', SALT)).not.toBe(hashClientAddress('198.51.100.7', OTHER_SALT));
        expect(hashClientAddress('198.51.100.7', SALT)).toBe(hashClientAddress('198.51.100.7', SALT));
    });

    it('returns null for a missing or malformed address instead of guessing', () => {
        expect(describeClientNetwork(null, SALT)).toBeNull();
        expect(describeClientNetwork('not an ip', SALT)).toBeNull();
        expect(describeClientNetwork('127.1', SALT)).toBeNull();
        expect(describeClientNetwork('999.1.1.1', SALT)).toBeNull();
    });

    it('refuses a salt that is not 16 bytes of hex', () => {
        expect(() => hashClientAddress('198.51.100.7', 'short')).toThrow(/32 hex characters/);
    });
});

describe('createBaselineSalt', () => {
    it('draws 16 bytes from the given source', () => {
        const salt = createBaselineSalt((bytes) => bytes.fill(0xab));
        expect(salt).toBe('ab'.repeat(16));
        expect(createBaselineSalt((bytes) => globalThis.crypto.getRandomValues(bytes))).toMatch(/^[0-9a-f]{32}$/);
    });
});
