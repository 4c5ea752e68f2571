/**
 * Token redaction: the second line of defence. The first is never putting the token into a
 * message at all (apify-client sends it only in the Authorization header); this catches what
 * slips through anyway (an error that echoes a request, a URL with `?token=`).
 */
const REDACTED = '[redacted]';

/** Apify API tokens (`apify_api_…`) and anything passed as `token=` in a URL. */
const TOKEN_PATTERNS: readonly RegExp[] = [
    /apify_api_[A-Za-z0-9_-]{4,}/g,
    /([?&](?:token|apifyToken|apify_token)=)[^&#\s"']+/gi,
    /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
];

/**
 * Removes every known secret value and everything that looks like an Apify token.
 * `secrets` are the exact values currently held (the stored token); empty strings are ignored.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
    let result = text;
    for (const secret of secrets) {
        // Very short values would redact ordinary words; a real token is long.
        if (secret.length >= 8) result = result.split(secret).join(REDACTED);
    }
    for (const pattern of TOKEN_PATTERNS) {
        result = result.replace(pattern, (match, prefix: unknown) =>
            typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED,
        );
    }
    return result;
}
