import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Run analysis locally": the same analysis inside the extension host. */
export class RunLocallyCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.RunLocally, fleet);
    }

    protected async run(): Promise<unknown> {
        return this.fleet.analyse('local');
    }
}
