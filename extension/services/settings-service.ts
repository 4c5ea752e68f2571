/**
 * Reads and validates the `apifyFleet.*` settings; tells the user once per change when a value
 * is rejected (the default is used instead).
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../constants.js';
import {
    formatSettingsProblems,
    parseExtensionSettings,
    type ExtensionSettings,
} from '../settings/extension-settings.js';
import type { Notifier } from '../shared/notifier.js';

export class SettingsService implements vscode.Disposable {
    private readonly changeEmitter = new vscode.EventEmitter<void>();
    readonly onDidChange = this.changeEmitter.event;
    private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
    private lastProblemsText = '';

    constructor(private readonly notifier: Notifier) {
        this.disposables.push(
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (event.affectsConfiguration(CONFIG_SECTION)) {
                    this.read();
                    this.changeEmitter.fire();
                }
            }),
        );
    }

    read(): ExtensionSettings {
        const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
        const { settings, problems } = parseExtensionSettings((key) => {
            const inspected = config.inspect(key);
            // Only values the user set: package.json defaults are the same as ours.
            return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
        }, CONFIG_SECTION);
        const text = problems.length > 0 ? formatSettingsProblems(problems) : '';
        if (text && text !== this.lastProblemsText) {
            this.notifier.warn(text, {
                'Open Settings': () => vscode.commands.executeCommand('workbench.action.openSettings', CONFIG_SECTION),
            });
        }
        this.lastProblemsText = text;
        return settings;
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
