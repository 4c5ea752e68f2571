/**
 * Every string id the extension shares with package.json, in one place. `const enum`s are
 * inlined by esbuild, so they cost nothing at run time; scripts/lint-extension-manifest.mjs
 * cross-checks them against `contributes`.
 */

export const EXTENSION_ID = 'apify-fleet-analytics.apify-fleet-analytics';
/** Settings section: `apifyFleet.*`. */
export const CONFIG_SECTION = 'apifyFleet';

export const enum CommandId {
    // Authentication
    ConnectToken = 'apifyFleet.connectToken',
    CheckPermissions = 'apifyFleet.checkPermissions',
    RotateToken = 'apifyFleet.rotateToken',
    DeleteToken = 'apifyFleet.deleteToken',
    // Analyses
    RunOnApify = 'apifyFleet.runOnApify',
    RunLocally = 'apifyFleet.runLocally',
    Refresh = 'apifyFleet.refresh',
    ClearCache = 'apifyFleet.clearCache',
    // Fleet
    OpenDashboard = 'apifyFleet.openDashboard',
    AcknowledgeSignal = 'apifyFleet.acknowledgeSignal',
    OpenInConsole = 'apifyFleet.openInConsole',
    ShowLog = 'apifyFleet.showLog',
    // Tests only (registered in ExtensionMode.Test or with FLEET_EXTENSION_TEST=1)
    TestConnectWithToken = 'apifyFleet._test.connectWithToken',
}

export const enum ContextId {
    /** Set (in a `finally`) once start-up has read the token and the cached report. */
    IsReady = 'apifyFleet.isReady',
    HasToken = 'apifyFleet.hasToken',
    HasReport = 'apifyFleet.hasReport',
    IsRunning = 'apifyFleet.isRunning',
}

export const enum ViewId {
    Container = 'apifyFleet',
    Fleet = 'apifyFleet.fleet',
}

/** TreeItem.contextValue values matched by `view/item/context` menus. */
export const enum TreeItemContext {
    Actor = 'actor',
    Signal = 'signal',
    AcknowledgedSignal = 'signal-acknowledged',
}

/** Setting keys under `apifyFleet.` (declarations like the enums above; the manifest lint checks them). */
export const enum ConfigId {
    ApiBaseUrl = 'apiBaseUrl',
    OrchestratorActorId = 'orchestratorActorId',
    LookbackDays = 'lookbackDays',
    DefaultRunMode = 'defaultRunMode',
    TokenRotationDays = 'tokenRotationDays',
    NotificationLevel = 'notificationLevel',
    AutoRefreshMinutes = 'autoRefreshMinutes',
    TrendStoreName = 'trendStoreName',
    IncludeActors = 'includeActors',
    ExcludeActors = 'excludeActors',
}

export const enum AuthId {
    ProviderId = 'apify',
    ProviderLabel = 'Apify',
}

/** SecretStorage key of the token (the only place the token is ever stored). */
export const TOKEN_SECRET_KEY = 'apifyFleet.token';

/** globalState keys: never the token, only facts about it. */
export const enum StateKey {
    TokenSavedAt = 'apifyFleet.tokenSavedAt',
    AccountName = 'apifyFleet.accountName',
    RotationSnoozedUntil = 'apifyFleet.rotationSnoozedUntil',
    NotifiedFingerprints = 'apifyFleet.notifiedFingerprints',
    /** Origins of non-default API hosts the user confirmed for the token (forgotten with the token). */
    ConfirmedApiOrigins = 'apifyFleet.confirmedApiOrigins',
}

/** Files in globalStorage. */
export const REPORT_CACHE_FILE = 'last-report.json';
export const LOCAL_ACKS_FILE = 'local-acks.json';
export const LOCAL_TREND_STORE_DIR = 'local-trend-store';

export const CONSOLE_BASE_URL = 'https://console.apify.com';
export const TOKEN_SETTINGS_URL = 'https://console.apify.com/settings/integrations';
