// extension/shared/api-client.ts: an API answer that redirects elsewhere never takes the token
// along. Real sockets on loopback only: an "API" answering 307 and recorders that log what arrives.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, stripAuthorizationOutsideOrigin } from '../../extension/shared/api-client.js';

const TOKEN = 'apify_api_redirect_canary_0123456789';

interface Recorder {
    url: string;
    seen: { path: string; headers: IncomingHttpHeaders }[];
    server: Server;
}

async function startServer(
    host: string,
    answer: (path: string, reply: (status: number, headers: Record<string, string>, body?: string) => void) => void,
): Promise<Recorder> {
    const seen: Recorder['seen'] = [];
    const server = createServer((req, res) => {
        seen.push({ path: req.url ?? '', headers: req.headers });
        req.resume();
        answer(req.url ?? '', (status, headers, body) => res.writeHead(status, headers).end(body));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://${host}:${port}`, seen, server };
}

const me = JSON.stringify({ data: { id: 'u1', username: 'someone' } });
const okJson = (reply: (s: number, h: Record<string, string>, b?: string) => void) =>
    reply(200, { 'content-type': 'application/json' }, me);

describe('api-client redirects', () => {
    let otherHost: Recorder;
    let otherPort: Recorder;
    let api: Recorder;

    beforeAll(async () => {
        otherHost = await startServer('127.0.0.2', (_path, reply) => okJson(reply));
        otherPort = await startServer('127.0.0.1', (_path, reply) => okJson(reply));
        api = await startServer('127.0.0.1', (path, reply) => {
            if (path.startsWith('/to-other-host')) return reply(307, { location: `${otherHost.url}/v2/users/me` });
            if (path.startsWith('/to-other-port')) return reply(307, { location: `${otherPort.url}/v2/users/me` });
            if (path.startsWith('/same-origin')) return reply(307, { location: `${api.url}/final/v2/users/me` });
            if (path.startsWith('/final/')) return okJson(reply);
            return reply(404, {});
        });
    });

    afterAll(async () => {
        for (const r of [otherHost, otherPort, api]) await new Promise((resolve) => r?.server.close(resolve));
    });

    it.each([
        ['another host (127.0.0.2)', 'to-other-host', () => otherHost],
        ['another port of the same host', 'to-other-port', () => otherPort],
    ])('a 307 to %s reaches it without the Authorization header', async (_name, prefix, recorder) => {
        const client = createApiClient(TOKEN, `${api.url}/${prefix}`, { isInteractive: true });
        const user = await client.user('me').get();
        expect(user?.username).toBe('someone');
        const first = api.seen.find((s) => s.path.startsWith(`/${prefix}`));
        expect(first?.headers.authorization).toBe(`Bearer ${TOKEN}`);
        const arrived = recorder().seen;
        expect(arrived.length).toBeGreaterThan(0);
        for (const request of arrived) {
            expect(request.headers.authorization).toBeUndefined();
            expect(JSON.stringify(request)).not.toContain(TOKEN);
        }
    });

    it('a redirect within the API origin keeps the header (the client still works behind a same-host redirect)', async () => {
        const client = createApiClient(TOKEN, `${api.url}/same-origin`, { isInteractive: true });
        await client.user('me').get();
        const final = api.seen.find((s) => s.path.startsWith('/final/'));
        expect(final?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it('strips the header for a subdomain or a protocol change, which follow-redirects alone would keep', () => {
        const hop = (protocol: string, host: string) => ({
            protocol,
            host,
            headers: { Authorization: `Bearer ${TOKEN}`, Cookie: 'a=b', Accept: 'application/json' },
        });
        const subdomain = hop('https:', 'evil.api.apify.com');
        stripAuthorizationOutsideOrigin('https://api.apify.com', subdomain);
        expect(subdomain.headers).toEqual({ Accept: 'application/json' });
        const downgraded = hop('http:', 'api.apify.com');
        stripAuthorizationOutsideOrigin('https://api.apify.com', downgraded);
        expect(downgraded.headers).toEqual({ Accept: 'application/json' });
        const same = hop('https:', 'api.apify.com');
        stripAuthorizationOutsideOrigin('https://api.apify.com', same);
        expect(same.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    });
});
