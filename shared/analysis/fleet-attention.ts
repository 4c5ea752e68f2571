/**
 * How much of the fleet needs action now, the line next to the headline score:
 * "3 of 25 Actors need action now · 31 % of runs · $140/month at stake". An Actor needs
 * action now when one of its problems is in fix-now (shared/scoring/problems.ts); the money
 * at stake is those Actors' projected monthly spend.
 */
import type { FleetAttention } from '../contracts/fleet-report.js';
import { formatPercent, formatUsd } from '../format/number-format.js';

export interface AttentionActor {
    runCount: number;
    monthlyCostUsd: number;
    fleetWeight: number;
    hasFixNow: boolean;
}

export function computeFleetAttention(actors: readonly AttentionActor[]): FleetAttention {
    const inTrouble = actors.filter((a) => a.hasFixNow);
    const totalRuns = actors.reduce((sum, a) => sum + a.runCount, 0);
    const troubleRuns = inTrouble.reduce((sum, a) => sum + a.runCount, 0);
    const runShare = totalRuns > 0 ? troubleRuns / totalRuns : 0;
    const usdPerMonthAtStake = Math.round(inTrouble.reduce((sum, a) => sum + a.monthlyCostUsd, 0) * 100) / 100;
    const weightShare = Math.min(
        1,
        inTrouble.reduce((sum, a) => sum + a.fleetWeight, 0),
    );
    const count = inTrouble.length;
    const summary =
        count === 0
            ? `none of ${actors.length} Actors needs action now`
            : `${count} of ${actors.length} Actors ${count === 1 ? 'needs' : 'need'} action now · ` +
              `${formatPercent(runShare)} of runs · ${formatUsd(usdPerMonthAtStake)}/month at stake`;
    return {
        actorsNeedingActionNow: count,
        actorCount: actors.length,
        runShare,
        usdPerMonthAtStake,
        weightShare,
        summary,
    };
}
