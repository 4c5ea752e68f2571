/**
 * The small builders every specialist uses to produce its one SIGNALS v1 document: a signal
 * builder that fills the defaults and clamps text to the contract's bounds, the per-Actor
 * "needed data is missing" errors, and the document assembly (validated before it leaves).
 *
 * Keeping this in one place is what makes the six specialists emit the same shape: none of
 * them writes a `SignalsDocument` literal by hand.
 */
import type { ActorData, FleetData } from '../contracts/fleet-data.js';
import {
    signalsDocumentSchema,
    SIGNALS_SCHEMA_VERSION,
    type Decision,
    type ScoreComponentId,
    type Severity,
    type Signal,
    type SignalsDocument,
    type SpecialistName,
} from '../contracts/signals.js';
import { buildFingerprint } from '../signals/fingerprint.js';

/** What the caller (orchestrator inline, or a specialist run) tells the analysis. */
export interface SpecialistContext {
    /** ISO 8601; the analysis never reads the clock itself (determinism). */
    generatedAt: string;
    /** The specialist run id on the platform; null inline. */
    runId: string | null;
}

export type ActorDataPart = ActorData['missing'][number]['part'];

/** Contract bounds (see signalSchema): clamp instead of failing the whole document. */
const TITLE_MAX_CHARS = 300;
const TEXT_MAX_CHARS = 4000;
const NOTE_MAX_CHARS = 300;
const MAX_NOTES = 10;
const MAX_RUN_IDS = 20;
const MAX_BUILD_NUMBERS = 10;
const ERROR_MESSAGE_MAX_CHARS = 1000;
/** signalsDocumentSchema.errors max length. */
const MAX_ERRORS = 5000;

function clampText(text: string, maxChars: number): string {
    return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

function finiteOrNull(value: number | null | undefined): number | null {
    return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

export interface SignalDraft {
    kind: string;
    /** Extra fingerprint segments when one Actor can have several problems of this kind. */
    discriminators?: string[];
    actor: ActorData['actor'];
    severity: Severity;
    decision: Decision;
    title: string;
    detail: string;
    metric?: { name: string; value: number | null; baseline: number | null; unit: string | null } | null;
    runIds?: string[];
    buildNumbers?: string[];
    notes?: string[];
    component: ScoreComponentId;
    points: number;
    usdPerMonth?: number | null;
    fix: string;
    labels?: Record<string, string>;
}

/** Builds one contract-valid signal from a draft (defaults filled, text and lists clamped). */
export function buildSignal(specialist: SpecialistName, draft: SignalDraft): Signal {
    const usdPerMonth = finiteOrNull(draft.usdPerMonth);
    return {
        fingerprint: buildFingerprint(specialist, draft.kind, draft.actor.id, ...(draft.discriminators ?? [])),
        kind: draft.kind,
        source: specialist,
        actorId: draft.actor.id,
        actorName: clampText(draft.actor.name, 200),
        severity: draft.severity,
        decision: draft.decision,
        title: clampText(draft.title, TITLE_MAX_CHARS),
        detail: clampText(draft.detail, TEXT_MAX_CHARS),
        metric: draft.metric
            ? {
                  name: draft.metric.name.slice(0, 80),
                  value: finiteOrNull(draft.metric.value),
                  baseline: finiteOrNull(draft.metric.baseline),
                  unit: draft.metric.unit === null ? null : draft.metric.unit.slice(0, 20),
              }
            : null,
        evidence: {
            runIds: [...new Set(draft.runIds ?? [])].slice(0, MAX_RUN_IDS).map((id) => id.slice(0, 100)),
            buildNumbers: [...new Set(draft.buildNumbers ?? [])].slice(0, MAX_BUILD_NUMBERS).map((b) => b.slice(0, 40)),
            notes: (draft.notes ?? []).slice(0, MAX_NOTES).map((note) => clampText(note, NOTE_MAX_CHARS)),
        },
        scoreImpact: {
            component: draft.component,
            points: Math.min(100, Math.max(0, Number.isFinite(draft.points) ? draft.points : 0)),
        },
        usdPerMonth: usdPerMonth === null ? null : Math.max(0, usdPerMonth),
        fix: clampText(draft.fix, TEXT_MAX_CHARS),
        labels: draft.labels ?? {},
    };
}

export interface ActorError {
    actorId: string | null;
    message: string;
}

/**
 * One error per missing part that this specialist needs: the Actor is then reported as
 * partially analysed (the checks that have their data still run).
 */
export function collectMissingPartErrors(actorData: ActorData, neededParts: readonly ActorDataPart[]): ActorError[] {
    return actorData.missing
        .filter((entry) => neededParts.includes(entry.part))
        .map((entry) => ({
            actorId: actorData.actor.id,
            message: clampText(
                `${actorData.actor.name}: ${entry.part} not available (${entry.reason})` +
                    `${entry.permission ? `; needs the "${entry.permission}" permission` : ''}` +
                    '; the checks that need it were skipped.',
                ERROR_MESSAGE_MAX_CHARS,
            ),
        }));
}

/** True when the Actor's data says this part could not be read. */
export function isPartMissing(actorData: ActorData, part: ActorDataPart): boolean {
    return actorData.missing.some((entry) => entry.part === part);
}

/**
 * Assembles and validates the document. Signals are sorted by fingerprint so the same data
 * always gives byte-identical output (inline vs runs mode, full vs incremental).
 */
export function buildSignalsDocument(
    specialist: SpecialistName,
    data: FleetData,
    context: SpecialistContext,
    signals: Signal[],
    errors: ActorError[],
): SignalsDocument {
    // One signal per fingerprint (the first wins): a pair listed twice must not count twice.
    const byFingerprint = new Map<string, Signal>();
    for (const signal of signals)
        if (!byFingerprint.has(signal.fingerprint)) byFingerprint.set(signal.fingerprint, signal);
    const sortedSignals = [...byFingerprint.values()].sort((x, y) =>
        x.fingerprint < y.fingerprint ? -1 : x.fingerprint > y.fingerprint ? 1 : 0,
    );
    let uniqueErrors = [...new Map(errors.map((error) => [`${error.actorId}\u0000${error.message}`, error])).values()];
    if (uniqueErrors.length > MAX_ERRORS) {
        // The contract bounds the list; say how many were left out instead of failing the document.
        const omitted = uniqueErrors.length - (MAX_ERRORS - 1);
        uniqueErrors = [
            ...uniqueErrors.slice(0, MAX_ERRORS - 1),
            { actorId: null, message: `${omitted} more errors omitted.` },
        ];
    }
    return signalsDocumentSchema.parse({
        schemaVersion: SIGNALS_SCHEMA_VERSION,
        specialist,
        runId: context.runId,
        generatedAt: context.generatedAt,
        window: data.window,
        actorIds: data.actors.map((actorData) => actorData.actor.id),
        status: uniqueErrors.length > 0 ? 'partial' : 'complete',
        errors: uniqueErrors.map((error) => ({
            actorId: error.actorId,
            message: clampText(error.message, ERROR_MESSAGE_MAX_CHARS),
        })),
        signals: sortedSignals,
    });
}

/**
 * Runs `analyseActor` for every Actor; an unexpected exception on one Actor becomes an error
 * entry for that Actor (the document is partial) instead of losing the whole specialist.
 */
export function analyseEachActor(
    data: FleetData,
    analyseActor: (actorData: ActorData) => { signals: Signal[]; errors: ActorError[] },
): { signals: Signal[]; errors: ActorError[] } {
    const signals: Signal[] = [];
    const errors: ActorError[] = [];
    for (const actorData of data.actors) {
        try {
            const result = analyseActor(actorData);
            signals.push(...result.signals);
            errors.push(...result.errors);
        } catch (error) {
            errors.push({
                actorId: actorData.actor.id,
                message: `${actorData.actor.name}: analysis failed unexpectedly (${error instanceof Error ? error.message : String(error)}); no signals for this Actor.`,
            });
        }
    }
    return { signals, errors };
}
