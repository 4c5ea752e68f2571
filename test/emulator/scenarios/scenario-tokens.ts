/**
 * The fixed tokens of every built-in scenario. They are test credentials of a fake
 * platform, published in the README on purpose; the emulator's access log shows their
 * fixture ids, never the tokens.
 */
import { PERMISSIONS, type Permission, type TokenFixture } from '../state/fixture-schema.js';

export const DEMO_TOKENS = {
    full: 'apify_api_demo_full',
    scoped: 'apify_api_demo_scoped',
} as const;

/** `actors:read` → `actors_read` (token) / `actors-read` (fixture id). */
const tokenSuffix = (permission: Permission): string => permission.replace(':', '_');
const idSuffix = (permission: Permission): string => permission.replace(':', '-');

/** `apify_api_demo_no_<permission>`: the scoped token minus that one permission. */
export function tokenWithoutPermission(permission: Permission): string {
    return `apify_api_demo_no_${tokenSuffix(permission)}`;
}

export function buildScenarioTokens(): TokenFixture[] {
    const tokens: TokenFixture[] = [
        { id: 'demo-full', token: DEMO_TOKENS.full, kind: 'full' },
        {
            id: 'demo-scoped',
            token: DEMO_TOKENS.scoped,
            kind: 'scoped',
            permissions: [...PERMISSIONS],
            defaultRunStorages: true,
            usersMeForbidden: false,
        },
    ];
    for (const missing of PERMISSIONS) {
        tokens.push({
            id: `demo-no-${idSuffix(missing)}`,
            token: tokenWithoutPermission(missing),
            kind: 'scoped',
            permissions: PERMISSIONS.filter((permission) => permission !== missing),
            defaultRunStorages: true,
            usersMeForbidden: false,
        });
    }
    tokens.push(
        {
            // The "access default run storages" toggle off.
            id: 'demo-scoped-no-run-storages',
            token: 'apify_api_demo_scoped_no_run_storages',
            kind: 'scoped',
            permissions: [...PERMISSIONS],
            defaultRunStorages: false,
            usersMeForbidden: false,
        },
        {
            // The real API may refuse /v2/users/me to scoped tokens.
            id: 'demo-scoped-no-users-me',
            token: 'apify_api_demo_scoped_no_users_me',
            kind: 'scoped',
            permissions: [...PERMISSIONS],
            defaultRunStorages: true,
            usersMeForbidden: true,
        },
    );
    return tokens;
}
