// Minimal entry point so the extension-host test harness has a real extension to load.
// The product's extension (issue 5) replaces this file.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
    // Nothing yet: activation events and contributions arrive with the extension itself.
}

export function deactivate(): void {}
