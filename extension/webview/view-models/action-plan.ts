/**
 * The action plan as the dashboard shows it: cards grouped by bucket in the plan's order,
 * with the acknowledgement state merged from the report and from local-only acks (when the
 * token could not write ACKS on Apify, the extension keeps them and tells the page). A card
 * is one problem that may hold several signals (`fingerprints`): it counts as acknowledged
 * when every one of them is.
 */
import type { ActionBucket, ActionCard, FleetReport } from '../../../shared/contracts/fleet-report.js';

export const BUCKET_LABELS: Record<ActionBucket, string> = {
    'fix-now': 'Fix now',
    'this-week': 'This week',
    improve: 'Improve',
    acknowledged: 'Acknowledged',
};

export interface ActionCardView {
    card: ActionCard;
    /** Acknowledged in the report or locally. */
    isAcknowledged: boolean;
    /** Acknowledged locally only (not yet on Apify). */
    isLocalAck: boolean;
    severity: FleetReport['signals'][number]['severity'] | null;
}

export interface ActionBucketView {
    bucket: ActionBucket;
    label: string;
    cards: ActionCardView[];
}

export function getActionPlan(report: FleetReport, localAcks: readonly string[]): ActionBucketView[] {
    const local = new Set(localAcks);
    const acknowledgedInReport = new Set(report.signals.filter((s) => s.acknowledged).map((s) => s.fingerprint));
    const byBucket = new Map<ActionBucket, ActionCardView[]>();
    const cards = [...report.actionPlan].sort((a, b) => a.rank - b.rank);
    for (const card of cards) {
        const isAckedSomewhere = (f: string) => acknowledgedInReport.has(f) || local.has(f);
        const isLocalAck =
            card.bucket !== 'acknowledged' &&
            card.fingerprints.every(isAckedSomewhere) &&
            card.fingerprints.some((f) => local.has(f));
        const isAcknowledged = card.bucket === 'acknowledged' || card.fingerprints.every(isAckedSomewhere);
        // A card acknowledged locally moves to the acknowledged group right away.
        const bucket: ActionBucket = isAcknowledged ? 'acknowledged' : card.bucket;
        const list = byBucket.get(bucket) ?? [];
        list.push({ card, isAcknowledged, isLocalAck, severity: card.items[0]?.severity ?? null });
        byBucket.set(bucket, list);
    }
    const order: ActionBucket[] = ['fix-now', 'this-week', 'improve', 'acknowledged'];
    return order
        .filter((bucket) => (byBucket.get(bucket)?.length ?? 0) > 0)
        .map((bucket) => ({ bucket, label: BUCKET_LABELS[bucket], cards: byBucket.get(bucket)! }));
}
