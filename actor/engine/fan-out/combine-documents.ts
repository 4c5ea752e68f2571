/**
 * One specialist's shard documents → one SIGNALS document, equal to what the specialist
 * produces inline on the whole fleet (runs mode and inline mode give the same OUTPUT).
 *
 * That holds because every specialist analyses each Actor on its own and the shards are
 * contiguous slices of the fleet in its order: concatenating the shards' Actors and errors
 * in shard order gives the inline order, and signals are unique by fingerprint and sorted
 * the same way `buildSignalsDocument` sorts them.
 *
 * Shards that produced no valid document are named in `missingShards`: each becomes one
 * document-level error (the document is then `partial`), so the specialist's entry in the
 * report says that part of the fleet is missing; the run itself gets its own entry.
 */
import {
    signalsDocumentSchema,
    SIGNALS_SCHEMA_VERSION,
    type Signal,
    type SignalsDocument,
    type SpecialistName,
} from '../../../shared/contracts/signals.js';

/** signalsDocumentSchema.errors max length. */
const MAX_ERRORS = 5000;

export interface CombineContext {
    generatedAt: string;
    /** The run id when exactly one run produced the document; null otherwise. */
    runId: string | null;
    window: SignalsDocument['window'];
}

export function combineShardDocuments(
    specialist: SpecialistName,
    parts: readonly SignalsDocument[],
    context: CombineContext,
    missingShards: readonly string[] = [],
): SignalsDocument {
    const byFingerprint = new Map<string, Signal>();
    for (const part of parts) {
        for (const signal of part.signals)
            if (!byFingerprint.has(signal.fingerprint)) byFingerprint.set(signal.fingerprint, signal);
    }
    const signals = [...byFingerprint.values()].sort((x, y) =>
        x.fingerprint < y.fingerprint ? -1 : x.fingerprint > y.fingerprint ? 1 : 0,
    );
    const allErrors = [
        ...parts.flatMap((part) => part.errors),
        ...missingShards.map((message) => ({ actorId: null, message })),
    ];
    let errors = [...new Map(allErrors.map((error) => [`${error.actorId}\u0000${error.message}`, error])).values()];
    if (errors.length > MAX_ERRORS) {
        const omitted = errors.length - (MAX_ERRORS - 1);
        errors = [...errors.slice(0, MAX_ERRORS - 1), { actorId: null, message: `${omitted} more errors omitted.` }];
    }
    return signalsDocumentSchema.parse({
        schemaVersion: SIGNALS_SCHEMA_VERSION,
        specialist,
        runId: context.runId,
        generatedAt: context.generatedAt,
        window: context.window,
        actorIds: parts.flatMap((part) => part.actorIds),
        status: errors.length > 0 || parts.some((part) => part.status === 'partial') ? 'partial' : 'complete',
        errors,
        signals,
    });
}
