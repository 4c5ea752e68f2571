// Mocha reporter for the extension-host tests: mocha's spec output, then one line
// `N passed, N failed` alone, which CI reads (mocha itself prints only "N passing").
// Runs inside VS Code's extension host; its console output reaches the terminal through the
// launcher (test/extension-host/launcher.mjs).
'use strict';
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(EVENT_RUN_END, () => {
            // Registered after Spec's own handler, so the line comes after its epilogue.
            const { passes = 0, failures = 0 } = this.stats;
            console.log(`${passes} passed, ${failures} failed`);
        });
    }
}

module.exports = SummaryReporter;
