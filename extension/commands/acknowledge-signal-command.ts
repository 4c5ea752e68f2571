import * as vscode from 'vscode';
import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand, fingerprintFromArgument } from './fleet-command.js';

/**
 * "Acknowledge signal": from a tree item or the dashboard (fingerprint given), or from the
 * palette (pick an open signal, then an optional note).
 */
export class AcknowledgeSignalCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.AcknowledgeSignal, fleet);
    }

    protected async run(arg?: unknown, noteArg?: unknown): Promise<unknown> {
        let fingerprint = fingerprintFromArgument(arg);
        let note = typeof noteArg === 'string' ? noteArg : undefined;
        if (!fingerprint) {
            const report = this.fleet.getReport();
            if (!report) {
                void vscode.window.showInformationMessage('No report yet: run an analysis first.');
                return undefined;
            }
            const open = report.signals.filter((s) => !s.acknowledged);
            const picked = await vscode.window.showQuickPick(
                open.map((s) => ({
                    label: s.title,
                    description: `${s.actorName ?? s.actorId} · ${s.severity}`,
                    fingerprint: s.fingerprint,
                })),
                { title: 'Acknowledge a signal', matchOnDescription: true },
            );
            if (!picked) return undefined;
            fingerprint = picked.fingerprint;
            note = await vscode.window.showInputBox({
                title: 'Note (optional)',
                prompt: 'Why is this acceptable for now? Stored with the acknowledgement.',
            });
        }
        return this.fleet.acknowledge(fingerprint, note);
    }
}
