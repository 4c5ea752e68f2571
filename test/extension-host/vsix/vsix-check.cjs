// Runs inside the test host's extension host with the .vsix INSTALLED (no development copy of
// the extension): the extension is found in the extensions folder, activates lazily through
// one of its declared activation events, and contributes its commands.
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'apify-fleet-analytics.apify-fleet-analytics';

exports.run = async function run() {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const expectedDir = process.env.FLEET_VSIX_EXTENSIONS_DIR;
    assert.ok(
        expectedDir && extension.extensionPath.startsWith(expectedDir),
        `loaded from ${extension.extensionPath}, not from the installed .vsix in ${expectedDir}`,
    );
    assert.equal(extension.isActive, false, 'activation must be lazy (no "*")');
    // An implicit onCommand activation: the command runs without a token and says so.
    await vscode.commands.executeCommand('apifyFleet.clearCache');
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
        'apifyFleet.connectToken',
        'apifyFleet.runOnApify',
        'apifyFleet.runLocally',
        'apifyFleet.openDashboard',
        'apifyFleet.deleteToken',
    ]) {
        assert.ok(commands.includes(id), `${id} is not registered`);
    }
    console.log('vsix check: installed, lazily activated, commands registered');
};
