/**
 * The seam between the dashboard panel and the rest of the extension. The extension (auth,
 * runs, acks) implements it; the panel only renders what it returns and forwards the user's
 * requests. Nothing here carries the token: the webview only ever sees a FleetReport and a
 * DashboardStatus.
 */
import type * as vscode from 'vscode';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import type { DashboardStatus } from '../protocol/webview-protocol.js';
import type { RunMode } from '../settings/extension-settings.js';

export interface DashboardHost {
    getReport(): FleetReport | null;
    getStatus(): DashboardStatus;
    readonly onDidChange: vscode.Event<void>;
    acknowledge(fingerprint: string, note?: string): Promise<void>;
    openInConsole(actorId: string): void;
    runAnalysis(mode: RunMode): Promise<void>;
    connectToken(): Promise<void>;
}
