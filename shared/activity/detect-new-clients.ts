/**
 * Token-driven runs (API, CLI, MCP) from a client network or with a user-agent family the
 * account has never used. Novelty is judged on the /24 (/48) prefix and on the agent family, so
 * a new address from the owner's provider pool and a new minor version of a known client stay
 * quiet. A family that already roams across many networks (a CI provider's runner pool) may show
 * up from another network without a signal — unless those runs are part of a burst.
 * Runs from the Console (WEB), schedules and webhooks are not judged: a bare token cannot make them.
 */
import type { Signal } from '../contracts/signals.js';
import { ACCOUNT_SCOPE_ID, buildActivitySignal, summariseRuns } from './activity-signal.js';
import {
    countNetworksOfFamily,
    getClientNovelty,
    groupBy,
    type ActivityDetectionContext,
    type ClientNovelty,
    type DetectionResult,
} from './detection-context.js';
import { isTokenOrigin, type RunActivity } from './run-activity.js';

export const NEW_CLIENT_NETWORK_KIND = 'new-client-network';
export const NEW_USER_AGENT_FAMILY_KIND = 'new-user-agent-family';

interface JudgedClient {
    run: RunActivity;
    novelty: ClientNovelty;
}

function familiesOf(clients: readonly JudgedClient[]): string {
    return [...new Set(clients.map((client) => client.novelty.family))].sort().join(', ');
}

function networkSignal(prefix: string, clients: JudgedClient[], context: ActivityDetectionContext): Signal {
    const withNewFamily = clients.some((client) => client.novelty.isFamilyNew);
    const runs = clients.map((client) => client.run);
    return buildActivitySignal(
        {
            kind: NEW_CLIENT_NETWORK_KIND,
            scopeId: ACCOUNT_SCOPE_ID,
            scopeName: null,
            discriminators: [prefix],
            severity: withNewFamily ? 'high' : 'medium',
            decision: withNewFamily ? 'act_now' : 'monitor',
            title: `Runs started with your token from a network never seen before: ${prefix}`,
            detail:
                `${summariseRuns(runs)} were started through the API from ${prefix} with ${familiesOf(clients)}. ` +
                `No run of the account came from this network in the baseline` +
                `${withNewFamily ? ', and the client program is new to the account too' : ''}.`,
            metric: { name: 'runs from new network', value: runs.length, baseline: 0, unit: 'runs' },
            runs,
            ifYou: 'If it was you (a new office, a new server), acknowledge it: the network then counts as known.',
            labels: {
                networkPrefix: prefix,
                ...(withNewFamily
                    ? { userAgentFamily: clients.find((c) => c.novelty.isFamilyNew)!.novelty.family }
                    : {}),
            },
        },
        context.prior.salt,
    );
}

function familySignal(family: string, clients: JudgedClient[], context: ActivityDetectionContext): Signal {
    const runs = clients.map((client) => client.run);
    const prefixes = [...new Set(clients.map((client) => client.novelty.prefix ?? 'no client address'))].sort();
    return buildActivitySignal(
        {
            kind: NEW_USER_AGENT_FAMILY_KIND,
            scopeId: ACCOUNT_SCOPE_ID,
            scopeName: null,
            discriminators: [family],
            severity: 'medium',
            decision: 'monitor',
            title: `Runs started with your token by a client program never seen before: ${family}`,
            detail:
                `${summariseRuns(runs)} were started through the API by ${family} from a known network ` +
                `(${prefixes.join(', ')}). The account's baseline has no run from this client family.`,
            metric: { name: 'runs from new client family', value: runs.length, baseline: 0, unit: 'runs' },
            runs,
            ifYou: 'If it was you (a new script or tool), acknowledge it: the client family then counts as known.',
            labels: { userAgentFamily: family },
        },
        context.prior.salt,
    );
}

export function detectNewClients(context: ActivityDetectionContext, burstRunIds: ReadonlySet<string>): DetectionResult {
    const { account, prior, thresholds } = context;
    const judged: JudgedClient[] = context.judged
        .filter((run) => isTokenOrigin(run.origin))
        .map((run) => ({ run, novelty: getClientNovelty(account, run, prior.salt) }));
    const isNetworkAlarm = ({ run, novelty }: JudgedClient) =>
        novelty.isNetworkNew &&
        (novelty.isFamilyNew ||
            burstRunIds.has(run.runId) ||
            countNetworksOfFamily(account, novelty.family) < thresholds.roamingMinNetworks);
    const networkAlarms = judged.filter(isNetworkAlarm);
    const familyAlarms = judged.filter((client) => client.novelty.isFamilyNew && !isNetworkAlarm(client));
    const signals = [
        ...[...groupBy(networkAlarms, (client) => client.novelty.prefix)].map(([prefix, clients]) =>
            networkSignal(prefix, clients, context),
        ),
        ...[...groupBy(familyAlarms, (client) => client.novelty.family)].map(([family, clients]) =>
            familySignal(family, clients, context),
        ),
    ];
    return { signals, flaggedRunIds: [...networkAlarms, ...familyAlarms].map((client) => client.run.runId) };
}
