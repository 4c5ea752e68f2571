/**
 * Where the money goes: the most expensive Actors in the window plus one "other" row, each
 * with its share of the fleet's cost and its week-over-week change, and the totals with the
 * monthly projection. Incomplete cost data (runs without a price) is flagged, not hidden.
 */
import type { FleetReport } from '../../../shared/contracts/fleet-report.js';

export interface CostRow {
    /** null for the "other Actors" row. */
    actorId: string | null;
    label: string;
    costUsd: number;
    /** 0–1 of the fleet's cost in the window. */
    share: number;
    last7DaysUsd: number | null;
    previous7DaysUsd: number | null;
    isComplete: boolean;
}

export interface CostBreakdown {
    totalUsd: number;
    projectedMonthlyUsd: number;
    last7DaysUsd: number;
    previous7DaysUsd: number;
    weekOverWeekUsd: number | null;
    isComplete: boolean;
    runsWithoutCost: number;
    rows: CostRow[];
}

export function getCostBreakdown(report: FleetReport, topCount = 10): CostBreakdown {
    const { fleet } = report;
    const total = fleet.costUsd;
    const byCost = report.actors
        .filter((a) => a.costUsd > 0)
        .sort((a, b) => b.costUsd - a.costUsd || a.name.localeCompare(b.name));
    const top = byCost.slice(0, topCount);
    const rest = byCost.slice(topCount);
    const rows: CostRow[] = top.map((actor) => ({
        actorId: actor.id,
        label: actor.title ? `${actor.title} (${actor.name})` : actor.name,
        costUsd: actor.costUsd,
        share: total > 0 ? actor.costUsd / total : 0,
        last7DaysUsd: actor.last7Days.costUsd,
        previous7DaysUsd: actor.previous7Days.costUsd,
        isComplete: actor.isCostComplete,
    }));
    if (rest.length > 0) {
        const restUsd = rest.reduce((sum, a) => sum + a.costUsd, 0);
        rows.push({
            actorId: null,
            label: `${rest.length.toLocaleString('en-US')} other Actors`,
            costUsd: restUsd,
            share: total > 0 ? restUsd / total : 0,
            last7DaysUsd: rest.reduce((sum, a) => sum + a.last7Days.costUsd, 0),
            previous7DaysUsd: rest.reduce((sum, a) => sum + a.previous7Days.costUsd, 0),
            isComplete: rest.every((a) => a.isCostComplete),
        });
    }
    return {
        totalUsd: total,
        projectedMonthlyUsd: fleet.projectedMonthlyCostUsd,
        last7DaysUsd: fleet.last7Days.costUsd,
        previous7DaysUsd: fleet.previous7Days.costUsd,
        weekOverWeekUsd: report.deltas.weekOverWeek.costUsd,
        isComplete: fleet.isCostComplete,
        runsWithoutCost: fleet.runsWithoutCost,
        rows,
    };
}
