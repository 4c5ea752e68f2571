/**
 * The seam between what the collection reads and the activity watch.
 *
 * Today it maps raw run list items (`GET /v2/actor-runs`, `GET /v2/actors/{id}/runs`: Apify's
 * `RunShort`) and storage list items onto the watch's records. When FleetData carries the per-run
 * fields (client address, user agent, schedule, task), an adapter from FleetData implements
 * `RunActivitySource` beside this one; the watch itself does not change.
 *
 * Real payloads carry fields the API description does not list, so items are read leniently
 * (unknown keys ignored) and every problem is reported with the item's position, never thrown.
 */
import { z } from 'zod';
import { namedStorageSchema, runActivitySchema, type NamedStorage, type RunActivity } from './run-activity.js';

/** Anything that can list the window's runs as activity records (run list items, later FleetData). */
export type RunActivitySource<Input> = (input: Input) => RunActivityParseResult;

export interface RunActivityParseResult {
    runs: RunActivity[];
    /** One readable line per item that could not be read; the item is left out. */
    problems: string[];
}

const optionalText = z.string().nullable().optional();

const runListItemSchema = z.looseObject({
    id: z.string(),
    actId: z.string(),
    status: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable().optional(),
    actorTaskId: optionalText,
    usageTotalUsd: z.number().nullable().optional(),
    meta: z.looseObject({
        origin: z.string(),
        clientIp: optionalText,
        userAgent: optionalText,
        scheduleId: optionalText,
        scheduledAt: optionalText,
    }),
});

function describeIssues(error: z.ZodError): string {
    return error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
        .join('; ');
}

function toRunActivity(item: z.infer<typeof runListItemSchema>): unknown {
    return {
        runId: item.id,
        actorId: item.actId,
        startedAt: item.startedAt,
        finishedAt: item.finishedAt ?? null,
        status: item.status,
        origin: item.meta.origin,
        clientIp: item.meta.clientIp ?? null,
        userAgent: item.meta.userAgent ?? null,
        scheduleId: item.meta.scheduleId ?? null,
        scheduledAt: item.meta.scheduledAt ?? null,
        actorTaskId: item.actorTaskId ?? null,
        usageTotalUsd: item.usageTotalUsd ?? null,
    };
}

/** Maps raw run list items (as the API returns them) onto activity records. */
export const runActivityFromRunListItems: RunActivitySource<readonly unknown[]> = (items) => {
    const runs: RunActivity[] = [];
    const problems: string[] = [];
    items.forEach((raw, index) => {
        const item = runListItemSchema.safeParse(raw);
        const run = item.success ? runActivitySchema.safeParse(toRunActivity(item.data)) : item;
        if (run.success) runs.push(run.data as RunActivity);
        else problems.push(`run list item ${index}: ${describeIssues(run.error)}; left out of the activity watch.`);
    });
    return { runs, problems };
};

const storageListItemSchema = z.looseObject({ id: z.string(), name: z.string().nullable(), modifiedAt: z.string() });

/**
 * Maps the items of the named-storage lists onto records. Unnamed storages (a run's default
 * ones) are skipped: their writes belong to the run that owns them.
 */
export function namedStoragesFromListItems(
    kind: NamedStorage['kind'],
    items: readonly unknown[],
): { storages: NamedStorage[]; problems: string[] } {
    const storages: NamedStorage[] = [];
    const problems: string[] = [];
    items.forEach((raw, index) => {
        const item = storageListItemSchema.safeParse(raw);
        if (item.success && item.data.name === null) return;
        const storage = item.success
            ? namedStorageSchema.safeParse({
                  id: item.data.id,
                  name: item.data.name,
                  kind,
                  modifiedAt: item.data.modifiedAt,
              })
            : item;
        if (storage.success) storages.push(storage.data as NamedStorage);
        else problems.push(`${kind} list item ${index}: ${describeIssues(storage.error)}; left out.`);
    });
    return { storages, problems };
}
