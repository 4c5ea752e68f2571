// The hostile folder in Restricted Mode (workspace trust on, the folder not trusted;
// .vscode-test.mjs: hostile-folder-untrusted): with a stored token, every command and an
// auto-refresh tick send no request at all, not even to the user's own host, and ask nothing.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import type { FleetExtensionApi, FleetTestingApi } from '../../../extension/extension.js';
import {
    EXTENSION_ID,
    folderSettingsPath,
    pointFolderSettingsAt,
    runEveryCommand,
    startRecorder,
    type Recorder,
} from './hostile-folder-support.js';

const SCOPED = 'apify_api_demo_scoped';

let emulator: RunningEmulator;
let hostileRecorder: Recorder;
let committedFolderSettings: string;
let api: FleetTestingApi;

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apifyFleet');

suite('Hostile folder, untrusted (Restricted Mode): the token is not used', function () {
    this.timeout(240_000);

    suiteSetup(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
        hostileRecorder = await startRecorder(emulator.url);
        committedFolderSettings = await pointFolderSettingsAt(hostileRecorder.url, 12);
        await config().update('apiBaseUrl', emulator.url, vscode.ConfigurationTarget.Global);
        await config().update('autoRefreshMinutes', 5, vscode.ConfigurationTarget.Global);
        const extension = vscode.extensions.getExtension<FleetExtensionApi>(EXTENSION_ID);
        assert.ok(extension, 'the extension is not loaded');
        const exports = await extension.activate();
        assert.ok(exports.testing, 'the testing API is missing (ExtensionMode.Test)');
        api = exports.testing;
        // Even a host the user would confirm gets nothing: the modal must not even be shown.
        const emulatorHost = new URL(emulator.url).host;
        api.modal.setStandingAnswer((question) =>
            question.items.find((item) => item === `Send token to ${emulatorHost}`),
        );
        // A token saved earlier in a trusted window (no request needed to store it).
        await api.tokens.saveToken(SCOPED, 'demo-user');
    });

    suiteTeardown(async () => {
        api?.modal.setStandingAnswer(undefined);
        if (api) await api.tokens.deleteToken();
        writeFileSync(folderSettingsPath(), committedFolderSettings);
        for (const key of ['apiBaseUrl', 'autoRefreshMinutes'])
            await config().update(key, undefined, vscode.ConfigurationTarget.Global);
        await hostileRecorder?.stop();
        await emulator?.stop();
    });

    test('the workspace is not trusted and auto-refresh is off despite the user’s 5 minutes', () => {
        assert.equal(vscode.workspace.isTrusted, false);
        assert.equal(api.settings.read().autoRefreshMinutes, 5);
        assert.equal(api.autoRefresh.scheduler.intervalMs, null);
        assert.equal(api.autoRefreshClock.fireIntervals(), 0);
    });

    test('every command sends no request anywhere and says why', async () => {
        const outcome = await api.fleet.analyse('local');
        assert.equal(outcome.report, null);
        api.autoRefreshClock.fireIntervals();
        await runEveryCommand({
            fingerprint: 'no-such-signal',
            actorId: 'no-such-actor',
            queueToken: () => api.prompter.queueAnswer(SCOPED),
        });
        assert.deepEqual(hostileRecorder.requests, []);
        assert.equal(emulator.accessLog.count(), 0, JSON.stringify(emulator.accessLog.entries().slice(0, 3)));
        assert.deepEqual(api.modal.questions, []);
        assert.ok(
            api.notifier.shown.some((m) => m.text.startsWith('Restricted Mode: Apify Fleet sends no request')),
            JSON.stringify(api.notifier.shown.map((m) => m.text)),
        );
    });
});
