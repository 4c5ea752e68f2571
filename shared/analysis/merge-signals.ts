/**
 * Merging SIGNALS documents: the core's and the specialists' (inline or from specialist runs).
 *
 * Trust nothing: every raw document is `unknown` and goes through `signalsDocumentSchema`.
 * - An invalid document is quarantined with a readable reason (the first few zod issues as
 *   `path: message`, each bounded in length) and contributes no signal.
 * - Inside a valid document, a signal that claims another source than the document's
 *   specialist (or whose fingerprint does not start with `<source>:`) is dropped and
 *   reported: one specialist cannot speak for another or shadow its fingerprints.
 * - Signals are de-duplicated by fingerprint, keeping the most severe (severity, then
 *   decision act_now > monitor > ignore, then score points, then source order).
 * - The result is in a canonical order (independent of the order documents arrived in),
 *   so inline and fan-out runs give identical OUTPUT.
 * Never throws, whatever the input.
 */
import type { SpecialistStatus } from '../contracts/fleet-report.js';
import {
    DECISIONS,
    SEVERITIES,
    signalSourceSchema,
    signalsDocumentSchema,
    type Signal,
    type SignalSource,
    type SignalsDocument,
} from '../contracts/signals.js';

/** What the orchestrator knows about a specialist run it started (fan-out mode). */
export interface SpecialistRunInfo {
    name: SignalSource;
    runId?: string;
    /** Terminal status of the run, or why it did not run. */
    status: 'succeeded' | 'failed' | 'timed-out' | 'aborted' | 'not-started' | 'skipped';
    /** Actors the run was responsible for (its shard). */
    actorIds: string[];
    reason?: string | null;
    /**
     * Fan-out: the raw SIGNALS record this run wrote, the same value that is passed in
     * `rawDocuments`. An invalid record is then attributed to this run whatever it claims
     * (a garbage record may carry no runId at all).
     */
    document?: unknown;
}

export interface QuarantineEntry {
    documentIndex: number;
    specialist: SignalSource | null;
    runId: string | null;
    reason: string;
}

export interface MergeSignalsResult {
    signals: Signal[];
    statuses: SpecialistStatus[];
    quarantine: QuarantineEntry[];
    /** The valid documents, as parsed. */
    documents: SignalsDocument[];
}

/** At most this many zod issues are named in a quarantine reason: enough to fix, short enough to read. */
export const MAX_REASON_ISSUES = 3;
const MAX_ISSUE_MESSAGE_CHARS = 160;
const MAX_PATH_SEGMENT_CHARS = 40;
const SOURCE_ORDER: readonly SignalSource[] = signalSourceSchema.options;

function truncate(text: string, maxChars: number): string {
    return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

function formatIssuePath(path: readonly PropertyKey[]): string {
    if (path.length === 0) return '(document)';
    return path
        .map((segment) => truncate(typeof segment === 'symbol' ? '[symbol]' : String(segment), MAX_PATH_SEGMENT_CHARS))
        .join('.');
}

/** "signals.0.severity: Invalid option…; runId: …; (+4 more)". */
export function summarizeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
    const shown = issues
        .slice(0, MAX_REASON_ISSUES)
        .map((issue) => `${formatIssuePath(issue.path)}: ${truncate(issue.message, MAX_ISSUE_MESSAGE_CHARS)}`);
    const more = issues.length > MAX_REASON_ISSUES ? `; (+${issues.length - MAX_REASON_ISSUES} more)` : '';
    return `Invalid SIGNALS document: ${shown.join('; ')}${more}`;
}

/** Reads one own property of a hostile value without letting a getter or proxy throw. */
function peekOwn(raw: unknown, key: string): unknown {
    try {
        if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, key)) return undefined;
        return (raw as Record<string, unknown>)[key];
    } catch {
        return undefined;
    }
}

function peekSpecialist(raw: unknown): SignalSource | null {
    const parsed = signalSourceSchema.safeParse(peekOwn(raw, 'specialist'));
    return parsed.success ? parsed.data : null;
}

function peekRunId(raw: unknown): string | null {
    const value = peekOwn(raw, 'runId');
    return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : null;
}

const severityRank = (signal: Signal) => SEVERITIES.length - SEVERITIES.indexOf(signal.severity);
const decisionRank = (signal: Signal) => DECISIONS.length - DECISIONS.indexOf(signal.decision);

/** Positive when `a` should win over `b`. */
export function compareSignalPriority(a: Signal, b: Signal): number {
    return (
        severityRank(a) - severityRank(b) ||
        decisionRank(a) - decisionRank(b) ||
        a.scoreImpact.points - b.scoreImpact.points ||
        SOURCE_ORDER.indexOf(b.source) - SOURCE_ORDER.indexOf(a.source)
    );
}

function parseDocument(raw: unknown): { ok: true; document: SignalsDocument } | { ok: false; reason: string } {
    try {
        const result = signalsDocumentSchema.safeParse(raw);
        if (result.success) return { ok: true, document: result.data };
        return { ok: false, reason: summarizeIssues(result.error.issues) };
    } catch (error) {
        return {
            ok: false,
            reason: `SIGNALS document could not be read: ${truncate(error instanceof Error ? error.message : String(error), 200)}`,
        };
    }
}

function runStatusToSpecialistStatus(run: SpecialistRunInfo): SpecialistStatus['status'] {
    if (run.status === 'not-started' || run.status === 'skipped') return 'skipped';
    return 'failed';
}

export function mergeSignalDocuments(
    rawDocuments: readonly unknown[],
    specialistRuns: readonly SpecialistRunInfo[] = [],
): MergeSignalsResult {
    const documents: SignalsDocument[] = [];
    const quarantine: QuarantineEntry[] = [];
    const statuses: SpecialistStatus[] = [];
    const byFingerprint = new Map<string, Signal>();
    const runsWithValidDocument = new Set<SpecialistRunInfo>();
    const runsWithInvalidDocument = new Map<SpecialistRunInfo, string>();
    const findRun = (raw: unknown, name: SignalSource | null, runId: string | null) =>
        specialistRuns.find((run) => run.document !== undefined && run.document === raw) ??
        specialistRuns.find(
            (run) =>
                run.document === undefined &&
                ((runId !== null && run.runId === runId) ||
                    (runId === null && run.runId === undefined && name !== null && run.name === name)),
        );

    rawDocuments.forEach((raw, documentIndex) => {
        const parsed = parseDocument(raw);
        if (!parsed.ok) {
            const runId = peekRunId(raw);
            const run = findRun(raw, peekSpecialist(raw), runId);
            const specialist = run?.name ?? peekSpecialist(raw);
            quarantine.push({ documentIndex, specialist, runId: run?.runId ?? runId, reason: parsed.reason });
            if (run) runsWithInvalidDocument.set(run, parsed.reason);
            else if (specialist !== null) {
                statuses.push({
                    name: specialist,
                    status: 'quarantined',
                    ...(runId !== null ? { runId } : {}),
                    reason: parsed.reason,
                    missingActorIds: [],
                    signalCount: 0,
                });
            }
            return;
        }
        const document = parsed.document;
        documents.push(document);
        const run = findRun(raw, document.specialist, document.runId);
        if (run) runsWithValidDocument.add(run);
        const accepted: Signal[] = [];
        let rejected = 0;
        for (const signal of document.signals) {
            if (signal.source !== document.specialist || !signal.fingerprint.startsWith(`${signal.source}:`)) {
                rejected++;
                continue;
            }
            accepted.push(signal);
        }
        if (rejected > 0) {
            quarantine.push({
                documentIndex,
                specialist: document.specialist,
                runId: document.runId,
                reason: `${rejected} signal(s) dropped: their source or fingerprint prefix is not "${document.specialist}".`,
            });
        }
        for (const signal of accepted) {
            const existing = byFingerprint.get(signal.fingerprint);
            if (existing === undefined || compareSignalPriority(signal, existing) > 0)
                byFingerprint.set(signal.fingerprint, signal);
        }
        const errorSummary = document.errors
            .slice(0, MAX_REASON_ISSUES)
            .map((e) =>
                e.actorId
                    ? `${e.actorId}: ${truncate(e.message, MAX_ISSUE_MESSAGE_CHARS)}`
                    : truncate(e.message, MAX_ISSUE_MESSAGE_CHARS),
            );
        const extra =
            document.errors.length > MAX_REASON_ISSUES ? ` (+${document.errors.length - MAX_REASON_ISSUES} more)` : '';
        statuses.push({
            name: document.specialist,
            status: rejected > 0 ? 'partial' : document.status,
            ...(document.runId !== null ? { runId: document.runId } : {}),
            reason:
                errorSummary.length > 0
                    ? `${errorSummary.join('; ')}${extra}`
                    : rejected > 0
                      ? `${rejected} signal(s) dropped`
                      : null,
            missingActorIds: [
                ...new Set(document.errors.flatMap((e) => (e.actorId === null ? [] : [e.actorId]))),
            ].sort(),
            signalCount: accepted.length,
        });
    });

    for (const run of specialistRuns) {
        if (runsWithValidDocument.has(run)) continue;
        const invalidReason = runsWithInvalidDocument.get(run);
        const runLabel = run.runId ? `Run ${run.runId}` : 'The inline analysis';
        statuses.push({
            name: run.name,
            status: invalidReason !== undefined ? 'quarantined' : runStatusToSpecialistStatus(run),
            ...(run.runId ? { runId: run.runId } : {}),
            reason:
                invalidReason ??
                run.reason ??
                (run.status === 'succeeded'
                    ? `${runLabel} finished without a SIGNALS record.`
                    : `${runLabel} ended with status ${run.status.toUpperCase()}; its Actors have no ${run.name} signals.`),
            missingActorIds: [...run.actorIds].sort(),
            signalCount: 0,
        });
    }

    const signals = [...byFingerprint.values()].sort(
        (a, b) => -compareSignalPriority(a, b) || a.fingerprint.localeCompare(b.fingerprint),
    );
    statuses.sort(
        (a, b) =>
            SOURCE_ORDER.indexOf(a.name) - SOURCE_ORDER.indexOf(b.name) || (a.runId ?? '').localeCompare(b.runId ?? ''),
    );
    return { signals, statuses, quarantine, documents };
}
