import * as vscode from 'vscode';
import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { actorIdFromArgument, FleetCommand } from './fleet-command.js';
import { truncateScore } from '../../shared/scoring/grade.js';

/** "Open Actor in Apify Console": from a tree item, the dashboard, or a quick pick. */
export class OpenInConsoleCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.OpenInConsole, fleet);
    }

    protected async run(arg?: unknown): Promise<unknown> {
        let actorId = actorIdFromArgument(arg);
        if (!actorId) {
            const report = this.fleet.getReport();
            if (!report) {
                void vscode.window.showInformationMessage('No report yet: run an analysis first.');
                return undefined;
            }
            const picked = await vscode.window.showQuickPick(
                report.actors.map((a) => ({
                    label: a.name,
                    description: `${truncateScore(a.healthScore)} ${a.grade}`,
                    actorId: a.id,
                })),
                { title: 'Open an Actor in Apify Console' },
            );
            actorId = picked?.actorId;
        }
        if (actorId) this.fleet.openInConsole(actorId);
        return undefined;
    }
}
