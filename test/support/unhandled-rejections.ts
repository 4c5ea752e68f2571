/**
 * A process-level tracker for promises nobody awaited. Vitest reports them too, but only as a
 * run-level error; a suite that promises "zero unhandled rejections" counts them itself and
 * fails the file that caused them, naming what was rejected.
 */
export interface UnhandledRejectionTracker {
    /** Reasons seen since install, as short strings. */
    readonly reasons: string[];
    uninstall(): void;
}

export function trackUnhandledRejections(): UnhandledRejectionTracker {
    const reasons: string[] = [];
    const listener = (reason: unknown): void => {
        reasons.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
    };
    process.on('unhandledRejection', listener);
    return {
        reasons,
        uninstall: () => {
            process.off('unhandledRejection', listener);
        },
    };
}
