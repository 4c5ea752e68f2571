/**
 * Trend snapshots: one compact record per analysis in the trend store, for week-over-week
 * deltas, weekly score points, "new since last time" alerts and retention.
 *
 * Keys: `SNAPSHOT-<yyyyMMddTHHmmssSSSZ>-<runId>` — a fixed-width UTC timestamp so keys sort
 * by time, the run id so two concurrent runs never overwrite each other (and a resumed run
 * after a migration writes the same key again instead of a duplicate). Only characters the
 * key-value store allows in keys (a–z A–Z 0–9 ! - _ . ' ( )), at most 256.
 */
import { z } from 'zod';
import { gradeSchema, type FleetReport } from '../contracts/fleet-report.js';
import { decisionSchema, scoreComponentSchema } from '../contracts/signals.js';
import { MS_PER_DAY } from '../metrics/day-periods.js';
import { SCORE_MODEL_VERSION } from '../scoring/score-model.js';

export const SNAPSHOT_SCHEMA_VERSION = 1 as const;
export const SNAPSHOT_KEY_PREFIX = 'SNAPSHOT-';
/** The baseline is the snapshot closest to this age… */
export const BASELINE_TARGET_AGE_DAYS = 7;
/** …within this tolerance: weekly schedules drift by hours, a missed week should not compare to 3 weeks ago. */
export const BASELINE_TOLERANCE_DAYS = 3;

const isoDateTime = z.iso.datetime({ offset: true });

export const snapshotSchema = z
    .object({
        schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
        generatedAt: isoDateTime,
        runId: z.string().nullable(),
        isDemo: z.boolean(),
        /**
         * The score model that produced the scores (README "Fleet Health Score"). Absent in
         * snapshots written before model 2: those scores are model 1 and are not compared.
         */
        scoreModel: z.number().int().positive().optional(),
        window: z.object({ from: isoDateTime, to: isoDateTime }).strict(),
        fleet: z
            .object({
                healthScore: z.number(),
                grade: gradeSchema,
                components: z.array(z.object({ id: scoreComponentSchema, score: z.number() }).strict()),
                successRate: z.number().nullable(),
                costUsd: z.number(),
                runCount: z.number().int().nonnegative(),
            })
            .strict(),
        actors: z.array(
            z
                .object({
                    id: z.string(),
                    score: z.number(),
                    successRate: z.number().nullable(),
                    costUsd: z.number(),
                })
                .strict(),
        ),
        signals: z.array(
            z
                .object({
                    fingerprint: z.string(),
                    decision: decisionSchema,
                    acknowledged: z.boolean(),
                })
                .strict(),
        ),
    })
    .strict();
export type Snapshot = z.infer<typeof snapshotSchema>;

export interface StoredSnapshot {
    key: string;
    snapshot: Snapshot;
}

const UNSAFE_KEY_CHARS = /[^a-zA-Z0-9!\-_.'()]+/g;
const SNAPSHOT_KEY_PATTERN = /^SNAPSHOT-(\d{8}T\d{9}Z)-(.+)$/;

/** `SNAPSHOT-20250329T000000000Z-<runId or "local">`. */
export function snapshotKey(generatedAt: string, runId: string | null): string {
    const stamp = new Date(generatedAt).toISOString().replace(/[-:.]/g, '');
    const runPart = (runId ?? 'local').replace(UNSAFE_KEY_CHARS, '_').slice(0, 200) || 'local';
    return `${SNAPSHOT_KEY_PREFIX}${stamp}-${runPart}`;
}

/** The time a key was written, or null for keys that are not snapshot keys. */
export function parseSnapshotKeyTime(key: string): string | null {
    const match = SNAPSHOT_KEY_PATTERN.exec(key);
    if (!match) return null;
    const s = match[1]!;
    const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
    return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** Keys older than the retention (by the time in the key); non-snapshot keys are never returned. */
export function selectExpiredSnapshotKeys(keys: readonly string[], nowIso: string, retentionDays: number): string[] {
    const cutoffMs = Date.parse(nowIso) - retentionDays * MS_PER_DAY;
    return keys
        .filter((key) => {
            const at = parseSnapshotKeyTime(key);
            return at !== null && Date.parse(at) < cutoffMs;
        })
        .sort();
}

export function buildSnapshot(report: FleetReport, runId: string | null): Snapshot {
    return {
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        generatedAt: report.generatedAt,
        runId,
        isDemo: report.isDemo,
        scoreModel: SCORE_MODEL_VERSION,
        window: { from: report.window.from, to: report.window.to },
        fleet: {
            healthScore: report.fleet.healthScore,
            grade: report.fleet.grade,
            components: report.fleet.components.map((c) => ({ id: c.id, score: c.score })),
            successRate: report.fleet.successRate,
            costUsd: report.fleet.costUsd,
            runCount: report.fleet.runCount,
        },
        actors: report.actors.map((a) => ({
            id: a.id,
            score: a.healthScore,
            successRate: a.successRate,
            costUsd: a.costUsd,
        })),
        signals: report.signals.map((s) => ({
            fingerprint: s.fingerprint,
            decision: s.decision,
            acknowledged: s.acknowledged,
        })),
    };
}

/** A snapshot as the picking rules see it: its key and the time it was taken (the key's time). */
export interface SnapshotAt {
    key: string;
    atMs: number;
}

export interface BaselineOptions {
    targetAgeDays?: number;
    toleranceDays?: number;
}

function compareCodePoints(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The snapshot picking rules, one home for the pickers below and for the trend store, which
 * applies them to keys before reading any record (actor/engine/trend-store/trend-history.ts).
 */

/** The previous snapshot: the newest first; at the same time, the greater key. */
export function comparePreviousCandidates(a: SnapshotAt, b: SnapshotAt): number {
    return b.atMs - a.atMs || b.key.localeCompare(a.key);
}

/**
 * Baseline candidates, best first: strictly before now and within the tolerance (±3 days) of
 * `now − 7 days`, the closest first; ties: the older one, then the smaller key.
 */
export function rankBaselineCandidates<T extends SnapshotAt>(
    candidates: readonly T[],
    nowMs: number,
    options: BaselineOptions = {},
): T[] {
    const targetMs = nowMs - (options.targetAgeDays ?? BASELINE_TARGET_AGE_DAYS) * MS_PER_DAY;
    const toleranceMs = (options.toleranceDays ?? BASELINE_TOLERANCE_DAYS) * MS_PER_DAY;
    return candidates
        .filter((c) => !Number.isNaN(c.atMs) && c.atMs < nowMs && Math.abs(c.atMs - targetMs) <= toleranceMs)
        .sort(
            (a, b) =>
                Math.abs(a.atMs - targetMs) - Math.abs(b.atMs - targetMs) ||
                a.atMs - b.atMs ||
                compareCodePoints(a.key, b.key),
        );
}

/** A trend week's snapshot: the newest in the week first; at the same time, the smaller key. */
export function compareWeeklyCandidates(a: SnapshotAt, b: SnapshotAt): number {
    return b.atMs - a.atMs || compareCodePoints(a.key, b.key);
}

function withTime(entry: StoredSnapshot): SnapshotAt & { entry: StoredSnapshot } {
    return { key: entry.key, atMs: Date.parse(entry.snapshot.generatedAt), entry };
}

/** The snapshot about 7 days old (rankBaselineCandidates' best), or null; invalid times are skipped. */
export function pickBaselineSnapshot(
    snapshots: readonly StoredSnapshot[],
    nowIso: string,
    options: BaselineOptions = {},
): StoredSnapshot | null {
    return rankBaselineCandidates(snapshots.map(withTime), Date.parse(nowIso), options)[0]?.entry ?? null;
}

/** The newest snapshot strictly before now: "new since the previous analysis" (alerts). */
export function pickPreviousSnapshot(snapshots: readonly StoredSnapshot[], nowIso: string): StoredSnapshot | null {
    const nowMs = Date.parse(nowIso);
    return (
        snapshots
            .map(withTime)
            .filter((c) => c.atMs < nowMs)
            .sort(comparePreviousCandidates)[0]?.entry ?? null
    );
}

export type BaselineDeltas = NonNullable<FleetReport['deltas']['vsBaseline']>;

function difference(current: number | null, previous: number | null): number | null {
    return current === null || previous === null ? null : current - previous;
}

/** The score model of a stored snapshot (1 for snapshots from before the field existed). */
export function getSnapshotScoreModel(snapshot: Pick<Snapshot, 'scoreModel'>): number {
    return snapshot.scoreModel ?? 1;
}

/**
 * Current minus baseline. A baseline scored by another score model gives no score delta
 * (`scoreModelChanged`): the formula changed, the fleet did not. New signals: non-ignored
 * fingerprints now that the baseline did not have (as non-ignored); resolved: the reverse.
 */
export function computeDeltas(
    current: Pick<Snapshot, 'fleet' | 'signals'>,
    baseline: StoredSnapshot | null,
): BaselineDeltas | null {
    if (baseline === null) return null;
    const active = (signals: Snapshot['signals']) =>
        new Set(signals.filter((s) => s.decision !== 'ignore').map((s) => s.fingerprint));
    const now = active(current.signals);
    const before = active(baseline.snapshot.signals);
    const scoreModelChanged = getSnapshotScoreModel(baseline.snapshot) !== SCORE_MODEL_VERSION;
    return {
        snapshotKey: baseline.key,
        snapshotAt: baseline.snapshot.generatedAt,
        healthScore: scoreModelChanged
            ? null
            : Math.round((current.fleet.healthScore - baseline.snapshot.fleet.healthScore) * 100) / 100,
        scoreModelChanged,
        successRate: difference(current.fleet.successRate, baseline.snapshot.fleet.successRate),
        costUsd: difference(current.fleet.costUsd, baseline.snapshot.fleet.costUsd),
        newSignals: [...now].filter((f) => !before.has(f)).length,
        resolvedSignals: [...before].filter((f) => !now.has(f)).length,
    };
}

/**
 * Signals for the alert webhook: act_now, not acknowledged, and not present in the previous
 * snapshot (so a problem alerts once, not on every run).
 */
export function selectAlertSignals<
    T extends Pick<FleetReport['signals'][number], 'fingerprint' | 'decision' | 'acknowledged'>,
>(signals: readonly T[], previous: StoredSnapshot | null): T[] {
    const before = new Set(previous?.snapshot.signals.map((s) => s.fingerprint) ?? []);
    return signals.filter((s) => s.decision === 'act_now' && !s.acknowledged && !before.has(s.fingerprint));
}
