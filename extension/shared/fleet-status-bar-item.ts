/**
 * The status bar item: fleet score, trend arrow, and the workspace's Actor when there is one.
 * Hidden while there is no report; a click opens the dashboard.
 */
import * as vscode from 'vscode';
import { CommandId } from '../constants.js';
import { buildStatusBarModel } from '../models/fleet-view-model.js';
import type { FleetStateProvider } from '../state/fleet-state-provider.js';
import type { WorkspaceActorService } from '../services/workspace-actor-service.js';

export class FleetStatusBarItem implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('apifyFleet.score', vscode.StatusBarAlignment.Left, 50);
    private readonly disposables: vscode.Disposable[] = [this.item];

    constructor(
        private readonly state: FleetStateProvider,
        private readonly workspaceActors: WorkspaceActorService,
    ) {
        this.item.name = 'Apify Fleet score';
        this.item.command = CommandId.OpenDashboard;
        this.disposables.push(
            state.onDidChange(() => this.update()),
            workspaceActors.onDidChange(() => this.update()),
        );
        this.update();
    }

    get text(): string | undefined {
        return this.item.text || undefined;
    }

    update(): void {
        const report = this.state.report;
        if (this.state.running) {
            this.item.text = `$(sync~spin) Fleet: ${this.state.running.message.slice(0, 40)}`;
            this.item.tooltip = 'An analysis is running.';
            this.item.show();
            return;
        }
        if (!report) {
            this.item.text = '';
            this.item.hide();
            return;
        }
        const model = buildStatusBarModel(report, this.workspaceActors.actorsIn(report)[0] ?? null);
        this.item.text = model.text;
        this.item.tooltip = new vscode.MarkdownString(model.tooltip.split('\n').join('  \n'));
        this.item.show();
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
