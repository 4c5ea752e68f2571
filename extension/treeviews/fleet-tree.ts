/**
 * The "Fleet" tree: Actors worst first with a health icon, their signals as children.
 * Context values drive the inline and context-menu actions (acknowledge, open in Console).
 */
import * as vscode from 'vscode';
import { CommandId, TreeItemContext, ViewId } from '../constants.js';
import { buildFleetTreeModel, type ActorNodeModel, type SignalNodeModel } from '../models/fleet-view-model.js';
import type { FleetStateProvider } from '../state/fleet-state-provider.js';
import { truncateScore } from '../../shared/scoring/grade.js';

export class ActorTreeItem extends vscode.TreeItem {
    readonly kind = 'actor';
    constructor(readonly model: ActorNodeModel) {
        super(
            model.label,
            model.signals.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        this.id = `actor:${model.actorId}`;
        this.description = model.description;
        this.tooltip = model.tooltip;
        this.iconPath = new vscode.ThemeIcon(
            model.icon,
            model.colorId ? new vscode.ThemeColor(model.colorId) : undefined,
        );
        this.contextValue = TreeItemContext.Actor;
    }
    get actorId(): string {
        return this.model.actorId;
    }
}

export class SignalTreeItem extends vscode.TreeItem {
    readonly kind = 'signal';
    constructor(readonly model: SignalNodeModel) {
        super(model.label, vscode.TreeItemCollapsibleState.None);
        this.id = `signal:${model.fingerprint}`;
        this.description = model.description;
        this.tooltip = model.tooltip;
        this.iconPath = new vscode.ThemeIcon(
            model.icon,
            model.colorId ? new vscode.ThemeColor(model.colorId) : undefined,
        );
        this.contextValue = model.isAcknowledged ? TreeItemContext.AcknowledgedSignal : TreeItemContext.Signal;
        this.command = { command: CommandId.OpenDashboard, title: 'Open dashboard' };
    }
    get actorId(): string {
        return this.model.actorId;
    }
    get fingerprint(): string {
        return this.model.fingerprint;
    }
}

export type FleetTreeItem = ActorTreeItem | SignalTreeItem;

export class FleetTreeDataProvider implements vscode.TreeDataProvider<FleetTreeItem>, vscode.Disposable {
    private readonly changeEmitter = new vscode.EventEmitter<void>();
    readonly onDidChangeTreeData = this.changeEmitter.event;
    private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
    readonly view: vscode.TreeView<FleetTreeItem>;

    constructor(private readonly state: FleetStateProvider) {
        this.view = vscode.window.createTreeView(ViewId.Fleet, { treeDataProvider: this, showCollapseAll: true });
        this.disposables.push(
            this.view,
            state.onDidChange(() => this.refresh()),
        );
    }

    refresh(): void {
        const report = this.state.report;
        this.view.message = report
            ? `Score ${truncateScore(report.fleet.healthScore)} (${report.fleet.grade}) · ${report.fleet.attention.actorsNeedingActionNow} of ${report.actors.length} Actors need action now · ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`
            : undefined;
        this.changeEmitter.fire();
    }

    getTreeItem(element: FleetTreeItem): vscode.TreeItem {
        return element;
    }

    getChildren(element?: FleetTreeItem): FleetTreeItem[] {
        const report = this.state.report;
        if (!report) return [];
        if (!element) return buildFleetTreeModel(report, this.state.extraAcknowledged).map((m) => new ActorTreeItem(m));
        if (element instanceof ActorTreeItem) return element.model.signals.map((s) => new SignalTreeItem(s));
        return [];
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
