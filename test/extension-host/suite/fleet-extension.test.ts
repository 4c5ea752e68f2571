// The extension against the emulated Apify API, inside a real VS Code 1.100 extension host:
// token connect (SecretStorage), 401/403 paths, the permission check per missing permission,
// analyses on Apify (the real Actor bundle) and locally with equal numbers, acknowledgements
// honoured by the next analysis, notification de-duplication, delete token, and a canary
// search for the tokens in everything the extension wrote.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import type { FleetExtensionApi, FleetTestingApi } from '../../../extension/extension.js';
import type { FleetReport } from '../../../shared/contracts/fleet-report.js';

const EXTENSION_ID = 'apify-fleet-analytics.apify-fleet-analytics';
const TOKEN_PREFIX = 'apify_api_demo';
const SCOPED = 'apify_api_demo_scoped';
const FULL = 'apify_api_demo_full';

let emulator: RunningEmulator;
let api: FleetTestingApi;

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apifyFleet');

function shownSince(mark: number): string[] {
    return api.notifier.shown.slice(mark).map((m) => m.text);
}

async function connect(token: string): Promise<void> {
    await vscode.commands.executeCommand('apifyFleet._test.connectWithToken', token);
}

async function listFiles(dir: string): Promise<string[]> {
    const out: string[] = [];
    let entries: string[] = [];
    try {
        entries = await readdir(dir);
    } catch {
        return out;
    }
    for (const entry of entries) {
        const path = join(dir, entry);
        const info = await stat(path).catch(() => null);
        if (!info) continue;
        if (info.isDirectory()) out.push(...(await listFiles(path)));
        else if (info.size < 50_000_000) out.push(path);
    }
    return out;
}

function actNowOpen(report: FleetReport) {
    return report.signals.filter((s) => s.decision === 'act_now' && !s.acknowledged);
}

suite('Apify Fleet extension on the emulator', function () {
    this.timeout(300_000);

    suiteSetup(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
        await config().update('apiBaseUrl', emulator.url, vscode.ConfigurationTarget.Global);
        await config().update('orchestratorActorId', 'demo-user/fleet-analytics', vscode.ConfigurationTarget.Global);
        const extension = vscode.extensions.getExtension<FleetExtensionApi>(EXTENSION_ID);
        assert.ok(extension, 'the extension is not loaded');
        const exports = await extension.activate();
        assert.ok(exports.testing, 'the testing API is missing (ExtensionMode.Test)');
        api = exports.testing;
        // The user runs this emulator: its host is confirmed whenever the extension asks.
        const emulatorHost = new URL(emulator.url).host;
        api.modal.setStandingAnswer((question) =>
            question.items.find((item) => item === `Send token to ${emulatorHost}`),
        );
        // A platform run's "now" is its start on the emulator's clock; local runs use the same clock.
        api.fleet.nowProvider = () => emulator.state.clock.now();
    });

    suiteTeardown(async () => {
        api?.modal.setStandingAnswer(undefined);
        await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
        await config().update('orchestratorActorId', undefined, vscode.ConfigurationTarget.Global);
        await config().update('excludeActors', undefined, vscode.ConfigurationTarget.Global);
        await emulator?.stop();
    });

    test('starts in the connect state; commands that need a token say so and offer "Connect token"', async () => {
        assert.equal(api.fleet.contextKeys.get('apifyFleet.isReady'), true);
        assert.equal(api.fleet.contextKeys.get('apifyFleet.hasToken'), false);
        const mark = api.notifier.shown.length;
        for (const command of ['apifyFleet.runLocally', 'apifyFleet.runOnApify', 'apifyFleet.checkPermissions']) {
            await vscode.commands.executeCommand(command);
        }
        const noToken = api.notifier.shown.slice(mark).filter((m) => m.text === 'No Apify token is configured.');
        assert.equal(noToken.length, 3);
        assert.ok(noToken.every((m) => m.actions.includes('Connect token')));
    });

    test('a wrong token (401) is refused with the create-a-new-one message and nothing is stored', async () => {
        const mark = api.notifier.shown.length;
        api.prompter.queueAnswer('apify_api_demo_this_token_does_not_exist');
        await vscode.commands.executeCommand('apifyFleet.connectToken');
        const messages = shownSince(mark);
        assert.ok(
            messages.some((m) =>
                m.includes(
                    'The token is not valid or was revoked; create a new one at https://console.apify.com/settings/integrations',
                ),
            ),
            messages.join('\n'),
        );
        assert.equal(await api.tokens.getToken(), undefined);
        assert.equal(api.fleet.contextKeys.get('apifyFleet.hasToken'), false);
    });

    test('the input box path trims the token; /users/me refused (403) falls back to listing Actors', async () => {
        api.prompter.queueAnswer('  apify_api_demo_scoped_no_users_me \n');
        await vscode.commands.executeCommand('apifyFleet.connectToken');
        assert.equal(await api.tokens.getToken(), 'apify_api_demo_scoped_no_users_me');
        assert.equal(api.tokens.accountName, null);
        assert.equal(api.fleet.contextKeys.get('apifyFleet.hasToken'), true);
        // What VS Code's Accounts menu gets from the provider.
        const sessions = await api.auth.getSessions();
        assert.equal(sessions[0]?.account.label, 'Apify (scoped token)');
    });

    test('the permission check names each missing permission, says what it cannot probe, and flags a broad token', async () => {
        const expectations: [string, string][] = [
            ['apify_api_demo_no_actors_read', 'Actors: Read'],
            ['apify_api_demo_no_runs_read', 'Actor runs: Read'],
            ['apify_api_demo_no_builds_read', 'Actor builds: Read'],
            ['apify_api_demo_no_datasets_read', 'Datasets: Read'],
            ['apify_api_demo_scoped_no_run_storages', 'Access to default run storages'],
        ];
        for (const [token, missing] of expectations) {
            await connect(token);
            const report = await api.fleet.checkPermissions();
            assert.ok(report, token);
            assert.deepEqual(report.missing, [missing], `${token}: ${JSON.stringify(report.items)}`);
            assert.deepEqual(report.broaderThanNeeded, [], token);
        }
        // Run and KV write can only be shown by doing them: reported as not probed, never guessed.
        for (const token of ['apify_api_demo_no_actors_run', 'apify_api_demo_no_kvs_write', SCOPED]) {
            await connect(token);
            const report = await api.fleet.checkPermissions();
            assert.deepEqual(report?.missing, [], token);
            assert.deepEqual(
                report?.items.filter((i) => i.outcome === 'not-probed').map((i) => i.permission),
                ['Actors: Run', 'Key-value stores: Write'],
            );
        }
        await connect(FULL);
        const broad = await api.fleet.checkPermissions();
        assert.ok(
            broad && broad.broaderThanNeeded.some((what) => what.includes('/v2/users/me/limits')),
            JSON.stringify(broad?.broaderThanNeeded),
        );
        // Read-only: the probes never wrote, started or deleted anything.
        const writes = emulator.accessLog
            .entries()
            .filter((e) => e.method !== 'GET' && e.tokenId !== null && !e.tokenId.startsWith('run:'));
        assert.deepEqual(
            writes.map((e) => `${e.method} ${e.path}`),
            [],
        );
    });

    test('account guard: usage against the cap for a full token, silent for a scoped one', async () => {
        await connect(FULL);
        const full = await api.fleet.checkAccountGuard();
        assert.notEqual(full.kind, 'hidden');
        await connect(SCOPED);
        assert.equal((await api.fleet.checkAccountGuard()).kind, 'hidden');
    });

    let platformReport: FleetReport;
    let localReport: FleetReport;

    test('analysis on Apify (the real Actor bundle) and locally give the same numbers', async () => {
        await connect(SCOPED);
        // The orchestrator is itself an Actor of the demo fleet: its own run (running during the
        // platform analysis, finished for the local one) would make the data differ.
        await config().update('excludeActors', ['fleet-analytics'], vscode.ConfigurationTarget.Global);
        const local = await api.fleet.analyse('local');
        assert.equal(local.error, null, local.error ?? '');
        assert.ok(local.report);
        localReport = local.report;
        const platform = await api.fleet.analyse('platform');
        assert.equal(platform.error, null, platform.error ?? '');
        assert.ok(platform.report);
        platformReport = platform.report;
        assert.ok(platformReport.actors.length > 0);
        assert.equal(platformReport.fleet.healthScore, localReport.fleet.healthScore);
        assert.equal(platformReport.fleet.runCount, localReport.fleet.runCount);
        assert.equal(platformReport.fleet.costUsd, localReport.fleet.costUsd);
        const scores = (r: FleetReport) => r.actors.map((a) => `${a.id}:${a.healthScore}`).sort();
        assert.deepEqual(scores(platformReport), scores(localReport));
        const fingerprints = (r: FleetReport) => r.signals.map((s) => s.fingerprint).sort();
        assert.deepEqual(fingerprints(platformReport), fingerprints(localReport));
        // The views follow the report.
        assert.equal(api.fleet.contextKeys.get('apifyFleet.hasReport'), true);
        assert.match(api.statusBar.text ?? '', /Fleet \d+ [A-F]/);
        const roots = api.tree.getChildren();
        assert.equal(roots.length, platformReport.actors.length);
        const rootScores = roots.map((r) => platformReport.actors.find((a) => a.id === r.actorId)!.healthScore);
        assert.deepEqual(
            rootScores,
            [...rootScores].sort((a, b) => a - b),
            'Actors are sorted worst first',
        );
    });

    test('new act-now signals raise one notification, and never again for the same fingerprints', async () => {
        const all = api.notifier.shown.map((m) => m.text).filter((t) => /new act-now signal/.test(t));
        assert.equal(all.length, 1, all.join('\n'));
        const mark = api.notifier.shown.length;
        await api.fleet.analyse('local');
        assert.deepEqual(
            shownSince(mark).filter((t) => /new act-now signal/.test(t)),
            [],
        );
    });

    test('acknowledging without a writable trend store keeps it locally, says so, and local analyses honour it', async () => {
        const target = actNowOpen(localReport)[0];
        assert.ok(target, 'the demo fleet has act-now signals');
        const mark = api.notifier.shown.length;
        await vscode.commands.executeCommand('apifyFleet.acknowledgeSignal', target.fingerprint);
        assert.ok(
            shownSince(mark).some((t) => t.includes('on this machine only')),
            shownSince(mark).join('\n'),
        );
        assert.deepEqual(api.fleet.getStatus().localAcks, [target.fingerprint]);
        const next = await api.fleet.analyse('local');
        const signal = next.report?.signals.find((s) => s.fingerprint === target.fingerprint);
        assert.equal(signal?.acknowledged, true);
    });

    test('acknowledging with a full token writes ACKS on Apify and the next analysis on Apify honours it', async () => {
        await connect(FULL);
        const target = actNowOpen(platformReport).find((s) => !api.fleet.getStatus().localAcks.includes(s.fingerprint));
        assert.ok(target);
        const mark = api.notifier.shown.length;
        await vscode.commands.executeCommand('apifyFleet.acknowledgeSignal', { fingerprint: target.fingerprint });
        assert.ok(
            shownSince(mark).some((t) => t.startsWith('Acknowledged') && t.includes('respects it')),
            shownSince(mark).join('\n'),
        );
        const next = await api.fleet.analyse('platform');
        assert.equal(next.error, null, next.error ?? '');
        assert.equal(next.report?.signals.find((s) => s.fingerprint === target.fingerprint)?.acknowledged, true);
    });

    test('a bad setting yields a clear message and the default, not a stack trace', async () => {
        const mark = api.notifier.shown.length;
        await config().update('lookbackDays', 500, vscode.ConfigurationTarget.Global);
        try {
            for (let i = 0; i < 50 && !shownSince(mark).some((t) => t.includes('apifyFleet.lookbackDays')); i++)
                await new Promise((r) => setTimeout(r, 100));
            const message = shownSince(mark).find((t) => t.includes('apifyFleet.lookbackDays'));
            assert.ok(message, shownSince(mark).join('\n'));
            assert.match(message, /at most 90 days; using the default \(28\)/);
        } finally {
            await config().update('lookbackDays', undefined, vscode.ConfigurationTarget.Global);
        }
    });

    test('delete token: the secret, cached reports and acknowledgement copies are gone; the welcome view is back', async () => {
        await vscode.commands.executeCommand('apifyFleet.deleteToken');
        assert.equal(await api.tokens.getToken(), undefined);
        assert.deepEqual(await api.auth.getSessions(), []);
        assert.equal(api.fleet.getReport(), null);
        assert.deepEqual(api.fleet.getStatus().localAcks, []);
        assert.equal(api.fleet.contextKeys.get('apifyFleet.hasToken'), false);
        assert.equal(api.fleet.contextKeys.get('apifyFleet.hasReport'), false);
        assert.deepEqual(api.tree.getChildren(), []);
        const files = await listFiles(api.globalStorageUri.fsPath);
        assert.deepEqual(
            files.filter((f) => /last-report|local-acks|local-trend-store/.test(f)),
            [],
        );
    });

    test('canary: no token in globalStorage, globalState, settings, logs, messages or the API access log', async () => {
        const hits: string[] = [];
        const scan = (where: string, text: string): void => {
            if (text.includes(TOKEN_PREFIX)) hits.push(where);
        };
        const userDir = join(api.globalStorageUri.fsPath, '..', '..');
        for (const file of [
            ...(await listFiles(api.globalStorageUri.fsPath)),
            ...(await listFiles(join(api.logUri.fsPath, '..'))),
            ...(await listFiles(userDir)),
        ]) {
            if (/state\.vscdb/.test(file)) continue; // VS Code's own store also holds the encrypted secret
            scan(file, await readFile(file, 'latin1').catch(() => ''));
        }
        for (const key of api.globalState.keys()) scan(`globalState:${key}`, JSON.stringify(api.globalState.get(key)));
        scan('settings', JSON.stringify(vscode.workspace.getConfiguration('apifyFleet')));
        scan('log', api.log.recentLines.join('\n'));
        scan('notifications', JSON.stringify(api.notifier.shown));
        for (const entry of emulator.accessLog.entries())
            scan(`access log ${entry.path}`, `${entry.path}?${JSON.stringify(entry.query)}`);
        assert.deepEqual(hits, []);
        // Every request of the extension carried the token in the Authorization header (the access log names the token
        // id).
        assert.ok(emulator.accessLog.entries().filter((e) => e.tokenId?.startsWith('demo-')).length > 10);
    });
});
