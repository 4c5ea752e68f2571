/**
 * Optional auto-refresh (`apifyFleet.autoRefreshMinutes`, 0 = off, the default). Paused while
 * the window is not focused: nobody is looking, and each analysis costs API requests (and, on
 * Apify, compute units). When focus returns after a missed interval, it refreshes once.
 */
import * as vscode from 'vscode';
import type { FleetService } from './fleet-service.js';
import type { SettingsService } from './settings-service.js';

export class AutoRefresh implements vscode.Disposable {
    private timer: ReturnType<typeof setInterval> | undefined;
    private isDue = false;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly fleet: FleetService, private readonly settings: SettingsService) {
        this.disposables.push(settings.onDidChange(() => this.schedule()));
        this.disposables.push(vscode.window.onDidChangeWindowState((state) => {
            if (state.focused && this.isDue) this.tick();
        }));
        this.schedule();
    }

    private schedule(): void {
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        const minutes = this.settings.read().autoRefreshMinutes;
        if (minutes > 0) this.timer = setInterval(() => this.tick(), minutes * 60_000);
    }

    private tick(): void {
        if (!vscode.window.state.focused) {
            this.isDue = true;
            return;
        }
        this.isDue = false;
        void this.fleet.analyse(this.settings.read().defaultRunMode, { isBackground: true });
    }

    dispose(): void {
        if (this.timer) clearInterval(this.timer);
        for (const d of this.disposables) d.dispose();
    }
}
