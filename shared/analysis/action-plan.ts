/**
 * The action plan: every non-ignored signal as a card in one of four buckets, ranked.
 *
 * Buckets (in this order):
 * - fix-now:      act_now and severity critical or high;
 * - this-week:    the other act_now signals, and monitor signals of severity critical or high;
 * - improve:      the remaining monitor signals;
 * - acknowledged: acknowledged signals (whatever their decision), so they stay visible.
 * `ignore` decisions get no card.
 *
 * Within a bucket: expected impact first — fleet Health Score points recovered when fixed
 * (see build-fleet-report: the signal's fleet deductions × component weight), then USD per
 * month saved, then severity, then fingerprint (deterministic). Rank is 1-based over the
 * whole plan.
 */
import type { ActionBucket, ActionCard } from '../contracts/fleet-report.js';
import { ACTION_BUCKETS } from '../contracts/fleet-report.js';
import { SEVERITIES, type Signal } from '../contracts/signals.js';

export type PlannableSignal = Pick<
    Signal,
    'fingerprint' | 'actorId' | 'actorName' | 'title' | 'severity' | 'decision' | 'evidence' | 'fix' | 'usdPerMonth'
> & {
    acknowledged: boolean;
};

export function getActionBucket(
    signal: Pick<PlannableSignal, 'decision' | 'severity' | 'acknowledged'>,
): ActionBucket | null {
    if (signal.decision === 'ignore') return null;
    if (signal.acknowledged) return 'acknowledged';
    const isSevere = signal.severity === 'critical' || signal.severity === 'high';
    if (signal.decision === 'act_now') return isSevere ? 'fix-now' : 'this-week';
    return isSevere ? 'this-week' : 'improve';
}

/** Round impacts for display; 4 decimals keeps the ordering of tiny fleet shares visible. */
function roundImpact(points: number): number {
    return Math.round(points * 10_000) / 10_000;
}

/**
 * @param impactPointsByFingerprint fleet score points recovered per fingerprint (missing = 0).
 */
export function buildActionPlan(
    signals: readonly PlannableSignal[],
    impactPointsByFingerprint: ReadonlyMap<string, number>,
): ActionCard[] {
    const cards = signals.flatMap((signal) => {
        const bucket = getActionBucket(signal);
        if (bucket === null) return [];
        return [
            {
                signal,
                bucket,
                points: roundImpact(impactPointsByFingerprint.get(signal.fingerprint) ?? 0),
                usd: signal.usdPerMonth ?? 0,
            },
        ];
    });
    cards.sort(
        (a, b) =>
            ACTION_BUCKETS.indexOf(a.bucket) - ACTION_BUCKETS.indexOf(b.bucket) ||
            b.points - a.points ||
            b.usd - a.usd ||
            SEVERITIES.indexOf(a.signal.severity) - SEVERITIES.indexOf(b.signal.severity) ||
            a.signal.fingerprint.localeCompare(b.signal.fingerprint),
    );
    return cards.map(({ signal, bucket, points, usd }, index): ActionCard => ({
        bucket,
        rank: index + 1,
        fingerprint: signal.fingerprint,
        actorId: signal.actorId,
        actorName: signal.actorName,
        title: signal.title,
        impact: { points, usdPerMonth: Math.round(usd * 100) / 100 },
        evidence: signal.evidence,
        fix: signal.fix,
    }));
}
