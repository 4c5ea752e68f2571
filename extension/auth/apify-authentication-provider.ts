/**
 * "Apify" in VS Code's Accounts menu, backed by SecretStorage (TokenStateProvider). Signing in
 * = pasting a token into a password input box; the token is trimmed and validated against the
 * API before it is stored.
 *
 * When VS Code calls what:
 * - getSessions: the Accounts menu opens, or an extension asks for a session;
 * - createSession: `authentication.getSession('apify', [], { createIfNone: true })`, the
 *   "Connect token" command, or "Sign in" in the Accounts menu;
 * - removeSession: "Sign out" in the Accounts menu (= Delete token).
 */
import * as vscode from 'vscode';
import { AuthId, TOKEN_SETTINGS_URL } from '../constants.js';
import { describeApiError } from '../shared/api-errors.js';
import type { FleetLog } from '../shared/fleet-log.js';
import type { TokenStateProvider } from '../state/token-state-provider.js';
import {
    accountLabelOf,
    checkTokenShape,
    InvalidTokenError,
    normaliseToken,
    validateToken,
    type TokenIdentity,
} from './token-validation.js';
import { TokenUseRefusedError, type TokenDestination } from './token-destination.js';

const SESSION_ID = 'apify-token';

/** Asks for the token. Tests queue answers instead of typing into the input box. */
export class TokenPrompter {
    private readonly queuedAnswers: (string | undefined)[] = [];

    queueAnswer(answer: string | undefined): void {
        this.queuedAnswers.push(answer);
    }

    async prompt(): Promise<string | undefined> {
        if (this.queuedAnswers.length > 0) return this.queuedAnswers.shift();
        return vscode.window.showInputBox({
            title: 'Connect Apify token',
            prompt: `Paste an Apify API token (create a scoped one at ${TOKEN_SETTINGS_URL}). It is kept in the OS keychain and sent only to the Apify API.`,
            placeHolder: 'apify_api_…',
            password: true,
            ignoreFocusOut: true,
            validateInput: (value) => checkTokenShape(value),
        });
    }
}

export class ApifyAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
    static readonly id = AuthId.ProviderId;
    private readonly sessionsEmitter =
        new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
    readonly onDidChangeSessions = this.sessionsEmitter.event;
    private readonly disposables: vscode.Disposable[] = [this.sessionsEmitter];
    private lastSession: vscode.AuthenticationSession | undefined;
    /** The identity of the last token validated in this window (plan data for the account guard). */
    lastIdentity: TokenIdentity | null = null;

    constructor(
        private readonly tokens: TokenStateProvider,
        private readonly getApiBaseUrl: () => string,
        private readonly destination: TokenDestination,
        private readonly prompter: TokenPrompter,
        private readonly log: FleetLog,
    ) {
        this.disposables.push(
            vscode.authentication.registerAuthenticationProvider(AuthId.ProviderId, AuthId.ProviderLabel, this, {
                supportsMultipleAccounts: false,
            }),
        );
        // Another window (or this one) saved or deleted the token: tell VS Code's Accounts menu.
        this.disposables.push(
            tokens.onDidChange(async () => {
                const previous = this.lastSession;
                const [current] = await this.getSessions();
                this.lastSession = current;
                if (previous && !current) this.sessionsEmitter.fire({ added: [], removed: [previous], changed: [] });
                else if (!previous && current)
                    this.sessionsEmitter.fire({ added: [current], removed: [], changed: [] });
                else if (previous && current) this.sessionsEmitter.fire({ added: [], removed: [], changed: [current] });
            }),
        );
    }

    async getSessions(): Promise<vscode.AuthenticationSession[]> {
        const token = await this.tokens.getToken();
        if (!token) return [];
        const session = this.toSession(token, this.tokens.accountName);
        this.lastSession ??= session;
        return [session];
    }

    private toSession(token: string, accountName: string | null): vscode.AuthenticationSession {
        const label = accountLabelOf({ accountName });
        return {
            id: SESSION_ID,
            accessToken: token,
            account: { id: accountName ?? 'apify-scoped-token', label },
            scopes: [],
        };
    }

    /** Prompts, validates and stores. Throws (with a readable message) when the token is refused. */
    async createSession(): Promise<vscode.AuthenticationSession> {
        const token = normaliseToken(await this.prompter.prompt());
        if (!token) throw new vscode.CancellationError();
        return this.connectWithToken(token);
    }

    /** Validates a token against the API and stores it (also used by the tests' command). */
    async connectWithToken(rawToken: string): Promise<vscode.AuthenticationSession> {
        const token = normaliseToken(rawToken);
        if (!token) throw new Error('The token is empty.');
        const shapeProblem = checkTokenShape(token);
        if (shapeProblem) throw new Error(shapeProblem);
        const apiBaseUrl = this.getApiBaseUrl();
        let identity: TokenIdentity;
        try {
            identity = await validateToken(
                await this.destination.createClient(token, apiBaseUrl, { isInteractive: true }),
            );
        } catch (error) {
            if (error instanceof InvalidTokenError || error instanceof TokenUseRefusedError) throw error;
            throw new Error(describeApiError(error, { action: 'validate the token', apiBaseUrl, secrets: [token] }));
        }
        this.lastIdentity = identity;
        await this.tokens.saveToken(token, identity.accountName);
        this.log.info(`Token saved for ${accountLabelOf(identity)} (confirmed by ${identity.confirmedBy}).`);
        const session = this.toSession(token, identity.accountName);
        this.lastSession = session;
        return session;
    }

    async removeSession(): Promise<void> {
        await this.tokens.deleteToken();
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
