// A trusted folder whose .vscode/settings.json sets apiBaseUrl to a recorder server, a foreign
// orchestrator Actor, its own trend store and a 5-minute auto-refresh: every command and an
// auto-refresh tick send nothing to the recorder (the token goes only to the user's own,
// confirmed host); the same recorder as the user's own confirmed setting works.
// Runs in its own VS Code window (.vscode-test.mjs: hostile-folder-trusted).
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
import { waitForValue as until } from '../../support/wait-until.js';

const SCOPED = 'apify_api_demo_scoped';
const USER_SETTINGS = ['apiBaseUrl', 'notificationLevel', 'autoRefreshMinutes'];

let emulator: RunningEmulator;
let hostileRecorder: Recorder;
let userRecorder: Recorder | undefined;
let committedFolderSettings: string;
let api: FleetTestingApi;

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apifyFleet');
const confirmHost = (host: string) =>
    api.modal.setStandingAnswer((question) => question.items.find((item) => item === `Send token to ${host}`));

suite('Hostile folder, trusted: the folder cannot choose where the token goes', function () {
    this.timeout(240_000);

    suiteSetup(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
        // Forwards to the emulator, so a leaked token would even "work": only the log tells.
        hostileRecorder = await startRecorder(emulator.url);
        committedFolderSettings = await pointFolderSettingsAt(hostileRecorder.url, 13);
        await config().update('apiBaseUrl', emulator.url, vscode.ConfigurationTarget.Global);
        await config().update('notificationLevel', 'off', vscode.ConfigurationTarget.Global);
        const extension = vscode.extensions.getExtension<FleetExtensionApi>(EXTENSION_ID);
        assert.ok(extension, 'the extension is not loaded');
        const exports = await extension.activate();
        assert.ok(exports.testing, 'the testing API is missing (ExtensionMode.Test)');
        api = exports.testing;
        api.fleet.nowProvider = () => emulator.state.clock.now();
        confirmHost(new URL(emulator.url).host);
    });

    suiteTeardown(async () => {
        api?.modal.setStandingAnswer(undefined);
        if (api) await vscode.commands.executeCommand('apifyFleet.deleteToken');
        writeFileSync(folderSettingsPath(), committedFolderSettings);
        for (const key of USER_SETTINGS) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
        await hostileRecorder?.stop();
        await userRecorder?.stop();
        await emulator?.stop();
    });

    test('the folder is an open Actor repository, trusted, and its user-only settings do not count', () => {
        assert.equal(vscode.workspace.isTrusted, true);
        assert.deepEqual([...api.workspaceActors.actorNames], ['innocent-looking-scraper']);
        const settings = api.settings.read();
        assert.equal(settings.apiBaseUrl, emulator.url);
        assert.equal(settings.orchestratorActorId, '');
        assert.equal(settings.trendStoreName, 'fleet-analytics-trends');
        assert.equal(settings.autoRefreshMinutes, 0);
        // Analysis-shaping settings still come from the folder.
        assert.equal(settings.lookbackDays, 13);
        assert.equal(api.autoRefresh.scheduler.intervalMs, null);
        // VS Code drops application-scoped values of a folder (package.json "scope"); if it ever
        // hands one over, the settings service ignores it and says so.
        const offered = config().inspect('apiBaseUrl')?.workspaceValue;
        console.log(
            `[hostile-folder] VS Code offered the folder's apiBaseUrl: ${offered === undefined ? 'no' : 'yes'}`,
        );
        if (offered !== undefined)
            assert.ok(
                api.notifier.shown.some((m) => m.text.includes('tried to set apifyFleet.apiBaseUrl')),
                JSON.stringify(api.notifier.shown),
            );
    });

    test('every command and an auto-refresh tick: the recorder sees no request, the user’s host gets them', async () => {
        await runEveryCommand({
            fingerprint: 'no-such-signal',
            actorId: 'no-such-actor',
            queueToken: () => api.prompter.queueAnswer(SCOPED),
        });
        await vscode.commands.executeCommand('apifyFleet._test.connectWithToken', SCOPED);
        await config().update('autoRefreshMinutes', 5, vscode.ConfigurationTarget.Global);
        await until(
            'the user’s 5-minute schedule',
            () => api.autoRefresh.scheduler.intervalMs,
            (ms) => ms === 300_000,
        );
        // The tick runs the folder's run mode ("platform", which a workspace may choose) with the
        // user's orchestrator (none): it must not start the folder's foreign Actor.
        const shownBefore = api.notifier.shown.length;
        assert.equal(api.autoRefreshClock.fireIntervals(), 1);
        if (!api.autoRefresh.scheduler.isWaitingForFocus)
            await until(
                'the tick’s analysis',
                () => api.notifier.shown.slice(shownBefore).map((m) => m.text),
                (texts) => texts.some((t) => t.startsWith('No orchestrator Actor is set.')),
            );
        await api.fleet.analyse('local');
        await config().update('autoRefreshMinutes', undefined, vscode.ConfigurationTarget.Global);

        assert.deepEqual(hostileRecorder.requests, [], 'the folder’s host got requests');
        assert.ok(emulator.accessLog.count() > 0, 'the commands reached the user’s API host');
        assert.equal(
            emulator.accessLog.count((e) => e.path.includes('attacker')),
            0,
            'the folder’s store or Actor was used',
        );
        assert.ok(
            api.notifier.shown.some((m) => m.text.startsWith('No orchestrator Actor is set.')),
            'the foreign orchestratorActorId was not ignored',
        );
        assert.ok(api.modal.questions.every((q) => !q.message.includes(hostileRecorder.host)));
    });

    test('the same recorder as the user’s own setting gets the token only after the user confirms its host', async () => {
        await vscode.commands.executeCommand('apifyFleet.deleteToken');
        assert.deepEqual(api.destination.confirmedOrigins, [], 'Delete token forgets confirmed hosts');
        userRecorder = await startRecorder(emulator.url);
        await config().update('apiBaseUrl', userRecorder.url, vscode.ConfigurationTarget.Global);
        await until(
            'the new host',
            () => api.settings.read().apiBaseUrl,
            (url) => url === userRecorder?.url,
        );

        // Closing the modal refuses: nothing is sent.
        api.modal.queueAnswer(undefined);
        await assert.rejects(
            Promise.resolve(vscode.commands.executeCommand('apifyFleet._test.connectWithToken', SCOPED)),
            new RegExp(`not sent to ${userRecorder.host.replace(/\./g, '\\.')}`),
        );
        assert.equal(userRecorder.requests.length, 0);
        const asked = api.modal.questions.at(-1);
        assert.equal(asked?.message, `Send your Apify token to ${userRecorder.host}?`);

        confirmHost(userRecorder.host);
        await vscode.commands.executeCommand('apifyFleet._test.connectWithToken', SCOPED);
        const outcome = await api.fleet.analyse('local');
        assert.equal(outcome.error, null, outcome.error ?? '');
        assert.ok(outcome.report && outcome.report.actors.length > 0);
        assert.ok(userRecorder.requests.length > 0);
        assert.ok(userRecorder.requests.every((r) => r.authorization === `Bearer ${SCOPED}`));
        assert.deepEqual(api.destination.confirmedOrigins, [userRecorder.url]);
        assert.deepEqual(hostileRecorder.requests, []);
    });
});
