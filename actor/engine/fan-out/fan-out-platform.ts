/** What the platform gives the orchestrator's fan-out (actor/sdk/sdk-fan-out-platform.ts implements it). */
export interface FanOutPlatform {
    /** This Actor's id (`ACTOR_ID`): specialist runs are runs of it. */
    actorId: string;
    parentRunId: string | null;
    /** The orchestrator's default key-value store, where the FLEET-SHARD records go. */
    ownStoreId: string;
    /** Reads and writes the orchestrator's own default store (with its run token). */
    getOwnRecord(key: string): Promise<unknown>;
    setOwnRecord(key: string, value: unknown): Promise<void>;
    /**
     * Milliseconds left before the orchestrator's own timeout, or null without one. A
     * function of the process clock, not a timestamp: the platform's `ACTOR_TIMEOUT_AT`
     * minus `ACTOR_STARTED_AT` is the budget, measured against this process's uptime (an
     * emulated platform's clock need not be the wall clock).
     */
    timeLeftMillis(): number | null;
}

export interface FanOutLog {
    info(message: string): void;
    warning(message: string): void;
}

/** The first 300 characters of an error's message. */
export function errorMessage(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

export function errorStatusCode(error: unknown): number | undefined {
    const code = (error as { statusCode?: unknown } | null)?.statusCode;
    return typeof code === 'number' ? code : undefined;
}
