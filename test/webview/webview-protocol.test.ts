import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    parseHostToWebviewMessage,
    parseWebviewToHostMessage,
    webviewToHostMessageSchema,
    type HostToWebviewMessage,
    type DashboardStatus,
} from '../../extension/protocol/webview-protocol.js';
import { buildContentSecurityPolicy, renderDashboardHtml } from '../../extension/panels/dashboard-html.js';
import { buildFleetReportFixture } from './fleet-report-builder.js';

const status: DashboardStatus = {
    connection: 'connected',
    accountName: 'acme',
    running: null,
    lastUpdatedAt: '2025-03-29T00:00:00.000Z',
    localAcks: [],
};
const report = buildFleetReportFixture({ actorCount: 12 });

describe('webview → host messages', () => {
    it.each([
        { type: 'webview/ready' },
        { type: 'webview/acknowledge', requestId: 1, fingerprint: 'core:high-failure-rate:abc' },
        { type: 'webview/acknowledge', requestId: 2, fingerprint: 'core:x:y', note: 'known, fixing Monday' },
        { type: 'webview/openInConsole', requestId: 3, actorId: 'abc' },
        { type: 'webview/runAnalysis', requestId: 4, mode: 'local' },
        { type: 'webview/connectToken', requestId: 5 },
    ])('accepts $type', (message) => {
        expect(parseWebviewToHostMessage(message)).toEqual({ ok: true, message });
    });

    it.each([
        ['no type', { requestId: 1 }],
        ['unknown type', { type: 'webview/deleteToken', requestId: 1 }],
        ['missing request id', { type: 'webview/connectToken' }],
        ['negative request id', { type: 'webview/connectToken', requestId: -1 }],
        ['bad mode', { type: 'webview/runAnalysis', requestId: 1, mode: 'cloud' }],
        ['empty fingerprint', { type: 'webview/acknowledge', requestId: 1, fingerprint: '' }],
        [
            'extra field (a token must not ride along)',
            { type: 'webview/connectToken', requestId: 1, token: 'apify_api_x' },
        ],
        ['not an object', 'webview/ready'],
        ['null', null],
    ])('drops %s with a reason', (_name, raw) => {
        const parsed = parseWebviewToHostMessage(raw);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.reason).toMatch(/^dropped malformed message/);
    });

    it('never throws on random input, and passes only what the schema accepts', () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.anything(),
                    fc.record(
                        {
                            type: fc.constantFrom(
                                'webview/ready',
                                'webview/acknowledge',
                                'webview/openInConsole',
                                'webview/runAnalysis',
                                'webview/connectToken',
                                'x',
                            ),
                            requestId: fc.oneof(fc.integer(), fc.double(), fc.string()),
                            fingerprint: fc.string(),
                            actorId: fc.string(),
                            mode: fc.constantFrom('platform', 'local', 'other'),
                        },
                        { requiredKeys: ['type'] },
                    ),
                ),
                (raw) => {
                    const parsed = parseWebviewToHostMessage(raw);
                    expect(parsed.ok).toBe(webviewToHostMessageSchema.safeParse(raw).success);
                },
            ),
            { numRuns: 2000 },
        );
    });
});

describe('host → webview messages', () => {
    it('accepts a report update, a null report, completions and reveal', () => {
        const messages: HostToWebviewMessage[] = [
            { type: 'host/didUpdate', report, status },
            { type: 'host/didUpdate', report: null, status: { ...status, connection: 'no-token', accountName: null } },
            { type: 'host/didComplete', requestId: 7, ok: false, error: 'The token may not write key-value stores.' },
            { type: 'host/didRevealActor', actorId: report.actors[0]!.id },
        ];
        for (const message of messages) expect(parseHostToWebviewMessage(message).ok).toBe(true);
    });

    it('drops an update whose report does not match the contract, or whose status carries extra fields', () => {
        const broken = { ...report, fleet: { ...report.fleet, healthScore: 140 } };
        expect(parseHostToWebviewMessage({ type: 'host/didUpdate', report: broken, status }).ok).toBe(false);
        expect(
            parseHostToWebviewMessage({
                type: 'host/didUpdate',
                report: null,
                status: { ...status, token: 'apify_api_secret' },
            }).ok,
        ).toBe(false);
        expect(parseHostToWebviewMessage({ type: 'host/didComplete', requestId: 1, ok: true }).ok).toBe(false);
    });

    it('never throws on random input', () => {
        fc.assert(
            fc.property(fc.anything(), (raw) => {
                expect(() => parseHostToWebviewMessage(raw)).not.toThrow();
                expect(parseHostToWebviewMessage(raw).ok).toBe(false);
            }),
            { numRuns: 1000 },
        );
    });
});

describe('dashboard HTML', () => {
    it('has a strict CSP: no remote origin, nonce-only scripts, no unsafe-inline or eval', () => {
        const csp = buildContentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
        expect(csp).toBe(
            "default-src 'none'; script-src 'nonce-abc123'; style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-abc123'; img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net",
        );
        const html = renderDashboardHtml({
            cspSource: 'vscode-webview://x',
            scriptUri: 'vscode-webview://x/webview.js',
            codiconsUri: 'vscode-webview://x/codicons/codicon.css',
            nonce: 'abc123',
        });
        expect(html).toContain('<script nonce="abc123" src="vscode-webview://x/webview.js">');
        expect(html).toContain('id="vscode-codicon-stylesheet"');
        expect(html).not.toMatch(/unsafe-(inline|eval)|https?:\/\//);
    });
});
