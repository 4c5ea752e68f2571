/**
 * Turns apify-client errors into messages a user can act on. Pure (no VS Code), unit-tested.
 * Every message passes through redaction before it is shown or logged.
 */
import { SCOPED_TOKEN_PERMISSIONS_TEXT, type PermissionGroup } from '../../shared/contracts/fleet-data.js';
import { TOKEN_SETTINGS_URL } from '../constants.js';
import { redactSecrets } from './redaction.js';

/** The permission groups as Console names them (token settings → scoped token). */
export type PermissionName = PermissionGroup | 'Access to default run storages';

/** The extension also reads the default storages of the runs it starts. */
export const REQUIRED_PERMISSIONS_TEXT = `${SCOPED_TOKEN_PERMISSIONS_TEXT} (and "Access to default run storages")`;

export const INVALID_TOKEN_MESSAGE = `The token is not valid or was revoked; create a new one at ${TOKEN_SETTINGS_URL}`;

export function statusCodeOf(error: unknown): number | undefined {
    const code = (error as { statusCode?: unknown } | null)?.statusCode;
    return typeof code === 'number' ? code : undefined;
}

export function isPermissionError(error: unknown): boolean {
    return statusCodeOf(error) === 403 || (error as { type?: string } | null)?.type === 'insufficient-permissions';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH']);

function networkCodeOf(error: unknown): string | undefined {
    let current: unknown = error;
    for (let depth = 0; depth < 4 && current; depth++) {
        const code = (current as { code?: unknown }).code;
        if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
        current = (current as { cause?: unknown }).cause;
    }
    return undefined;
}

export interface DescribeApiErrorOptions {
    /** What was being done, as a verb phrase: "start the orchestrator Actor". */
    action: string;
    /** The permission this step needs, named in the 403 message. */
    permission?: PermissionName;
    apiBaseUrl?: string;
    secrets?: readonly string[];
}

/** One sentence or two: what failed, why, and what to do. Never a stack trace, never a token. */
export function describeApiError(error: unknown, options: DescribeApiErrorOptions): string {
    const status = statusCodeOf(error);
    let message: string;
    if (status === 401) {
        message = INVALID_TOKEN_MESSAGE;
    } else if (isPermissionError(error)) {
        message = options.permission
            ? `Could not ${options.action}: the token lacks the "${options.permission}" permission. ` +
              `Edit the token at ${TOKEN_SETTINGS_URL} and add it (the extension needs ${REQUIRED_PERMISSIONS_TEXT}), then run "Apify Fleet: Check token permissions".`
            : `Could not ${options.action}: the token is not allowed to. Run "Apify Fleet: Check token permissions" to see what is missing.`;
    } else if (status === 404) {
        message = `Could not ${options.action}: not found (404). Check the Actor id or name in the settings.`;
    } else if (networkCodeOf(error)) {
        message = `Could not ${options.action}: the Apify API at ${options.apiBaseUrl ?? 'the configured URL'} is not reachable (${networkCodeOf(error)}). Check your network or the "apifyFleet.apiBaseUrl" setting.`;
    } else {
        const text = error instanceof Error ? error.message : String(error);
        message = `Could not ${options.action}: ${text.split('\n')[0]?.slice(0, 300) ?? 'unknown error'}`;
    }
    return redactSecrets(message, options.secrets ?? []);
}
