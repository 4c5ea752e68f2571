import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Delete token": the secret, every cached report and acknowledgement copy; back to the connect state. */
export class DeleteTokenCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.DeleteToken, fleet);
    }

    protected async run(): Promise<unknown> {
        return this.fleet.deleteToken();
    }
}
