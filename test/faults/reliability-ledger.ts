/**
 * The reliability table: what was tried, how many times, and what was lost. Each test file
 * records rows as its tests run; afterAll merges them into `test-results/reliability.json`
 * (one row per id; several files of one run write it, so a lock directory serialises the
 * read-modify-write) and prints the file's rows. `npm run test:faults` prints the whole table
 * at the end (global-setup.ts), and the README's table is refreshed from the JSON.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULTS_SCALE } from './fault-scale.js';

export interface ReliabilityRow {
    /** Stable id, e.g. `faults/5xx-10pct`. */
    id: string;
    /** What was tried, for people. */
    what: string;
    /** How many times (analyses, cases, runs). */
    tried: number;
    /** How many of those lost something (a different OUTPUT, a lost snapshot, a crash, a leak). */
    lost: number;
    /** What "lost" means here and anything worth knowing (fault counts, timings). */
    detail: string;
    scale: string;
    recordedAt: string;
}

export interface ReliabilityFile {
    generatedAt: string;
    rows: ReliabilityRow[];
}

export const RESULTS_DIRECTORY = join(__dirname, '..', '..', 'test-results');
export const RELIABILITY_FILE = join(RESULTS_DIRECTORY, 'reliability.json');
const LOCK_DIRECTORY = join(RESULTS_DIRECTORY, '.reliability.lock');
const LOCK_STALE_MILLIS = 30_000;

export class ReliabilityLedger {
    private readonly rows = new Map<string, ReliabilityRow>();

    /** Adds to a row (tried and lost accumulate; the latest detail wins). */
    record(row: { id: string; what: string; tried: number; lost: number; detail?: string }): void {
        const previous = this.rows.get(row.id);
        this.rows.set(row.id, {
            id: row.id,
            what: row.what,
            tried: (previous?.tried ?? 0) + row.tried,
            lost: (previous?.lost ?? 0) + row.lost,
            detail: row.detail ?? previous?.detail ?? '',
            scale: FAULTS_SCALE,
            recordedAt: new Date().toISOString(),
        });
    }

    entries(): ReliabilityRow[] {
        return [...this.rows.values()];
    }

    /** Merges this file's rows into the shared JSON and prints them. */
    flush(): void {
        const rows = this.entries();
        if (rows.length === 0) return;
        withLock(() => {
            const merged = new Map(readReliabilityFile().rows.map((row) => [row.id, row]));
            for (const row of rows) merged.set(row.id, row);
            const file: ReliabilityFile = {
                generatedAt: new Date().toISOString(),
                rows: [...merged.values()].sort((a, b) => a.id.localeCompare(b.id)),
            };
            const temporary = `${RELIABILITY_FILE}.${process.pid}.tmp`;
            writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`);
            renameSync(temporary, RELIABILITY_FILE);
        });
        console.log(formatReliabilityTable(rows));
    }
}

export function readReliabilityFile(): ReliabilityFile {
    try {
        return JSON.parse(readFileSync(RELIABILITY_FILE, 'utf8')) as ReliabilityFile;
    } catch {
        return { generatedAt: new Date(0).toISOString(), rows: [] };
    }
}

function withLock(action: () => void): void {
    mkdirSync(RESULTS_DIRECTORY, { recursive: true });
    const deadline = Date.now() + LOCK_STALE_MILLIS;
    for (;;) {
        try {
            mkdirSync(LOCK_DIRECTORY);
            break;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            // A lock older than the deadline belongs to a crashed writer: take it over.
            if (Date.now() > deadline) break;
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
    }
    try {
        action();
    } finally {
        rmSync(LOCK_DIRECTORY, { recursive: true, force: true });
    }
}

/** A plain-text table (also valid Markdown). */
export function formatReliabilityTable(rows: readonly ReliabilityRow[]): string {
    const header = ['What was tried', 'Times', 'Lost', 'Notes'];
    const lines = rows.map((row) => [row.what, String(row.tried), String(row.lost), row.detail]);
    return [
        `| ${header.join(' | ')} |`,
        `|${header.map(() => '---').join('|')}|`,
        ...lines.map((cells) => `| ${cells.map((cell) => cell.replace(/\|/g, '/')).join(' | ')} |`),
    ].join('\n');
}
