import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Connect token": the password input box, validation, SecretStorage. */
export class ConnectTokenCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.ConnectToken, fleet);
    }

    protected async run(): Promise<unknown> {
        return this.fleet.connectToken();
    }
}
