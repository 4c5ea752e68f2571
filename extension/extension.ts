/**
 * Apify Fleet Analytics for VS Code: the token in the keychain, the fleet in the editor.
 * This file is the table of contents; each part registers itself and ends up in
 * `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { CommandId } from './constants.js';
import { ApifyAuthenticationProvider, TokenPrompter } from './auth/apify-authentication-provider.js';
import { ScriptedModal, TokenDestination } from './auth/token-destination.js';
import { AcknowledgeSignalCommand } from './commands/acknowledge-signal-command.js';
import { CheckPermissionsCommand } from './commands/check-permissions-command.js';
import { ClearCacheCommand } from './commands/clear-cache-command.js';
import { ConnectTokenCommand } from './commands/connect-token-command.js';
import { DeleteTokenCommand } from './commands/delete-token-command.js';
import { OpenDashboardCommand } from './commands/open-dashboard-command.js';
import { OpenInConsoleCommand } from './commands/open-in-console-command.js';
import { RefreshCommand } from './commands/refresh-command.js';
import { RotateTokenCommand } from './commands/rotate-token-command.js';
import { RunLocallyCommand } from './commands/run-locally-command.js';
import { RunOnApifyCommand } from './commands/run-on-apify-command.js';
import { ManualSchedulerClock } from './models/auto-refresh-scheduler.js';
import { DashboardPanel } from './panels/dashboard-panel.js';
import { AutoRefresh } from './services/auto-refresh.js';
import { FleetService } from './services/fleet-service.js';
import { SettingsService } from './services/settings-service.js';
import { WorkspaceActorService } from './services/workspace-actor-service.js';
import { FleetLog } from './shared/fleet-log.js';
import { FleetStatusBarItem } from './shared/fleet-status-bar-item.js';
import { Notifier } from './shared/notifier.js';
import { FleetStateProvider } from './state/fleet-state-provider.js';
import { TokenStateProvider } from './state/token-state-provider.js';
import { FleetTreeDataProvider } from './treeviews/fleet-tree.js';

/** What `activate` returns. `testing` exists only in test runs (ExtensionMode.Test or FLEET_EXTENSION_TEST=1). */
export interface FleetExtensionApi {
    testing?: FleetTestingApi;
}

/** The extension-host tests reach the running extension through this (their bundles hold their own module copies). */
export interface FleetTestingApi {
    fleet: FleetService;
    settings: SettingsService;
    auth: ApifyAuthenticationProvider;
    state: FleetStateProvider;
    tokens: TokenStateProvider;
    prompter: TokenPrompter;
    /** Answers the token-destination modal ("Send token to host?") in test runs. */
    modal: ScriptedModal;
    destination: TokenDestination;
    log: FleetLog;
    notifier: Notifier;
    tree: FleetTreeDataProvider;
    statusBar: FleetStatusBarItem;
    workspaceActors: WorkspaceActorService;
    autoRefresh: AutoRefresh;
    /** Auto-refresh's clock in test runs: `fireIntervals()` is one tick. */
    autoRefreshClock: ManualSchedulerClock;
    /**
     * How long `activate()` took, from its first line to the returned promise settling (bundle loading not included).
     */
    activateDurationMs: number;
    globalStorageUri: vscode.Uri;
    logUri: vscode.Uri;
    globalState: vscode.Memento;
}

function isTestRun(context: vscode.ExtensionContext): boolean {
    return context.extensionMode === vscode.ExtensionMode.Test || process.env.FLEET_EXTENSION_TEST === '1';
}

export async function activate(context: vscode.ExtensionContext): Promise<FleetExtensionApi> {
    const startedAtMs = performance.now();
    const log = new FleetLog();
    context.subscriptions.push(log);
    try {
        return await activateParts(context, log, startedAtMs);
    } catch (error) {
        const message = log.redact(error instanceof Error ? error.message : String(error));
        log.error(`Activation failed: ${message}`);
        void vscode.window.showErrorMessage(`Apify Fleet could not start: ${message}`);
        return {};
    }
}

async function activateParts(
    context: vscode.ExtensionContext,
    log: FleetLog,
    startedAtMs: number,
): Promise<FleetExtensionApi> {
    const notifier = new Notifier(log);
    const settings = new SettingsService(notifier, vscode.workspace);
    context.subscriptions.push(settings);

    // Authentication: the token goes only where TokenDestination allows.
    const tokens = new TokenStateProvider(context.secrets, context.globalState);
    const prompter = new TokenPrompter();
    // Test runs answer the "Send your token to <host>?" modal from the tests (FleetTestingApi.modal).
    const modal = new ScriptedModal();
    const destination = new TokenDestination(
        context.globalState,
        vscode.workspace,
        isTestRun(context)
            ? modal.ask
            : (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
    );
    const auth = new ApifyAuthenticationProvider(tokens, () => settings.read().apiBaseUrl, destination, prompter, log);
    context.subscriptions.push(tokens, auth);

    // Fleet state, workspace, services
    const state = new FleetStateProvider(context.globalStorageUri, context.globalState, log);
    const workspaceActors = new WorkspaceActorService(log);
    context.subscriptions.push(state, workspaceActors);
    const openDashboard = (): void => {
        DashboardPanel.createOrShow(context.extensionUri, fleet);
    };
    const fleet: FleetService = new FleetService(
        context,
        tokens,
        auth,
        destination,
        state,
        settings,
        workspaceActors,
        log,
        notifier,
        openDashboard,
    );
    context.subscriptions.push(fleet);

    // Views
    const tree = new FleetTreeDataProvider(state);
    const statusBar = new FleetStatusBarItem(state, workspaceActors);
    context.subscriptions.push(tree, statusBar, DashboardPanel.registerSerializer(context, fleet));
    context.subscriptions.push(state.onDidChange(() => void workspaceActors.updateDiagnostics(state.report)));
    context.subscriptions.push(workspaceActors.onDidChange(() => void workspaceActors.updateDiagnostics(state.report)));

    // Commands
    context.subscriptions.push(
        new ConnectTokenCommand(fleet),
        new CheckPermissionsCommand(fleet),
        new RotateTokenCommand(fleet),
        new DeleteTokenCommand(fleet),
        new RunOnApifyCommand(fleet),
        new RunLocallyCommand(fleet),
        new RefreshCommand(fleet, settings),
        new ClearCacheCommand(fleet),
        new OpenDashboardCommand(fleet, openDashboard),
        new AcknowledgeSignalCommand(fleet),
        new OpenInConsoleCommand(fleet),
        vscode.commands.registerCommand(CommandId.ShowLog, () => log.show()),
    );
    // Test runs tick auto-refresh by hand (FleetTestingApi.autoRefreshClock); others use timers.
    const autoRefreshClock = new ManualSchedulerClock();
    const autoRefresh = isTestRun(context)
        ? new AutoRefresh(fleet, settings, vscode.workspace, autoRefreshClock)
        : new AutoRefresh(fleet, settings, vscode.workspace);
    context.subscriptions.push(autoRefresh);

    await workspaceActors.scan();
    await fleet.initialise();

    if (!isTestRun(context)) return {};
    context.subscriptions.push(
        vscode.commands.registerCommand(CommandId.TestConnectWithToken, (token: string) =>
            fleet.connectWithToken(token),
        ),
    );
    return {
        testing: {
            fleet,
            settings,
            auth,
            state,
            tokens,
            prompter,
            modal,
            destination,
            log,
            notifier,
            tree,
            statusBar,
            workspaceActors,
            autoRefresh,
            autoRefreshClock,
            activateDurationMs: performance.now() - startedAtMs,
            globalStorageUri: context.globalStorageUri,
            logUri: context.logUri,
            globalState: context.globalState,
        },
    };
}

export function deactivate(): void {}
