/**
 * The options of collectFleet (collect-fleet.ts), checked once before any request: a mistake
 * gets an InvalidCollectionOptionError that says what is wrong and how to fix it.
 */
import type { AnalysisWindow } from '../../../shared/contracts/fleet-data.js';
import { InvalidCollectionOptionError } from './errors.js';
import { compileActorNameMatcher, type ActorNameMatcher } from './name-patterns.js';
import { MS_PER_DAY } from '../../../shared/metrics/day-periods.js';

/**
 * Requests in flight at once. The rate limits are kept by the RateLimiter, so this only bounds
 * sockets and the memory of responses being parsed: at 20–50 ms API latency, 200 in flight
 * allow 4,000–10,000 requests/s, more than the per-user limit (≈ 4,166/s).
 */
export const DEFAULT_CONCURRENCY = 200;
const MAX_CONCURRENCY = 500;

export interface CollectionSettingsInput {
    /** Whole UTC days; a run counts when `from ≤ startedAt < to`. */
    window: { from: Date; to: Date };
    include?: readonly string[];
    exclude?: readonly string[];
    /** Empty = every origin. */
    origins?: readonly string[];
    concurrency?: number;
    now?: Date;
}

export interface CollectionSettings {
    window: AnalysisWindow;
    /** `YYYY-MM-DD` of the window's first day and of the day after its last. */
    windowFromDay: string;
    windowToDay: string;
    matcher: ActorNameMatcher;
    /** Sorted, without duplicates. */
    origins: string[];
    concurrency: number;
    nowIso: string;
}

export function validateWindow(window: CollectionSettingsInput['window']): AnalysisWindow {
    const { from, to } = window;
    if (
        !(from instanceof Date) ||
        !(to instanceof Date) ||
        Number.isNaN(from.getTime()) ||
        Number.isNaN(to.getTime())
    ) {
        throw new InvalidCollectionOptionError('The window needs valid `from` and `to` dates.');
    }
    if (from.getTime() % MS_PER_DAY !== 0 || to.getTime() % MS_PER_DAY !== 0) {
        throw new InvalidCollectionOptionError(
            `The window must be whole UTC days (got ${from.toISOString()} – ${to.toISOString()}): start and end at 00:00 UTC.`,
        );
    }
    if (to.getTime() <= from.getTime()) {
        throw new InvalidCollectionOptionError('The window must span at least one day (`to` after `from`).');
    }
    return { from: from.toISOString(), to: to.toISOString() };
}

export function resolveCollectionSettings(options: CollectionSettingsInput): CollectionSettings {
    const window = validateWindow(options.window);
    const matcher = compileActorNameMatcher(options.include ?? [], options.exclude ?? []);
    const origins = [...new Set(options.origins ?? [])].sort();
    if (origins.some((o) => o.trim() === ''))
        throw new InvalidCollectionOptionError('Run origins must be non-empty names such as "SCHEDULER" or "API".');
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new InvalidCollectionOptionError(`concurrency must be an integer from 1 to 500 (got ${concurrency}).`);
    }
    return {
        window,
        windowFromDay: window.from.slice(0, 10),
        windowToDay: window.to.slice(0, 10),
        matcher,
        origins,
        concurrency,
        nowIso: (options.now ?? new Date()).toISOString(),
    };
}
