import { describe, expect, it } from 'vitest';
import { formatUserAgentFamily, parseUserAgentFamily } from './user-agent-family.js';

describe('parseUserAgentFamily', () => {
    it.each([
        ['apify-client-js/2.25.0 (linux; Node/v20.10.0)', 'apify-client-js', 2],
        ['ApifyClient/2.9.4 (linux; Node/v20.10.0); isAtHome/false', 'apify-client-js', 2],
        ['ApifyClient/1.7.1 (linux; Python/3.11.4); isAtHome/False', 'apify-client-python', 1],
        ['ApifyClient/1.8.0 (python)', 'apify-client-python', 1],
        ['apify-cli/0.20.11 (darwin; node/v22.1.0)', 'apify-cli', 0],
        ['curl/8.5.0', 'curl', 8],
        ['python-requests/2.31.0', 'python-requests', 2],
        ['Python/3.12 aiohttp/3.9.5', 'aiohttp', 3],
        ['Go-http-client/2.0', 'go-http-client', 2],
        ['axios/1.6.8', 'axios', 1],
        ['node', 'node-fetch-builtin', null],
        ['PostmanRuntime/7.37.3', 'postman', 7],
        [
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
            'chrome',
            131,
        ],
        [
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
            'edge',
            131,
        ],
        ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'firefox', 133],
        [
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
            'safari',
            18,
        ],
        ['MyScraper/3.2 (+https://example.com)', 'other-myscraper', 3],
        ['???', 'unknown', null],
    ])('%s → %s %s', (userAgent, family, major) => {
        const parsed = parseUserAgentFamily(userAgent);
        expect(parsed.family).toBe(family);
        expect(parsed.major).toBe(major);
        expect(parsed.family).toMatch(/^[a-z0-9-]+$/);
    });

    it('gives the same family to two minor versions of one client (a new minor version is not new)', () => {
        const older = parseUserAgentFamily('ApifyClient/2.9.4 (linux; Node/v20.10.0); isAtHome/false');
        const newer = parseUserAgentFamily('ApifyClient/2.25.0 (linux; Node/v22.3.0); isAtHome/false');
        expect(newer).toEqual(older);
    });

    it('reports a run without a user agent as family none', () => {
        expect(parseUserAgentFamily(null)).toEqual({ family: 'none', major: null, kind: 'none' });
        expect(parseUserAgentFamily('   ')).toEqual({ family: 'none', major: null, kind: 'none' });
    });

    it('never lets hostile text through into the family name', () => {
        const parsed = parseUserAgentFamily('<script>alert(1)</script>/9 owner@example.com');
        expect(parsed.family).toMatch(/^[a-z0-9-]{1,46}$/);
        expect(parsed.family).not.toContain('example');
    });

    it('formats family and major for a reader', () => {
        expect(formatUserAgentFamily({ family: 'curl', major: 8 })).toBe('curl 8');
        expect(formatUserAgentFamily({ family: 'none', major: null })).toBe('none');
    });
});
