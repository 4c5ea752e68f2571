import { describe, expect, it } from 'vitest';
import { signalSchema } from '../contracts/signals.js';
import {
    ACCOUNT_SCOPE_ID,
    buildActivitySignal,
    describeRunEvidence,
    IF_NOT_YOU_FIX,
    summariseRuns,
} from './activity-signal.js';
import { buildRun, SALT } from './test-helpers/activity-fixtures.js';

describe('activity signals', () => {
    const runs = Array.from({ length: 25 }, (_, i) =>
        buildRun({
            actorId: i % 2 ? 'a1' : 'a2',
            clientIp: '203.0.113.9',
            userAgent: 'curl/8.5.0',
            scheduleId: i === 0 ? 's1' : null,
            startedAt: `2026-03-01T10:${String(i).padStart(2, '0')}:00.000Z`,
        }),
    );

    it('describe a run by time, origin, network prefix and client family — never its address', () => {
        const note = describeRunEvidence(runs[0]!, SALT);
        expect(note).toBe(
            `run ${runs[0]!.runId} at 2026-03-01T10:00:00.000Z · origin API · network 203.0.113.0/24 · agent curl 8 · schedule s1`,
        );
        expect(summariseRuns(runs)).toBe(
            '25 runs of 2 Actors between 2026-03-01T10:00:00.000Z and 2026-03-01T10:24:00.000Z',
        );
    });

    it('build contract-valid signals with bounded evidence, no score points and the revoke-and-rotate fix', () => {
        const signal = buildActivitySignal(
            {
                kind: 'new-client-network',
                scopeId: ACCOUNT_SCOPE_ID,
                scopeName: null,
                discriminators: ['203.0.113.0/24'],
                severity: 'high',
                decision: 'act_now',
                title: `x${'y'.repeat(400)}`,
                detail: 'detail',
                metric: { name: 'runs from new network', value: 25, baseline: 0, unit: 'runs' },
                runs,
                ifYou: 'If it was you, acknowledge it.',
                labels: { networkPrefix: '203.0.113.0/24' },
            },
            SALT,
        );
        expect(signalSchema.parse(signal)).toEqual(signal);
        expect(signal.fingerprint).toBe('core:new-client-network:~account:203.0.113.0-24');
        expect(signal.title).toHaveLength(300);
        expect(signal.evidence.runIds).toHaveLength(20);
        expect(signal.evidence.notes.at(-1)).toBe('…and 19 more runs');
        expect(signal.scoreImpact.points).toBe(0);
        expect(signal.metric!.higherIsWorse).toBe(true);
        expect(signal.fix).toBe(`If it was you, acknowledge it. ${IF_NOT_YOU_FIX}`);
        expect(signal.fix).toContain('Settings → API & Integrations');
        expect(JSON.stringify(signal)).not.toContain('203.0.113.9');
    });
});
