/**
 * User-agent strings reduced to a family and a major version: "ApifyClient/2.25.0 (linux;
 * Node/v20.10.0); isAtHome/false" → apify-client-js 2. The watch keeps only the family in its
 * baseline (a raw user agent can carry host names and is hostile input), and judges novelty by
 * family alone: browsers change major version every few weeks and client libraries on every
 * upgrade the owner makes, so a new version of a known family says nothing about who started
 * the run. The major version is kept for the evidence a person reads.
 */

export interface UserAgentFamily {
    /** Lowercase, `[a-z0-9-]`: safe as a fingerprint segment and as a record key. */
    family: string;
    major: number | null;
    kind: 'apify-tool' | 'http-library' | 'browser' | 'automation' | 'other' | 'none';
}

interface FamilyRule {
    pattern: RegExp;
    family: string;
    kind: UserAgentFamily['kind'];
}

/** Order matters: specific tokens before the generic ones they contain (Edge contains "Chrome"). */
const FAMILY_RULES: readonly FamilyRule[] = [
    { pattern: /apify-client-js\/(\d+)/i, family: 'apify-client-js', kind: 'apify-tool' },
    { pattern: /apify-client-python\/(\d+)/i, family: 'apify-client-python', kind: 'apify-tool' },
    { pattern: /ApifyClient\/(\d+)[^(]*\([^)]*Python/i, family: 'apify-client-python', kind: 'apify-tool' },
    { pattern: /ApifyClient\/(\d+)[^(]*\([^)]*Node/i, family: 'apify-client-js', kind: 'apify-tool' },
    { pattern: /ApifyClient\/(\d+)/i, family: 'apify-client', kind: 'apify-tool' },
    { pattern: /apify-cli\/(\d+)/i, family: 'apify-cli', kind: 'apify-tool' },
    { pattern: /python-requests\/(\d+)/i, family: 'python-requests', kind: 'http-library' },
    { pattern: /python-httpx\/(\d+)/i, family: 'python-httpx', kind: 'http-library' },
    { pattern: /aiohttp\/(\d+)/i, family: 'aiohttp', kind: 'http-library' },
    { pattern: /Python-urllib\/(\d+)/i, family: 'python-urllib', kind: 'http-library' },
    { pattern: /Go-http-client\/(\d+)/i, family: 'go-http-client', kind: 'http-library' },
    { pattern: /^curl\/(\d+)/i, family: 'curl', kind: 'http-library' },
    { pattern: /^Wget\/(\d+)/i, family: 'wget', kind: 'http-library' },
    { pattern: /^axios\/(\d+)/i, family: 'axios', kind: 'http-library' },
    { pattern: /^node-fetch\/(\d+)/i, family: 'node-fetch', kind: 'http-library' },
    { pattern: /^got(?:\/(\d+)|\b)/i, family: 'got', kind: 'http-library' },
    { pattern: /^undici(?:\/(\d+)|\b)/i, family: 'undici', kind: 'http-library' },
    { pattern: /^node$/i, family: 'node-fetch-builtin', kind: 'http-library' },
    { pattern: /okhttp\/(\d+)/i, family: 'okhttp', kind: 'http-library' },
    { pattern: /Apache-HttpClient\/(\d+)/i, family: 'apache-httpclient', kind: 'http-library' },
    { pattern: /^Java\/(\d+)/i, family: 'java', kind: 'http-library' },
    { pattern: /^Ruby\b/i, family: 'ruby', kind: 'http-library' },
    { pattern: /PostmanRuntime\/(\d+)/i, family: 'postman', kind: 'automation' },
    { pattern: /insomnia\/(\d+)/i, family: 'insomnia', kind: 'automation' },
    { pattern: /Zapier/i, family: 'zapier', kind: 'automation' },
    { pattern: /\bn8n\b/i, family: 'n8n', kind: 'automation' },
    { pattern: /\bMake\/(\d+)|Integromat/i, family: 'make', kind: 'automation' },
    { pattern: /Edg(?:e|A|iOS)?\/(\d+)/, family: 'edge', kind: 'browser' },
    { pattern: /(?:OPR|Opera)\/(\d+)/, family: 'opera', kind: 'browser' },
    { pattern: /(?:Firefox|FxiOS)\/(\d+)/, family: 'firefox', kind: 'browser' },
    { pattern: /(?:Chrome|CriOS|Chromium)\/(\d+)/, family: 'chrome', kind: 'browser' },
    { pattern: /Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, family: 'safari', kind: 'browser' },
];

/** A leading `product/version` token of an agent no rule knows: kept as `other-<product>`. */
const GENERIC_PRODUCT = /^([A-Za-z][A-Za-z0-9._-]{0,30})\/v?(\d+)/;
const MAX_FAMILY_CHARS = 40;

function toFamilyName(text: string): string {
    const name = text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
    return name.slice(0, MAX_FAMILY_CHARS) || 'unknown';
}

function parseMajor(text: string | undefined): number | null {
    if (text === undefined) return null;
    const major = Number.parseInt(text, 10);
    return Number.isSafeInteger(major) ? major : null;
}

/** Family and major version of a user agent; `none` when the run carries none. */
export function parseUserAgentFamily(userAgent: string | null | undefined): UserAgentFamily {
    const text = (userAgent ?? '').trim().slice(0, 1000);
    if (text.length === 0) return { family: 'none', major: null, kind: 'none' };
    for (const rule of FAMILY_RULES) {
        const match = rule.pattern.exec(text);
        if (match) return { family: rule.family, major: parseMajor(match[1]), kind: rule.kind };
    }
    const generic = GENERIC_PRODUCT.exec(text);
    if (generic) return { family: `other-${toFamilyName(generic[1]!)}`, major: parseMajor(generic[2]), kind: 'other' };
    return { family: 'unknown', major: null, kind: 'other' };
}

/** "apify-client-js 2", "curl", for titles and notes. */
export function formatUserAgentFamily(agent: Pick<UserAgentFamily, 'family' | 'major'>): string {
    return agent.major === null ? agent.family : `${agent.family} ${agent.major}`;
}
