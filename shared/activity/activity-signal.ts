/**
 * Signals of the activity watch: SIGNALS v1 signals of source `core` (the watch is one of the
 * orchestrator's own checks, see watch-activity.ts), built and validated in one place so every
 * detector gives the same shape, the same evidence format and the same "if it was not you" fix.
 */
import {
    signalSchema,
    type Decision,
    type ScoreComponentId,
    type Severity,
    type Signal,
} from '../contracts/signals.js';
import { buildFingerprint } from '../signals/fingerprint.js';
import type { RunActivity } from './run-activity.js';
import { describeClientNetwork } from './client-network.js';
import { formatUserAgentFamily, parseUserAgentFamily } from './user-agent-family.js';

/**
 * Signals about the account rather than one Actor (a new network, an account-wide burst, a
 * storage write) carry this id. `~` cannot appear in an Apify id, so it never names a real Actor.
 */
export const ACCOUNT_SCOPE_ID = '~account';

/** What to do when the activity was not the owner's: the same words on every signal. */
export const IF_NOT_YOU_FIX =
    'If this was not you: revoke the token in Apify Console → Settings → API & Integrations, create a new ' +
    'one with only the permissions it needs and put it wherever the old one was used (in the editor: ' +
    '"Apify Fleet: Connect token"); then abort any of the listed runs still running and review what they wrote.';

export interface ActivitySignalDraft {
    kind: string;
    scopeId: string;
    scopeName: string | null;
    discriminators?: string[];
    severity: Severity;
    decision: Decision;
    title: string;
    detail: string;
    metric?: { name: string; value: number | null; baseline: number | null; unit: string | null } | null;
    runs: readonly RunActivity[];
    extraNotes?: string[];
    /** What to do when it was the owner, before the shared "if it was not you" part. */
    ifYou: string;
    component?: ScoreComponentId;
    usdPerMonth?: number | null;
    labels?: Record<string, string>;
}

const MAX_RUN_NOTES = 6;

function clamp(text: string, maxChars: number): string {
    return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** "run X at T · origin API · network 203.0.113.0/24 · agent curl 8" — the evidence a person checks. */
export function describeRunEvidence(run: RunActivity, saltHex: string): string {
    const network = describeClientNetwork(run.clientIp, saltHex)?.prefix ?? 'no client address';
    const agent = formatUserAgentFamily(parseUserAgentFamily(run.userAgent));
    const schedule = run.scheduleId ? ` · schedule ${run.scheduleId}` : '';
    const task = run.actorTaskId ? ` · task ${run.actorTaskId}` : '';
    return `run ${run.runId} at ${run.startedAt} · origin ${run.origin} · network ${network} · agent ${agent}${schedule}${task}`;
}

export function buildActivitySignal(draft: ActivitySignalDraft, saltHex: string): Signal {
    const runNotes = draft.runs.slice(0, MAX_RUN_NOTES).map((run) => describeRunEvidence(run, saltHex));
    const more = draft.runs.length > MAX_RUN_NOTES ? [`…and ${draft.runs.length - MAX_RUN_NOTES} more runs`] : [];
    return signalSchema.parse({
        fingerprint: buildFingerprint('core', draft.kind, draft.scopeId, ...(draft.discriminators ?? [])),
        kind: draft.kind,
        source: 'core',
        actorId: draft.scopeId,
        actorName: draft.scopeName === null ? null : clamp(draft.scopeName, 200),
        severity: draft.severity,
        decision: draft.decision,
        title: clamp(draft.title, 300),
        detail: clamp(draft.detail, 4000),
        // Every activity metric (runs, idle days) gets worse as it grows: an acknowledged one returns when it does.
        metric: draft.metric ? { ...draft.metric, higherIsWorse: true } : null,
        evidence: {
            runIds: [...new Set(draft.runs.map((run) => run.runId))].slice(0, 20),
            buildNumbers: [],
            notes: [...(draft.extraNotes ?? []), ...runNotes, ...more].slice(0, 10).map((note) => clamp(note, 300)),
        },
        // No Health Score points: unexpected activity says nothing about an Actor's health; the
        // action plan ranks these by decision and severity (act_now + high/critical → fix now).
        scoreImpact: { component: draft.component ?? 'compliance', points: 0 },
        usdPerMonth: draft.usdPerMonth ?? null,
        fix: clamp(`${draft.ifYou} ${IF_NOT_YOU_FIX}`, 4000),
        labels: Object.fromEntries(
            Object.entries(draft.labels ?? {}).map(([k, v]) => [k.slice(0, 40), v.slice(0, 40)]),
        ),
    });
}

/** "3 runs of 2 Actors between T1 and T2". */
export function summariseRuns(runs: readonly RunActivity[]): string {
    const actorCount = new Set(runs.map((run) => run.actorId)).size;
    const starts = runs.map((run) => run.startedAt).sort();
    const span = starts.length > 1 ? `between ${starts[0]} and ${starts[starts.length - 1]}` : `at ${starts[0]}`;
    return `${runs.length} run${runs.length === 1 ? '' : 's'} of ${actorCount} Actor${actorCount === 1 ? '' : 's'} ${span}`;
}
