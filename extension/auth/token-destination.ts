/**
 * Where the token may go: the one gate every API client of the extension passes. The token
 * leaves only
 * - in a trusted workspace (Restricted Mode sends nothing: a folder opened to read it must not
 *   start analyses, auto-refresh or acknowledgements with the user's token), and
 * - to https://api.apify.com, or to another API host the user confirmed once in a modal that
 *   names it (remembered per origin in globalState; "Delete token" forgets every confirmation,
 *   extension/state/token-state-provider.ts).
 * Which host is configured is the user's own setting only (extension/settings/extension-settings.ts).
 */
import type * as vscode from 'vscode';
import type { ApifyClient } from 'apify-client';
import { StateKey } from '../constants.js';
import { DEFAULT_API_BASE_URL } from '../settings/extension-settings.js';
import { createApiClient, type ApiClientOptions } from '../shared/api-client.js';
import type { WorkspaceTrustSource } from '../services/settings-service.js';

/** `vscode.window.showWarningMessage` with options (the modal); tests pass a scripted one. */
export type ModalQuestion = (
    message: string,
    options: vscode.MessageOptions,
    ...items: string[]
) => Thenable<string | undefined>;

/** The token was not handed to a client; the message says why and what to do. */
export class TokenUseRefusedError extends Error {
    constructor(
        readonly reason: 'untrusted-workspace' | 'host-not-confirmed',
        message: string,
    ) {
        super(message);
        this.name = 'TokenUseRefusedError';
    }
}

export const RESTRICTED_MODE_MESSAGE =
    'Restricted Mode: Apify Fleet sends no request with your token from an untrusted workspace (no analyses, auto-refresh, permission checks or acknowledgements). Trust the workspace to use it here; the cached report stays readable.';

/** "host:port" as the user sees it in the modal. */
export function apiHostLabelOf(apiBaseUrl: string): string {
    return new URL(apiBaseUrl).host;
}

export function confirmButtonFor(apiBaseUrl: string): string {
    return `Send token to ${apiHostLabelOf(apiBaseUrl)}`;
}

export class TokenDestination {
    /** One modal per origin at a time: parallel calls wait for the same answer. */
    private readonly pendingAnswers = new Map<string, Promise<boolean>>();

    constructor(
        private readonly globalState: vscode.Memento,
        private readonly trust: WorkspaceTrustSource,
        private readonly ask: ModalQuestion,
    ) {}

    get confirmedOrigins(): string[] {
        return this.globalState.get<string[]>(StateKey.ConfirmedApiOrigins, []);
    }

    isConfirmed(apiBaseUrl: string): boolean {
        const origin = new URL(apiBaseUrl).origin;
        return origin === new URL(DEFAULT_API_BASE_URL).origin || this.confirmedOrigins.includes(origin);
    }

    /**
     * A client with the token, or TokenUseRefusedError (untrusted workspace, host not confirmed).
     * `mayAsk: false` (background work such as auto-refresh) never opens the modal.
     */
    async createClient(
        token: string,
        apiBaseUrl: string,
        options: ApiClientOptions & { mayAsk?: boolean } = {},
    ): Promise<ApifyClient> {
        const { mayAsk = true, ...clientOptions } = options;
        if (!this.trust.isTrusted) throw new TokenUseRefusedError('untrusted-workspace', RESTRICTED_MODE_MESSAGE);
        const isConfirmed = mayAsk ? await this.confirm(apiBaseUrl) : this.isConfirmed(apiBaseUrl);
        if (!isConfirmed)
            throw new TokenUseRefusedError(
                'host-not-confirmed',
                `Your Apify token was not sent to ${apiHostLabelOf(apiBaseUrl)}: that host is not confirmed. Set "apifyFleet.apiBaseUrl" in your User settings back to ${DEFAULT_API_BASE_URL}, or confirm the host when asked.`,
            );
        return createApiClient(token, apiBaseUrl, clientOptions);
    }

    private confirm(apiBaseUrl: string): Promise<boolean> {
        if (this.isConfirmed(apiBaseUrl)) return Promise.resolve(true);
        const origin = new URL(apiBaseUrl).origin;
        let answer = this.pendingAnswers.get(origin);
        if (!answer) {
            answer = this.askOnce(apiBaseUrl, origin).finally(() => this.pendingAnswers.delete(origin));
            this.pendingAnswers.set(origin, answer);
        }
        return answer;
    }

    private async askOnce(apiBaseUrl: string, origin: string): Promise<boolean> {
        const button = confirmButtonFor(apiBaseUrl);
        const picked = await this.ask(
            `Send your Apify token to ${apiHostLabelOf(apiBaseUrl)}?`,
            {
                modal: true,
                detail: `"apifyFleet.apiBaseUrl" is ${apiBaseUrl}, not the Apify API (${DEFAULT_API_BASE_URL}). Whoever runs that host can act on your Apify account with your token. Confirm only a proxy or an emulator you run yourself. Asked once per host; "Delete token" forgets it.`,
            },
            button,
        );
        if (picked !== button) return false;
        if (!this.confirmedOrigins.includes(origin))
            await this.globalState.update(StateKey.ConfirmedApiOrigins, [...this.confirmedOrigins, origin]);
        return true;
    }
}

/**
 * The modal in extension-host test runs: answers queued by the test, every question recorded.
 * Nothing queued = the user closed the modal (refused), so a forgotten answer can never hang a
 * test or send a token.
 */
export interface ModalQuestionRecord {
    message: string;
    detail: string | undefined;
    items: string[];
}

export class ScriptedModal {
    readonly questions: ModalQuestionRecord[] = [];
    private readonly answers: (string | undefined)[] = [];
    /** Answers every question no queued answer is left for (a suite's "I run this emulator"). */
    private standingAnswer: ((question: ModalQuestionRecord) => string | undefined) | undefined;

    queueAnswer(answer: string | undefined): void {
        this.answers.push(answer);
    }

    setStandingAnswer(answer: ((question: ModalQuestionRecord) => string | undefined) | undefined): void {
        this.standingAnswer = answer;
    }

    readonly ask: ModalQuestion = (message, options, ...items) => {
        const question = { message, detail: options.detail, items };
        this.questions.push(question);
        if (this.answers.length > 0) return Promise.resolve(this.answers.shift());
        return Promise.resolve(this.standingAnswer?.(question));
    };
}
