import { CommandId } from '../constants.js';
import type { FleetService } from '../services/fleet-service.js';
import type { SettingsService } from '../services/settings-service.js';
import { FleetCommand } from './fleet-command.js';

/** "Refresh": a new analysis in the default run mode (setting `apifyFleet.defaultRunMode`). */
export class RefreshCommand extends FleetCommand {
    constructor(
        fleet: FleetService,
        private readonly settings: SettingsService,
    ) {
        super(CommandId.Refresh, fleet);
    }

    protected async run(): Promise<unknown> {
        return this.fleet.analyse(this.settings.read().defaultRunMode);
    }
}
