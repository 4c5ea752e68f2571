/**
 * Who is calling: a fixture token, or a run token the emulator issued to a run it started.
 * Permission checks in the routers look only at this object (never at the token string).
 */
import type { Permission } from '../state/fixture-schema.js';

export interface Principal {
    /** Fixture token id, or `run:<runId>` for a run token. Logged instead of the token. */
    tokenId: string;
    kind: 'full' | 'scoped';
    /** For scoped principals: the granted permission groups. */
    permissions: ReadonlySet<Permission>;
    /** The scoped token's "access default run storages" toggle. */
    defaultRunStorages: boolean;
    /** The fixture says /v2/users/me answers 403 for this token. */
    usersMeForbidden: boolean;
    /**
     * Named and unnamed storages may be created only by full-access tokens and by run tokens
     * of runs started with one (the "create" permission is not among the five groups).
     */
    canCreateStorages: boolean;
    /** Set for run tokens: the run they belong to (its default storages are always usable). */
    runId?: string;
}

/** Issues and resolves tokens. Implemented by the server's auth module. */
export interface TokenRegistry {
    resolve(token: string): Principal | undefined;
    /** A run started by `parent` gets a token of the same scope (see Principal.canCreateStorages). */
    issueRunToken(parent: Principal, runId: string): string;
    revokeRunToken(runId: string): void;
}
