/**
 * The dashboard's message protocol: the ONE catalogue both the extension host
 * (extension/panels/dashboard-panel.ts) and the webview app (extension/webview/) import.
 *
 * Every message is a zod schema in a discriminated union on `type`, and each side
 * `safeParse`s everything it receives: a webview is a browser page that anything running in
 * it could post from, and a host message from an older/newer build must not crash the page.
 * Malformed messages are dropped and logged, never half-handled.
 *
 * Directions (names say who speaks):
 * - `webview/…` go from the webview to the extension host. `webview/ready` opens the
 *   handshake; the others are requests that carry a `requestId` and are answered exactly once
 *   by a `host/didComplete` with the same id.
 * - `host/…` go from the extension host to the webview. They are notifications, named `did…`.
 *
 * Only a FleetReport and a DashboardStatus ever cross to the webview; neither has a field for
 * a token, and both schemas are strict, so nothing else can ride along.
 *
 * This file must stay free of `vscode` and DOM imports: both bundles include it.
 */
import { z } from 'zod';
import { fleetReportSchema } from '../../shared/contracts/fleet-report.js';
import { RUN_MODES } from '../settings/extension-settings.js';

export const dashboardStatusSchema = z
    .object({
        connection: z.enum(['no-token', 'connected', 'checking']),
        accountName: z.string().max(200).nullable(),
        running: z
            .object({
                mode: z.enum(RUN_MODES),
                message: z.string().max(2000),
            })
            .strict()
            .nullable(),
        lastUpdatedAt: z.iso.datetime({ offset: true }).nullable(),
        /** Fingerprints acknowledged locally only (the token could not write ACKS on Apify). */
        localAcks: z.array(z.string().max(200)).max(100_000),
    })
    .strict();

/** What the dashboard shows besides the report; the host builds it, the webview parses it. */
export type DashboardStatus = z.infer<typeof dashboardStatusSchema>;

const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const fingerprint = z.string().min(1).max(200);
const actorId = z.string().min(1).max(100);

// ── webview → host ──────────────────────────────────────────────────────────────────────────

/** The page has loaded and listens: the host may now post (see the panel for why it waits). */
export const readyMessageSchema = z.object({ type: z.literal('webview/ready') }).strict();

/** Acknowledge a signal (writes ACKS on Apify, or locally when the token may not). */
export const acknowledgeRequestSchema = z
    .object({
        type: z.literal('webview/acknowledge'),
        requestId,
        fingerprint,
        note: z.string().max(1000).optional(),
    })
    .strict();

/** Open an Actor's page in Apify Console (the host opens the URL; the page cannot). */
export const openInConsoleRequestSchema = z
    .object({
        type: z.literal('webview/openInConsole'),
        requestId,
        actorId,
    })
    .strict();

/** Start an analysis on Apify (`platform`) or inside the extension host (`local`). */
export const runAnalysisRequestSchema = z
    .object({
        type: z.literal('webview/runAnalysis'),
        requestId,
        mode: z.enum(RUN_MODES),
    })
    .strict();

/** Ask the host to run the "Connect token" flow (the token is typed into VS Code, never here). */
export const connectTokenRequestSchema = z
    .object({
        type: z.literal('webview/connectToken'),
        requestId,
    })
    .strict();

export const webviewRequestSchema = z.discriminatedUnion('type', [
    acknowledgeRequestSchema,
    openInConsoleRequestSchema,
    runAnalysisRequestSchema,
    connectTokenRequestSchema,
]);
export type WebviewRequest = z.infer<typeof webviewRequestSchema>;
export type WebviewRequestType = WebviewRequest['type'];
/** A request as the page builds it, before the transport numbers it. */
export type WebviewRequestBody = WebviewRequest extends infer R
    ? R extends WebviewRequest
        ? Omit<R, 'requestId'>
        : never
    : never;

export const webviewToHostMessageSchema = z.discriminatedUnion('type', [
    readyMessageSchema,
    acknowledgeRequestSchema,
    openInConsoleRequestSchema,
    runAnalysisRequestSchema,
    connectTokenRequestSchema,
]);
export type WebviewToHostMessage = z.infer<typeof webviewToHostMessageSchema>;

// ── host → webview ──────────────────────────────────────────────────────────────────────────

/** The whole state the page renders: sent after `webview/ready` and on every host change. */
export const didUpdateMessageSchema = z
    .object({
        type: z.literal('host/didUpdate'),
        report: fleetReportSchema.nullable(),
        status: dashboardStatusSchema,
    })
    .strict();

/** The answer to one request: `error` is a message for the user, null on success. */
export const didCompleteMessageSchema = z
    .object({
        type: z.literal('host/didComplete'),
        requestId,
        ok: z.boolean(),
        error: z.string().max(2000).nullable(),
    })
    .strict();

/** Show one Actor's detail (e.g. "Show in dashboard" from the tree). */
export const didRevealActorMessageSchema = z
    .object({
        type: z.literal('host/didRevealActor'),
        actorId,
    })
    .strict();

export const hostToWebviewMessageSchema = z.discriminatedUnion('type', [
    didUpdateMessageSchema,
    didCompleteMessageSchema,
    didRevealActorMessageSchema,
]);
export type HostToWebviewMessage = z.infer<typeof hostToWebviewMessageSchema>;
export type DidUpdateMessage = z.infer<typeof didUpdateMessageSchema>;
export type DidCompleteMessage = z.infer<typeof didCompleteMessageSchema>;

// ── parsing helpers (both sides) ────────────────────────────────────────────────────────────

export type ParseOutcome<T> = { ok: true; message: T } | { ok: false; reason: string };

function describeIssues(error: z.ZodError): string {
    return error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
        .join('; ');
}

/** The reason names the message type when there is one, never the values (they may be large). */
function parseWith<T>(schema: z.ZodType<T>, raw: unknown): ParseOutcome<T> {
    const result = schema.safeParse(raw);
    if (result.success) return { ok: true, message: result.data };
    const type =
        typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string'
            ? String((raw as { type: string }).type).slice(0, 60)
            : typeof raw;
    return { ok: false, reason: `dropped malformed message (${type}): ${describeIssues(result.error)}` };
}

export function parseWebviewToHostMessage(raw: unknown): ParseOutcome<WebviewToHostMessage> {
    return parseWith(webviewToHostMessageSchema, raw);
}

export function parseHostToWebviewMessage(raw: unknown): ParseOutcome<HostToWebviewMessage> {
    return parseWith(hostToWebviewMessageSchema, raw);
}

export function isWebviewRequest(message: WebviewToHostMessage): message is WebviewRequest {
    return message.type !== 'webview/ready';
}
