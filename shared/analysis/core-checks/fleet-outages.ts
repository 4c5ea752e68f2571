/**
 * Fleet-level outages (issue 16): failures concentrated in a short time across several Actors
 * — a target site or proxy group down for a few hours — are one event, not one regression per
 * Actor. Detected on the per-day aggregates (the finest time the collection keeps):
 *
 * 1. per Actor, a day is *bad* when its failures are far above the Actor's own rate on its
 *    other window days (exact binomial tail < OUTAGE_DAY_SIGNIFICANCE, ≥ OUTAGE_MIN_FAILURES,
 *    ≥ OUTAGE_MIN_RATE_MULTIPLE × the own rate);
 * 2. a bad stretch of at most OUTAGE_MAX_DAYS days with a normal day on both sides is an
 *    outage candidate (a regression stays bad; an outage recovers, so a stretch touching the
 *    window's last day is not one yet);
 * 3. a day with candidates on at least OUTAGE_MIN_ACTORS Actors is an outage.
 *
 * The per-Actor trend tests leave the outage days of the Actors involved out (fleet-trends.ts).
 */
import type { ActorData, AnalysisWindow } from '../../contracts/fleet-data.js';
import type { SignalInput } from '../../contracts/signals.js';
import { getWindowPeriod, selectDays } from '../../metrics/day-periods.js';
import { getFailureCount, getRateDenominator } from '../../metrics/run-counts.js';
import { buildFingerprint } from '../../signals/fingerprint.js';
import { binomialUpperTail } from '../../statistics/binomial-test.js';
import {
    OUTAGE_DAY_SIGNIFICANCE,
    OUTAGE_MAX_DAYS,
    OUTAGE_MIN_ACTORS,
    OUTAGE_MIN_FAILURES,
    OUTAGE_MIN_RATE_MULTIPLE,
} from '../core-thresholds.js';
import { formatPercent } from '../../format/number-format.js';

export const FLEET_OUTAGE_KIND = 'fleet-outage';
/** Reliability points of an outage: it hurt, but it is over and not the Actors' own fault. */
export const FLEET_OUTAGE_POINTS = 5;

export interface OutageActorDay {
    actorId: string;
    actorName: string;
    failures: number;
    finished: number;
    /** The Actor's failure rate on its other window days. */
    ownRate: number;
}

export interface FleetOutage {
    day: string;
    actors: OutageActorDay[];
}

interface DayCounts {
    day: string;
    failures: number;
    finished: number;
}

type BadDay = Pick<OutageActorDay, 'failures' | 'finished' | 'ownRate'>;

function isBadDay(counts: DayCounts, totalFailures: number, totalFinished: number): BadDay | null {
    const otherFinished = totalFinished - counts.finished;
    // Laplace-smoothed own rate: an Actor that never failed still has a non-zero expectation.
    const ownRate = (totalFailures - counts.failures + 1) / (otherFinished + 2);
    if (counts.failures < OUTAGE_MIN_FAILURES || counts.finished === 0) return null;
    if (counts.failures / counts.finished < OUTAGE_MIN_RATE_MULTIPLE * ownRate) return null;
    const pValue = binomialUpperTail(counts.failures, counts.finished, ownRate);
    if (pValue === null || pValue >= OUTAGE_DAY_SIGNIFICANCE) return null;
    return { failures: counts.failures, finished: counts.finished, ownRate };
}

/** The Actor's outage-candidate days (short bad stretches with a normal day on both sides). */
export function findOutageCandidateDays(
    actorData: ActorData,
    window: AnalysisWindow,
): (OutageActorDay & { day: string })[] {
    const days: DayCounts[] = selectDays(actorData.days, getWindowPeriod(window))
        .sort((a, b) => a.day.localeCompare(b.day))
        .map((day) => {
            const counts = { day: day.day, failures: 0, finished: 0 };
            for (const stats of Object.values(day.byBuild)) {
                counts.failures += getFailureCount(stats);
                counts.finished += getRateDenominator(stats);
            }
            return counts;
        });
    const totalFailures = days.reduce((sum, d) => sum + d.failures, 0);
    const totalFinished = days.reduce((sum, d) => sum + d.finished, 0);
    const bad = days.map((d) => isBadDay(d, totalFailures, totalFinished));
    const candidates: (OutageActorDay & { day: string })[] = [];
    for (let start = 0; start < days.length; start += 1) {
        if (bad[start] === null || (start > 0 && bad[start - 1] !== null)) continue;
        let end = start;
        while (end + 1 < days.length && bad[end + 1] !== null) end += 1;
        const isRecovered = end + 1 < days.length;
        if (!isRecovered || end - start + 1 > OUTAGE_MAX_DAYS) continue;
        for (let i = start; i <= end; i += 1)
            candidates.push({
                ...bad[i]!,
                actorId: actorData.actor.id,
                actorName: actorData.actor.name,
                day: days[i]!.day,
            });
    }
    return candidates;
}

/** Days on which OUTAGE_MIN_ACTORS or more Actors had an outage candidate, oldest first. */
export function detectFleetOutages(actors: readonly ActorData[], window: AnalysisWindow): FleetOutage[] {
    const byDay = new Map<string, OutageActorDay[]>();
    for (const actorData of actors) {
        for (const candidate of findOutageCandidateDays(actorData, window)) {
            const { day, ...entry } = candidate;
            byDay.set(day, [...(byDay.get(day) ?? []), entry]);
        }
    }
    return [...byDay.entries()]
        .filter(([, entries]) => entries.length >= OUTAGE_MIN_ACTORS)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, entries]) => ({
            day,
            actors: entries.sort((a, b) => b.failures - b.finished * b.ownRate - (a.failures - a.finished * a.ownRate)),
        }));
}

/** One signal per outage, on the Actor hit hardest, listing every Actor involved. */
export function buildOutageSignal(outage: FleetOutage): SignalInput {
    const [first] = outage.actors;
    const names = outage.actors.map((a) => a.actorName.split('/').pop()!);
    const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    const failures = outage.actors.reduce((sum, a) => sum + a.failures, 0);
    return {
        fingerprint: buildFingerprint('core', FLEET_OUTAGE_KIND, first!.actorId, outage.day),
        kind: FLEET_OUTAGE_KIND,
        source: 'core',
        actorId: first!.actorId,
        actorName: first!.actorName,
        severity: 'medium',
        decision: 'monitor',
        title: `Outage on ${outage.day}: ${outage.actors.length} Actors failed together (${listed})`,
        detail:
            `${failures} runs of ${outage.actors.length} Actors failed on ${outage.day}, each far above its own rate ` +
            `(exact binomial test against the Actor's other days, p < ${OUTAGE_DAY_SIGNIFICANCE}), and each recovered the next day: ` +
            outage.actors
                .map((a) => `${a.actorName} ${a.failures}/${a.finished} (own rate ${formatPercent(a.ownRate)})`)
                .join('; ') +
            '. The per-Actor trend tests leave this day out for these Actors.',
        metric: {
            name: 'actorsInOutage',
            value: outage.actors.length,
            baseline: OUTAGE_MIN_ACTORS,
            unit: 'count',
            higherIsWorse: true,
        },
        evidence: {
            runIds: [],
            buildNumbers: [],
            notes: outage.actors.map((a) => `${a.actorId} ${a.failures}/${a.finished}`),
        },
        scoreImpact: { component: 'reliability', points: FLEET_OUTAGE_POINTS },
        usdPerMonth: null,
        fix:
            'Look at the failed runs of that day for the common cause (the target site, a proxy group, a shared input or API key). ' +
            'If it recurs, add retries with backoff for that site, or a health check before the scheduled runs.',
    };
}
