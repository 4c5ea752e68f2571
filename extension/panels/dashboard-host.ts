/**
 * The seam between the dashboard panel and the rest of the extension. The extension (auth,
 * runs, acks) implements it; the panel only renders what it returns and forwards the user's
 * requests. Nothing here carries the token: the webview only ever sees a FleetReport and a
 * DashboardStatus.
 */
import type * as vscode from 'vscode';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';

export interface DashboardStatus {
    connection: 'no-token' | 'connected' | 'checking';
    accountName: string | null;
    running: null | { mode: 'platform' | 'local'; message: string };
    lastUpdatedAt: string | null;
    localAcks: string[];
}
export interface DashboardHost {
    getReport(): FleetReport | null;
    getStatus(): DashboardStatus;
    readonly onDidChange: vscode.Event<void>;
    acknowledge(fingerprint: string, note?: string): Promise<void>;
    openInConsole(actorId: string): void;
    runAnalysis(mode: 'platform' | 'local'): Promise<void>;
    connectToken(): Promise<void>;
}
