// Shared by the hostile-folder extension-host tests: recorder servers (loopback only) that log
// every request's Authorization header and forward it to the emulator, and the folder's
// .vscode/settings.json pointed at one of them while a suite runs.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitForValue as until } from '../../support/wait-until.js';

export const EXTENSION_ID = 'apify-fleet-analytics.apify-fleet-analytics';

export interface Recorder {
    url: string;
    host: string;
    requests: { method: string; path: string; authorization: string | undefined }[];
    stop(): Promise<void>;
}

/** A recorder in front of `targetUrl`: it answers what the target answers, and remembers who asked. */
export async function startRecorder(targetUrl: string): Promise<Recorder> {
    const target = new URL(targetUrl);
    const requests: Recorder['requests'] = [];
    const server: Server = createServer((req, res) => {
        requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
        const upstream = httpRequest(
            {
                hostname: target.hostname,
                port: target.port,
                method: req.method,
                path: req.url,
                headers: { ...req.headers, host: target.host },
            },
            (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
            },
        );
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        host: `127.0.0.1:${port}`,
        requests,
        stop: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

export function folderSettingsPath(): string {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('no folder is open');
    return join(folder.uri.fsPath, '.vscode', 'settings.json');
}

/**
 * Points the folder's apiBaseUrl at `url` and waits until VS Code has read the file again
 * (seen through lookbackDays, a setting a workspace may set). Returns the committed text.
 */
export async function pointFolderSettingsAt(url: string, lookbackDaysMarker: number): Promise<string> {
    const path = folderSettingsPath();
    const committed = readFileSync(path, 'utf8');
    const settings = JSON.parse(committed) as Record<string, unknown>;
    settings['apifyFleet.apiBaseUrl'] = url;
    settings['apifyFleet.lookbackDays'] = lookbackDaysMarker;
    writeFileSync(path, `${JSON.stringify(settings, null, 4)}\n`);
    await until(
        'VS Code to read the folder settings',
        () => vscode.workspace.getConfiguration('apifyFleet').inspect('lookbackDays')?.workspaceValue,
        (value) => value === lookbackDaysMarker,
    );
    return committed;
}

/** Every command of the extension (12), with the arguments a click would pass; ends with Delete token. */
export async function runEveryCommand(options: {
    fingerprint: string | undefined;
    actorId: string | undefined;
    queueToken: () => void;
}): Promise<void> {
    const run = async (command: string, ...args: unknown[]) => {
        try {
            await vscode.commands.executeCommand(command, ...args);
        } catch {
            // A refused command may throw; what matters is where requests went.
        }
    };
    options.queueToken();
    await run('apifyFleet.connectToken');
    await run('apifyFleet.checkPermissions');
    await run('apifyFleet.runOnApify');
    await run('apifyFleet.runLocally');
    await run('apifyFleet.refresh');
    await run('apifyFleet.openDashboard');
    await run('apifyFleet.acknowledgeSignal', options.fingerprint);
    await run('apifyFleet.openInConsole', options.actorId);
    await run('apifyFleet.showLog');
    await run('apifyFleet.clearCache');
    options.queueToken();
    await run('apifyFleet.rotateToken');
    await run('apifyFleet.deleteToken');
    await run('workbench.action.closeAllEditors');
}
