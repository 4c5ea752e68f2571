/**
 * The dashboard webview panel (singleton). Full implementation follows; this file fixes the
 * public API the rest of the extension codes against.
 */
import * as vscode from 'vscode';
import type { DashboardHost } from './dashboard-host.js';

export class DashboardPanel {
    static readonly viewType = 'apifyFleet.dashboard';
    private static currentPanel: DashboardPanel | undefined;

    private constructor(private readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly host: DashboardHost) {
        this.panel.onDidDispose(() => { DashboardPanel.currentPanel = undefined; });
    }

    static createOrShow(extensionUri: vscode.Uri, host: DashboardHost): DashboardPanel {
        if (DashboardPanel.currentPanel) {
            DashboardPanel.currentPanel.panel.reveal();
            return DashboardPanel.currentPanel;
        }
        const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, 'Apify Fleet', vscode.ViewColumn.One, { enableScripts: true });
        DashboardPanel.currentPanel = new DashboardPanel(panel, extensionUri, host);
        return DashboardPanel.currentPanel;
    }

    static registerSerializer(context: vscode.ExtensionContext, host: DashboardHost): vscode.Disposable {
        return vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, {
            async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
                DashboardPanel.currentPanel = new DashboardPanel(panel, context.extensionUri, host);
            },
        });
    }
}
