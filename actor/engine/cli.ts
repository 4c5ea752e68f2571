#!/usr/bin/env node
/**
 * `npm start` / the `apify-fleet-analytics` command: the local flow, in which the token never
 * leaves this machine except towards the Apify API.
 *
 * - With `APIFY_TOKEN` (and optional `APIFY_API_BASE_URL`): analyses that account.
 * - Without a token: starts the Apify API emulator in-process with the `demo` scenario and
 *   analyses that sample fleet, clearly labelled DEMO. The emulator is test code: it is
 *   loaded only when its module can be resolved (a source checkout run with tsx, which is what
 *   `npm start` does); the bundled command (dist/actor/cli.js) says how to get the demo.
 *
 * Input: `--input <file.json>`, else `<storage>/key_value_stores/default/INPUT.json` when
 * present (the layout `apify run` uses), else the defaults. Outputs go to `<storage>`
 * (`CRAWLEE_STORAGE_DIR`, default `./storage`) in the same layout.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApifyClient } from 'apify-client';
import { InvalidInputError, parseActorInput, type ActorInput } from '../../shared/contracts/actor-input.js';
import { runFleetAnalysis } from './analysis-pipeline.js';
import { InvalidCollectionOptionError, InvalidTokenError } from './collection/errors.js';
import { PermissionDeniedError } from './collection/fleet-api.js';
import { createFileSystemOutputSink } from './outputs/output-sink.js';
import { formatTerminalSummary } from './outputs/terminal-summary.js';
import { SCOPED_TOKEN_PERMISSIONS_TEXT } from '../../shared/contracts/fleet-data.js';
import { createFileSystemTrendStore } from './trend-store/file-system-trend-store.js';

/** The demo scenario's full-access token: a published test credential of the emulator, not a secret. */
const DEMO_TOKEN = 'apify_api_demo_full';
/** Resolved at run time (a variable, so esbuild does not pull test code into the bundle). */
const EMULATOR_MODULE_PATH = '../../test/emulator/index.js';
const DEFAULT_API_BASE_URL = 'https://api.apify.com';

interface DemoEmulator {
    url: string;
    state: { clock: { now(): Date } };
    stop(): Promise<void>;
}

async function startDemoEmulator(): Promise<DemoEmulator | null> {
    try {
        const module = (await import(EMULATOR_MODULE_PATH)) as {
            startEmulator(options: { scenario: 'demo'; rateLimits: boolean }): Promise<DemoEmulator>;
        };
        return await module.startEmulator({ scenario: 'demo', rateLimits: false });
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNKNOWN_FILE_EXTENSION')
            return null;
        throw error;
    }
}

function parseArgs(argv: readonly string[]): { inputPath: string | null; isHelp: boolean } {
    const index = argv.indexOf('--input');
    return {
        inputPath: index >= 0 ? (argv[index + 1] ?? null) : null,
        isHelp: argv.includes('--help') || argv.includes('-h'),
    };
}

async function readInput(inputPath: string | null, storageDir: string): Promise<ActorInput> {
    const path = inputPath ?? join(storageDir, 'key_value_stores', 'default', 'INPUT.json');
    let raw: unknown = {};
    try {
        raw = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' || inputPath !== null) {
            throw new InvalidInputError([
                {
                    path: '(input)',
                    problem: `${path} could not be read as JSON (${code ?? (error as Error).message}).`,
                    fix: 'Fix the file or leave it out to use the defaults.',
                },
            ]);
        }
    }
    return parseActorInput(raw);
}

const HELP = `apify-fleet-analytics — fleet analytics for your Apify Actors

  APIFY_TOKEN=… apify-fleet-analytics [--input input.json]   analyse your account
  apify-fleet-analytics                                       demo on a sample fleet (source checkout: npm start)

Environment: APIFY_TOKEN, APIFY_API_BASE_URL (default ${DEFAULT_API_BASE_URL}), CRAWLEE_STORAGE_DIR (default ./storage).
A scoped token needs: ${SCOPED_TOKEN_PERMISSIONS_TEXT}.`;

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    if (args.isHelp) {
        console.log(HELP);
        return 0;
    }
    const storageDir = resolve(process.env.CRAWLEE_STORAGE_DIR ?? './storage');
    const input = await readInput(args.inputPath, storageDir);
    // Read once, then dropped from the environment of anything this process might start.
    const userToken = process.env.APIFY_TOKEN?.trim() || null;

    let emulator: DemoEmulator | null = null;
    if (!userToken) {
        emulator = await startDemoEmulator();
        if (!emulator) {
            console.error(
                'No APIFY_TOKEN set. Set it to analyse your account (Apify Console → Settings → API & Integrations),\n' +
                    'or run the demo from a source checkout of this project with `npm start`.',
            );
            return 2;
        }
    }
    try {
        const isDemo = emulator !== null;
        const client = new ApifyClient({
            token: userToken ?? DEMO_TOKEN,
            baseUrl: emulator?.url ?? process.env.APIFY_API_BASE_URL ?? DEFAULT_API_BASE_URL,
        });
        const now = emulator ? emulator.state.clock.now() : new Date();
        // The demo keeps its own history so it never mixes with a real account's trend.
        const trendStore = createFileSystemTrendStore(
            storageDir,
            isDemo ? `${input.trendStoreName}-demo` : input.trendStoreName,
        );
        console.error(
            isDemo ? 'DEMO: analysing the built-in sample fleet on the local emulator…' : 'Analysing your fleet…',
        );
        let lastStatus = '';
        const sink = await createFileSystemOutputSink(storageDir);
        const result = await runFleetAnalysis({
            fleetClient: client,
            input,
            trendStore,
            now,
            isDemo,
            runId: null,
            onStatus: (message) => {
                if (message !== lastStatus && process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${message}`);
                lastStatus = message;
            },
            log: { info: () => undefined, warning: (message) => console.error(`\nWarning: ${message}`) },
            outputSink: sink,
        });
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
        console.log(formatTerminalSummary(result.report, sink.locations));
        return result.isFleetUnlisted ? 1 : 0;
    } finally {
        await emulator?.stop();
    }
}

function describeCliError(error: unknown): string {
    if (
        error instanceof InvalidInputError ||
        error instanceof InvalidCollectionOptionError ||
        error instanceof InvalidTokenError
    )
        return error.message;
    if (error instanceof PermissionDeniedError)
        return `${error.message} A scoped token needs: ${SCOPED_TOKEN_PERMISSIONS_TEXT}.`;
    return `The analysis failed: ${(error as Error)?.message ?? String(error)}`;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        console.error(describeCliError(error));
        process.exitCode = 1;
    },
);
