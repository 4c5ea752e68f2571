/**
 * The dashboard page's HTML: a pure function so the Chromium UI test serves exactly what the
 * panel serves (same CSP, same assets), without a VS Code.
 *
 * Security (STYLE.md §4):
 * - `default-src 'none'`: nothing loads unless a directive below allows it, and there is no
 *   remote origin anywhere: the webview can only reach the extension's own files.
 * - Scripts run only with this render's nonce (a fresh one per render).
 * - Styles come from the extension's files (`cspSource`): the codicon font CSS, and the app's
 *   own sheet, which the bundle adopts as a constructable stylesheet, not an inline `<style>`.
 *   Lit (used by @vscode-elements/elements) does the same. No `'unsafe-inline'`.
 * - No token ever appears in the page: it renders a FleetReport and a DashboardStatus only.
 */
import { randomBytes } from 'node:crypto';

export interface DashboardHtmlParams {
    /** `webview.cspSource`. */
    cspSource: string;
    /** `asWebviewUri(dist/webview/webview.js)`. */
    scriptUri: string;
    /** `asWebviewUri(dist/webview/codicons/codicon.css)`; the icon element looks it up by id. */
    codiconsUri: string;
    nonce: string;
    /** Test pages add a script (with the same nonce) that stubs `acquireVsCodeApi`. */
    extraHeadHtml?: string;
}

/** 128 random bits, base64: a nonce the page cannot guess and no earlier render reused. */
export function createNonce(): string {
    return randomBytes(16).toString('base64');
}

function escapeAttribute(value: string): string {
    return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function buildContentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        `default-src 'none'`,
        `script-src 'nonce-${nonce}'`,
        `style-src ${cspSource} 'nonce-${nonce}'`,
        `img-src ${cspSource} data:`,
        `font-src ${cspSource}`,
    ].join('; ');
}

export function renderDashboardHtml(params: DashboardHtmlParams): string {
    const { cspSource, scriptUri, codiconsUri, nonce } = params;
    const csp = buildContentSecurityPolicy(cspSource, nonce);
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(codiconsUri)}" id="vscode-codicon-stylesheet" nonce="${escapeAttribute(nonce)}">
<title>Apify Fleet</title>
${params.extraHeadHtml ?? ''}
</head>
<body>
<div id="app" aria-live="polite"><p>Loading the fleet dashboard…</p></div>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>`;
}
