/**
 * The fan-out's record of started runs (FAN-OUT-STATE in the orchestrator's own store): a
 * migrated orchestrator waits for the runs it started instead of starting them again.
 */
import { z } from 'zod';
import { errorMessage, type FanOutLog, type FanOutPlatform } from './fan-out-platform.js';
import type { PlannedSpecialistRun } from './shard-plan.js';

/** Started runs by plan key. */
export const FAN_OUT_STATE_KEY = 'FAN-OUT-STATE';

const fanOutStateSchema = z.object({
    version: z.literal(1),
    generatedAt: z.string(),
    runIds: z.record(z.string(), z.string()),
});
type FanOutState = z.infer<typeof fanOutStateSchema>;

function planKey(planned: PlannedSpecialistRun): string {
    return `${planned.specialist}#${planned.shard.key}`;
}

export class FanOutStateRecord {
    /** Saves one after another, so a later state never is overwritten by an earlier one. */
    private saves: Promise<void> = Promise.resolve();

    private constructor(
        private readonly state: FanOutState,
        private readonly platform: FanOutPlatform,
        private readonly log: FanOutLog,
    ) {}

    /** The saved state of this same analysis (same start time: after a migration), else a fresh one. */
    static async load(platform: FanOutPlatform, generatedAt: string, log: FanOutLog): Promise<FanOutStateRecord> {
        const fresh: FanOutState = { version: 1, generatedAt, runIds: {} };
        try {
            const parsed = fanOutStateSchema.safeParse(await platform.getOwnRecord(FAN_OUT_STATE_KEY));
            const state = parsed.success && parsed.data.generatedAt === generatedAt ? parsed.data : fresh;
            return new FanOutStateRecord(state, platform, log);
        } catch {
            return new FanOutStateRecord(fresh, platform, log);
        }
    }

    runIdOf(planned: PlannedSpecialistRun): string | undefined {
        return this.state.runIds[planKey(planned)];
    }

    /** Remembers a started run and waits until the state holding it is saved (or failed to save). */
    async remember(planned: PlannedSpecialistRun, runId: string): Promise<void> {
        this.state.runIds[planKey(planned)] = runId;
        this.saves = this.saves.then(async () => this.save());
        await this.saves;
    }

    private async save(): Promise<void> {
        try {
            await this.platform.setOwnRecord(FAN_OUT_STATE_KEY, this.state);
        } catch (error) {
            this.log.warning(
                `The fan-out state could not be saved (${errorMessage(error)}): after a migration the specialist runs would be started again.`,
            );
        }
    }
}
