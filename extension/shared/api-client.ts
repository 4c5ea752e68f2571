/**
 * The only place the extension builds an ApifyClient. apify-client sends the token in the
 * `Authorization: Bearer` header only, never in a URL, and follows redirects through axios and
 * follow-redirects. follow-redirects drops the header on a hop to another host, but keeps it for
 * a subdomain of the current host and compares against the previous hop, not the API: here every
 * hop whose origin is not the configured API's loses the header (test/extension/api-client-redirects.test.ts).
 */
import { ApifyClient } from 'apify-client';

export interface ApiClientOptions {
    /** Interactive calls (probes, validation) fail fast; a collection keeps the client's retries. */
    isInteractive?: boolean;
}

/** What follow-redirects hands to `beforeRedirect`: the next hop's URL parts and headers (mutable). */
interface RedirectHopOptions {
    protocol?: string;
    host?: string;
    headers?: Record<string, unknown>;
}

/** Removes the Authorization header from a redirect hop that leaves the API's origin. */
export function stripAuthorizationOutsideOrigin(apiOrigin: string, hop: RedirectHopOptions): void {
    if (`${hop.protocol ?? ''}//${hop.host ?? ''}` === apiOrigin || !hop.headers) return;
    for (const name of Object.keys(hop.headers)) {
        if (/^(?:authorization|proxy-authorization|cookie)$/i.test(name)) delete hop.headers[name];
    }
}

export function createApiClient(token: string, apiBaseUrl: string, options: ApiClientOptions = {}): ApifyClient {
    const apiOrigin = new URL(apiBaseUrl).origin;
    return new ApifyClient({
        token,
        baseUrl: apiBaseUrl,
        requestInterceptors: [
            (config) => ({
                ...config,
                beforeRedirect: (hop: RedirectHopOptions) => stripAuthorizationOutsideOrigin(apiOrigin, hop),
            }),
        ],
        ...(options.isInteractive ? { maxRetries: 2, minDelayBetweenRetriesMillis: 300, timeoutSecs: 30 } : {}),
    });
}
