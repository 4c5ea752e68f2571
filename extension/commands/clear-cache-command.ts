import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Clear cached data": reports, local history and local acknowledgements (the token stays). */
export class ClearCacheCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.ClearCache, fleet);
    }

    protected async run(): Promise<unknown> {
        return this.fleet.clearCache();
    }
}
