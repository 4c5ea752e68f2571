/**
 * When auto-refresh runs, without VS Code: every N minutes while the window is focused; a tick
 * that falls while it is not focused is remembered, and focus coming back runs one refresh
 * (however many ticks were missed) instead of a burst. Nobody is looking at an unfocused
 * window, and each analysis costs API requests (and, on Apify, compute units).
 *
 * Pure: the clock and the focus source are injected, so tests drive both by hand.
 */

/** `setInterval`/`clearInterval`, or a fake in tests. */
export interface SchedulerClock {
    setInterval(callback: () => void, intervalMs: number): unknown;
    clearInterval(handle: unknown): void;
}

/** The window's focus (`vscode.window.state.focused` / `onDidChangeWindowState` in the extension). */
export interface FocusSource {
    isFocused(): boolean;
    onDidChangeFocus(listener: (isFocused: boolean) => void): { dispose(): void };
}

export const MINUTE_MS = 60_000;

/** A clock whose intervals fire when told (extension-host test runs: an auto-refresh tick on demand). */
export class ManualSchedulerClock implements SchedulerClock {
    private readonly callbacks = new Map<number, () => void>();
    private nextHandle = 1;

    setInterval(callback: () => void): unknown {
        const handle = this.nextHandle++;
        this.callbacks.set(handle, callback);
        return handle;
    }

    clearInterval(handle: unknown): void {
        this.callbacks.delete(handle as number);
    }

    /** Runs every live interval once; returns how many there were. */
    fireIntervals(): number {
        const live = [...this.callbacks.values()];
        for (const callback of live) callback();
        return live.length;
    }
}

export class AutoRefreshScheduler {
    private handle: unknown = undefined;
    private intervalMinutes = 0;
    /** A tick fell while the window was not focused. */
    private isDue = false;
    private readonly focusSubscription: { dispose(): void };

    constructor(
        private readonly clock: SchedulerClock,
        private readonly focus: FocusSource,
        private readonly refresh: () => void,
    ) {
        this.focusSubscription = focus.onDidChangeFocus((isFocused) => {
            if (isFocused && this.isDue) this.tick();
        });
    }

    /** 0 = off (the default). Restarts the interval from now. */
    setIntervalMinutes(minutes: number): void {
        this.stop();
        this.intervalMinutes = minutes > 0 ? minutes : 0;
        if (this.intervalMinutes > 0)
            this.handle = this.clock.setInterval(() => this.tick(), this.intervalMinutes * MINUTE_MS);
    }

    /** null when off. */
    get intervalMs(): number | null {
        return this.handle === undefined ? null : this.intervalMinutes * MINUTE_MS;
    }

    /** A refresh waits for the window's focus. */
    get isWaitingForFocus(): boolean {
        return this.isDue;
    }

    private tick(): void {
        if (!this.focus.isFocused()) {
            this.isDue = true;
            return;
        }
        this.isDue = false;
        this.refresh();
    }

    private stop(): void {
        if (this.handle !== undefined) this.clock.clearInterval(this.handle);
        this.handle = undefined;
        this.isDue = false;
    }

    dispose(): void {
        this.stop();
        this.focusSubscription.dispose();
    }
}
