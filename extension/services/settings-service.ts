/**
 * Reads and validates the `apifyFleet.*` settings; tells the user once per change when a value
 * is rejected (the default is used instead) and when a workspace tried to set a setting only the
 * user may set (extension/settings/extension-settings.ts: USER_ONLY_SETTINGS).
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../constants.js';
import {
    formatIgnoredSettings,
    formatSettingsProblems,
    parseExtensionSettings,
    resolveSettingValues,
    type ExtensionSettings,
} from '../settings/extension-settings.js';
import type { Notifier } from '../shared/notifier.js';

/** `vscode.workspace.isTrusted` and its event (a fake in tests of the parts that take it). */
export interface WorkspaceTrustSource {
    readonly isTrusted: boolean;
    onDidGrantWorkspaceTrust: vscode.Event<void>;
}

export class SettingsService implements vscode.Disposable {
    private readonly changeEmitter = new vscode.EventEmitter<void>();
    readonly onDidChange = this.changeEmitter.event;
    private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
    private lastProblemsText = '';
    private lastIgnoredText = '';

    constructor(
        private readonly notifier: Notifier,
        readonly trust: WorkspaceTrustSource = vscode.workspace,
    ) {
        this.disposables.push(
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (event.affectsConfiguration(CONFIG_SECTION)) {
                    this.read();
                    this.changeEmitter.fire();
                }
            }),
            // Trust granted: the workspace's restricted values count now.
            trust.onDidGrantWorkspaceTrust(() => {
                this.read();
                this.changeEmitter.fire();
            }),
        );
    }

    read(): ExtensionSettings {
        const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
        const isTrusted = this.trust.isTrusted;
        // inspect(): only values someone set; package.json defaults are the same as ours.
        const resolved = resolveSettingValues((key) => config.inspect(key), { isTrusted }, CONFIG_SECTION);
        const { settings, problems } = parseExtensionSettings(resolved.get, CONFIG_SECTION);
        this.tellOnce(
            resolved.ignored.length > 0 ? formatIgnoredSettings(resolved.ignored, { isTrusted }) : '',
            'ignored',
        );
        this.tellOnce(problems.length > 0 ? formatSettingsProblems(problems) : '', 'problems');
        return settings;
    }

    private tellOnce(text: string, kind: 'ignored' | 'problems'): void {
        const last = kind === 'ignored' ? this.lastIgnoredText : this.lastProblemsText;
        if (text && text !== last) {
            this.notifier.warn(text, {
                [kind === 'ignored' ? 'Open User Settings' : 'Open Settings']: () =>
                    vscode.commands.executeCommand('workbench.action.openSettings', CONFIG_SECTION),
            });
        }
        if (kind === 'ignored') this.lastIgnoredText = text;
        else this.lastProblemsText = text;
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
