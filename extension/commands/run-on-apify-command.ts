import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Run analysis on Apify": starts the orchestrator Actor and reads its OUTPUT. */
export class RunOnApifyCommand extends FleetCommand {
    constructor(fleet: FleetService) {
        super(CommandId.RunOnApify, fleet);
    }

    protected async run(): Promise<unknown> {
        return this.fleet.analyse('platform');
    }
}
