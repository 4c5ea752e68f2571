import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Check token permissions": read-only probes, what is missing, what is broader than needed. */
export class CheckPermissionsCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.CheckPermissions, fleet);
    }

    protected async run(): Promise<unknown> {
        return this.fleet.checkPermissions();
    }
}
