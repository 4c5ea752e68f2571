/**
 * The `apifyFleet.*` settings, validated with zod. VS Code's own JSON-schema check only
 * underlines a bad value in settings.json; the extension would still read it. Here a bad value
 * becomes one readable problem ("apifyFleet.lookbackDays: at most 90 days") and the default
 * is used instead, so a typo never surfaces as a stack trace.
 *
 * Pure: `parseExtensionSettings` takes a plain getter, so it is unit-tested without VS Code.
 */
import { z } from 'zod';
import {
    ACTOR_NAME_PATTERN_REGEX,
    DEFAULT_TREND_STORE_NAME,
    STORE_NAME_REGEX,
} from '../../shared/contracts/actor-input.js';

export const RUN_MODES = ['platform', 'local'] as const;
export type RunMode = (typeof RUN_MODES)[number];
/** all = every new act-now signal; workspace = only Actors of the open folder; off = none. */
export const NOTIFICATION_LEVELS = ['all', 'workspace', 'off'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

/** `username/actor-name`, `username~actor-name` or a 17-character Actor id. */
const ORCHESTRATOR_ID_REGEX = /^(?:[a-zA-Z0-9._-]+[/~][a-zA-Z0-9-]+|[a-zA-Z0-9]{17})$/;

export const DEFAULT_API_BASE_URL = 'https://api.apify.com';

/** 127.0.0.0/8, ::1 and localhost: the only hosts a token may reach over plain http. */
export function isLoopbackHostname(hostname: string): boolean {
    return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** `includeActors` and `excludeActors`: the input contract's name patterns. */
const actorNamePatternsSchema = z
    .array(
        z
            .string()
            .regex(
                ACTOR_NAME_PATTERN_REGEX,
                'each entry is an Actor name pattern such as "my-scraper", "user/my-scraper" or "shop-*"',
            ),
    )
    .max(1000);

const fieldSchemas = {
    apiBaseUrl: z
        .url({ protocol: /^https?$/, error: 'use a full http(s) URL such as "https://api.apify.com"' })
        .transform((url) => url.replace(/\/+$/, ''))
        .refine(
            (url) => !/[?#]/.test(url) && !/@/.test(url.replace(/^https?:\/\//, '').split('/')[0] ?? ''),
            'use a plain base URL without query, fragment or credentials',
        )
        .refine((url) => {
            const parsed = new URL(url);
            return parsed.protocol === 'https:' || isLoopbackHostname(parsed.hostname);
        }, 'plain "http:" would send the token unencrypted; it is allowed only for a loopback address (127.0.0.1, ::1, localhost): use https'),
    orchestratorActorId: z
        .string()
        .trim()
        .refine(
            (id) => id === '' || ORCHESTRATOR_ID_REGEX.test(id),
            'use "username/actor-name" or the Actor id (17 characters)',
        ),
    lookbackDays: z.number().int('use a whole number of days').min(1, 'at least 1 day').max(90, 'at most 90 days'),
    defaultRunMode: z.enum(RUN_MODES, { error: 'use "platform" or "local"' }),
    tokenRotationDays: z
        .number()
        .int('use a whole number of days')
        .min(1, 'at least 1 day')
        .max(3650, 'at most 3650 days'),
    notificationLevel: z.enum(NOTIFICATION_LEVELS, { error: 'use "all", "workspace" or "off"' }),
    autoRefreshMinutes: z
        .number()
        .int('use a whole number of minutes')
        .min(0, '0 (off) or more')
        .max(1440, 'at most 1440 minutes (a day)')
        .refine((minutes) => minutes === 0 || minutes >= 5, 'use 0 (off) or at least 5 minutes'),
    trendStoreName: z
        .string()
        .regex(STORE_NAME_REGEX, 'use 3–63 letters, digits and hyphens, not starting or ending with one'),
    includeActors: actorNamePatternsSchema,
    excludeActors: actorNamePatternsSchema,
} as const;

export type ExtensionSettings = { [K in SettingKey]: z.output<(typeof fieldSchemas)[K]> };

export const DEFAULT_SETTINGS: ExtensionSettings = {
    apiBaseUrl: DEFAULT_API_BASE_URL,
    orchestratorActorId: '',
    lookbackDays: 28,
    defaultRunMode: 'platform',
    tokenRotationDays: 90,
    notificationLevel: 'all',
    autoRefreshMinutes: 0,
    trendStoreName: DEFAULT_TREND_STORE_NAME,
    includeActors: [],
    excludeActors: [],
};

/**
 * Settings that decide where the token goes or what runs with it (package.json: `"scope":
 * "application"`). Only the user's own settings count: a folder someone else wrote must not
 * choose the host, the Actor that runs with the token, the store it writes or a schedule.
 */
export const USER_ONLY_SETTINGS = [
    'apiBaseUrl',
    'orchestratorActorId',
    'trendStoreName',
    'autoRefreshMinutes',
] as const satisfies readonly SettingKey[];

/** Settings that can start network activity: their workspace values count only in a trusted workspace. */
export const RESTRICTED_SETTINGS = [...USER_ONLY_SETTINGS, 'defaultRunMode'] as const satisfies readonly SettingKey[];

export type SettingKey = keyof typeof fieldSchemas;

/** What `WorkspaceConfiguration.inspect` reports for one key (only the parts that matter here). */
export interface InspectedSetting {
    globalValue?: unknown;
    workspaceValue?: unknown;
    workspaceFolderValue?: unknown;
}

export interface ResolvedSettingValues {
    /** The value to validate for each key (undefined = not set: the default). */
    get(key: SettingKey): unknown;
    /** Full ids of settings whose workspace or folder value was ignored. */
    ignored: string[];
}

/**
 * Which of a setting's values counts: the folder's, the workspace's, then the user's; but for
 * USER_ONLY_SETTINGS only the user's, and in an untrusted workspace only the user's for
 * RESTRICTED_SETTINGS. VS Code already drops such values when the manifest is honoured; this
 * holds even when it is not (an older host, a value that slipped through).
 */
export function resolveSettingValues(
    inspect: (key: SettingKey) => InspectedSetting | undefined,
    options: { isTrusted: boolean },
    section = 'apifyFleet',
): ResolvedSettingValues {
    const values = new Map<SettingKey, unknown>();
    const ignored: string[] = [];
    for (const key of Object.keys(fieldSchemas) as SettingKey[]) {
        const inspected = inspect(key);
        const workspaceValue = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
        const isUserOnly =
            (USER_ONLY_SETTINGS as readonly SettingKey[]).includes(key) ||
            (!options.isTrusted && (RESTRICTED_SETTINGS as readonly SettingKey[]).includes(key));
        if (isUserOnly) {
            if (workspaceValue !== undefined) ignored.push(`${section}.${key}`);
            values.set(key, inspected?.globalValue);
        } else {
            values.set(key, workspaceValue ?? inspected?.globalValue);
        }
    }
    return { get: (key) => values.get(key), ignored };
}

/** One line for a notification: which workspace values were ignored, and where to set them instead. */
export function formatIgnoredSettings(ignored: readonly string[], options: { isTrusted: boolean }): string {
    const which = ignored.join(', ');
    return options.isTrusted
        ? `This workspace tried to set ${which}; ignored: ${ignored.length === 1 ? 'it decides' : 'they decide'} where your Apify token goes or what runs with it, so only your User settings count.`
        : `This workspace tried to set ${which}; ignored in Restricted Mode (an untrusted workspace cannot change where or when your Apify token is used).`;
}

export interface SettingsProblem {
    /** Full setting id, e.g. `apifyFleet.lookbackDays`. */
    setting: string;
    message: string;
}

export interface ParsedSettings {
    settings: ExtensionSettings;
    /** Settings whose value was rejected (their default is used instead). */
    problems: SettingsProblem[];
}

/**
 * Reads every setting through `get` (undefined = not set), validates each on its own, and
 * falls back to the default for each bad one: one wrong value must not disable the others.
 */
export function parseExtensionSettings(
    get: (key: keyof ExtensionSettings) => unknown,
    section = 'apifyFleet',
): ParsedSettings {
    const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    const problems: SettingsProblem[] = [];
    for (const key of Object.keys(fieldSchemas) as (keyof ExtensionSettings)[]) {
        const raw = get(key);
        if (raw === undefined || raw === null) continue;
        const result = (fieldSchemas[key] as z.ZodType).safeParse(raw);
        if (result.success) {
            settings[key] = result.data;
        } else {
            const message = result.error.issues[0]?.message ?? 'invalid value';
            problems.push({
                setting: `${section}.${key}`,
                message: `${message}; using the default (${JSON.stringify(DEFAULT_SETTINGS[key])}).`,
            });
        }
    }
    return { settings: settings as ExtensionSettings, problems };
}

/** One line for a notification: the settings to fix and why. */
export function formatSettingsProblems(problems: readonly SettingsProblem[]): string {
    return `Fix ${problems.length === 1 ? 'this setting' : 'these settings'}: ${problems.map((p) => `${p.setting}: ${p.message}`).join(' · ')}`;
}

/** The orchestrator's input built from the settings (never the token). */
export function buildAnalysisInput(settings: ExtensionSettings): Record<string, unknown> {
    return {
        lookbackDays: settings.lookbackDays,
        includeActors: settings.includeActors,
        excludeActors: settings.excludeActors,
        trendStoreName: settings.trendStoreName,
    };
}
