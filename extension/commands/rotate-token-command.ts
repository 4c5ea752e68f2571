import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Rotate token": opens the token page in Console and asks for the new token. */
export class RotateTokenCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.RotateToken, fleet);
    }

    protected async run(): Promise<unknown> {
        return this.fleet.rotateToken();
    }
}
