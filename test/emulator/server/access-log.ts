/**
 * Every request the emulator answers, recorded without secrets: the `token` query parameter
 * (and anything else that looks like a credential) is removed, the caller is named by its
 * fixture token id (`run:<runId>` for run tokens), never by the token itself.
 */
import { writeFile } from 'node:fs/promises';

export interface AccessLogResourceIds {
    actorId?: string;
    runId?: string;
    buildId?: string;
    datasetId?: string;
    storeId?: string;
    recordKey?: string;
    queueId?: string;
    requestId?: string;
}

export interface AccessLogEntry {
    /** Real wall-clock time the request arrived (ISO 8601). */
    receivedAt: string;
    method: string;
    /** Path without the query string, e.g. `/v2/datasets/abc/items`. */
    path: string;
    /** Query parameters with secrets removed. */
    query: Record<string, string>;
    status: number;
    /** Fixture token id, `run:<runId>`, or null when no valid token was sent. */
    tokenId: string | null;
    latencyMs: number;
    /** Route id such as `dataset-items-get`; null for unknown routes. */
    endpointId: string | null;
    /** Resolved ids (names and `~name` references already turned into ids). */
    resourceIds: AccessLogResourceIds;
    /** The injected fault, when one fired. */
    fault?: string;
    /** `Content-Encoding` of the request body (apify-client compresses bodies ≥ 1 KB). */
    requestContentEncoding?: string;
}

/** Query parameter names never written to the log. */
const SECRET_QUERY_PARAMETERS = new Set(['token', 'signature', 'apifytoken', 'apify_token', 'password', 'secret']);

export function stripSecretsFromQuery(query: URLSearchParams): Record<string, string> {
    const clean: Record<string, string> = {};
    for (const [name, value] of query) {
        if (SECRET_QUERY_PARAMETERS.has(name.toLowerCase())) continue;
        clean[name] = value;
    }
    return clean;
}

export class AccessLog {
    private readonly recorded: AccessLogEntry[] = [];

    record(entry: AccessLogEntry): void {
        this.recorded.push(entry);
    }

    /** All entries, oldest first (a copy). */
    entries(): AccessLogEntry[] {
        return [...this.recorded];
    }

    /** Entries matching a predicate, e.g. `(e) => e.endpointId === 'dataset-items-get'`. */
    query(predicate: (entry: AccessLogEntry) => boolean): AccessLogEntry[] {
        return this.recorded.filter(predicate);
    }

    count(predicate: (entry: AccessLogEntry) => boolean = () => true): number {
        let total = 0;
        for (const entry of this.recorded) if (predicate(entry)) total++;
        return total;
    }

    clear(): void {
        this.recorded.length = 0;
    }

    toJsonl(): string {
        return this.recorded.map((entry) => JSON.stringify(entry)).join('\n') + (this.recorded.length > 0 ? '\n' : '');
    }

    async exportJsonl(filePath: string): Promise<void> {
        await writeFile(filePath, this.toJsonl(), 'utf8');
    }
}
