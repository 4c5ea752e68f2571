/**
 * Builders of signals for tests of the score and the action plan: a full, valid
 * `SignalInput` (for SIGNALS documents) and its scored form (acknowledged flag added).
 */
import type { Signal, SignalInput, SignalSource } from '../contracts/signals.js';

/** `source:kind:actorId[:discriminator]` → a complete signal with neutral defaults. */
export function makeSignal(fingerprint: string, overrides: Partial<Signal> = {}): Signal {
    const [source, kind, actorId] = fingerprint.split(':') as [SignalSource, string, string];
    return {
        fingerprint,
        kind,
        source,
        actorId,
        actorName: `user/${actorId}`,
        severity: 'medium',
        decision: 'monitor',
        title: `${kind} on ${actorId}`,
        detail: '',
        metric: null,
        evidence: { runIds: [], buildNumbers: [], notes: [] },
        scoreImpact: { component: 'reliability', points: 0 },
        usdPerMonth: null,
        fix: `Fix ${kind}.`,
        labels: {},
        ...overrides,
    };
}

export function makeScoredSignal(
    fingerprint: string,
    overrides: Partial<Signal> & { acknowledged?: boolean } = {},
): Signal & { acknowledged: boolean } {
    const { acknowledged = false, ...rest } = overrides;
    return { ...makeSignal(fingerprint, rest), acknowledged };
}

/** A SIGNALS document of one specialist holding `signals`. */
export function makeSignalsDocument(
    specialist: SignalSource,
    window: { from: string; to: string },
    actorIds: string[],
    signals: SignalInput[],
) {
    return {
        schemaVersion: 1,
        specialist,
        runId: null,
        generatedAt: window.to,
        window,
        actorIds,
        status: 'complete',
        errors: [],
        signals,
    };
}
