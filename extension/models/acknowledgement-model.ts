/**
 * Acknowledgements as the extension writes them: the same `ACKS` record contract the
 * orchestrator reads (shared/analysis/acknowledgements.ts). Pure, unit-tested.
 */
import { ACKS_SCHEMA_VERSION, parseAcksRecord, type AcksRecord } from '../../shared/analysis/acknowledgements.js';
import type { Acknowledgement, ReportSignal } from '../../shared/contracts/fleet-report.js';

export function emptyAcksRecord(): AcksRecord {
    return { schemaVersion: ACKS_SCHEMA_VERSION, acks: {} };
}

export function buildAcknowledgement(
    signal: Pick<ReportSignal, 'metric'> | null,
    by: string,
    now: Date,
    note?: string,
): Acknowledgement {
    const trimmedNote = note?.trim();
    return {
        at: now.toISOString(),
        by: by.slice(0, 200),
        metricValue: signal?.metric?.value ?? null,
        expiresAt: null,
        note: trimmedNote ? trimmedNote.slice(0, 1000) : null,
    };
}

/** Read-modify-write step: the stored record (possibly missing or malformed) plus one ack. */
export function addAcknowledgement(
    raw: unknown,
    fingerprint: string,
    ack: Acknowledgement,
): { record: AcksRecord; replacedInvalid: boolean } {
    const { acks, error } = parseAcksRecord(raw);
    const base = acks ?? emptyAcksRecord();
    return {
        record: { schemaVersion: ACKS_SCHEMA_VERSION, acks: { ...base.acks, [fingerprint]: ack } },
        replacedInvalid: error !== null,
    };
}

/** Both records, the later acknowledgement winning per fingerprint. */
export function mergeAcksRecords(...records: (AcksRecord | null)[]): AcksRecord | null {
    const present = records.filter((r): r is AcksRecord => r !== null);
    if (present.length === 0) return null;
    const merged: Record<string, Acknowledgement> = {};
    for (const record of present) {
        for (const [fingerprint, ack] of Object.entries(record.acks)) {
            const existing = merged[fingerprint];
            if (!existing || existing.at < ack.at) merged[fingerprint] = ack;
        }
    }
    return { schemaVersion: ACKS_SCHEMA_VERSION, acks: merged };
}
