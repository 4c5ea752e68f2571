/**
 * The fleet as the extension knows it: the last report (cached in globalStorage, never with a
 * token), whether an analysis is running, and the acknowledgements kept on this machine
 * (when the token may not write the trend store). Views and the dashboard listen to
 * `onDidChange`.
 */
import * as vscode from 'vscode';
import { LOCAL_ACKS_FILE, LOCAL_TREND_STORE_DIR, REPORT_CACHE_FILE, StateKey } from '../constants.js';
import { acksRecordSchema, emptyAcksRecord, type AcksRecord } from '../../shared/analysis/acknowledgements.js';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';
import type { FleetLog } from '../shared/fleet-log.js';
import type { Acknowledgement } from '../../shared/contracts/fleet-report.js';
import type { RunMode } from '../settings/extension-settings.js';

export interface RunningAnalysis {
    mode: RunMode;
    message: string;
}

export class FleetStateProvider implements vscode.Disposable {
    private readonly changeEmitter = new vscode.EventEmitter<void>();
    readonly onDidChange = this.changeEmitter.event;
    private reportValue: FleetReport | null = null;
    private lastUpdatedAtValue: string | null = null;
    private runningValue: RunningAnalysis | null = null;
    private localAcksValue: AcksRecord = emptyAcksRecord();
    /** Acknowledged on Apify since the current report was made (shown at once, before re-analysis). */
    private readonly remoteAcksSinceReport = new Set<string>();

    constructor(
        private readonly storageUri: vscode.Uri,
        private readonly globalState: vscode.Memento,
        private readonly log: FleetLog,
    ) {}

    get report(): FleetReport | null {
        return this.reportValue;
    }
    get lastUpdatedAt(): string | null {
        return this.lastUpdatedAtValue;
    }
    get running(): RunningAnalysis | null {
        return this.runningValue;
    }
    get localAcks(): AcksRecord {
        return this.localAcksValue;
    }
    get localTrendStoreDir(): vscode.Uri {
        return vscode.Uri.joinPath(this.storageUri, LOCAL_TREND_STORE_DIR);
    }

    /** Fingerprints acknowledged here but not (yet) reflected in the report. */
    get extraAcknowledged(): Set<string> {
        return new Set([...Object.keys(this.localAcksValue.acks), ...this.remoteAcksSinceReport]);
    }

    private file(name: string): vscode.Uri {
        return vscode.Uri.joinPath(this.storageUri, name);
    }

    private async readJson(name: string): Promise<unknown> {
        try {
            const bytes = await vscode.workspace.fs.readFile(this.file(name));
            return JSON.parse(new TextDecoder().decode(bytes));
        } catch {
            return undefined;
        }
    }

    private async writeJson(name: string, value: unknown): Promise<void> {
        await vscode.workspace.fs.createDirectory(this.storageUri);
        await vscode.workspace.fs.writeFile(this.file(name), new TextEncoder().encode(JSON.stringify(value)));
    }

    /** Start-up: the cached report and local acks, each validated (a stale or broken cache is dropped). */
    async load(): Promise<void> {
        const cached = (await this.readJson(REPORT_CACHE_FILE)) as { savedAt?: unknown; report?: unknown } | undefined;
        if (cached?.report !== undefined) {
            const parsed = fleetReportSchema.safeParse(cached.report);
            if (parsed.success) {
                this.reportValue = parsed.data;
                this.lastUpdatedAtValue = typeof cached.savedAt === 'string' ? cached.savedAt : parsed.data.generatedAt;
            } else {
                this.log.warn(
                    'The cached report does not match the current report contract; it was dropped. Run an analysis to get a new one.',
                );
            }
        }
        const acks = acksRecordSchema.safeParse(await this.readJson(LOCAL_ACKS_FILE));
        if (acks.success) this.localAcksValue = acks.data;
        this.changeEmitter.fire();
    }

    async setReport(report: FleetReport): Promise<void> {
        this.reportValue = report;
        this.lastUpdatedAtValue = new Date().toISOString();
        this.remoteAcksSinceReport.clear();
        await this.writeJson(REPORT_CACHE_FILE, { savedAt: this.lastUpdatedAtValue, report });
        this.changeEmitter.fire();
    }

    setRunning(running: RunningAnalysis | null): void {
        this.runningValue = running;
        this.changeEmitter.fire();
    }

    noteRemoteAcknowledgement(fingerprint: string): void {
        this.remoteAcksSinceReport.add(fingerprint);
        this.changeEmitter.fire();
    }

    async addLocalAcknowledgement(fingerprint: string, ack: Acknowledgement): Promise<void> {
        this.localAcksValue = { ...this.localAcksValue, acks: { ...this.localAcksValue.acks, [fingerprint]: ack } };
        await this.writeJson(LOCAL_ACKS_FILE, this.localAcksValue);
        this.changeEmitter.fire();
    }

    /** Delete token / Clear cached data: every report, ack copy and local history this extension holds. */
    async clearAll(): Promise<void> {
        this.reportValue = null;
        this.lastUpdatedAtValue = null;
        this.localAcksValue = emptyAcksRecord();
        this.remoteAcksSinceReport.clear();
        for (const name of [REPORT_CACHE_FILE, LOCAL_ACKS_FILE, LOCAL_TREND_STORE_DIR]) {
            try {
                await vscode.workspace.fs.delete(this.file(name), { recursive: true, useTrash: false });
            } catch {
                // Not there: nothing to clear.
            }
        }
        await this.globalState.update(StateKey.NotifiedFingerprints, undefined);
        this.changeEmitter.fire();
    }

    dispose(): void {
        this.changeEmitter.dispose();
    }
}
