/**
 * Optional auto-refresh (`apifyFleet.autoRefreshMinutes`, 0 = off, the default), paused while
 * the window is not focused. The timing rules live in models/auto-refresh-scheduler.ts (pure,
 * unit-tested); this file connects them to the settings, the window state and the analysis.
 * Off in an untrusted workspace (Restricted Mode): it starts when the user grants trust.
 */
import * as vscode from 'vscode';
import { AutoRefreshScheduler, type SchedulerClock } from '../models/auto-refresh-scheduler.js';
import type { FleetService } from './fleet-service.js';
import type { SettingsService, WorkspaceTrustSource } from './settings-service.js';

export class AutoRefresh implements vscode.Disposable {
    readonly scheduler: AutoRefreshScheduler;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(
        fleet: FleetService,
        private readonly settings: SettingsService,
        private readonly trust: WorkspaceTrustSource,
        clock: SchedulerClock = {
            setInterval: (callback, ms) => setInterval(callback, ms),
            clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
        },
    ) {
        this.scheduler = new AutoRefreshScheduler(
            clock,
            {
                isFocused: () => vscode.window.state.focused,
                onDidChangeFocus: (listener) =>
                    vscode.window.onDidChangeWindowState((state) => listener(state.focused)),
            },
            () => {
                void fleet.analyse(this.settings.read().defaultRunMode, { isBackground: true });
            },
        );
        this.disposables.push(
            this.scheduler,
            settings.onDidChange(() => this.schedule()),
            trust.onDidGrantWorkspaceTrust(() => this.schedule()),
        );
        this.schedule();
    }

    private schedule(): void {
        const minutes = this.trust.isTrusted ? this.settings.read().autoRefreshMinutes : 0;
        // A settings change that leaves the interval alone must not restart the countdown.
        if ((this.scheduler.intervalMs ?? 0) === minutes * 60_000) return;
        this.scheduler.setIntervalMinutes(minutes);
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
