/**
 * Builders for the activity watch's tests: one run with neutral defaults, and a seeded, noisy
 * account whose owner does ordinary things (schedules, API scripts from home, a CI runner pool,
 * Console runs, a rarely used Actor) — the quiet account every detector must stay silent on.
 */
import { runActivitySchema, type RunActivity } from '../run-activity.js';
import { MS_PER_DAY } from '../../metrics/day-periods.js';

export const SALT = '0123456789abcdef0123456789abcdef';
export const HOME_IP = '198.51.100.23';
export const MILLIS_PER_HOUR = 3_600_000;
/** The quiet account's history ends here; detection windows start at it. */
export const HISTORY_END = '2026-03-01T00:00:00.000Z';

let runCounter = 0;

export function buildRun(partial: Partial<RunActivity> & { startedAt: string }): RunActivity {
    runCounter += 1;
    const finishedAt = new Date(Date.parse(partial.startedAt) + 5 * 60_000).toISOString();
    return runActivitySchema.parse({
        runId: `run${String(runCounter).padStart(6, '0')}`,
        actorId: 'actorApi',
        finishedAt,
        status: 'SUCCEEDED',
        origin: 'API',
        clientIp: HOME_IP,
        userAgent: 'ApifyClient/2.9.4 (linux; Node/v20.10.0); isAtHome/false',
        scheduleId: null,
        scheduledAt: null,
        actorTaskId: null,
        usageTotalUsd: 0.05,
        ...partial,
    });
}

export function isoAt(baseIso: string, offsetMillis: number): string {
    return new Date(Date.parse(baseIso) + offsetMillis).toISOString();
}

/** mulberry32: small, fast, reproducible from a 32-bit seed. */
export function createRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function pick<T>(random: () => number, items: readonly T[]): T {
    return items[Math.floor(random() * items.length)]!;
}

function randomInt(random: () => number, min: number, max: number): number {
    return min + Math.floor(random() * (max - min + 1));
}

/** A CI provider's runner pool: a fresh /24 from a large range on most jobs. */
export function ciRunnerIp(random: () => number): string {
    return `20.${randomInt(random, 40, 60)}.${randomInt(random, 0, 255)}.${randomInt(random, 1, 254)}`;
}

const CHROME_UA = (major: number) =>
    `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;

function dayStart(endIso: string, daysBefore: number): string {
    return isoAt(endIso, -daysBefore * MS_PER_DAY);
}

/** One day of the quiet account's ordinary activity. */
function quietDay(random: () => number, day: string, dayIndex: number): RunActivity[] {
    const runs: RunActivity[] = [];
    const at = (hour: number, minute = randomInt(random, 0, 59)) =>
        isoAt(day, hour * MILLIS_PER_HOUR + minute * 60_000);
    for (let i = 0; i < randomInt(random, 1, 2); i += 1)
        runs.push(
            buildRun({
                actorId: 'actorScheduled',
                origin: 'SCHEDULER',
                scheduleId: 'schedNightly',
                clientIp: null,
                userAgent: null,
                startedAt: at(3, randomInt(random, 0, 5)),
                usageTotalUsd: 0.2,
            }),
        );
    const apiRuns = randomInt(random, 0, 8);
    const clumpHour = randomInt(random, 8, 18);
    for (let i = 0; i < apiRuns; i += 1) {
        const host = `198.51.100.${randomInt(random, 20, 30)}`;
        const minor = randomInt(random, 8, 12);
        const userAgent = `ApifyClient/2.${minor}.0 (linux; Node/v20.10.0); isAtHome/false`;
        const hour = random() < 0.5 ? clumpHour : randomInt(random, 8, 18);
        runs.push(
            buildRun({
                actorId: pick(random, ['actorApi', 'actorApi2']),
                clientIp: host,
                userAgent,
                startedAt: at(hour),
            }),
        );
    }
    if (random() < 0.35) {
        const hour = randomInt(random, 6, 22);
        const jobs = randomInt(random, 3, 9);
        for (let i = 0; i < jobs; i += 1)
            runs.push(
                buildRun({
                    actorId: 'actorCi',
                    origin: 'API',
                    clientIp: ciRunnerIp(random),
                    userAgent: 'apify-cli/0.20.11 (linux; node/v22.1.0)',
                    startedAt: at(hour),
                }),
            );
    }
    if (random() < 0.3)
        runs.push(
            buildRun({
                actorId: pick(random, ['actorApi', 'actorWeb']),
                origin: 'WEB',
                clientIp: `192.0.2.${randomInt(random, 1, 254)}`,
                userAgent: CHROME_UA(128 + Math.floor(dayIndex / 30)),
                startedAt: at(randomInt(random, 9, 21)),
            }),
        );
    if (dayIndex % 5 === 0)
        runs.push(buildRun({ actorId: 'actorRare', startedAt: at(randomInt(random, 9, 17)), usageTotalUsd: 0.01 }));
    return runs;
}

/** `days` days of a quiet account ending at `endIso` (exclusive), reproducible from the seed. */
export function generateQuietAccount(seed: number, days: number, endIso = HISTORY_END): RunActivity[] {
    const random = createRandom(seed);
    const runs: RunActivity[] = [];
    for (let index = 0; index < days; index += 1) runs.push(...quietDay(random, dayStart(endIso, days - index), index));
    return runs;
}

/**
 * A leaked token at work: a burst of API runs from a network the account never used, with an
 * HTTP library the owner does not use, against several Actors within about an hour.
 */
export function plantLeakedTokenIncident(seed: number, startIso: string): RunActivity[] {
    const random = createRandom(seed ^ 0x1eaced);
    const runs: RunActivity[] = [];
    const runCount = randomInt(random, 40, 80);
    for (let i = 0; i < runCount; i += 1)
        runs.push(
            buildRun({
                actorId: pick(random, ['actorApi', 'actorScheduled', 'actorRare']),
                clientIp: `185.220.${randomInt(random, 100, 101)}.${randomInt(random, 1, 254)}`,
                userAgent: 'python-requests/2.31.0',
                startedAt: isoAt(startIso, randomInt(random, 0, 59) * 60_000),
                usageTotalUsd: 0.4,
            }),
        );
    return runs;
}

/** Watching one day after the quiet history: the stored-baseline path of a regular analysis. */
export const WATCH_END = '2026-03-02T00:00:00.000Z';
