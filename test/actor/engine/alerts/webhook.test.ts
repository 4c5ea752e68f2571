/** The alert webhook: retries, what is retried, never the token or the URL in OUTPUT. */
import { describe, expect, it } from 'vitest';
import { deliverAlert } from '../../../../actor/engine/alerts/webhook.js';
import type { FleetReport, ReportSignal } from '../../../../shared/contracts/fleet-report.js';
import { buildSampleReport } from '../../../../shared/testing/sample-report.js';

function actNow(report: FleetReport): ReportSignal[] {
    return report.signals.filter((s) => s.decision === 'act_now');
}

describe('alert webhook', () => {
    const report = buildSampleReport();
    const noSleep = async (): Promise<void> => undefined;

    it('the sample has act-now signals to alert about', () => {
        expect(actNow(report).length).toBeGreaterThan(0);
    });

    it('retries 5xx and network errors, then records the delivery', async () => {
        const calls: RequestInit[] = [];
        const responses = [
            () => {
                throw new TypeError('fetch failed: connect ECONNREFUSED https://hooks.example/secret-path');
            },
            () => new Response('', { status: 502 }),
            () => new Response('ok', { status: 200 }),
        ];
        const fetchImpl = (async (_url: string, init: RequestInit) => {
            calls.push(init);
            return responses[calls.length - 1]!();
        }) as unknown as typeof fetch;
        const result = await deliverAlert({
            url: 'https://hooks.example/secret-path',
            report,
            signals: actNow(report),
            fetchImpl,
            sleep: noSleep,
        });
        expect(result).toEqual({ status: 'delivered', attempts: 3, signalCount: actNow(report).length, error: null });
        const body = JSON.parse(String(calls[0]!.body));
        expect(body.event).toBe('fleet-analytics.new-act-now-signals');
        expect(body.signals.map((s: { fingerprint: string }) => s.fingerprint)).toEqual(
            actNow(report).map((s) => s.fingerprint),
        );
        expect(Object.keys(calls[0]!.headers as Record<string, string>).map((h) => h.toLowerCase())).not.toContain(
            'authorization',
        );
    });

    it('does not retry a 4xx other than 408/429, and never records the URL', async () => {
        let count = 0;
        const fetchImpl = (async () => {
            count += 1;
            return new Response('', { status: 404 });
        }) as unknown as typeof fetch;
        const result = await deliverAlert({
            url: 'https://hooks.example/secret-path',
            report,
            signals: actNow(report),
            fetchImpl,
            sleep: noSleep,
        });
        expect(count).toBe(1);
        expect(result.status).toBe('failed');
        expect(result.error).toContain('HTTP 404');
        expect(JSON.stringify(result)).not.toContain('secret-path');
    });

    it('gives up after the attempts with a message that names no URL', async () => {
        const fetchImpl = (async () => {
            throw new TypeError('getaddrinfo ENOTFOUND https://hooks.example/secret-path');
        }) as unknown as typeof fetch;
        const result = await deliverAlert({
            url: 'https://hooks.example/secret-path',
            report,
            signals: actNow(report),
            fetchImpl,
            sleep: noSleep,
            maxAttempts: 3,
        });
        expect(result).toMatchObject({ status: 'failed', attempts: 3 });
        expect(result.error).not.toContain('hooks.example');
    });

    it('sends nothing without a URL or without new signals', async () => {
        const fetchImpl = (async () => {
            throw new Error('must not be called');
        }) as unknown as typeof fetch;
        expect(await deliverAlert({ url: undefined, report, signals: actNow(report), fetchImpl })).toMatchObject({
            status: 'not-configured',
            attempts: 0,
        });
        expect(await deliverAlert({ url: 'https://hooks.example/x', report, signals: [], fetchImpl })).toMatchObject({
            status: 'nothing-new',
            attempts: 0,
        });
    });
});
