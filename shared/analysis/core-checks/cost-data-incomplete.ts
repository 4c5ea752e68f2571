/**
 * Core check `cost-data-incomplete`: runs in the window without `usageTotalUsd`. The core
 * publishes every cost figure of the report (the Actor's spend, cost per run, the fleet
 * total); with such runs those figures are lower bounds by an unknown amount, never sums with
 * $0 for the missing runs. `monitor` with no points: the cost is incomplete, not alarming —
 * but whoever reads the report's spend must know it. (cost-watchdog reports the same runs
 * for its own cost checks; the ground truth expects both analyses to say it.)
 */
import type { SignalInput } from '../../contracts/signals.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import type { CoreCheckContext } from './check-context.js';
import { formatPercent, formatUsd } from '../../format/number-format.js';

export const COST_DATA_INCOMPLETE_KIND = 'cost-data-incomplete';
const MAX_EVIDENCE_RUN_IDS = 10;

export function checkCostDataIncomplete(context: CoreCheckContext): SignalInput[] {
    const { runsWithoutCost, runs, costUsd } = context.metrics;
    if (runsWithoutCost === 0) return [];
    const { actor } = context.actorData;
    const uncostedSampled = context.actorData.sampledRuns
        .filter((run) => run.usageTotalUsd === null)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
    const share = runs.total > 0 ? runsWithoutCost / runs.total : 1;
    return [
        {
            fingerprint: buildFingerprint('core', COST_DATA_INCOMPLETE_KIND, actor.id),
            kind: COST_DATA_INCOMPLETE_KIND,
            source: 'core',
            actorId: actor.id,
            actorName: actor.name,
            severity: 'low',
            decision: 'monitor',
            title: `Spend is a lower bound: ${runsWithoutCost} of ${runs.total} runs have no cost data`,
            detail:
                `${runsWithoutCost} of ${runs.total} runs in the window (${formatPercent(share)}) carry no usageTotalUsd. ` +
                `The spend shown for this Actor (${formatUsd(costUsd)}), its cost per run and the fleet total count only the costed runs; ` +
                'the missing runs are not counted as $0.',
            metric: {
                name: 'runsWithoutCost',
                value: runsWithoutCost,
                baseline: runs.total,
                unit: 'runs',
                higherIsWorse: true,
            },
            evidence: {
                runIds: uncostedSampled.slice(0, MAX_EVIDENCE_RUN_IDS).map((run) => run.id),
                buildNumbers: [
                    ...new Set(uncostedSampled.flatMap((run) => (run.buildNumber === null ? [] : [run.buildNumber]))),
                ].slice(0, 10),
                notes: [],
            },
            scoreImpact: { component: 'cost', points: 0 },
            usdPerMonth: null,
            fix: 'Open one of these runs in Console: a pay-per-event run shows its charges in Console → Billing; otherwise ask Apify support why the run has no usage.',
        },
    ];
}
