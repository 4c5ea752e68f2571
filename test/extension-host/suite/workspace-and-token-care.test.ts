// Workspace awareness (the multi-root fixture workspace holds two Actors of the demo fleet:
// real-estate-listings with schema-validator signals, contact-details-extractor with compliance
// ones), the token rotation reminder, and auto-refresh being off by default — inside a real
// VS Code 1.100 extension host against the emulator. Self-contained: it leaves no token, report
// or setting behind for the other files (they share one VS Code profile).
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import type { FleetExtensionApi, FleetTestingApi } from '../../../extension/extension.js';
import type { FleetReport } from '../../../shared/contracts/fleet-report.js';
import { truncateScore } from '../../../shared/scoring/grade.js';
import { waitForValue as until } from '../../support/wait-until.js';

const EXTENSION_ID = 'apify-fleet-analytics.apify-fleet-analytics';
const SCOPED = 'apify_api_demo_scoped';
const DAY_MS = 86_400_000;
const DIAGNOSTIC_SOURCES = ['schema-validator', 'compliance-scanner'];

let emulator: RunningEmulator;
let api: FleetTestingApi;

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apifyFleet');

/** Our diagnostics, by file path. */
function fleetDiagnostics(): Map<string, vscode.Diagnostic[]> {
    const byPath = new Map<string, vscode.Diagnostic[]>();
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
        const ours = diagnostics.filter((d) => d.source?.startsWith('Apify Fleet'));
        if (ours.length > 0) byPath.set(uri.fsPath, ours);
    }
    return byPath;
}

function folderPath(name: string): string {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
    assert.ok(
        folder,
        `workspace folder "${name}" is not open: ${JSON.stringify(vscode.workspace.workspaceFolders?.map((f) => f.name))}`,
    );
    return folder.uri.fsPath;
}

suite('Workspace awareness, rotation reminder and auto-refresh', function () {
    this.timeout(180_000);

    suiteSetup(async () => {
        emulator = await startEmulator({ scenario: 'demo' });
        await config().update('apiBaseUrl', emulator.url, vscode.ConfigurationTarget.Global);
        // Notifications are tested elsewhere; here they would only spend fingerprints.
        await config().update('notificationLevel', 'off', vscode.ConfigurationTarget.Global);
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
        api.fleet.nowProvider = () => emulator.state.clock.now();
    });

    suiteTeardown(async () => {
        api?.modal.setStandingAnswer(undefined);
        if (api) await vscode.commands.executeCommand('apifyFleet.deleteToken');
        for (const key of ['apiBaseUrl', 'notificationLevel', 'tokenRotationDays', 'autoRefreshMinutes']) {
            await config().update(key, undefined, vscode.ConfigurationTarget.Global);
        }
        await emulator?.stop();
    });

    test('finds the Actors of the open folders from .actor/actor.json', () => {
        assert.deepEqual([...api.workspaceActors.actorNames].sort(), [
            'contact-details-extractor',
            'real-estate-listings',
        ]);
    });

    let report: FleetReport;

    test("after an analysis the status bar shows the workspace Actor's health and .actor/ files get its schema-validator and compliance diagnostics", async () => {
        await vscode.commands.executeCommand('apifyFleet._test.connectWithToken', SCOPED);
        const outcome = await api.fleet.analyse('local');
        assert.equal(outcome.error, null, outcome.error ?? '');
        assert.ok(outcome.report);
        report = outcome.report;

        // Status bar: fleet score, then the first folder's Actor with its own score and grade.
        const realEstate = report.actors.find((a) => a.name.split('/').pop() === 'real-estate-listings');
        assert.ok(realEstate, 'real-estate-listings is in the report');
        const statusText = await until(
            'the status bar',
            () => api.statusBar.text ?? '',
            (t) => t.includes('real-estate-listings'),
        );
        assert.match(statusText, /Fleet \d+ [A-F]/);
        assert.ok(
            statusText.includes(`real-estate-listings ${truncateScore(realEstate.healthScore)} ${realEstate.grade}`),
            statusText,
        );

        // Diagnostics: exactly the open schema-validator / compliance signals of each folder's Actor.
        const expectedFor = (actorName: string) =>
            report.signals.filter((s) => {
                const actor = report.actors.find((a) => a.id === s.actorId);
                return (
                    actor?.name.split('/').pop() === actorName &&
                    DIAGNOSTIC_SOURCES.includes(s.source) &&
                    !s.acknowledged
                );
            });
        const expectedSchema = expectedFor('real-estate-listings');
        const expectedCompliance = expectedFor('contact-details-extractor');
        assert.ok(
            expectedSchema.some((s) => s.source === 'schema-validator'),
            'the demo plants a schema drift on real-estate-listings',
        );
        assert.ok(
            expectedCompliance.some((s) => s.source === 'compliance-scanner'),
            'the demo plants compliance gaps on contact-details-extractor',
        );
        const total = expectedSchema.length + expectedCompliance.length;
        const diagnostics = await until(
            'the diagnostics',
            fleetDiagnostics,
            (m) => [...m.values()].flat().length === total,
        );

        const underActorDir = (folder: string) =>
            [...diagnostics]
                .filter(([path]) => path.startsWith(`${folderPath(folder)}/.actor/`))
                .flatMap(([, list]) => list);
        const schemaDiagnostics = underActorDir('workspace');
        const complianceDiagnostics = underActorDir('contact-details-extractor');
        assert.equal(schemaDiagnostics.length, expectedSchema.length);
        assert.equal(complianceDiagnostics.length, expectedCompliance.length);
        assert.ok(
            schemaDiagnostics.every((d) => d.source === 'Apify Fleet (schema-validator)'),
            JSON.stringify(schemaDiagnostics.map((d) => d.source)),
        );
        // contact-details-extractor also never writes a declared field: schema-validator reports that too.
        assert.deepEqual(
            [...new Set(complianceDiagnostics.map((d) => d.source))].sort(),
            [...new Set(expectedCompliance.map((s) => `Apify Fleet (${s.source})`))].sort(),
        );
        assert.ok(
            complianceDiagnostics.some((d) => d.source === 'Apify Fleet (compliance-scanner)'),
            JSON.stringify(complianceDiagnostics.map((d) => d.source)),
        );
        // Each names its signal (kind as the code, title and fix as the text) with a severity to match.
        for (const signal of [...expectedSchema, ...expectedCompliance]) {
            const match = [...schemaDiagnostics, ...complianceDiagnostics].find(
                (d) => d.code === signal.kind && d.message === `${signal.title}. ${signal.fix}`,
            );
            assert.ok(match, `no diagnostic for ${signal.source}:${signal.kind} "${signal.title}"`);
            const expected =
                signal.severity === 'critical' || signal.severity === 'high'
                    ? vscode.DiagnosticSeverity.Error
                    : signal.severity === 'medium'
                      ? vscode.DiagnosticSeverity.Warning
                      : vscode.DiagnosticSeverity.Information;
            assert.equal(match.severity, expected, signal.kind);
        }
        // Nothing lands outside the folders' .actor/ directories.
        assert.deepEqual(
            [...diagnostics.keys()].filter((path) => !/\/\.actor\/[^/]+\.json$/.test(path)),
            [],
        );
    });

    test('clearing the cached report removes the diagnostics and the workspace Actor from the status bar', async () => {
        await vscode.commands.executeCommand('apifyFleet.clearCache');
        await until(
            'no diagnostics',
            () => [...fleetDiagnostics().values()].flat().length,
            (n) => n === 0,
        );
        assert.equal(api.statusBar.text, undefined);
    });

    test('rotation reminder: a saved-at time older than the setting raises a non-modal "Rotate now"; globalState holds only the timestamp', async () => {
        await vscode.commands.executeCommand('apifyFleet._test.connectWithToken', SCOPED);
        const savedAtMs = api.globalState.get<unknown>('apifyFleet.tokenSavedAt');
        assert.equal(typeof savedAtMs, 'number');
        assert.ok(Math.abs(Date.now() - (savedAtMs as number)) < 60_000, 'the saved-at time is the time of connecting');

        // Default period (90 days): not due after 89 days, due after 91 (time injected through the hook).
        let mark = api.notifier.shown.length;
        assert.equal(api.fleet.remindRotationIfDue((savedAtMs as number) + 89 * DAY_MS), false);
        assert.deepEqual(api.notifier.shown.slice(mark), []);
        assert.equal(api.fleet.remindRotationIfDue((savedAtMs as number) + 91 * DAY_MS), true);
        const reminder = api.notifier.shown.slice(mark);
        assert.equal(reminder.length, 1);
        // An information toast (showInformationMessage without { modal: true }): it never blocks the editor.
        assert.equal(reminder[0]!.level, 'info');
        assert.match(reminder[0]!.text, /saved 91 days ago/);
        assert.ok(reminder[0]!.actions.includes('Rotate now'), JSON.stringify(reminder[0]!.actions));

        // A saved-at time 31 days in the past with the 30-day setting: due on the real clock.
        await config().update('tokenRotationDays', 30, vscode.ConfigurationTarget.Global);
        await api.globalState.update('apifyFleet.tokenSavedAt', Date.now() - 31 * DAY_MS);
        mark = api.notifier.shown.length;
        assert.equal(api.fleet.remindRotationIfDue(), true);
        assert.ok(
            api.notifier.shown
                .slice(mark)
                .some((m) => m.actions.includes('Rotate now') && /every 30 days/.test(m.text)),
        );
        await api.globalState.update('apifyFleet.tokenSavedAt', Date.now() - 29 * DAY_MS);
        assert.equal(api.fleet.remindRotationIfDue(), false);

        // globalState: a number for the time, never the token (the token lives in SecretStorage only).
        assert.equal(typeof api.globalState.get('apifyFleet.tokenSavedAt'), 'number');
        for (const key of api.globalState.keys()) {
            assert.ok(
                !JSON.stringify(api.globalState.get(key) ?? null).includes(SCOPED),
                `globalState "${key}" holds the token`,
            );
        }
        assert.equal(await api.tokens.getToken(), SCOPED);
    });

    test('auto-refresh is off by default and follows the setting', async () => {
        assert.equal(config().inspect<number>('autoRefreshMinutes')?.defaultValue, 0);
        assert.equal(config().inspect<number>('autoRefreshMinutes')?.globalValue, undefined);
        assert.equal(api.autoRefresh.scheduler.intervalMs, null);
        await config().update('autoRefreshMinutes', 5, vscode.ConfigurationTarget.Global);
        await until(
            'the 5-minute schedule',
            () => api.autoRefresh.scheduler.intervalMs,
            (ms) => ms === 5 * 60_000,
        );
        await config().update('autoRefreshMinutes', undefined, vscode.ConfigurationTarget.Global);
        await until(
            'auto-refresh off again',
            () => api.autoRefresh.scheduler.intervalMs,
            (ms) => ms === null,
        );
    });
});
