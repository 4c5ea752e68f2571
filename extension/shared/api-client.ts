/**
 * The only place the extension builds an ApifyClient. apify-client sends the token in the
 * `Authorization: Bearer` header only, never in a URL.
 */
import { ApifyClient } from 'apify-client';

export interface ApiClientOptions {
    /** Interactive calls (probes, validation) fail fast; a collection keeps the client's retries. */
    isInteractive?: boolean;
}

export function createApiClient(token: string, apiBaseUrl: string, options: ApiClientOptions = {}): ApifyClient {
    return new ApifyClient({
        token,
        baseUrl: apiBaseUrl,
        ...(options.isInteractive ? { maxRetries: 2, minDelayBetweenRetriesMillis: 300, timeoutSecs: 30 } : {}),
    });
}
