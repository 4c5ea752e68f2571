import { describe, expect, it } from 'vitest';
import type { Signal } from '../contracts/signals.js';
import {
    applyAcknowledgements,
    getAcknowledgement,
    inferHigherIsWorse,
    parseAcksRecord,
    type AcksRecord,
} from './acknowledgements.js';

const NOW = '2025-03-29T00:00:00.000Z';

function signal(fingerprint: string, metric: Signal['metric']): Pick<Signal, 'fingerprint' | 'metric'> {
    return { fingerprint, metric };
}

function acks(entries: Record<string, Partial<AcksRecord['acks'][string]>>): AcksRecord {
    return {
        schemaVersion: 1,
        acks: Object.fromEntries(
            Object.entries(entries).map(([fp, ack]) => [
                fp,
                {
                    at: '2025-03-20T00:00:00.000Z',
                    by: 'dev@example.com',
                    metricValue: null,
                    expiresAt: null,
                    note: null,
                    ...ack,
                },
            ]),
        ),
    };
}

describe('acknowledgements', () => {
    const failure = (value: number) =>
        signal('core:high-failure-rate:a1', {
            name: 'failureRate',
            value,
            baseline: 0.1,
            unit: 'ratio',
            higherIsWorse: true,
        });

    it('acknowledges while the metric is not worse', () => {
        const record = acks({ 'core:high-failure-rate:a1': { metricValue: 0.3 } });
        expect(getAcknowledgement(failure(0.3), record, NOW)).toMatchObject({
            acknowledged: true,
            acknowledgementState: 'active',
        });
        expect(getAcknowledgement(failure(0.25), record, NOW).acknowledged).toBe(true);
    });

    it('comes back when the metric worsens past the acknowledged value', () => {
        const record = acks({ 'core:high-failure-rate:a1': { metricValue: 0.3 } });
        const result = getAcknowledgement(failure(0.31), record, NOW);
        expect(result).toMatchObject({ acknowledged: false, acknowledgementState: 'worsened' });
        expect(result.acknowledgement?.by).toBe('dev@example.com');
    });

    it('respects lower-is-worse metrics (explicit or inferred)', () => {
        const record = acks({ 'quality-monitor:result-drop:a1': { metricValue: 100 } });
        const drop = (value: number, higherIsWorse?: boolean) =>
            signal('quality-monitor:result-drop:a1', {
                name: 'resultCount',
                value,
                baseline: 500,
                unit: 'items',
                ...(higherIsWorse === undefined ? {} : { higherIsWorse }),
            });
        expect(getAcknowledgement(drop(80), record, NOW).acknowledgementState).toBe('worsened');
        expect(getAcknowledgement(drop(120), record, NOW).acknowledgementState).toBe('active');
        expect(getAcknowledgement(drop(120, true), record, NOW).acknowledgementState).toBe('worsened');
        expect(inferHigherIsWorse({ name: 'successRate', value: 1, baseline: null, unit: null })).toBe(false);
        expect(inferHigherIsWorse({ name: 'costUsd', value: 1, baseline: null, unit: null })).toBe(true);
        expect(inferHigherIsWorse({ name: 'daysSinceLastSuccess', value: 1, baseline: null, unit: null })).toBe(true);
        expect(inferHigherIsWorse({ name: 'memoryUtilization', value: 1, baseline: null, unit: null })).toBe(false);
    });

    it('expires', () => {
        const record = acks({
            'core:high-failure-rate:a1': { metricValue: 0.3, expiresAt: '2025-03-28T00:00:00.000Z' },
        });
        expect(getAcknowledgement(failure(0.1), record, NOW)).toMatchObject({
            acknowledged: false,
            acknowledgementState: 'expired',
        });
        const later = acks({ 'core:high-failure-rate:a1': { expiresAt: '2025-04-28T00:00:00.000Z' } });
        expect(getAcknowledgement(failure(0.9), later, NOW).acknowledged).toBe(true);
    });

    it('unacknowledged and no record', () => {
        expect(getAcknowledgement(failure(0.3), null, NOW)).toEqual({
            acknowledged: false,
            acknowledgement: null,
            acknowledgementState: 'none',
        });
        expect(applyAcknowledgements([failure(0.3)], acks({}), NOW)[0]!.acknowledgementState).toBe('none');
        // Prototype keys are not acknowledgements.
        expect(getAcknowledgement(signal('constructor', null), acks({}), NOW).acknowledged).toBe(false);
    });

    it('parses records and rejects bad ones with a reason', () => {
        expect(parseAcksRecord(undefined)).toEqual({ acks: null, error: null });
        expect(parseAcksRecord(acks({ x: {} })).acks).not.toBeNull();
        const bad = parseAcksRecord({ schemaVersion: 2, acks: {} });
        expect(bad.acks).toBeNull();
        expect(bad.error).toContain('schemaVersion');
    });
});
