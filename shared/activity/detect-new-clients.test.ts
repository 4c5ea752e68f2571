import { describe, expect, it } from 'vitest';
import { buildRun, HISTORY_END, isoAt, MILLIS_PER_HOUR } from './test-helpers/activity-fixtures.js';
import { kindsOf, watchAfterQuietHistory } from './test-helpers/watch-harness.js';

const at = (hour: number, minute = 0) => isoAt(HISTORY_END, hour * MILLIS_PER_HOUR + minute * 60_000);
const KNOWN_AGENT = 'ApifyClient/2.11.0 (linux; Node/v20.10.0); isAtHome/false';

describe('detectNewClients', () => {
    it('reports an API run of a known client from a network never seen, to monitor', () => {
        const run = buildRun({ clientIp: '203.0.113.40', userAgent: KNOWN_AGENT, startedAt: at(10) });
        const result = watchAfterQuietHistory([run]);
        expect(kindsOf(result)).toEqual(['new-client-network']);
        const [signal] = result.signals;
        expect(signal!.fingerprint).toBe('core:new-client-network:~account:203.0.113.0-24');
        expect(signal!.severity).toBe('medium');
        expect(signal!.decision).toBe('monitor');
        expect(signal!.evidence.runIds).toEqual([run.runId]);
        expect(signal!.evidence.notes[0]).toContain('network 203.0.113.0/24 · agent apify-client-js 2');
        expect(JSON.stringify(signal)).not.toContain('203.0.113.40');
    });

    it('calls for action when the network and the client family are both new', () => {
        const run = buildRun({ clientIp: '203.0.113.40', userAgent: 'curl/8.5.0', startedAt: at(10) });
        const [signal, ...rest] = watchAfterQuietHistory([run]).signals;
        expect(rest).toEqual([]);
        expect(signal!.kind).toBe('new-client-network');
        expect(signal!.decision).toBe('act_now');
        expect(signal!.labels).toEqual({ networkPrefix: '203.0.113.0/24', userAgentFamily: 'curl' });
    });

    it('reports a new client family from a known network on its own', () => {
        const run = buildRun({ clientIp: '198.51.100.25', userAgent: 'Go-http-client/2.0', startedAt: at(10) });
        const result = watchAfterQuietHistory([run]);
        expect(kindsOf(result)).toEqual(['new-user-agent-family']);
        expect(result.signals[0]!.title).toContain('go-http-client');
        expect(result.signals[0]!.decision).toBe('monitor');
    });

    it('reads IPv6 clients by their /48', () => {
        const known = buildRun({ clientIp: '2001:db8:aaaa:1::5', startedAt: isoAt(HISTORY_END, -20 * 86_400_000) });
        const sameSite = buildRun({ clientIp: '2001:db8:aaaa:ffff::9', startedAt: at(9) });
        const otherSite = buildRun({ clientIp: '2001:db8:bbbb::1', startedAt: at(10) });
        const result = watchAfterQuietHistory([sameSite, otherSite], { extraHistory: [known] });
        expect(result.signals.map((s) => s.labels.networkPrefix)).toEqual(['2001:db8:bbbb::/48']);
    });

    it('does not judge runs without a client address, nor Console, schedule or webhook runs', () => {
        const planted = [
            buildRun({ clientIp: null, startedAt: at(9) }),
            buildRun({ origin: 'WEB', clientIp: '203.0.113.1', userAgent: 'curl/8.5.0', startedAt: at(10) }),
            buildRun({ origin: 'WEBHOOK', clientIp: '203.0.113.2', userAgent: 'curl/8.5.0', startedAt: at(11) }),
            buildRun({ origin: 'SCHEDULER', clientIp: '203.0.113.3', userAgent: null, startedAt: at(12) }),
        ];
        expect(watchAfterQuietHistory(planted).signals).toEqual([]);
    });

    it('lets a roaming client (a CI runner pool) use a new network, unless its runs burst', () => {
        const ci = (index: number, minute: number) =>
            buildRun({
                actorId: 'actorCi',
                clientIp: `20.59.${100 + index}.7`,
                userAgent: 'apify-cli/0.20.11 (linux; node/v22.1.0)',
                startedAt: at(16, minute),
            });
        expect(watchAfterQuietHistory([ci(0, 1), ci(1, 2)]).signals).toEqual([]);
        const flood = Array.from({ length: 60 }, (_, i) => ci(i % 3, i % 60));
        const kinds = kindsOf(watchAfterQuietHistory(flood));
        expect(kinds).toContain('activity-burst');
        expect(kinds).toContain('new-client-network');
    });
});
