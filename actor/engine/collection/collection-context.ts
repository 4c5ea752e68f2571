/**
 * What every stage of collectFleet (collect-fleet.ts) shares: the API behind its rate limiter,
 * the unit runner, the abort signal and the progress callback. Stages take it and a plain
 * input object, and return a plain result object; nothing else is shared between them.
 */
import type { DayAggregate } from '../../../shared/contracts/fleet-data.js';
import { CollectionAbortedError } from './errors.js';
import type { FleetApi } from './fleet-api.js';
import type { DayCandidates } from './run-aggregation.js';
import type { TaskRunner } from './task-runner.js';

export type CollectionPhase = 'actors' | 'runs' | 'details' | 'builds' | 'datasets';
export interface CollectionProgress {
    phase: CollectionPhase;
    done: number;
    total: number;
    message: string;
}

export interface CollectionContext {
    api: FleetApi;
    runner: TaskRunner;
    signal: AbortSignal | undefined;
    onProgress: ((progress: CollectionProgress) => void) | undefined;
}

export function reportProgress(
    context: CollectionContext,
    phase: CollectionPhase,
    done: number,
    total: number,
    message: string,
): void {
    context.onProgress?.({ phase, done, total, message });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new CollectionAbortedError();
}

/** One day of one Actor: the aggregate the analysis reads and the candidates the sample is drawn from. */
export interface ActorDay {
    aggregate: DayAggregate;
    candidates: DayCandidates;
}

/** First instant of a UTC day (`YYYY-MM-DD`). */
export function dayStartIso(day: string): string {
    return `${day}T00:00:00.000Z`;
}
