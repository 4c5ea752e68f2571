/**
 * Reads request bodies the way the API does: `Content-Encoding` br / gzip / deflate decoded
 * (apify-client sends bodies ≥ 1 KB brotli-compressed), anything else 415, over the limit
 * 413, malformed JSON 400 `invalid-request`.
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Request } from 'express';
import { apiErrors } from './api-error.js';

/** 9 MB: the API's limit for one key-value record and for one request body. */
export const MAX_PAYLOAD_BYTES = 9 * 1024 * 1024;

/** Stop reading a raw upload well above the limit: enough to report the actual length. */
const MAX_RAW_READ_BYTES = 64 * 1024 * 1024;

async function readRaw(req: Request, limitBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let totalBytes = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
        totalBytes += chunk.length;
        if (totalBytes > Math.max(MAX_RAW_READ_BYTES, limitBytes)) {
            throw apiErrors.requestTooLarge(req.method, limitBytes, totalBytes);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}

function decode(encoding: string, raw: Buffer, method: string, limitBytes: number): Buffer {
    // One more byte than allowed tells "too large" apart without inflating a bomb.
    const options = { maxOutputLength: limitBytes + 1 };
    try {
        switch (encoding) {
            case 'br':
                return brotliDecompressSync(raw, options);
            case 'gzip':
            case 'x-gzip':
                return gunzipSync(raw, options);
            case 'deflate':
                return inflateSync(raw, options);
            default:
                throw apiErrors.unsupportedContentEncoding(encoding);
        }
    } catch (error) {
        if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
            throw apiErrors.requestTooLarge(method, limitBytes, limitBytes + 1);
        }
        if (error instanceof Error && error.name === 'ApiError') throw error;
        throw apiErrors.invalidRequest(
            `The request body could not be decoded as "${encoding}": ${(error as Error).message}`,
        );
    }
}

/** The decoded body bytes (empty buffer for no body). */
export async function readBody(req: Request, limitBytes = MAX_PAYLOAD_BYTES): Promise<Buffer> {
    const encodingHeader = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
    const encodings =
        encodingHeader === ''
            ? []
            : encodingHeader
                  .split(',')
                  .map((part) => part.trim())
                  .filter((part) => part !== 'identity');
    for (const encoding of encodings) {
        if (!['br', 'gzip', 'x-gzip', 'deflate'].includes(encoding))
            throw apiErrors.unsupportedContentEncoding(encoding);
    }
    let body = await readRaw(req, limitBytes);
    // Encodings are listed in the order they were applied: undo them last to first.
    for (const encoding of [...encodings].reverse()) body = decode(encoding, body, req.method, limitBytes);
    if (body.length > limitBytes) throw apiErrors.requestTooLarge(req.method, limitBytes, body.length);
    return body;
}

export function parseJsonBody(body: Buffer): unknown {
    try {
        return JSON.parse(body.toString('utf8'));
    } catch (error) {
        throw apiErrors.invalidJson((error as Error).message);
    }
}

/** Reads and parses a JSON body; an empty body is `undefined`. */
export async function readJsonBody(req: Request, limitBytes = MAX_PAYLOAD_BYTES): Promise<unknown> {
    const body = await readBody(req, limitBytes);
    if (body.length === 0) return undefined;
    return parseJsonBody(body);
}

export function contentTypeOf(req: Request, fallback: string): string {
    const header = req.headers['content-type'];
    return header && header.trim() !== '' ? header : fallback;
}
