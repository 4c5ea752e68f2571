/**
 * Workspace awareness: an open folder with `.actor/actor.json` is an Actor's source. The
 * extension finds that Actor in the fleet (by the manifest's `name`), shows its health in the
 * status bar and its schema-validator and compliance signals as diagnostics on `.actor/` files.
 */
import * as vscode from 'vscode';
import { z } from 'zod';
import type { ActorSummary, FleetReport } from '../../shared/contracts/fleet-report.js';
import { findWorkspaceActor, targetFileOf } from '../models/fleet-view-model.js';
import type { FleetLog } from '../shared/fleet-log.js';

const actorManifestSchema = z.object({ name: z.string().min(1).max(200) }).loose();

interface WorkspaceActorFolder {
    name: string;
    /** The `.actor` folder. */
    actorDir: vscode.Uri;
}

const DIAGNOSTIC_SOURCES = new Set(['schema-validator', 'compliance-scanner']);

export class WorkspaceActorService implements vscode.Disposable {
    private folders: WorkspaceActorFolder[] = [];
    private readonly diagnostics = vscode.languages.createDiagnosticCollection('apifyFleet');
    private readonly changeEmitter = new vscode.EventEmitter<void>();
    readonly onDidChange = this.changeEmitter.event;
    private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changeEmitter];

    constructor(private readonly log: FleetLog) {
        const watcher = vscode.workspace.createFileSystemWatcher('**/.actor/actor.json');
        this.disposables.push(
            watcher,
            watcher.onDidChange(() => this.scan()),
            watcher.onDidCreate(() => this.scan()),
            watcher.onDidDelete(() => this.scan()),
        );
        this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.scan()));
    }

    async scan(): Promise<void> {
        const found: WorkspaceActorFolder[] = [];
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
            const actorDir = vscode.Uri.joinPath(folder.uri, '.actor');
            try {
                const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(actorDir, 'actor.json'));
                const parsed = actorManifestSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
                if (parsed.success) found.push({ name: parsed.data.name, actorDir });
            } catch {
                // No Actor in this folder, or a manifest that is not JSON yet (being edited).
            }
        }
        this.folders = found;
        this.changeEmitter.fire();
    }

    get actorNames(): string[] {
        return this.folders.map((f) => f.name);
    }

    actorsIn(report: FleetReport): ActorSummary[] {
        return this.folders.map((f) => findWorkspaceActor(report, f.name)).filter((a): a is ActorSummary => a !== null);
    }

    actorIdsIn(report: FleetReport): string[] {
        return this.actorsIn(report).map((a) => a.id);
    }

    /** Diagnostics for the workspace's Actors from the report (cleared when there is none). */
    async updateDiagnostics(report: FleetReport | null): Promise<number> {
        this.diagnostics.clear();
        if (!report) return 0;
        const byFile = new Map<string, { uri: vscode.Uri; items: vscode.Diagnostic[] }>();
        for (const folder of this.folders) {
            const actor = findWorkspaceActor(report, folder.name);
            if (!actor) continue;
            for (const signal of report.signals) {
                if (signal.actorId !== actor.id || !DIAGNOSTIC_SOURCES.has(signal.source) || signal.acknowledged)
                    continue;
                let uri = vscode.Uri.joinPath(folder.actorDir, targetFileOf(signal));
                try {
                    await vscode.workspace.fs.stat(uri);
                } catch {
                    uri = vscode.Uri.joinPath(folder.actorDir, 'actor.json');
                }
                const severity =
                    signal.severity === 'critical' || signal.severity === 'high'
                        ? vscode.DiagnosticSeverity.Error
                        : signal.severity === 'medium'
                          ? vscode.DiagnosticSeverity.Warning
                          : vscode.DiagnosticSeverity.Information;
                const diagnostic = new vscode.Diagnostic(
                    new vscode.Range(0, 0, 0, 1),
                    `${signal.title}. ${signal.fix}`,
                    severity,
                );
                diagnostic.source = `Apify Fleet (${signal.source})`;
                diagnostic.code = signal.kind;
                const entry = byFile.get(uri.toString()) ?? { uri, items: [] };
                entry.items.push(diagnostic);
                byFile.set(uri.toString(), entry);
            }
        }
        let count = 0;
        for (const { uri, items } of byFile.values()) {
            this.diagnostics.set(uri, items);
            count += items.length;
        }
        if (count > 0) this.log.info(`${count} diagnostic(s) on the workspace's .actor files.`);
        return count;
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
