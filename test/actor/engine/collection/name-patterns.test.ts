import { describe, expect, it } from 'vitest';
import { compileActorNameMatcher } from '../../../../actor/engine/collection/name-patterns.js';

describe('Actor name patterns', () => {
    it('matches username/name and the bare name, * as wildcard, exclude wins', () => {
        const m = compileActorNameMatcher(['*-scraper', 'jane/special'], ['old-*']);
        expect(m.matches('jane/web-scraper')).toBe(true);
        expect(m.matches('jane/special')).toBe(true);
        expect(m.matches('john/special')).toBe(false);
        expect(m.matches('jane/old-scraper')).toBe(false);
        expect(compileActorNameMatcher([], []).matches('any/thing')).toBe(true);
        expect(compileActorNameMatcher(['jane/*'], []).matches('jane/x')).toBe(true);
    });
    it('rejects invalid patterns naming them', () => {
        expect(() => compileActorNameMatcher(['a b'], [])).toThrow(/Include pattern "a b"/);
        expect(() => compileActorNameMatcher([], ['x/y/z'])).toThrow(/Exclude pattern "x\/y\/z"/);
        expect(() => compileActorNameMatcher([''], [])).toThrow(/not valid/);
    });
});
