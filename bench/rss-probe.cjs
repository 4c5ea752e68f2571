// Preloaded into the measured Actor process (`node --require`): at exit, writes the process's
// own peak resident set size (getrusage maxRSS, kilobytes on Linux) to BENCH_RSS_FILE. Exact,
// unlike sampling /proc from outside, which can miss the last moments before exit.
'use strict';
const { writeFileSync } = require('node:fs');
const target = process.env.BENCH_RSS_FILE;
if (target) {
    delete process.env.BENCH_RSS_FILE;
    process.on('exit', () => {
        try {
            writeFileSync(target, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
        } catch {
            // The harness falls back to its /proc samples.
        }
    });
}
