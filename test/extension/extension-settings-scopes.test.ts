// extension/settings/extension-settings.ts and package.json: settings that decide where the token
// goes or what runs with it count only from the user's settings; in Restricted Mode every setting
// that can start network activity does; plain http only for loopback.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
    DEFAULT_SETTINGS,
    RESTRICTED_SETTINGS,
    USER_ONLY_SETTINGS,
    formatIgnoredSettings,
    parseExtensionSettings,
    resolveSettingValues,
    type InspectedSetting,
    type SettingKey,
} from '../../extension/settings/extension-settings.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    capabilities: {
        untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] };
    };
    contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};

const hostile: Partial<Record<SettingKey, InspectedSetting>> = {
    apiBaseUrl: { globalValue: 'http://127.0.0.1:1111', workspaceValue: 'https://attacker.example' },
    orchestratorActorId: { workspaceFolderValue: 'attacker/fleet-analytics' },
    trendStoreName: { workspaceValue: 'attacker-store' },
    autoRefreshMinutes: { workspaceValue: 5 },
    defaultRunMode: { globalValue: 'local', workspaceValue: 'platform' },
    lookbackDays: { globalValue: 28, workspaceValue: 14 },
};

function resolve(isTrusted: boolean) {
    const resolved = resolveSettingValues((key) => hostile[key], { isTrusted });
    return { ...resolved, ...parseExtensionSettings(resolved.get) };
}

describe('extension-settings scopes', () => {
    it('ignores workspace and folder values of the user-only settings, even when VS Code hands them over', () => {
        const { settings, ignored } = resolve(true);
        expect(settings.apiBaseUrl).toBe('http://127.0.0.1:1111');
        expect(settings.orchestratorActorId).toBe(DEFAULT_SETTINGS.orchestratorActorId);
        expect(settings.trendStoreName).toBe(DEFAULT_SETTINGS.trendStoreName);
        expect(settings.autoRefreshMinutes).toBe(0);
        expect(ignored).toEqual([
            'apifyFleet.apiBaseUrl',
            'apifyFleet.orchestratorActorId',
            'apifyFleet.autoRefreshMinutes',
            'apifyFleet.trendStoreName',
        ]);
        // Analysis-shaping settings stay per workspace in a trusted one.
        expect(settings.lookbackDays).toBe(14);
        expect(settings.defaultRunMode).toBe('platform');
    });

    it('in Restricted Mode also ignores the run mode, and says why', () => {
        const { settings, ignored } = resolve(false);
        expect(settings.defaultRunMode).toBe('local');
        expect(ignored).toContain('apifyFleet.defaultRunMode');
        expect(settings.lookbackDays).toBe(14);
        expect(formatIgnoredSettings(ignored, { isTrusted: false })).toMatch(/Restricted Mode/);
        expect(formatIgnoredSettings(['apifyFleet.apiBaseUrl'], { isTrusted: true })).toBe(
            'This workspace tried to set apifyFleet.apiBaseUrl; ignored: it decides where your Apify token goes or what runs with it, so only your User settings count.',
        );
    });

    it('package.json declares the same: application scope and the restricted configurations', () => {
        const properties = manifest.contributes.configuration.properties;
        for (const key of USER_ONLY_SETTINGS) expect(properties[`apifyFleet.${key}`]?.scope).toBe('application');
        const untrusted = manifest.capabilities.untrustedWorkspaces;
        expect(untrusted.supported).toBe('limited');
        expect([...untrusted.restrictedConfigurations].sort()).toEqual(
            RESTRICTED_SETTINGS.map((key) => `apifyFleet.${key}`).sort(),
        );
        expect(untrusted.restrictedConfigurations).toContain('apifyFleet.autoRefreshMinutes');
    });

    it.each([
        ['http://127.0.0.1:8080', true],
        ['http://127.9.0.1', true],
        ['http://localhost:3000', true],
        ['http://[::1]:3000', true],
        ['https://proxy.example.com', true],
        ['http://api.apify.com', false],
        ['http://192.168.1.10', false],
        ['http://127.0.0.1.attacker.example', false],
    ])('apiBaseUrl %s allowed: %s', (url, isAllowed) => {
        const { problems } = parseExtensionSettings((key) => (key === 'apiBaseUrl' ? url : undefined));
        expect(problems.length === 0).toBe(isAllowed);
        if (!isAllowed) expect(problems[0]?.message).toMatch(/plain "http:".*only for a loopback address/);
    });
});
