/**
 * User-facing messages. Commands never await a notification (a notification that nobody
 * clicks would hold the command forever): buttons run their action when clicked. Every text
 * is redacted, and the last messages are kept for the extension-host tests.
 */
import * as vscode from 'vscode';
import type { FleetLog } from './fleet-log.js';

export type NotificationActions = Record<string, () => unknown>;

export interface ShownMessage {
    level: 'info' | 'warning' | 'error';
    text: string;
    actions: string[];
}

export class Notifier {
    readonly shown: ShownMessage[] = [];

    constructor(private readonly log: FleetLog) {}

    info(text: string, actions: NotificationActions = {}): void {
        this.show('info', text, actions);
    }
    warn(text: string, actions: NotificationActions = {}): void {
        this.show('warning', text, actions);
    }
    error(text: string, actions: NotificationActions = {}): void {
        this.show('error', text, actions);
    }

    private show(level: ShownMessage['level'], rawText: string, actions: NotificationActions): void {
        const text = this.log.redact(rawText);
        this.shown.push({ level, text, actions: Object.keys(actions) });
        if (this.shown.length > 200) this.shown.shift();
        (level === 'error'
            ? this.log.error.bind(this.log)
            : level === 'warning'
              ? this.log.warn.bind(this.log)
              : this.log.info.bind(this.log))(`[shown] ${text}`);
        const show =
            level === 'error'
                ? vscode.window.showErrorMessage
                : level === 'warning'
                  ? vscode.window.showWarningMessage
                  : vscode.window.showInformationMessage;
        void Promise.resolve(show(text, ...Object.keys(actions))).then(
            (picked) => {
                if (picked !== undefined) return actions[picked]?.();
                return undefined;
            },
            () => undefined,
        );
    }
}
