/**
 * `npm run emulator -- --port 8123 --scenario demo|S|M|L [--fixture file.json] [--seed N]
 *  [--now ISO] [--latency-ms 20] [--jitter-ms 10] [--faults spec] [--no-rate-limits]`
 *
 * Starts the Apify API emulator until SIGINT/SIGTERM. A built-in scenario is drawn relative to
 * the current time and keeps going (its clock is real time, new runs appear as time passes),
 * so the CLI, the Actor and the extension pointed at it see today's runs; `--now` draws it at
 * a fixed moment instead (reproducible). Bad arguments: a message saying what is allowed,
 * exit code 2, no stack trace.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseFaultSpec } from './server/fault-injection.js';
import { RUN_SYNC_INTERVAL_MILLIS, startEmulator } from './index.js';

const EXIT_CODE_BAD_ARGUMENTS = 2;

const cliArgsSchema = z
    .object({
        port: z.coerce.number().int().min(0).max(65535).default(8123),
        scenario: z.enum(['demo', 'S', 'M', 'L']).optional(),
        fixture: z.string().min(1).optional(),
        seed: z.coerce.number().int().optional(),
        now: z.iso
            .datetime({ offset: true, message: 'must be an ISO date-time such as 2026-11-20T12:00:00Z' })
            .optional(),
        'latency-ms': z.coerce.number().nonnegative().default(0),
        'jitter-ms': z.coerce.number().nonnegative().default(0),
        faults: z.string().optional(),
        'no-rate-limits': z.boolean().default(false),
        help: z.boolean().default(false),
    })
    .strict()
    .refine((args) => !(args.scenario && args.fixture), {
        message: 'use either --scenario or --fixture, not both',
    });

const USAGE = `Usage: npm run emulator -- [--port 8123] [--scenario demo|S|M|L | --fixture file.json] [--seed N]
                        [--now ISO] [--latency-ms 20] [--jitter-ms 10] [--faults spec] [--no-rate-limits]
  --now     the clock's start, e.g. 2026-11-20T12:00:00Z: the scenario is drawn at that moment and
            no runs are added as time passes (default for scenarios: now, in real time; for a
            fixture: its "now")
  --faults  comma-separated <endpoint>:<500|502|503|reset|truncate|slow>:<probability>[:<delayMs>],
            e.g. "runs-list:503:0.1,*:reset:0.01"`;

function failWithUsage(message: string): never {
    process.stderr.write(`emulator: ${message}\n${USAGE}\n`);
    process.exit(EXIT_CODE_BAD_ARGUMENTS);
}

function parseCliArgs(argv: string[]) {
    let values: Record<string, unknown>;
    try {
        values = parseArgs({
            args: argv,
            options: {
                port: { type: 'string' },
                scenario: { type: 'string' },
                fixture: { type: 'string' },
                seed: { type: 'string' },
                now: { type: 'string' },
                'latency-ms': { type: 'string' },
                'jitter-ms': { type: 'string' },
                faults: { type: 'string' },
                'no-rate-limits': { type: 'boolean' },
                help: { type: 'boolean', short: 'h' },
            },
            strict: true,
            allowPositionals: false,
        }).values;
    } catch (error) {
        failWithUsage((error as Error).message);
    }
    const parsed = cliArgsSchema.safeParse(values);
    if (!parsed.success) {
        failWithUsage(
            parsed.error.issues
                .map(
                    (issue) => `${issue.path.length > 0 ? `--${issue.path.join('.')}` : 'arguments'}: ${issue.message}`,
                )
                .join('; '),
        );
    }
    if (parsed.data.help) {
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
    }
    try {
        parseFaultSpec(parsed.data.faults);
    } catch (error) {
        failWithUsage(`--faults: ${(error as Error).message}`);
    }
    return parsed.data;
}

async function main(): Promise<void> {
    const args = parseCliArgs(process.argv.slice(2));
    const isBuiltInScenario = args.fixture === undefined;
    // A built-in scenario follows real time unless --now fixes its moment.
    const isRealTime = isBuiltInScenario && args.now === undefined;
    const now = args.now !== undefined ? new Date(args.now) : isRealTime ? new Date() : undefined;
    let emulator: Awaited<ReturnType<typeof startEmulator>>;
    try {
        emulator = await startEmulator({
            ...(args.fixture !== undefined ? { fixture: args.fixture } : { scenario: args.scenario ?? 'demo' }),
            ...(args.seed !== undefined ? { seed: args.seed } : {}),
            ...(now !== undefined ? { now } : {}),
            followRealTime: isRealTime,
            port: args.port,
            latencyMs: args['latency-ms'],
            jitterMs: args['jitter-ms'],
            ...(args.faults !== undefined ? { faults: args.faults } : {}),
            rateLimits: !args['no-rate-limits'],
        });
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const message =
            code === 'EADDRINUSE'
                ? `port ${args.port} is already in use; pick another with --port (0 = any free port)`
                : (error as Error).message;
        process.stderr.write(`emulator: could not start: ${message}\n`);
        process.exit(1);
    }

    process.stdout.write(`Apify API emulator listening on ${emulator.url}\n`);
    process.stdout.write(
        `Source: ${isBuiltInScenario ? `scenario ${args.scenario ?? 'demo'}` : `fixture ${args.fixture}`}; ` +
            `${emulator.state.listActors().length} Actors, ${emulator.state.listRuns({ offset: 0, limit: 0 }).total} runs\n`,
    );
    process.stdout.write(
        `Clock: ${emulator.state.clock.now().toISOString()} ` +
            (isRealTime
                ? `(real time; the scenario's new runs appear every ${RUN_SYNC_INTERVAL_MILLIS / 1000} s)\n`
                : '(fixed start, flowing; no runs are added as time passes)\n'),
    );
    process.stdout.write('Tokens:\n');
    for (const token of emulator.state.tokens) {
        const scope =
            token.kind === 'full'
                ? 'full access'
                : `scoped: ${token.permissions.join(', ')}${token.defaultRunStorages ? ' + default run storages' : ''}`;
        // The built-in scenarios' tokens are public demo tokens; a custom fixture's are the user's own.
        const shown = isBuiltInScenario ? token.token : '(see your fixture file)';
        process.stdout.write(`  ${token.id.padEnd(12)} ${shown}  (${scope})\n`);
    }

    let isStopping = false;
    const stop = (signal: NodeJS.Signals) => {
        if (isStopping) return;
        isStopping = true;
        process.stdout.write(`Received ${signal}, stopping the emulator…\n`);
        emulator.stop().then(
            () => process.exit(0),
            (error: unknown) => {
                process.stderr.write(`emulator: error while stopping: ${(error as Error).message}\n`);
                process.exit(1);
            },
        );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
    process.stderr.write(`emulator: ${(error as Error).message}\n`);
    process.exit(1);
});
