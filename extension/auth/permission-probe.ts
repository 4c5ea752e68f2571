/**
 * "Check token permissions": probes what the token may do with harmless, read-only calls and
 * says plainly what it cannot probe. Nothing is ever written, started or deleted to find out:
 * "Actors: Run" and "Key-value stores: Write" can only be proven by doing it, so they are
 * reported as "not probed" instead of guessed.
 *
 * Two halves: `probeTokenPermissions` (the API calls; each outcome recorded as an HTTP status)
 * and `interpretPermissionProbes` (pure, unit-tested) that turns statuses into the report.
 */
import type { ApifyClient } from 'apify-client';
import { statusCodeOf, type PermissionName } from '../shared/api-errors.js';

export type ProbeStatus =
    | { kind: 'ok' }
    | { kind: 'http'; status: number }
    | { kind: 'skipped'; reason: string }
    | { kind: 'error'; message: string };

/** The raw outcome of every probe. */
export interface PermissionProbes {
    actorsList: ProbeStatus;
    runsList: ProbeStatus;
    buildsList: ProbeStatus;
    datasetsList: ProbeStatus;
    keyValueStoresList: ProbeStatus;
    /** Reading a run's default key-value store: the "default run storages" toggle. */
    runDefaultStore: ProbeStatus;
    /** Resources the product never needs: success means the token is broader than needed. */
    broad: {
        limits: ProbeStatus;
        usage: ProbeStatus;
        schedules: ProbeStatus;
        webhooks: ProbeStatus;
        tasks: ProbeStatus;
    };
}

export type PermissionOutcome = 'granted' | 'missing' | 'not-probed' | 'unknown';

export interface PermissionCheckItem {
    permission: PermissionName;
    outcome: PermissionOutcome;
    /** How it was probed, or why it could not be. */
    detail: string;
}

export interface PermissionReport {
    items: PermissionCheckItem[];
    missing: PermissionName[];
    /** Read-only probes of resources the product does not need that succeeded. */
    broaderThanNeeded: string[];
    /** True when the token could read nothing at all: 401 on the probes. */
    isTokenInvalid: boolean;
}

const OK: ProbeStatus = { kind: 'ok' };

async function probe(call: () => Promise<unknown>): Promise<ProbeStatus> {
    try {
        await call();
        return OK;
    } catch (error) {
        const status = statusCodeOf(error);
        if (status !== undefined) return { kind: 'http', status };
        return {
            kind: 'error',
            message: error instanceof Error ? (error.message.split('\n')[0] ?? 'error') : String(error),
        };
    }
}

/** Runs every probe (GET requests only). */
export async function probeTokenPermissions(client: ApifyClient): Promise<PermissionProbes> {
    let firstActorId: string | undefined;
    const actorsList = await probe(async () => {
        const page = await client.actors().list({ my: true, limit: 1 });
        firstActorId = page.items[0]?.id;
    });
    let run: { defaultKeyValueStoreId: string } | undefined;
    const runsList = await probe(async () => {
        const page = await client.runs().list({ limit: 1, desc: true });
        const first = page.items[0];
        if (first) run = { defaultKeyValueStoreId: first.defaultKeyValueStoreId };
    });
    const buildsList = firstActorId
        ? await probe(() => client.actor(firstActorId!).builds().list({ limit: 1 }))
        : ({
              kind: 'skipped',
              reason:
                  actorsList.kind === 'ok'
                      ? 'the account has no Actor whose builds could be listed'
                      : 'no Actor could be listed to list its builds',
          } as const);
    const datasetsList = await probe(() => client.datasets().list({ limit: 1 }));
    const keyValueStoresList = await probe(() => client.keyValueStores().list({ limit: 1 }));
    const runDefaultStore = run
        ? await probe(() => client.keyValueStore(run!.defaultKeyValueStoreId).listKeys({ limit: 1 }))
        : ({
              kind: 'skipped',
              reason:
                  runsList.kind === 'ok'
                      ? 'the account has no run whose default store could be read'
                      : 'no run could be listed to read its default store',
          } as const);
    const [limits, usage, schedules, webhooks, tasks] = await Promise.all([
        probe(() => client.user('me').limits()),
        probe(() => client.user('me').monthlyUsage()),
        probe(() => client.schedules().list({ limit: 1 })),
        probe(() => client.webhooks().list({ limit: 1 })),
        probe(() => client.tasks().list({ limit: 1 })),
    ]);
    return {
        actorsList,
        runsList,
        buildsList,
        datasetsList,
        keyValueStoresList,
        runDefaultStore,
        broad: { limits, usage, schedules, webhooks, tasks },
    };
}

function outcomeOf(status: ProbeStatus): { outcome: PermissionOutcome; note: string } {
    switch (status.kind) {
        case 'ok':
            return { outcome: 'granted', note: '' };
        case 'skipped':
            return { outcome: 'unknown', note: `not probed: ${status.reason}` };
        case 'error':
            return { outcome: 'unknown', note: `the probe failed (${status.message})` };
        case 'http':
            if (status.status === 403) return { outcome: 'missing', note: 'refused (403)' };
            return { outcome: 'unknown', note: `the probe answered ${status.status}` };
    }
}

const BROAD_PROBES: { key: keyof PermissionProbes['broad']; what: string }[] = [
    { key: 'limits', what: 'account limits (/v2/users/me/limits)' },
    { key: 'usage', what: 'account usage (/v2/users/me/usage/monthly)' },
    { key: 'schedules', what: 'schedules' },
    { key: 'webhooks', what: 'webhooks' },
    { key: 'tasks', what: 'Actor tasks' },
];

export function interpretPermissionProbes(probes: PermissionProbes): PermissionReport {
    const item = (permission: PermissionName, status: ProbeStatus, how: string): PermissionCheckItem => {
        const { outcome, note } = outcomeOf(status);
        return { permission, outcome, detail: outcome === 'granted' ? how : `${how}: ${note}` };
    };
    const kvsRead = outcomeOf(probes.keyValueStoresList).outcome;
    const runStore = outcomeOf(probes.runDefaultStore);
    // A refused run store with "Key-value stores: Read" granted points at the toggle alone.
    const toggle: PermissionCheckItem =
        runStore.outcome === 'granted'
            ? {
                  permission: 'Access to default run storages',
                  outcome: 'granted',
                  detail: "read a run's default key-value store",
              }
            : runStore.outcome === 'missing' && kvsRead === 'granted'
              ? {
                    permission: 'Access to default run storages',
                    outcome: 'missing',
                    detail: 'a run\'s default key-value store was refused although key-value stores may be read: turn on "Access to default run storages"',
                }
              : {
                    permission: 'Access to default run storages',
                    outcome: 'unknown',
                    detail:
                        runStore.outcome === 'missing'
                            ? 'a run\'s default key-value store was refused; add "Key-value stores: Read" first, then check again'
                            : `read a run's default key-value store: ${runStore.note}`,
                };
    const items: PermissionCheckItem[] = [
        item('Actors: Read', probes.actorsList, "listed the account's Actors"),
        {
            permission: 'Actors: Run',
            outcome: 'not-probed',
            detail: 'cannot be checked without starting a run; the extension does not start anything to find out. "Run analysis on Apify" needs it.',
        },
        item('Actor runs: Read', probes.runsList, "listed the account's runs"),
        item('Actor builds: Read', probes.buildsList, 'listed the builds of an Actor'),
        item('Datasets: Read', probes.datasetsList, 'listed datasets'),
        item('Key-value stores: Read', probes.keyValueStoresList, 'listed key-value stores'),
        {
            permission: 'Key-value stores: Write',
            outcome: 'not-probed',
            detail: 'cannot be checked without writing a record; the extension does not write to find out. Acknowledgements need it (without it they are kept on this machine).',
        },
        toggle,
    ];
    const broaderThanNeeded = BROAD_PROBES.filter(({ key }) => probes.broad[key].kind === 'ok').map(({ what }) => what);
    const all = [probes.actorsList, probes.runsList, probes.buildsList, probes.datasetsList, probes.keyValueStoresList];
    const isTokenInvalid = all.some((s) => s.kind === 'http' && s.status === 401);
    return {
        items,
        missing: items.filter((i) => i.outcome === 'missing').map((i) => i.permission),
        broaderThanNeeded,
        isTokenInvalid,
    };
}

const OUTCOME_MARK: Record<PermissionOutcome, string> = { granted: '✓', missing: '✗', 'not-probed': '?', unknown: '?' };

/** Multi-line text for the modal/detail and the log. */
export function formatPermissionReport(report: PermissionReport): string {
    const lines = report.items.map(
        (i) =>
            `${OUTCOME_MARK[i.outcome]} ${i.permission} — ${i.outcome === 'granted' ? 'granted' : i.outcome}: ${i.detail}`,
    );
    if (report.broaderThanNeeded.length > 0) {
        lines.push(
            `⚠ The token looks broader than needed: it can read ${report.broaderThanNeeded.join(', ')}. A scoped token with only the permissions above limits what a leaked token can do.`,
        );
    }
    return lines.join('\n');
}

/** One line for the notification. */
export function summarisePermissionReport(report: PermissionReport): string {
    if (report.isTokenInvalid) return 'The token is not valid or was revoked.';
    const parts: string[] = [];
    parts.push(
        report.missing.length === 0 ? 'No required permission is missing.' : `Missing: ${report.missing.join(', ')}.`,
    );
    parts.push('Not probed (would need a run or a write): Actors: Run, Key-value stores: Write.');
    if (report.broaderThanNeeded.length > 0)
        parts.push(`Broader than needed: can read ${report.broaderThanNeeded.join(', ')}.`);
    return parts.join(' ');
}
