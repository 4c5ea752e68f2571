/**
 * Validates a token before it is stored: `/v2/users/me` names the account; scoped tokens are
 * often refused there (403), so a read the product needs (listing the Actors) confirms the
 * token instead. 401 means the token is wrong or revoked.
 */
import type { ApifyClient } from 'apify-client';
import { INVALID_TOKEN_MESSAGE, isPermissionError, statusCodeOf } from '../shared/api-errors.js';

export interface TokenIdentity {
    /** The account's username; null when the token may not read /v2/users/me. */
    accountName: string | null;
    /** Plan's monthly usage maximum from /v2/users/me (for the account guard), when readable. */
    planMaxMonthlyUsageUsd: number | null;
    /** How the token was confirmed. */
    confirmedBy: 'users-me' | 'actors-list' | 'forbidden-reads';
}

export class InvalidTokenError extends Error {
    constructor() {
        super(INVALID_TOKEN_MESSAGE);
        this.name = 'InvalidTokenError';
    }
}

/** Trims whitespace and newlines a paste brings along; empty → null. */
export function normaliseToken(raw: string | undefined): string | null {
    const token = (raw ?? '').trim();
    return token.length > 0 ? token : null;
}

/** Input box check: a token has no inner whitespace. */
export function checkTokenShape(raw: string): string | null {
    const token = raw.trim();
    if (token.length === 0) return null;
    if (/\s/.test(token)) return 'A token has no spaces or line breaks inside. Paste only the token.';
    if (token.length < 8) return 'This is too short to be an Apify API token.';
    return null;
}

/** The account label shown in the Accounts menu. */
export function accountLabelOf(identity: Pick<TokenIdentity, 'accountName'>): string {
    return identity.accountName ?? 'Apify (scoped token)';
}

export async function validateToken(client: ApifyClient): Promise<TokenIdentity> {
    try {
        const user = await client.user('me').get();
        const plan = (user as { plan?: { maxMonthlyUsageUsd?: unknown } }).plan;
        return {
            accountName: user.username ?? null,
            planMaxMonthlyUsageUsd: typeof plan?.maxMonthlyUsageUsd === 'number' ? plan.maxMonthlyUsageUsd : null,
            confirmedBy: 'users-me',
        };
    } catch (error) {
        if (statusCodeOf(error) === 401) throw new InvalidTokenError();
        if (!isPermissionError(error)) throw error;
    }
    try {
        await client.actors().list({ my: true, limit: 1 });
        return { accountName: null, planMaxMonthlyUsageUsd: null, confirmedBy: 'actors-list' };
    } catch (error) {
        if (statusCodeOf(error) === 401) throw new InvalidTokenError();
        // A 403 still proves the token exists; the permission check names what is missing.
        if (isPermissionError(error))
            return { accountName: null, planMaxMonthlyUsageUsd: null, confirmedBy: 'forbidden-reads' };
        throw error;
    }
}
