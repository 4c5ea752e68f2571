// The auto-refresh timing rules (extension/models/auto-refresh-scheduler.ts) with a hand-driven
// clock and focus source: off by default, every N minutes while focused, paused while not
// focused, one catch-up refresh when focus returns, rescheduling and dispose.
import { describe, expect, it } from 'vitest';
import {
    AutoRefreshScheduler,
    MINUTE_MS,
    type FocusSource,
    type SchedulerClock,
} from '../../extension/models/auto-refresh-scheduler.js';

class FakeClock implements SchedulerClock {
    nowMs = 0;
    private nextId = 1;
    readonly timers = new Map<number, { callback: () => void; intervalMs: number; nextAtMs: number }>();
    setInterval(callback: () => void, intervalMs: number): unknown {
        const id = this.nextId++;
        this.timers.set(id, { callback, intervalMs, nextAtMs: this.nowMs + intervalMs });
        return id;
    }
    clearInterval(handle: unknown): void {
        this.timers.delete(handle as number);
    }
    /** Moves time forward, firing every interval that falls due on the way, in order. */
    advance(ms: number): void {
        const end = this.nowMs + ms;
        for (;;) {
            const due = [...this.timers.values()]
                .filter((t) => t.nextAtMs <= end)
                .sort((a, b) => a.nextAtMs - b.nextAtMs)[0];
            if (!due) break;
            this.nowMs = due.nextAtMs;
            due.nextAtMs += due.intervalMs;
            due.callback();
        }
        this.nowMs = end;
    }
}

class FakeFocus implements FocusSource {
    focused = true;
    private listeners = new Set<(isFocused: boolean) => void>();
    isFocused(): boolean {
        return this.focused;
    }
    onDidChangeFocus(listener: (isFocused: boolean) => void): { dispose(): void } {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
    }
    set(focused: boolean): void {
        this.focused = focused;
        for (const l of this.listeners) l(focused);
    }
    get listenerCount(): number {
        return this.listeners.size;
    }
}

function setup() {
    const clock = new FakeClock();
    const focus = new FakeFocus();
    const refreshedAtMs: number[] = [];
    const scheduler = new AutoRefreshScheduler(clock, focus, () => refreshedAtMs.push(clock.nowMs));
    return { clock, focus, refreshedAtMs, scheduler };
}

describe('AutoRefreshScheduler', () => {
    it('is off until an interval is set, and 0 keeps it off', () => {
        const { clock, refreshedAtMs, scheduler } = setup();
        expect(scheduler.intervalMs).toBeNull();
        clock.advance(48 * 60 * MINUTE_MS);
        scheduler.setIntervalMinutes(0);
        clock.advance(48 * 60 * MINUTE_MS);
        expect(refreshedAtMs).toEqual([]);
        expect(clock.timers.size).toBe(0);
    });

    it('refreshes every N minutes while the window is focused', () => {
        const { clock, refreshedAtMs, scheduler } = setup();
        scheduler.setIntervalMinutes(15);
        expect(scheduler.intervalMs).toBe(15 * MINUTE_MS);
        clock.advance(46 * MINUTE_MS);
        expect(refreshedAtMs).toEqual([15, 30, 45].map((m) => m * MINUTE_MS));
    });

    it('pauses while unfocused and catches up once when focus returns, however many ticks were missed', () => {
        const { clock, focus, refreshedAtMs, scheduler } = setup();
        scheduler.setIntervalMinutes(10);
        focus.set(false);
        clock.advance(55 * MINUTE_MS); // five ticks fall while nobody looks
        expect(refreshedAtMs).toEqual([]);
        expect(scheduler.isWaitingForFocus).toBe(true);
        focus.set(true);
        expect(refreshedAtMs).toEqual([55 * MINUTE_MS]);
        expect(scheduler.isWaitingForFocus).toBe(false);
        // Back to the normal rhythm: the next tick (60 min) runs as usual.
        clock.advance(6 * MINUTE_MS);
        expect(refreshedAtMs).toEqual([55, 60].map((m) => m * MINUTE_MS));
    });

    it('does not refresh when focus comes and goes between ticks', () => {
        const { clock, focus, refreshedAtMs, scheduler } = setup();
        scheduler.setIntervalMinutes(10);
        clock.advance(3 * MINUTE_MS);
        focus.set(false);
        focus.set(true);
        clock.advance(3 * MINUTE_MS);
        expect(refreshedAtMs).toEqual([]);
    });

    it('restarts the countdown on a new interval, and turning it off drops a pending catch-up', () => {
        const { clock, focus, refreshedAtMs, scheduler } = setup();
        scheduler.setIntervalMinutes(10);
        clock.advance(8 * MINUTE_MS);
        scheduler.setIntervalMinutes(30);
        clock.advance(29 * MINUTE_MS);
        expect(refreshedAtMs).toEqual([]);
        clock.advance(1 * MINUTE_MS);
        expect(refreshedAtMs).toEqual([38 * MINUTE_MS]);
        focus.set(false);
        clock.advance(30 * MINUTE_MS);
        scheduler.setIntervalMinutes(0);
        focus.set(true);
        expect(refreshedAtMs).toEqual([38 * MINUTE_MS]);
        expect(clock.timers.size).toBe(0);
    });

    it('dispose stops the timer and the focus subscription', () => {
        const { clock, focus, refreshedAtMs, scheduler } = setup();
        scheduler.setIntervalMinutes(5);
        scheduler.dispose();
        expect(clock.timers.size).toBe(0);
        expect(focus.listenerCount).toBe(0);
        clock.advance(60 * MINUTE_MS);
        focus.set(true);
        expect(refreshedAtMs).toEqual([]);
    });
});
