/**
 * What every detector of the activity watch reads: the baseline learned before the judged runs,
 * the judged runs themselves (the last `judgedLookbackDays`), and the thresholds. Detectors are
 * pure functions of this context; each returns its signals and the runs it flagged, which the
 * watch then keeps out of learning until the owner acknowledges them.
 */
import type { Signal } from '../contracts/signals.js';
import type { AccountBaseline, ActivityBaseline } from './activity-baseline.js';
import type { ActivityThresholds } from './activity-thresholds.js';
import { describeClientNetwork } from './client-network.js';
import type { RunActivity } from './run-activity.js';
import { parseUserAgentFamily } from './user-agent-family.js';

export interface ActivityDetectionContext {
    prior: ActivityBaseline;
    account: AccountBaseline;
    /** Sorted by start. */
    judged: readonly RunActivity[];
    judgedFrom: string;
    judgedThrough: string;
    thresholds: ActivityThresholds;
    actorName: (actorId: string) => string | null;
}

export interface DetectionResult {
    signals: Signal[];
    flaggedRunIds: string[];
}

export type ActivityDetector = (context: ActivityDetectionContext) => DetectionResult;

/** Networks the family was seen from: many means a roaming client (a CI provider's runner pool). */
export function countNetworksOfFamily(account: AccountBaseline, family: string): number {
    return Object.values(account.networks).filter((entry) => entry.userAgentFamilies.includes(family)).length;
}

export interface ClientNovelty {
    prefix: string | null;
    family: string;
    isNetworkNew: boolean;
    isFamilyNew: boolean;
}

/** Whether a run's network and agent family are new to the account (unknown inputs are not new). */
export function getClientNovelty(account: AccountBaseline, run: RunActivity, saltHex: string): ClientNovelty {
    const prefix = describeClientNetwork(run.clientIp, saltHex)?.prefix ?? null;
    const agent = parseUserAgentFamily(run.userAgent);
    return {
        prefix,
        family: agent.family,
        isNetworkNew: prefix !== null && account.networks[prefix] === undefined,
        isFamilyNew: agent.kind !== 'none' && account.userAgents[agent.family] === undefined,
    };
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const item of items) {
        const key = keyOf(item);
        if (key === null) continue;
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
    }
    return groups;
}
