import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Open dashboard": the webview panel (owned by extension/panels). */
export class OpenDashboardCommand extends FleetCommand {
    constructor(
        fleet: FleetService,
        private readonly open: () => void,
    ) {
        super(CommandId.OpenDashboard, fleet);
    }

    protected async run(): Promise<unknown> {
        this.open();
        return undefined;
    }
}
