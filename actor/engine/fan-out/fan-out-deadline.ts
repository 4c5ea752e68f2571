/**
 * The fan-out's time budget: one deadline for all specialist runs together, never past the
 * orchestrator's own timeout minus the time it keeps for the report and outputs.
 */

/** The API's cap for one long-poll. */
export const MAX_WAIT_FOR_FINISH_SECS = 60;
/** Default overall limit for all specialist runs together. */
export const DEFAULT_FAN_OUT_TIMEOUT_SECS = 3600;
/** Time the orchestrator keeps for itself after the specialists (report, outputs, trend store). */
export const ORCHESTRATOR_RESERVE_SECS = 120;

export interface FanOutDeadline {
    atMillis: number;
    /** Seconds per long-poll, 1–60. */
    pollWaitSecs: number;
}

export function fanOutDeadline(input: {
    nowMillis: number;
    timeoutSecs: number | undefined;
    /** The orchestrator's time left, null without a timeout. */
    orchestratorLeftMillis: number | null;
    pollWaitSecs: number | undefined;
}): FanOutDeadline {
    const { nowMillis, orchestratorLeftMillis } = input;
    let atMillis = nowMillis + (input.timeoutSecs ?? DEFAULT_FAN_OUT_TIMEOUT_SECS) * 1000;
    if (orchestratorLeftMillis !== null)
        atMillis = Math.min(atMillis, nowMillis + orchestratorLeftMillis - ORCHESTRATOR_RESERVE_SECS * 1000);
    const pollWaitSecs = Math.max(
        1,
        Math.min(MAX_WAIT_FOR_FINISH_SECS, input.pollWaitSecs ?? MAX_WAIT_FOR_FINISH_SECS),
    );
    return { atMillis, pollWaitSecs };
}

/** Whole seconds left, never negative. */
export function remainingSecs(deadline: FanOutDeadline, nowMillis = Date.now()): number {
    return Math.max(0, Math.floor((deadline.atMillis - nowMillis) / 1000));
}
