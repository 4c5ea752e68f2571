/**
 * The dashboard webview panel: a singleton that renders the last FleetReport and forwards the
 * user's requests (acknowledge, open in Console, run, connect) to a DashboardHost.
 *
 * Host side only: it never imports browser code; it shares nothing with the page but the
 * protocol (extension/protocol/webview-protocol.ts) and the assets in dist/webview/.
 */
import * as vscode from 'vscode';
import {
    isWebviewRequest,
    parseWebviewToHostMessage,
    type HostToWebviewMessage,
    type WebviewRequest,
} from '../protocol/webview-protocol.js';
import type { DashboardHost } from './dashboard-host.js';
import { createNonce, renderDashboardHtml } from './dashboard-html.js';

/** Where the webview bundle, its CSS and the codicon font live (built by scripts/build.mjs). */
const WEBVIEW_DIST = ['dist', 'webview'] as const;

/** The few log lines the panel writes; the extension passes its LogOutputChannel. */
export interface DashboardLogger {
    warn(message: string): void;
    error(message: string): void;
}

export class DashboardPanel {
    static readonly viewType = 'apifyFleet.dashboard';
    private static currentPanel: DashboardPanel | undefined;
    private static logger: DashboardLogger = {
        warn: (message) => console.warn(`[dashboard] ${message}`),
        error: (message) => console.error(`[dashboard] ${message}`),
    };

    private readonly disposables: vscode.Disposable[] = [];
    private markReady: () => void = () => undefined;
    /**
     * Resolves when the page says `webview/ready`. A message posted before the page's script
     * has added its listener is silently lost (postMessage does not queue for it), so every
     * post waits on this. Reset whenever the HTML is (re)loaded.
     */
    private ready: Promise<void> = Promise.resolve();
    private isDisposed = false;
    private pendingRevealActorId: string | null = null;

    private constructor(
        private readonly panel: vscode.WebviewPanel,
        private readonly extensionUri: vscode.Uri,
        private readonly host: DashboardHost,
    ) {
        this.panel.webview.options = DashboardPanel.getWebviewOptions(extensionUri);
        this.loadHtml();
        this.panel.onDidDispose(() => this.dispose(), null, this.disposables);
        this.panel.webview.onDidReceiveMessage(
            (raw: unknown) => {
                void this.onMessage(raw);
            },
            null,
            this.disposables,
        );
        this.host.onDidChange(
            () => {
                void this.postState();
            },
            null,
            this.disposables,
        );
    }

    /** Shows the dashboard, creating it once; a second call only reveals the same panel. */
    static createOrShow(extensionUri: vscode.Uri, host: DashboardHost): DashboardPanel {
        const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
        if (DashboardPanel.currentPanel) {
            DashboardPanel.currentPanel.panel.reveal(column);
            return DashboardPanel.currentPanel;
        }
        const panel = vscode.window.createWebviewPanel(
            DashboardPanel.viewType,
            'Apify Fleet',
            column,
            DashboardPanel.getWebviewOptions(extensionUri),
        );
        DashboardPanel.currentPanel = new DashboardPanel(panel, extensionUri, host);
        return DashboardPanel.currentPanel;
    }

    /**
     * Restores the panel after a window reload. Pair it with the `onWebviewPanel:apifyFleet.dashboard`
     * activation event so VS Code activates the extension to call it. The page restores its own
     * UI state (sort, filter, selected Actor) from `getState`.
     */
    static registerSerializer(context: vscode.ExtensionContext, host: DashboardHost): vscode.Disposable {
        return vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, {
            async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
                DashboardPanel.currentPanel?.dispose();
                DashboardPanel.currentPanel = new DashboardPanel(panel, context.extensionUri, host);
            },
        });
    }

    /** The open panel, if any (e.g. to reveal an Actor from the tree). */
    static get current(): DashboardPanel | undefined {
        return DashboardPanel.currentPanel;
    }

    static setLogger(logger: DashboardLogger): void {
        DashboardPanel.logger = logger;
    }

    static getWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return {
            enableScripts: true,
            // The page keeps its UI state with setState and re-asks for data with `ready`, so it
            // need not stay alive (and hold a 2,000-Actor DOM) while hidden.
            retainContextWhenHidden: false,
            enableFindWidget: true,
            // Only the built webview folder (bundle, CSS, codicons): not the workspace, not the
            // rest of the extension.
            localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIST)],
        };
    }

    /** Shows one Actor's detail view. */
    revealActor(actorId: string): void {
        this.pendingRevealActorId = actorId;
        this.panel.reveal();
        void this.post({ type: 'host/didRevealActor', actorId });
    }

    dispose(): void {
        if (this.isDisposed) return;
        this.isDisposed = true;
        if (DashboardPanel.currentPanel === this) DashboardPanel.currentPanel = undefined;
        this.panel.dispose();
        while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    }

    private loadHtml(): void {
        this.ready = new Promise<void>((resolve) => {
            this.markReady = resolve;
        });
        const webview = this.panel.webview;
        const asset = (...path: string[]) =>
            webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...WEBVIEW_DIST, ...path)).toString();
        webview.html = renderDashboardHtml({
            cspSource: webview.cspSource,
            scriptUri: asset('webview.js'),
            codiconsUri: asset('codicons', 'codicon.css'),
            nonce: createNonce(),
        });
    }

    private async onMessage(raw: unknown): Promise<void> {
        const parsed = parseWebviewToHostMessage(raw);
        if (!parsed.ok) {
            DashboardPanel.logger.warn(parsed.reason);
            return;
        }
        const message = parsed.message;
        if (!isWebviewRequest(message)) {
            // A (re)loaded page: hidden panels are discarded and reloaded when shown again,
            // so `ready` can come more than once; each time it gets the whole state.
            this.markReady();
            await this.postState();
            if (this.pendingRevealActorId)
                await this.post({ type: 'host/didRevealActor', actorId: this.pendingRevealActorId });
            this.pendingRevealActorId = null;
            return;
        }
        await this.handleRequest(message);
    }

    private async handleRequest(request: WebviewRequest): Promise<void> {
        try {
            switch (request.type) {
                case 'webview/acknowledge':
                    await this.host.acknowledge(request.fingerprint, request.note);
                    break;
                case 'webview/openInConsole':
                    this.host.openInConsole(request.actorId);
                    break;
                case 'webview/runAnalysis':
                    await this.host.runAnalysis(request.mode);
                    break;
                case 'webview/connectToken':
                    await this.host.connectToken();
                    break;
            }
            await this.post({ type: 'host/didComplete', requestId: request.requestId, ok: true, error: null });
        } catch (error) {
            // The host's errors are written for users (actionable, token-free, STYLE.md); the
            // page shows the message next to the button that failed.
            const text = error instanceof Error ? error.message : String(error);
            DashboardPanel.logger.error(`${request.type} failed: ${text}`);
            await this.post({
                type: 'host/didComplete',
                requestId: request.requestId,
                ok: false,
                error: text.slice(0, 2000),
            });
        }
    }

    private async postState(): Promise<void> {
        // Read when posting, not when the change fired: a burst of changes sends the newest state.
        await this.ready;
        if (this.isDisposed) return;
        await this.post({ type: 'host/didUpdate', report: this.host.getReport(), status: this.host.getStatus() });
    }

    private async post(message: HostToWebviewMessage): Promise<void> {
        // Wait for the handshake: before it the page has no listener and the message would be lost.
        await this.ready;
        if (this.isDisposed) return;
        try {
            await this.panel.webview.postMessage(message);
        } catch (error) {
            DashboardPanel.logger.warn(
                `could not post ${message.type}: ${error instanceof Error ? error.message : String(error)}`,
            );
        }
    }
}
