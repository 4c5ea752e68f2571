/**
 * The extension's behaviour behind the commands, views and the dashboard: token checks,
 * analyses (on Apify or local) with progress and cancel, acknowledgements, the permission
 * check, the account guard and the rotation reminder. Implements the dashboard's
 * DashboardHost, so the panel and the commands do exactly the same thing.
 */
import * as vscode from 'vscode';
import { CONSOLE_BASE_URL, ContextId, StateKey, TOKEN_SETTINGS_URL } from '../constants.js';
import type { DashboardHost } from '../panels/dashboard-host.js';
import type { DashboardStatus } from '../protocol/webview-protocol.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { InvalidInputError, formatInputProblems } from '../../shared/contracts/actor-input.js';
import { evaluateAccountGuard, readAccountUsage, type AccountGuardResult } from '../auth/account-guard.js';
import type { ApifyAuthenticationProvider } from '../auth/apify-authentication-provider.js';
import { TokenUseRefusedError, type TokenDestination } from '../auth/token-destination.js';
import {
    formatPermissionReport,
    interpretPermissionProbes,
    probeTokenPermissions,
    summarisePermissionReport,
    type PermissionReport,
} from '../auth/permission-probe.js';
import { readAcksFromApify, writeAcknowledgementToApify } from '../analysis/acknowledgement-service.js';
import { runAnalysisLocally } from '../analysis/local-analysis.js';
import { AnalysisCancelledError, AnalysisStepError, runAnalysisOnApify } from '../analysis/platform-analysis.js';
import { buildAcknowledgement } from '../../shared/analysis/acknowledgements.js';
import {
    formatSignalNotification,
    isRotationDue,
    rememberNotified,
    selectSignalsToNotify,
} from '../models/fleet-view-model.js';
import { buildAnalysisInput, type RunMode } from '../settings/extension-settings.js';
import type { ApiClientOptions, createApiClient } from '../shared/api-client.js';
import { describeApiError, INVALID_TOKEN_MESSAGE, statusCodeOf } from '../shared/api-errors.js';
import type { FleetLog } from '../shared/fleet-log.js';
import type { Notifier } from '../shared/notifier.js';
import type { FleetStateProvider } from '../state/fleet-state-provider.js';
import type { TokenStateProvider } from '../state/token-state-provider.js';
import type { SettingsService } from './settings-service.js';
import type { WorkspaceActorService } from './workspace-actor-service.js';
import { MS_PER_DAY } from '../../shared/metrics/day-periods.js';

export const NO_TOKEN_MESSAGE = 'No Apify token is configured.';
const DEPLOY_HINT =
    'Set "apifyFleet.orchestratorActorId" to your deployed orchestrator ("username/fleet-analytics"). To deploy it to your account: clone the project, run "apify login" and "apify push" in its folder. Or run the analysis locally.';

export interface AnalysisOutcome {
    report: FleetReport | null;
    error: string | null;
    cancelled: boolean;
}

export class FleetService implements DashboardHost, vscode.Disposable {
    private readonly changeEmitter = new vscode.EventEmitter<void>();
    readonly onDidChange = this.changeEmitter.event;
    private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
    private connection: DashboardStatus['connection'] = 'checking';
    private inFlight: Promise<AnalysisOutcome> | null = null;
    /** Values of the context keys as last set (VS Code cannot read them back; tests can). */
    readonly contextKeys = new Map<string, unknown>();
    lastPermissionReport: PermissionReport | null = null;
    lastAccountGuard: AccountGuardResult | null = null;
    /** Tests: the emulator's clock stands in for "now" in local analyses. */
    nowProvider: () => Date = () => new Date();

    constructor(
        private readonly context: vscode.ExtensionContext,
        private readonly tokens: TokenStateProvider,
        private readonly auth: ApifyAuthenticationProvider,
        private readonly destination: TokenDestination,
        private readonly state: FleetStateProvider,
        private readonly settings: SettingsService,
        private readonly workspaceActors: WorkspaceActorService,
        private readonly log: FleetLog,
        private readonly notifier: Notifier,
        private readonly openDashboard: () => void,
    ) {
        this.disposables.push(state.onDidChange(() => this.changeEmitter.fire()));
        this.disposables.push(
            tokens.onDidChange(async ({ hasToken }) => {
                this.log.setSecrets(this.tokens.currentTokenForRedaction ? [this.tokens.currentTokenForRedaction] : []);
                if (!hasToken) {
                    // Here or in another window: nothing the old token produced stays behind.
                    await this.state.clearAll();
                }
                await this.refreshContext();
            }),
        );
    }

    // ── start-up ────────────────────────────────────────────────────────────────────────
    async initialise(): Promise<void> {
        try {
            await this.state.load();
            const token = await this.tokens.getToken();
            this.log.setSecrets(token ? [token] : []);
            this.remindRotationIfDue();
        } finally {
            await this.refreshContext();
            await this.setContext(ContextId.IsReady, true);
        }
    }

    async refreshContext(): Promise<void> {
        try {
            const token = await this.tokens.getToken();
            this.connection = token ? 'connected' : 'no-token';
        } finally {
            await this.setContext(ContextId.HasToken, this.connection === 'connected');
            await this.setContext(ContextId.HasReport, this.state.report !== null);
            await this.setContext(ContextId.IsRunning, this.state.running !== null);
            this.changeEmitter.fire();
        }
    }

    private async setContext(key: ContextId, value: unknown): Promise<void> {
        this.contextKeys.set(key, value);
        await vscode.commands.executeCommand('setContext', key, value);
    }

    // ── DashboardHost ───────────────────────────────────────────────────────────────────
    getReport(): FleetReport | null {
        return this.state.report;
    }

    getStatus(): DashboardStatus {
        return {
            connection: this.connection,
            accountName: this.tokens.accountName,
            running: this.state.running,
            lastUpdatedAt: this.state.lastUpdatedAt,
            localAcks: Object.keys(this.state.localAcks.acks),
        };
    }

    openInConsole(actorId: string): void {
        const actor = this.state.report?.actors.find((a) => a.id === actorId);
        const url =
            actor?.consoleUrl && /^https:\/\//.test(actor.consoleUrl)
                ? actor.consoleUrl
                : `${CONSOLE_BASE_URL}/actors/${encodeURIComponent(actorId)}`;
        void vscode.env.openExternal(vscode.Uri.parse(url));
    }

    async connectToken(): Promise<void> {
        try {
            // Our own provider: asking VS Code for a session would add a consent dialog
            // ("wants to sign in using Apify") before the input box.
            await this.auth.createSession();
            await this.afterConnect();
        } catch (error) {
            if (error instanceof vscode.CancellationError || (error as Error)?.message === 'Cancelled') return;
            this.notifier.error(this.log.redact((error as Error).message ?? String(error)), {
                'Connect token': () => this.connectToken(),
            });
        }
    }

    /** The tests' path (and the one the input box ends in): validate, store, greet. */
    async connectWithToken(token: string): Promise<void> {
        await this.auth.connectWithToken(token);
        await this.afterConnect();
    }

    private async afterConnect(): Promise<void> {
        await this.refreshContext();
        const name = this.tokens.accountName;
        this.notifier.info(
            `Connected to Apify${name ? ` as ${name}` : ' (scoped token: the account name is not readable, which is fine)'}.`,
            {
                'Check token permissions': () => this.checkPermissions(),
                'Run analysis': () => this.runAnalysis(this.settings.read().defaultRunMode),
            },
        );
        void this.checkAccountGuard();
    }

    /** The token, or undefined after telling the user there is none (every command that needs one). */
    async requireToken(): Promise<string | undefined> {
        const token = await this.tokens.getToken();
        if (token) return token;
        this.notifier.warn(NO_TOKEN_MESSAGE, { 'Connect token': () => this.connectToken() });
        return undefined;
    }

    // ── token lifecycle ────────────────────────────────────────────────────────────────
    async deleteToken(): Promise<void> {
        await this.tokens.deleteToken();
        await this.state.clearAll();
        await this.refreshContext();
        this.notifier.info(
            'The Apify token was deleted, with every cached report and acknowledgement copy. Revoke it in Apify Console too if it may have leaked.',
            {
                'Open Console': () => vscode.env.openExternal(vscode.Uri.parse(TOKEN_SETTINGS_URL)),
            },
        );
    }

    async rotateToken(): Promise<void> {
        void vscode.env.openExternal(vscode.Uri.parse(TOKEN_SETTINGS_URL));
        const previous = await this.tokens.getToken();
        try {
            await this.auth.createSession();
            await this.afterConnect();
            if (previous)
                this.notifier.info(
                    'New token saved. Delete the old token in Apify Console → Settings → API & Integrations.',
                );
        } catch (error) {
            if (error instanceof vscode.CancellationError) return;
            this.notifier.error(this.log.redact((error as Error).message));
        }
    }

    async clearCache(): Promise<void> {
        await this.state.clearAll();
        await this.refreshContext();
        this.notifier.info('Cached reports, local history and local acknowledgements were cleared.');
    }

    remindRotationIfDue(nowMs = Date.now()): boolean {
        const { tokenRotationDays } = this.settings.read();
        const snoozed = this.context.globalState.get<number | null>(StateKey.RotationSnoozedUntil, null);
        if (!isRotationDue(this.tokens.savedAtMs, nowMs, tokenRotationDays, snoozed)) return false;
        const days = Math.floor((nowMs - (this.tokens.savedAtMs ?? nowMs)) / MS_PER_DAY);
        this.notifier.info(
            `Your Apify token was saved ${days} days ago. Rotate it regularly (every ${tokenRotationDays} days by this setting; 30 suggested for production accounts).`,
            {
                'Rotate now': () => this.rotateToken(),
                'Remind me in a week': () =>
                    this.context.globalState.update(StateKey.RotationSnoozedUntil, nowMs + 7 * MS_PER_DAY),
            },
        );
        return true;
    }

    // ── permission check and account guard ─────────────────────────────────────────────
    async checkPermissions(): Promise<PermissionReport | null> {
        const token = await this.requireToken();
        if (!token) return null;
        const { apiBaseUrl } = this.settings.read();
        const client = await this.clientFor(token, apiBaseUrl, { isInteractive: true });
        if (!client) return null;
        const report = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: "Checking the token's permissions (read-only)…" },
            async () => interpretPermissionProbes(await probeTokenPermissions(client)),
        );
        this.lastPermissionReport = report;
        this.log.info(`Permission check:\n${formatPermissionReport(report)}`);
        const summary = summarisePermissionReport(report);
        if (report.isTokenInvalid)
            this.notifier.error(INVALID_TOKEN_MESSAGE, { 'Connect token': () => this.connectToken() });
        else if (report.missing.length > 0 || report.broaderThanNeeded.length > 0)
            this.notifier.warn(summary, { 'Show details': () => this.log.show() });
        else this.notifier.info(summary, { 'Show details': () => this.log.show() });
        return report;
    }

    async checkAccountGuard(): Promise<AccountGuardResult> {
        const token = await this.tokens.getToken();
        if (!token) return { kind: 'hidden' };
        const client = await this.clientFor(token, this.settings.read().apiBaseUrl, { isInteractive: true });
        if (!client) return { kind: 'hidden' };
        const result = evaluateAccountGuard(
            await readAccountUsage(client, this.auth.lastIdentity?.planMaxMonthlyUsageUsd ?? null),
        );
        this.lastAccountGuard = result;
        if (result.kind === 'no-cap')
            this.notifier.warn(result.text, {
                'Open Console limits': () =>
                    vscode.env.openExternal(vscode.Uri.parse(`${CONSOLE_BASE_URL}/billing/limits`)),
            });
        else if (result.kind === 'capped') this.log.info(result.text);
        return result;
    }

    // ── analyses ───────────────────────────────────────────────────────────────────────
    runAnalysis(mode: RunMode, options: { isBackground?: boolean } = {}): Promise<void> {
        return this.analyse(mode, options).then(() => undefined);
    }

    /** One analysis at a time: a second request joins the running one. */
    analyse(mode: RunMode, options: { isBackground?: boolean } = {}): Promise<AnalysisOutcome> {
        this.inFlight ??= this.analyseOnce(mode, options).finally(() => {
            this.inFlight = null;
        });
        return this.inFlight;
    }

    private async analyseOnce(mode: RunMode, options: { isBackground?: boolean }): Promise<AnalysisOutcome> {
        const token = await this.requireToken();
        if (!token) return { report: null, error: NO_TOKEN_MESSAGE, cancelled: false };
        const settings = this.settings.read();
        if (mode === 'platform' && !settings.orchestratorActorId) {
            this.notifier.warn(`No orchestrator Actor is set. ${DEPLOY_HINT}`, {
                'Run locally': () => this.runAnalysis('local'),
                'Open Settings': () =>
                    vscode.commands.executeCommand('workbench.action.openSettings', 'apifyFleet.orchestratorActorId'),
            });
            return { report: null, error: 'No orchestrator Actor is set.', cancelled: false };
        }
        // A background refresh never opens the host modal (it would pop up every few minutes).
        const client = await this.clientFor(token, settings.apiBaseUrl, { mayAsk: !options.isBackground });
        if (!client) return { report: null, error: 'The token was not sent.', cancelled: false };
        const title = mode === 'platform' ? 'Apify Fleet: analysis on Apify' : 'Apify Fleet: local analysis';
        this.state.setRunning({ mode, message: 'Starting…' });
        await this.refreshContext();
        try {
            const report = await vscode.window.withProgress(
                {
                    location: options.isBackground
                        ? vscode.ProgressLocation.Window
                        : vscode.ProgressLocation.Notification,
                    title,
                    cancellable: !options.isBackground,
                },
                async (progress, cancellation) => {
                    const onStatus = (message: string): void => {
                        progress.report({ message });
                        this.state.setRunning({ mode, message });
                        this.log.info(`[${mode}] ${message}`);
                    };
                    if (mode === 'platform')
                        return this.analyseOnApify(client, token, settings, onStatus, cancellation);
                    const abort = new AbortController();
                    const subscription = cancellation.onCancellationRequested(() => abort.abort());
                    try {
                        const remoteAcks = await readAcksFromApify(client, settings.trendStoreName);
                        return await runAnalysisLocally({
                            client,
                            input: buildAnalysisInput(settings),
                            storageDir: this.state.localTrendStoreDir.fsPath,
                            trendStoreName: settings.trendStoreName,
                            remoteAcks,
                            localAcks: this.state.localAcks,
                            now: this.nowProvider(),
                            signal: abort.signal,
                            onStatus,
                            log: { info: (m) => this.log.info(m), warning: (m) => this.log.warn(m) },
                        });
                    } catch (error) {
                        if (abort.signal.aborted) throw new AnalysisCancelledError(null);
                        throw error;
                    } finally {
                        subscription.dispose();
                    }
                },
            );
            await this.state.setReport(report);
            this.log.info(
                `Analysis (${mode}) done: fleet score ${report.fleet.healthScore} (${report.fleet.grade}), ${report.actors.length} Actors, ${report.signals.length} signals.`,
            );
            this.notifyNewSignals(report);
            return { report, error: null, cancelled: false };
        } catch (error) {
            if (error instanceof AnalysisCancelledError) {
                this.log.info('Analysis cancelled.');
                return { report: null, error: null, cancelled: true };
            }
            const message = this.describeAnalysisError(error, mode, settings.apiBaseUrl, token);
            this.notifier.error(message, { 'Show log': () => this.log.show() });
            return { report: null, error: message, cancelled: false };
        } finally {
            this.state.setRunning(null);
            await this.refreshContext();
        }
    }

    private async analyseOnApify(
        client: ReturnType<typeof createApiClient>,
        token: string,
        settings: ReturnType<SettingsService['read']>,
        onStatus: (message: string) => void,
        cancellation: vscode.CancellationToken,
    ): Promise<FleetReport> {
        let runId: string | null = null;
        const cancelled = new Promise<void>((resolve) => {
            cancellation.onCancellationRequested(() => resolve());
        });
        try {
            const { report } = await runAnalysisOnApify({
                client,
                orchestratorActorId: settings.orchestratorActorId,
                input: buildAnalysisInput(settings),
                apiBaseUrl: settings.apiBaseUrl,
                onStatus,
                cancelled,
                isCancelled: () => cancellation.isCancellationRequested,
                secrets: [token],
                onRunStarted: (id) => {
                    runId = id;
                    this.log.info(`Orchestrator run ${id} started.`);
                },
            });
            return report;
        } catch (error) {
            if (error instanceof AnalysisCancelledError && runId) {
                const id = runId;
                // The token just started this run, so it holds "Actors: Run", which aborting needs.
                this.notifier.info(
                    `Stopped waiting. The orchestrator run ${id} keeps running on Apify; its report will be there when it ends.`,
                    {
                        'Abort the run': async () => {
                            try {
                                await client.run(id).abort();
                                this.notifier.info(`Run ${id} aborted.`);
                            } catch (abortError) {
                                this.notifier.error(
                                    describeApiError(abortError, {
                                        action: 'abort the run',
                                        permission: 'Actors: Run',
                                        apiBaseUrl: settings.apiBaseUrl,
                                        secrets: [token],
                                    }),
                                );
                            }
                        },
                    },
                );
            }
            throw error;
        }
    }

    private describeAnalysisError(error: unknown, mode: RunMode, apiBaseUrl: string, token: string): string {
        if (error instanceof AnalysisStepError) return this.log.redact(error.message);
        if (error instanceof InvalidInputError)
            return this.log.redact(`The analysis settings are not valid: ${formatInputProblems(error.problems)}`);
        if (statusCodeOf(error) !== undefined)
            return describeApiError(error, {
                action: mode === 'local' ? 'collect the fleet' : 'run the analysis',
                apiBaseUrl,
                secrets: [token],
            });
        const text = error instanceof Error ? error.message : String(error);
        return this.log.redact(`The ${mode === 'local' ? 'local ' : ''}analysis failed: ${text.split('\n')[0]}`);
    }

    /** A client with the token, or null after telling the user why the token was not sent. */
    private async clientFor(
        token: string,
        apiBaseUrl: string,
        options: ApiClientOptions & { mayAsk?: boolean } = {},
    ): Promise<ReturnType<typeof createApiClient> | null> {
        try {
            return await this.destination.createClient(token, apiBaseUrl, options);
        } catch (error) {
            if (!(error instanceof TokenUseRefusedError)) throw error;
            this.log.warn(error.message);
            this.notifier.warn(
                error.message,
                error.reason === 'untrusted-workspace'
                    ? { 'Manage Workspace Trust': () => vscode.commands.executeCommand('workbench.trust.manage') }
                    : {
                          'Open User Settings': () =>
                              vscode.commands.executeCommand('workbench.action.openSettings', 'apifyFleet.apiBaseUrl'),
                      },
            );
            return null;
        }
    }

    // ── notifications ──────────────────────────────────────────────────────────────────
    notifyNewSignals(report: FleetReport): string[] {
        const { notificationLevel } = this.settings.read();
        const notified = this.context.globalState.get<string[]>(StateKey.NotifiedFingerprints, []);
        const signals = selectSignalsToNotify(report, {
            level: notificationLevel,
            workspaceActorIds: this.workspaceActors.actorIdsIn(report),
            alreadyNotified: new Set(notified),
            extraAcknowledged: this.state.extraAcknowledged,
        });
        if (signals.length === 0) return [];
        const fingerprints = signals.map((s) => s.fingerprint);
        void this.context.globalState.update(StateKey.NotifiedFingerprints, rememberNotified(notified, fingerprints));
        this.notifier.warn(formatSignalNotification(signals), { 'Open dashboard': () => this.openDashboard() });
        return fingerprints;
    }

    // ── acknowledgements ───────────────────────────────────────────────────────────────
    async acknowledge(fingerprint: string, note?: string): Promise<void> {
        const token = await this.requireToken();
        if (!token) return;
        const settings = this.settings.read();
        const signal = this.state.report?.signals.find((s) => s.fingerprint === fingerprint) ?? null;
        const ack = buildAcknowledgement(signal, this.tokens.accountName ?? 'vscode', this.nowProvider(), note);
        const client = await this.clientFor(token, settings.apiBaseUrl, { isInteractive: true });
        if (!client) return;
        let outcome;
        try {
            outcome = await writeAcknowledgementToApify(client, settings.trendStoreName, fingerprint, ack);
        } catch (error) {
            outcome = {
                where: 'local' as const,
                reason: describeApiError(error, {
                    action: 'write ACKS',
                    apiBaseUrl: settings.apiBaseUrl,
                    secrets: [token],
                }),
            };
        }
        if (outcome.where === 'apify') {
            this.state.noteRemoteAcknowledgement(fingerprint);
            this.log.info(`Acknowledged ${fingerprint} in the trend store "${outcome.storeName}".`);
            this.notifier.info(
                `Acknowledged "${signal?.title ?? fingerprint}". The next analysis on Apify or local respects it${outcome.replacedInvalid ? ' (an invalid ACKS record was replaced)' : ''}.`,
            );
        } else {
            await this.state.addLocalAcknowledgement(fingerprint, ack);
            this.log.warn(`Acknowledgement of ${fingerprint} kept on this machine: ${outcome.reason}.`);
            this.notifier.warn(
                `Acknowledged "${signal?.title ?? fingerprint}" on this machine only: ${outcome.reason}. Local analyses respect it; analyses on Apify do not until the token may write key-value stores.`,
            );
        }
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}
