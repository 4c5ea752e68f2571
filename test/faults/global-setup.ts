/**
 * `npm run test:faults` only: starts from an empty reliability table and prints the whole
 * table (every file's rows) when the run ends.
 */
import { rmSync } from 'node:fs';
import { formatReliabilityTable, readReliabilityFile, RELIABILITY_FILE } from './reliability-ledger.js';

export function setup(): void {
    rmSync(RELIABILITY_FILE, { force: true });
}

export function teardown(): void {
    const { rows } = readReliabilityFile();
    console.log(
        `\nReliability and security (${rows[0]?.scale ?? 'no'} scale) — ${RELIABILITY_FILE}\n${formatReliabilityTable(rows)}\n`,
    );
}
