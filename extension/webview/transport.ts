/// <reference types="vscode-webview" />
/**
 * The page's side of the protocol. `acquireVsCodeApi` sits behind a WebviewTransport that is
 * created lazily (it may be called only once per page, and tests run without it), and
 * MessageClient keeps the pending requests keyed by id: each is settled exactly once, by the
 * host's `host/didComplete`, or rejected when the send itself throws.
 */
import {
    parseHostToWebviewMessage,
    type HostToWebviewMessage,
    type WebviewRequestBody,
    type WebviewToHostMessage,
} from '../protocol/webview-protocol.js';

export interface WebviewTransport {
    postMessage(message: WebviewToHostMessage): void;
    getState(): unknown;
    setState(state: unknown): void;
    /** Returns a function that removes the listener. */
    onMessage(listener: (raw: unknown) => void): () => void;
}

export function createVsCodeTransport(target: Window = window): WebviewTransport {
    let api: ReturnType<typeof acquireVsCodeApi> | undefined;
    const getApi = () => (api ??= acquireVsCodeApi());
    return {
        postMessage: (message) => getApi().postMessage(message),
        getState: () => getApi().getState(),
        setState: (state) => {
            getApi().setState(state);
        },
        onMessage(listener) {
            const handler = (event: MessageEvent) => listener(event.data);
            target.addEventListener('message', handler);
            return () => target.removeEventListener('message', handler);
        },
    };
}

export type NotificationMessage = Exclude<HostToWebviewMessage, { type: 'host/didComplete' }>;

export class RequestError extends Error {
    override readonly name = 'RequestError';
}

export class MessageClient {
    private nextRequestId = 1;
    private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
    private readonly unsubscribe: () => void;

    constructor(
        private readonly transport: WebviewTransport,
        private readonly onNotification: (message: NotificationMessage) => void,
        private readonly log: (message: string) => void = (message) => console.warn(`[fleet dashboard] ${message}`),
    ) {
        this.unsubscribe = transport.onMessage((raw) => this.receive(raw));
    }

    /** Opens the handshake: the host posts nothing before it (see DashboardPanel). */
    sendReady(): void {
        this.transport.postMessage({ type: 'webview/ready' });
    }

    /** Sends a request; resolves when the host completed it, rejects with the host's message. */
    request(body: WebviewRequestBody): Promise<void> {
        const requestId = this.nextRequestId++;
        return new Promise<void>((resolve, reject) => {
            this.pending.set(requestId, { resolve, reject });
            try {
                this.transport.postMessage({ ...body, requestId } as WebviewToHostMessage);
            } catch (error) {
                this.pending.delete(requestId);
                reject(error instanceof Error ? error : new Error(String(error)));
            }
        });
    }

    get pendingCount(): number {
        return this.pending.size;
    }

    dispose(): void {
        this.unsubscribe();
        for (const { reject } of this.pending.values())
            reject(new RequestError('The dashboard was closed before the request finished.'));
        this.pending.clear();
    }

    private receive(raw: unknown): void {
        const parsed = parseHostToWebviewMessage(raw);
        if (!parsed.ok) {
            this.log(parsed.reason);
            return;
        }
        const message = parsed.message;
        if (message.type === 'host/didComplete') {
            const entry = this.pending.get(message.requestId);
            if (!entry) {
                this.log(`dropped a reply to unknown request ${message.requestId}`);
                return;
            }
            this.pending.delete(message.requestId);
            if (message.ok) entry.resolve();
            else entry.reject(new RequestError(message.error ?? 'The request failed.'));
            return;
        }
        this.onNotification(message);
    }
}
