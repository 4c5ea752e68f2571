/**
 * Bad input answered like the real API (malformed JSON, wrong methods, unknown routes,
 * oversized records, unknown encodings), and the access log never holding a token.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import {
    ACTORS_ONLY_TOKEN,
    buildSmallFleetFixture,
    FULL_TOKEN,
    SCOPED_TOKEN,
} from './test-support/small-fleet-fixture.js';

const NINE_MB = 9 * 1024 * 1024;

describe('bad input', () => {
    let emulator: RunningEmulator;
    const auth = { Authorization: `Bearer ${FULL_TOKEN}` };

    beforeAll(async () => {
        emulator = await startEmulator({ fixture: buildSmallFleetFixture(), rateLimits: false });
    });
    afterAll(async () => {
        await emulator?.stop();
    });

    async function send(
        method: string,
        path: string,
        init: { headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {},
    ) {
        const response = await fetch(`${emulator.url}${path}`, {
            method,
            headers: { ...auth, ...init.headers },
            ...(init.body !== undefined ? { body: init.body } : {}),
        });
        const text = await response.text();
        return {
            status: response.status,
            headers: response.headers,
            body: text === '' ? undefined : (JSON.parse(text) as { error: { type: string; message: string } }),
        };
    }

    it('malformed JSON → 400 invalid-request', async () => {
        for (const [method, path] of [
            ['POST', '/v2/datasets/dsNamed0000000001/items'],
            ['PUT', '/v2/actor-runs/run00001'],
            ['POST', '/v2/actors/actQuiet000000001/runs'],
        ] as const) {
            const response = await send(method, path, {
                headers: { 'Content-Type': 'application/json' },
                body: '{"broken": ',
            });
            expect(response.status, path).toBe(400);
            expect(response.body?.error.type).toBe('invalid-request');
        }
        // The same garbage brotli-compressed is decoded first, then rejected as JSON.
        const compressed = await send('POST', '/v2/datasets/dsNamed0000000001/items', {
            headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' },
            body: new Uint8Array(brotliCompressSync('[{"a":')),
        });
        expect(compressed.body?.error.type).toBe('invalid-request');
    });

    it('wrong method on a known path → 405 with the allowed methods', async () => {
        const response = await send('DELETE', '/v2/actor-runs');
        expect(response.status).toBe(405);
        expect(response.body).toEqual({
            error: {
                type: 'method-not-allowed',
                message: 'This API end-point can only be accessed using the following HTTP methods: OPTIONS,GET',
            },
        });
        const records = await send('PATCH', '/v2/key-value-stores/kvNamed0000000001/records/ACKS');
        expect(records.status).toBe(405);
        expect(records.body?.error.message).toBe(
            'This API end-point can only be accessed using the following HTTP methods: OPTIONS,GET,PUT,DELETE',
        );
    });

    it('unknown routes → 404 page-not-found, with or without a token', async () => {
        for (const path of ['/v2/nope', '/v2/actors/actBusy0000000001/whatever', '/v3/actors', '/']) {
            for (const headers of [{}, { Authorization: '' }] as Array<Record<string, string>>) {
                const response = await send('GET', path, { headers });
                expect(response.status, path).toBe(404);
                expect(response.body?.error.type).toBe('page-not-found');
            }
        }
        const missingRecord = await send('GET', '/v2/key-value-stores/kvNamed0000000001/records/missing');
        expect(missingRecord.body).toEqual({ error: { type: 'record-not-found', message: 'Record was not found' } });
    });

    it('records over 9 MB → 413 request-too-large, plain or compressed', async () => {
        const plain = await send('PUT', '/v2/key-value-stores/kvNamed0000000001/records/huge', {
            headers: { 'Content-Type': 'application/octet-stream' },
            body: new Uint8Array(NINE_MB + 10),
        });
        expect(plain.status).toBe(413);
        expect(plain.body?.error).toEqual({
            type: 'request-too-large',
            message: `The PUT payload is too large (limit: ${NINE_MB} bytes, actual length: ${NINE_MB + 10} bytes).`,
        });
        // 20 MB of zeros gzip to a few KB: the decoded size is what counts.
        const bomb = await send('PUT', '/v2/key-value-stores/kvNamed0000000001/records/huge', {
            headers: { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' },
            body: new Uint8Array(gzipSync(Buffer.alloc(20 * 1024 * 1024))),
        });
        expect(bomb.status).toBe(413);
        expect(bomb.body?.error.type).toBe('request-too-large');
        const exactlyAtLimit = await send('PUT', '/v2/key-value-stores/kvNamed0000000001/records/at-limit', {
            headers: { 'Content-Type': 'application/octet-stream' },
            body: new Uint8Array(NINE_MB),
        });
        expect(exactlyAtLimit.status).toBe(201);
    });

    it('unknown Content-Encoding → 415 unsupported-content-encoding', async () => {
        const response = await send('PUT', '/v2/key-value-stores/kvNamed0000000001/records/x', {
            headers: { 'Content-Type': 'text/plain', 'Content-Encoding': 'bla' },
            body: 'hello',
        });
        expect(response.status).toBe(415);
        expect(response.body).toEqual({
            error: { type: 'unsupported-content-encoding', message: 'Content-Encoding "bla" is not supported.' },
        });
    });

    it('bad query parameters → 400 invalid-request', async () => {
        expect((await send('GET', '/v2/actor-runs?startedAfter=yesterday')).status).toBe(400);
        expect((await send('GET', '/v2/actor-runs?limit=-1')).status).toBe(400);
        expect((await send('GET', '/v2/actor-runs?status=DONE')).status).toBe(400);
    });

    it('the access log never contains a token, even one sent as ?token=', async () => {
        for (const token of [FULL_TOKEN, SCOPED_TOKEN, ACTORS_ONLY_TOKEN]) {
            await fetch(`${emulator.url}/v2/actors?token=${token}&limit=1`);
            await fetch(`${emulator.url}/v2/users/me`, { headers: { Authorization: `Bearer ${token}` } });
        }
        await fetch(`${emulator.url}/v2/actors?token=apify_api_wrong_guess_123`);
        const jsonl = emulator.accessLog.toJsonl();
        for (const secret of [FULL_TOKEN, SCOPED_TOKEN, ACTORS_ONLY_TOKEN, 'apify_api_wrong_guess_123'])
            expect(jsonl).not.toContain(secret);
        const viaQuery = emulator.accessLog.query((entry) => entry.path === '/v2/actors' && entry.query.limit === '1');
        expect(viaQuery.map((entry) => entry.tokenId)).toEqual(['full', 'scoped', 'actors-only']);
        expect(viaQuery.every((entry) => !('token' in entry.query))).toBe(true);
        const usersMe = emulator.accessLog.query((entry) => entry.endpointId === 'users-me');
        expect(usersMe.map((entry) => [entry.tokenId, entry.status])).toEqual([
            ['full', 200],
            ['scoped', 200],
            ['actors-only', 403],
        ]);
        expect(
            jsonl
                .trim()
                .split('\n')
                .every((line) => typeof JSON.parse(line).latencyMs === 'number'),
        ).toBe(true);
    });
});
