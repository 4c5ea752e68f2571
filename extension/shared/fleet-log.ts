/**
 * The extension's LogOutputChannel, with every line redacted (second line of defence; see
 * redaction.ts). The currently stored token is registered so even a token that does not look
 * like `apify_api_…` is removed.
 */
import * as vscode from 'vscode';
import { redactSecrets } from './redaction.js';

export class FleetLog implements vscode.Disposable {
    private readonly channel: vscode.LogOutputChannel;
    private secrets: string[] = [];
    /** The last lines written (redacted), kept for the extension-host tests' canary search. */
    readonly recentLines: string[] = [];

    constructor(name = 'Apify Fleet') {
        this.channel = vscode.window.createOutputChannel(name, { log: true });
    }

    setSecrets(secrets: readonly string[]): void {
        this.secrets = secrets.filter((s) => s.length > 0);
    }

    redact(text: string): string {
        return redactSecrets(text, this.secrets);
    }

    private write(level: 'info' | 'warn' | 'error' | 'debug', message: string): void {
        const line = this.redact(message);
        this.recentLines.push(`${level}: ${line}`);
        if (this.recentLines.length > 500) this.recentLines.shift();
        this.channel[level](line);
    }

    info(message: string): void {
        this.write('info', message);
    }
    warn(message: string): void {
        this.write('warn', message);
    }
    error(message: string): void {
        this.write('error', message);
    }
    debug(message: string): void {
        this.write('debug', message);
    }

    show(): void {
        this.channel.show(true);
    }

    dispose(): void {
        this.channel.dispose();
    }
}
