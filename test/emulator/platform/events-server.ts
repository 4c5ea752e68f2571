/**
 * The platform's events WebSocket, one server for every run the emulator starts.
 *
 * The SDK (apify `PlatformEventManager`) connects to `ACTOR_EVENTS_WEBSOCKET_URL` and parses
 * each text message as `{ "name": <event>, "data": <payload> }`, then emits `name` with
 * `data` on `Actor.events`. So that is exactly the frame format sent here, e.g.
 * `{"name":"persistState","data":{"isMigrating":false}}` or `{"name":"migrating","data":{}}`.
 *
 * The run id is the last path segment of the URL (`ws://127.0.0.1:<port>/v2/actor-runs/<runId>/events`),
 * which is enough to route events; the URL carries no token (tokens never go into URLs).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

export interface PlatformEventFrame {
    name: string;
    data: unknown;
}

export interface EventsServer {
    /** The URL a run's process gets as ACTOR_EVENTS_WEBSOCKET_URL. */
    urlForRun(runId: string): string;
    /** Sends one frame to every open connection of the run; returns how many got it. */
    send(runId: string, frame: PlatformEventFrame): number;
    connectionCount(runId: string): number;
    /** Resolves true once the run has an open connection, false when `timeoutMs` passes first. */
    waitForConnection(runId: string, timeoutMs: number): Promise<boolean>;
    /** Closes the run's connections (its process is gone or is being replaced). */
    disconnectRun(runId: string): void;
    close(): Promise<void>;
}

const RUN_PATH_PATTERN = /^\/v2\/actor-runs\/([A-Za-z0-9_-]+)\/events\/?$/;

export async function startEventsServer(): Promise<EventsServer> {
    const httpServer: Server = createServer((_request, response) => {
        response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
    });
    const wsServer = new WebSocketServer({ noServer: true });
    const socketsByRunId = new Map<string, Set<WebSocket>>();
    const connectionWaiters = new Map<string, Set<() => void>>();

    httpServer.on('upgrade', (request, socket, head) => {
        const match = RUN_PATH_PATTERN.exec(new URL(request.url ?? '/', 'ws://localhost').pathname);
        const runId = match?.[1];
        if (runId === undefined) {
            socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
            return;
        }
        wsServer.handleUpgrade(request, socket, head, (ws) => {
            let sockets = socketsByRunId.get(runId);
            if (!sockets) socketsByRunId.set(runId, (sockets = new Set()));
            sockets.add(ws);
            ws.on('close', () => sockets.delete(ws));
            // The SDK never sends anything; a stray error must not crash the emulator.
            ws.on('error', () => sockets.delete(ws));
            for (const wake of connectionWaiters.get(runId) ?? []) wake();
            connectionWaiters.delete(runId);
        });
    });

    await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;

    const openSockets = (runId: string): WebSocket[] =>
        [...(socketsByRunId.get(runId) ?? [])].filter((ws) => ws.readyState === WebSocket.OPEN);

    return {
        urlForRun: (runId) => `ws://127.0.0.1:${port}/v2/actor-runs/${runId}/events`,
        send(runId, frame) {
            const sockets = openSockets(runId);
            const text = JSON.stringify(frame);
            for (const ws of sockets) ws.send(text);
            return sockets.length;
        },
        connectionCount: (runId) => openSockets(runId).length,
        waitForConnection(runId, timeoutMs) {
            if (openSockets(runId).length > 0) return Promise.resolve(true);
            return new Promise((resolve) => {
                let waiters = connectionWaiters.get(runId);
                if (!waiters) connectionWaiters.set(runId, (waiters = new Set()));
                const wake = (): void => {
                    clearTimeout(timer);
                    resolve(true);
                };
                const timer = setTimeout(() => {
                    waiters.delete(wake);
                    resolve(false);
                }, timeoutMs);
                waiters.add(wake);
            });
        },
        disconnectRun(runId) {
            for (const ws of socketsByRunId.get(runId) ?? []) ws.terminate();
            socketsByRunId.delete(runId);
        },
        async close() {
            for (const sockets of socketsByRunId.values()) for (const ws of sockets) ws.terminate();
            socketsByRunId.clear();
            await new Promise<void>((resolve) => wsServer.close(() => resolve()));
            httpServer.closeAllConnections();
            await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        },
    };
}
