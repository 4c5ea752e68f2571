// Proves the extension-test host itself: a real VS Code 1.100 extension host loads and activates
// the extension under development. Product behaviour is tested in the neighbouring files.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../../package.json';

suite('extension-host smoke', () => {
    test('runs in VS Code 1.100 (code-server 4.100.3)', () => {
        assert.match(vscode.version, /^1\.100\./);
    });

    test('finds and activates the extension under development', async () => {
        const extensionId = `${manifest.publisher}.${manifest.name}`;
        const extension = vscode.extensions.getExtension(extensionId);
        assert.ok(
            extension,
            `extension ${extensionId} is not loaded; is the build in dist/extension/ and package.json "main" set?`,
        );
        await extension.activate();
        assert.equal(extension.isActive, true);
    });

    test('opens the fixture workspace', () => {
        const folder = vscode.workspace.workspaceFolders?.[0];
        assert.ok(folder, 'no workspace folder is open');
        assert.match(folder.uri.path, /test\/extension-host\/fixtures\/workspace$/);
    });
});
