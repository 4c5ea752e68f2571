/**
 * The action plan: one card per problem (shared/scoring/problems.ts), so the plan uses the
 * same verdict model as the score.
 *
 * - A problem seen by several sources (the core's failure-rate regression and the release
 *   gate's "halt build 0.0.14", the core's and the cost watchdog's missing cost data) is one
 *   card: titled by its worst member, with every member's evidence and fix kept in `items`.
 * - An Actor's README / metadata / Store-listing findings are one checklist card.
 * - Buckets come from getProblemUrgency: fix-now, this-week, improve, acknowledged. The
 *   documentation checklist is always in improve and after every other improve card, so a
 *   regression, a failing Store test, a build to halt or a cost spike never ranks below it.
 * - Within a bucket: what is at stake — fleet score points recovered (an Actor's fleet weight
 *   holds its runs, spend and Store status), then $/month, then Actor points, then runs
 *   affected — and `why` says it in words. Rank is 1-based over the whole plan.
 */
import type { ActionBucket, ActionCard } from '../contracts/fleet-report.js';
import { ACTION_BUCKETS } from '../contracts/fleet-report.js';
import type { Signal } from '../contracts/signals.js';
import type { ProblemRecovery } from '../scoring/fleet-score.js';
import { getProblemUrgency, isDeducting, type Problem, type ProblemSignal } from '../scoring/problems.js';
import { formatPercent, formatUsd } from '../format/number-format.js';

export type PlannableSignal = ProblemSignal & Pick<Signal, 'actorName' | 'evidence' | 'fix' | 'usdPerMonth'>;

/** What an Actor puts at stake: shown in `why`, and the last tie-breakers. */
export interface ActorStake {
    actorName: string | null;
    runCount: number;
    /** Share of the fleet's runs in the window, 0–1. */
    runShare: number;
    monthlyCostUsd: number;
    isPublic: boolean;
}

export interface PlannableProblem {
    problem: Problem<PlannableSignal>;
    recovery: ProblemRecovery;
    stake: ActorStake;
}

/** Bounds of a signal's evidence (shared/contracts/signals.ts): a merged card keeps them. */
const MAX_EVIDENCE = { runIds: 20, buildNumbers: 10, notes: 10 } as const;

function mergeEvidence(signals: readonly PlannableSignal[]): ActionCard['evidence'] {
    const union = (pick: (s: PlannableSignal) => readonly string[], max: number) =>
        [...new Set(signals.flatMap(pick))].slice(0, max);
    return {
        runIds: union((s) => s.evidence.runIds, MAX_EVIDENCE.runIds),
        buildNumbers: union((s) => s.evidence.buildNumbers, MAX_EVIDENCE.buildNumbers),
        notes: union((s) => s.evidence.notes, MAX_EVIDENCE.notes),
    };
}

/** Money a fix saves: the same problem seen twice saves once (max); checklist items add up. */
function getUsdPerMonth(problem: Problem<PlannableSignal>): number {
    const amounts = problem.signals.map((s) => s.usdPerMonth ?? 0);
    const usd = problem.isChecklist ? amounts.reduce((a, b) => a + b, 0) : Math.max(0, ...amounts);
    return Math.round(usd * 100) / 100;
}

/** Two decimals for display; fleet points keep four so tiny shares in big fleets still order. */
function roundPoints(points: number, decimals = 2): number {
    const factor = 10 ** decimals;
    return Math.round(points * factor) / factor;
}

function describeVerdict(problem: Problem<PlannableSignal>, bucket: ActionBucket): string {
    const active = problem.signals.filter(isDeducting);
    const worst = active[0] ?? problem.primary;
    const verdict = `${worst.decision === 'act_now' ? 'act now' : worst.decision}, ${worst.severity}`;
    const sources = [...new Set(problem.signals.map((s) => s.source))].join(' + ');
    if (bucket === 'acknowledged') return `acknowledged (${verdict} from ${sources}); shows what it would cost`;
    if (problem.isChecklist)
        return `documentation checklist of ${problem.signals.length} finding(s) (${sources}): after every reliability, release and cost card`;
    return `${verdict} (${sources})`;
}

function describeStake(stake: ActorStake, recovery: ProblemRecovery, usdPerMonth: number): string {
    const parts = [`${stake.runCount} runs (${formatPercent(stake.runShare)} of the fleet's)`];
    if (stake.monthlyCostUsd > 0) parts.push(`${formatUsd(stake.monthlyCostUsd)}/month spend`);
    if (stake.isPublic) parts.push('public Store Actor');
    const recovers = [
        `+${roundPoints(recovery.actorPoints)} Actor points`,
        `+${roundPoints(recovery.fleetPoints)} fleet points`,
    ];
    if (usdPerMonth > 0) recovers.push(`${formatUsd(usdPerMonth)}/month`);
    return `${parts.join(' · ')}; fixing recovers ${recovers.join(', ')}`;
}

function getTitle(problem: Problem<PlannableSignal>): string {
    if (!problem.isChecklist) {
        const others = problem.signals.length - 1;
        return others > 0
            ? `${problem.primary.title} (+${others} related finding${others > 1 ? 's' : ''})`
            : problem.primary.title;
    }
    return `Store listing and README checklist: ${problem.signals.length} finding(s), worst "${problem.primary.title}"`;
}

function getFix(problem: Problem<PlannableSignal>): string {
    if (!problem.isChecklist) return problem.primary.fix;
    return problem.signals.map((s, i) => `${i + 1}. ${s.title}: ${s.fix}`).join('\n');
}

interface SortableCard {
    card: Omit<ActionCard, 'rank'>;
    isChecklist: boolean;
    runCount: number;
}

function compareCards(a: SortableCard, b: SortableCard): number {
    return (
        ACTION_BUCKETS.indexOf(a.card.bucket) - ACTION_BUCKETS.indexOf(b.card.bucket) ||
        Number(a.isChecklist) - Number(b.isChecklist) ||
        b.card.impact.points - a.card.impact.points ||
        b.card.impact.usdPerMonth - a.card.impact.usdPerMonth ||
        b.card.impact.actorPoints - a.card.impact.actorPoints ||
        b.runCount - a.runCount ||
        a.card.fingerprint.localeCompare(b.card.fingerprint)
    );
}

export function buildActionPlan(problems: readonly PlannableProblem[]): ActionCard[] {
    const cards = problems.map(({ problem, recovery, stake }): SortableCard => {
        const bucket = getProblemUrgency(problem);
        const usdPerMonth = getUsdPerMonth(problem);
        const { primary } = problem;
        return {
            isChecklist: problem.isChecklist,
            runCount: stake.runCount,
            card: {
                bucket,
                kind: problem.isChecklist ? 'checklist' : 'problem',
                fingerprint: primary.fingerprint,
                fingerprints: problem.signals.map((s) => s.fingerprint),
                sources: [...new Set(problem.signals.map((s) => s.source))],
                actorId: problem.actorId,
                actorName: stake.actorName ?? primary.actorName,
                title: getTitle(problem),
                impact: {
                    points: roundPoints(recovery.fleetPoints, 4),
                    actorPoints: roundPoints(recovery.actorPoints),
                    usdPerMonth,
                },
                why: `${describeVerdict(problem, bucket)}; ${describeStake(stake, recovery, usdPerMonth)}`,
                evidence: mergeEvidence(problem.signals),
                items: problem.signals.map((s) => ({
                    fingerprint: s.fingerprint,
                    source: s.source,
                    severity: s.severity,
                    decision: s.decision,
                    acknowledged: s.acknowledged,
                    title: s.title,
                    fix: s.fix,
                })),
                fix: getFix(problem),
            },
        };
    });
    return cards.sort(compareCards).map(({ card }, index): ActionCard => ({ ...card, rank: index + 1 }));
}
