/**
 * Acknowledgements (`ACKS` record in the trend store, written by the VS Code extension or by
 * hand): fingerprint → who acknowledged it, when, the metric value at that time, an optional
 * expiry. An acknowledged signal moves to the "acknowledged" bucket and costs no score
 * points — until the acknowledgement expires or the metric WORSENS past the acknowledged
 * value (strictly, beyond a relative tolerance of 1e-9 for float noise).
 *
 * "Worse" follows the metric's direction: `metric.higherIsWorse` when the signal states it,
 * otherwise inferred from the metric name (names ending in success rate, result/item count,
 * score, word count, coverage, utilisation: lower is worse; everything else — failure rates, costs, days, counts of
 * problems — higher is worse). A signal without a metric value, or an acknowledgement without
 * one, stays acknowledged until it expires.
 */
import { z } from 'zod';
import { acknowledgementSchema, type Acknowledgement } from '../contracts/fleet-report.js';
import type { Signal } from '../contracts/signals.js';

export const ACKS_SCHEMA_VERSION = 1 as const;
export const ACKS_RECORD_KEY = 'ACKS';

export const acksRecordSchema = z
    .object({
        schemaVersion: z.literal(ACKS_SCHEMA_VERSION),
        acks: z.record(z.string().min(1).max(200), acknowledgementSchema),
    })
    .strict();
export type AcksRecord = z.infer<typeof acksRecordSchema>;

// The record's pure operations, beside its schema: the extension writes with these, the
// analysis reads with parseAcksRecord and applyAcknowledgements below.

export function emptyAcksRecord(): AcksRecord {
    return { schemaVersion: ACKS_SCHEMA_VERSION, acks: {} };
}

export function buildAcknowledgement(
    signal: Pick<Signal, 'metric'> | null,
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

export type AcknowledgementState = 'none' | 'active' | 'expired' | 'worsened';

export interface AcknowledgementResult {
    acknowledged: boolean;
    acknowledgement: Acknowledgement | null;
    acknowledgementState: AcknowledgementState;
}

/** Metric names that END with one of these measure something good (lower is worse). */
const LOWER_IS_WORSE_METRIC =
    /(success[-_ ]?rate|result[-_ ]?count|item[-_ ]?count|results|score|word[-_ ]?count|words|coverage|utili[sz]ation|uptime)$/i;
const WORSENING_TOLERANCE = 1e-9;

/** @returns the record, or null with a readable error (a bad ACKS record never breaks a run). */
export function parseAcksRecord(raw: unknown): { acks: AcksRecord | null; error: string | null } {
    if (raw === null || raw === undefined) return { acks: null, error: null };
    try {
        const result = acksRecordSchema.safeParse(raw);
        if (result.success) return { acks: result.data, error: null };
        const first = result.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message.slice(0, 160)}`);
        return { acks: null, error: `ACKS record ignored, it is not valid: ${first.join('; ')}` };
    } catch {
        return { acks: null, error: 'ACKS record ignored: it could not be read.' };
    }
}

export function inferHigherIsWorse(metric: NonNullable<Signal['metric']>): boolean {
    if (metric.higherIsWorse !== undefined) return metric.higherIsWorse;
    return !LOWER_IS_WORSE_METRIC.test(metric.name);
}

/** True when `value` is worse than `acknowledgedValue` in the metric's direction. */
export function isWorse(value: number, acknowledgedValue: number, higherIsWorse: boolean): boolean {
    const tolerance = WORSENING_TOLERANCE * Math.max(1, Math.abs(acknowledgedValue));
    return higherIsWorse ? value > acknowledgedValue + tolerance : value < acknowledgedValue - tolerance;
}

export function getAcknowledgement(
    signal: Pick<Signal, 'fingerprint' | 'metric'>,
    acks: AcksRecord | null,
    nowIso: string,
): AcknowledgementResult {
    const ack = acks !== null && Object.hasOwn(acks.acks, signal.fingerprint) ? acks.acks[signal.fingerprint]! : null;
    if (ack === null) return { acknowledged: false, acknowledgement: null, acknowledgementState: 'none' };
    if (ack.expiresAt !== null && Date.parse(ack.expiresAt) <= Date.parse(nowIso)) {
        return { acknowledged: false, acknowledgement: ack, acknowledgementState: 'expired' };
    }
    const value = signal.metric?.value ?? null;
    if (
        signal.metric &&
        value !== null &&
        ack.metricValue !== null &&
        isWorse(value, ack.metricValue, inferHigherIsWorse(signal.metric))
    ) {
        return { acknowledged: false, acknowledgement: ack, acknowledgementState: 'worsened' };
    }
    return { acknowledged: true, acknowledgement: ack, acknowledgementState: 'active' };
}

export function applyAcknowledgements<T extends Pick<Signal, 'fingerprint' | 'metric'>>(
    signals: readonly T[],
    acks: AcksRecord | null,
    nowIso: string,
): (T & AcknowledgementResult)[] {
    return signals.map((signal) => ({ ...signal, ...getAcknowledgement(signal, acks, nowIso) }));
}
