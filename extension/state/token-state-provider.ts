/**
 * The token: in SecretStorage only (the OS keychain on desktop). globalState keeps facts about
 * it (when it was saved, the account name), never the token. A token saved or deleted in
 * another window arrives through `secrets.onDidChange` and fires `onDidChange` here too.
 */
import * as vscode from 'vscode';
import { StateKey, TOKEN_SECRET_KEY } from '../constants.js';

export interface TokenChange {
    hasToken: boolean;
}

export class TokenStateProvider implements vscode.Disposable {
    private readonly changeEmitter = new vscode.EventEmitter<TokenChange>();
    readonly onDidChange = this.changeEmitter.event;
    private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
    /** The stored token as last read (for redaction and quick checks); never persisted elsewhere. */
    private cachedToken: string | undefined;
    private isInitialised = false;

    constructor(
        private readonly secrets: vscode.SecretStorage,
        private readonly globalState: vscode.Memento,
    ) {
        this.disposables.push(
            secrets.onDidChange(async (event) => {
                if (event.key !== TOKEN_SECRET_KEY) return;
                await this.checkForUpdates();
            }),
        );
    }

    /** Reads the stored token once (lazy: activation does not wait for the keychain more than once). */
    async getToken(): Promise<string | undefined> {
        if (!this.isInitialised) {
            this.cachedToken = await this.secrets.get(TOKEN_SECRET_KEY);
            this.isInitialised = true;
        }
        return this.cachedToken;
    }

    get currentTokenForRedaction(): string | undefined {
        return this.cachedToken;
    }

    get accountName(): string | null {
        return this.globalState.get<string | null>(StateKey.AccountName, null);
    }

    get savedAtMs(): number | null {
        return this.globalState.get<number | null>(StateKey.TokenSavedAt, null);
    }

    async saveToken(token: string, accountName: string | null, nowMs = Date.now()): Promise<void> {
        await this.globalState.update(StateKey.TokenSavedAt, nowMs);
        await this.globalState.update(StateKey.AccountName, accountName);
        await this.globalState.update(StateKey.RotationSnoozedUntil, undefined);
        this.cachedToken = token;
        this.isInitialised = true;
        await this.secrets.store(TOKEN_SECRET_KEY, token);
        this.changeEmitter.fire({ hasToken: true });
    }

    async deleteToken(): Promise<void> {
        this.cachedToken = undefined;
        this.isInitialised = true;
        await this.secrets.delete(TOKEN_SECRET_KEY);
        await this.globalState.update(StateKey.TokenSavedAt, undefined);
        await this.globalState.update(StateKey.AccountName, undefined);
        await this.globalState.update(StateKey.RotationSnoozedUntil, undefined);
        // A new token starts with no trusted hosts: each non-default host is confirmed again.
        await this.globalState.update(StateKey.ConfirmedApiOrigins, undefined);
        this.changeEmitter.fire({ hasToken: false });
    }

    /** Compares the stored token with the cached one (another window may have changed it). */
    private async checkForUpdates(): Promise<void> {
        const stored = await this.secrets.get(TOKEN_SECRET_KEY);
        if (stored === this.cachedToken && this.isInitialised) return;
        this.cachedToken = stored;
        this.isInitialised = true;
        this.changeEmitter.fire({ hasToken: stored !== undefined });
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
