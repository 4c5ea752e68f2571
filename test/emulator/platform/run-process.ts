/**
 * One process of a run (one "container" in platform terms): spawned in its own process
 * group so that killing it also kills whatever it started, its stdout/stderr turned into
 * timestamped log lines, and its memory sampled for `stats.memMaxBytes`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunProcessExit {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
    /** Set when the command could not be started at all (ENOENT, EACCES...). */
    spawnError?: Error;
    /** True when the emulator killed it (abort, timeout, migration), not the Actor itself. */
    wasKilled: boolean;
}

export interface RunProcess {
    readonly pid: number | undefined;
    /** Resolves once the process has spawned (true) or failed to (false). */
    readonly spawned: Promise<boolean>;
    readonly exited: Promise<RunProcessExit>;
    /** SIGKILL to the whole process group; safe to call repeatedly or after exit. */
    kill(): void;
    memMaxBytes(): number | undefined;
    memAvgBytes(): number | undefined;
    /** The latest memory sample, for the `systemInfo` event. */
    memCurrentBytes(): number | undefined;
    /** CPU time used since the previous call, as % of one core over that wall time. */
    takeCpuUsagePercent(): number | undefined;
}

export interface SpawnRunProcessParams {
    argv: readonly string[];
    cwd?: string;
    env: NodeJS.ProcessEnv;
    /** One complete line of output, without its newline. */
    onLine(line: string, stream: 'stdout' | 'stderr'): void;
}

/** Often enough to catch a peak of a short test run, rare enough to cost nothing. */
const MEMORY_SAMPLE_INTERVAL_MILLIS = 250;

export function spawnRunProcess(params: SpawnRunProcessParams): RunProcess {
    const [command, ...args] = params.argv;
    if (command === undefined)
        throw new Error('The Actor command is empty: give at least the executable in command.argv.');
    const child = spawn(command, args, {
        cwd: params.cwd,
        env: params.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let wasKilled = false;
    let lastCpuReading: { cpuMillis: number; wallMillis: number } | undefined;
    let hasExited = false;
    const memorySamples: number[] = [];

    const forwardLines = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): void => {
        if (!stream) return;
        let pending = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
            pending += chunk;
            let newlineAt = pending.indexOf('\n');
            while (newlineAt >= 0) {
                params.onLine(pending.slice(0, newlineAt).replace(/\r$/, ''), name);
                pending = pending.slice(newlineAt + 1);
                newlineAt = pending.indexOf('\n');
            }
        });
        stream.on('end', () => {
            if (pending.length > 0) params.onLine(pending, name);
            pending = '';
        });
    };
    forwardLines(child.stdout, 'stdout');
    forwardLines(child.stderr, 'stderr');

    const sampleMemory = (): void => {
        const rssBytes = readRssBytes(child.pid);
        if (rssBytes !== undefined) memorySamples.push(rssBytes);
    };
    const sampler = setInterval(sampleMemory, MEMORY_SAMPLE_INTERVAL_MILLIS);
    sampler.unref();
    child.once('spawn', sampleMemory);

    const spawned = new Promise<boolean>((resolve) => {
        child.once('spawn', () => resolve(true));
        child.once('error', () => resolve(false));
    });
    const exited = new Promise<RunProcessExit>((resolve) => {
        child.once('error', (error) => {
            // 'error' without a pid means it never started; with a pid, 'close' follows.
            if (child.pid !== undefined) return;
            hasExited = true;
            clearInterval(sampler);
            resolve({ exitCode: null, signal: null, spawnError: error, wasKilled });
        });
        // 'close' (not 'exit') so the last output lines are in the log before we finish.
        child.once('close', (exitCode, signal) => {
            hasExited = true;
            clearInterval(sampler);
            resolve({ exitCode, signal, wasKilled });
        });
    });

    return {
        pid: child.pid,
        spawned,
        exited,
        kill() {
            if (hasExited || child.pid === undefined) return;
            wasKilled = true;
            try {
                process.kill(-child.pid, 'SIGKILL');
            } catch (error) {
                // ESRCH: the group is already gone; anything else is a real problem.
                if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
            }
        },
        memMaxBytes: () => (memorySamples.length ? Math.max(...memorySamples) : undefined),
        memAvgBytes: () =>
            memorySamples.length ? memorySamples.reduce((a, b) => a + b, 0) / memorySamples.length : undefined,
        memCurrentBytes: () => memorySamples.at(-1),
        takeCpuUsagePercent() {
            const cpuMillis = readCpuMillis(child.pid);
            const wallMillis = Date.now();
            if (cpuMillis === undefined) return undefined;
            const previous = lastCpuReading;
            lastCpuReading = { cpuMillis, wallMillis };
            if (!previous || wallMillis <= previous.wallMillis) return undefined;
            return (100 * (cpuMillis - previous.cpuMillis)) / (wallMillis - previous.wallMillis);
        },
    };
}

/** Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process from /proc/<pid>/stat, in milliseconds. */
function readCpuMillis(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
    } catch {
        return undefined;
    }
}

/** Resident memory of a process from /proc (Linux); undefined elsewhere or once it is gone. */
function readRssBytes(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
        return match?.[1] ? Number(match[1]) * 1024 : undefined;
    } catch {
        return undefined;
    }
}
