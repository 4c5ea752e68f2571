import { describe, expect, it } from 'vitest';
import { MessageClient, type WebviewTransport } from '../../extension/webview/transport.js';

function stubTransport(options: { throwOnPost?: boolean } = {}) {
    const posted: unknown[] = [];
    let listener: ((raw: unknown) => void) | null = null;
    const transport: WebviewTransport = {
        postMessage: (message) => {
            if (options.throwOnPost) throw new Error('send failed');
            posted.push(message);
        },
        getState: () => undefined,
        setState: () => undefined,
        onMessage: (l) => {
            listener = l;
            return () => {
                listener = null;
            };
        },
    };
    return { transport, posted, deliver: (raw: unknown) => listener?.(raw), isListening: () => listener !== null };
}

describe('MessageClient', () => {
    it('numbers requests and releases each on its completion (success and error)', async () => {
        const stub = stubTransport();
        const logs: string[] = [];
        const client = new MessageClient(
            stub.transport,
            () => undefined,
            (m) => logs.push(m),
        );
        const first = client.request({ type: 'webview/connectToken' });
        const second = client.request({ type: 'webview/runAnalysis', mode: 'local' });
        expect(stub.posted).toEqual([
            { type: 'webview/connectToken', requestId: 1 },
            { type: 'webview/runAnalysis', requestId: 2, mode: 'local' },
        ]);
        expect(client.pendingCount).toBe(2);
        stub.deliver({
            type: 'host/didComplete',
            requestId: 2,
            ok: false,
            error: 'No orchestrator Actor is configured.',
        });
        await expect(second).rejects.toThrow('No orchestrator Actor is configured.');
        stub.deliver({ type: 'host/didComplete', requestId: 1, ok: true, error: null });
        await expect(first).resolves.toBeUndefined();
        expect(client.pendingCount).toBe(0);
        stub.deliver({ type: 'host/didComplete', requestId: 1, ok: true, error: null });
        expect(logs).toEqual(['dropped a reply to unknown request 1']);
    });

    it('rejects and forgets a request whose send throws', async () => {
        const stub = stubTransport({ throwOnPost: true });
        const client = new MessageClient(
            stub.transport,
            () => undefined,
            () => undefined,
        );
        await expect(client.request({ type: 'webview/connectToken' })).rejects.toThrow('send failed');
        expect(client.pendingCount).toBe(0);
    });

    it('passes valid notifications on, drops and logs malformed ones, rejects pending on dispose', async () => {
        const stub = stubTransport();
        const notes: unknown[] = [];
        const logs: string[] = [];
        const client = new MessageClient(
            stub.transport,
            (m) => notes.push(m),
            (m) => logs.push(m),
        );
        stub.deliver({ type: 'host/didRevealActor', actorId: 'a1' });
        stub.deliver({ type: 'host/didRevealActor' });
        stub.deliver('garbage');
        expect(notes).toEqual([{ type: 'host/didRevealActor', actorId: 'a1' }]);
        expect(logs).toHaveLength(2);
        const pending = client.request({ type: 'webview/openInConsole', actorId: 'a1' });
        client.dispose();
        await expect(pending).rejects.toThrow(/closed/);
        expect(stub.isListening()).toBe(false);
    });
});
