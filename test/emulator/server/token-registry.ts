/**
 * The emulator's TokenRegistry: fixture tokens plus the run tokens issued to runs started
 * through the API. Tokens are only ever compared here; everything else sees a Principal.
 */
import { randomBytes } from 'node:crypto';
import type { Permission, TokenFixture } from '../state/fixture-schema.js';
import type { Principal, TokenRegistry } from './principal.js';

export function principalFromTokenFixture(token: TokenFixture): Principal {
    if (token.kind === 'full') {
        return {
            tokenId: token.id,
            kind: 'full',
            permissions: new Set<Permission>(),
            defaultRunStorages: true,
            usersMeForbidden: false,
            canCreateStorages: true,
        };
    }
    return {
        tokenId: token.id,
        kind: 'scoped',
        permissions: new Set(token.permissions),
        defaultRunStorages: token.defaultRunStorages,
        usersMeForbidden: token.usersMeForbidden,
        canCreateStorages: false,
    };
}

export function createTokenRegistry(fixtureTokens: readonly TokenFixture[]): TokenRegistry {
    const principalsByToken = new Map<string, Principal>();
    for (const token of fixtureTokens) principalsByToken.set(token.token, principalFromTokenFixture(token));
    const runTokensByRunId = new Map<string, string>();

    return {
        resolve: (token) => principalsByToken.get(token),
        issueRunToken(parent, runId) {
            const existing = runTokensByRunId.get(runId);
            if (existing) return existing;
            // Same scope as the caller; only runs of full-access callers may create storages.
            const runPrincipal: Principal = {
                tokenId: `run:${runId}`,
                kind: parent.kind,
                permissions: parent.permissions,
                defaultRunStorages: parent.defaultRunStorages,
                usersMeForbidden: parent.usersMeForbidden,
                canCreateStorages: parent.kind === 'full',
                runId,
            };
            const token = `apify_api_run_${randomBytes(18).toString('base64url')}`;
            principalsByToken.set(token, runPrincipal);
            runTokensByRunId.set(runId, token);
            return token;
        },
        revokeRunToken(runId) {
            const token = runTokensByRunId.get(runId);
            if (!token) return;
            principalsByToken.delete(token);
            runTokensByRunId.delete(runId);
        },
    };
}
