/**
 * "Acknowledge (it was me)": teaches the baseline what an acknowledged activity signal showed,
 * so it is normal from then on — the network or the client family becomes known, the burst's
 * level becomes the Actor's busy-hour level, the new origins become the Actor's, a woken Actor
 * counts as active. The orchestrator calls this with the signals the owner acknowledged (the
 * trend store's acknowledgement state), before the watch runs. Labels are read defensively: an
 * acknowledgement with a label that does not parse changes nothing.
 */
import type { Signal } from '../contracts/signals.js';
import { activityBaselineSchema, networkPrefixSchema, type ActivityBaseline } from './activity-baseline.js';
import { ACCOUNT_SCOPE_ID } from './activity-signal.js';
import { BURST_KIND } from './detect-bursts.js';
import { DORMANT_ACTOR_STARTED_KIND } from './detect-dormant-start.js';
import { NEW_CLIENT_NETWORK_KIND, NEW_USER_AGENT_FAMILY_KIND } from './detect-new-clients.js';
import { SCHEDULED_ACTOR_STARTED_BY_TOKEN_KIND } from './detect-origin-change.js';
import { toCanonicalInstant } from './learn-activity-baseline.js';

const FAMILY_PATTERN = /^[a-z0-9-]{1,46}$/;
const ORIGIN_PATTERN = /^[A-Z_]{1,40}$/;

function acknowledgeOne(baseline: ActivityBaseline, signal: Signal, at: string): void {
    const account = baseline.account;
    const scope = signal.actorId === ACCOUNT_SCOPE_ID ? account : baseline.actors[signal.actorId];
    if (!scope || !account) return;
    const prefix = networkPrefixSchema.safeParse(signal.labels.networkPrefix);
    if (signal.kind === NEW_CLIENT_NETWORK_KIND && prefix.success)
        account.networks[prefix.data] ??= {
            firstSeenAt: at,
            lastSeenAt: at,
            runs: 0,
            hostHashes: [],
            userAgentFamilies: [],
            acknowledgedAt: at,
        };
    const family = signal.labels.userAgentFamily;
    const isClientKind = signal.kind === NEW_USER_AGENT_FAMILY_KIND || signal.kind === NEW_CLIENT_NETWORK_KIND;
    if (isClientKind && family && FAMILY_PATTERN.test(family))
        account.userAgents[family] ??= { firstSeenAt: at, lastSeenAt: at, runs: 0, majors: [], acknowledgedAt: at };
    const peak = Number(signal.labels.peakHourRuns);
    if (signal.kind === BURST_KIND && Number.isFinite(peak) && peak > 0)
        scope.acknowledgedPeakHourRuns = Math.max(scope.acknowledgedPeakHourRuns ?? 0, peak);
    if (signal.kind === SCHEDULED_ACTOR_STARTED_BY_TOKEN_KIND)
        for (const origin of (signal.labels.origins ?? '').split(',').filter((o) => ORIGIN_PATTERN.test(o)))
            scope.origins[origin] ??= { runs: 0, lastSeenAt: at };
    if (signal.kind === DORMANT_ACTOR_STARTED_KIND && Date.parse(at) > Date.parse(scope.lastSeenAt))
        scope.lastSeenAt = at;
}

export function acknowledgeActivitySignals(
    baseline: ActivityBaseline,
    acknowledged: readonly Signal[],
    acknowledgedAt: string,
): ActivityBaseline {
    const updated = structuredClone(baseline);
    const at = toCanonicalInstant(acknowledgedAt);
    for (const signal of acknowledged) if (signal.source === 'core') acknowledgeOne(updated, signal, at);
    return activityBaselineSchema.parse(updated);
}
