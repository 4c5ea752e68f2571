/**
 * The alert webhook: after the analysis, POST a JSON summary of the act-now signals that are
 * new since the previous snapshot and not acknowledged. The payload is built only from the
 * report (never from the environment), so no token can reach it; the webhook URL itself is
 * treated as a secret too (Slack-style URLs are credentials) and never appears in OUTPUT or
 * a log line, only the HTTP status does.
 */
import type { FleetReport, ReportSignal } from '../../../shared/contracts/fleet-report.js';

export type AlertResult = FleetReport['alert'];

export const ALERT_PAYLOAD_SCHEMA_VERSION = 1 as const;
/** Up to 4 attempts, 1 s → 2 s → 4 s apart: rides out a receiver restart, stays well under a minute. */
export const ALERT_MAX_ATTEMPTS = 4;
export const ALERT_FIRST_BACKOFF_MILLIS = 1000;
/** A webhook receiver that takes longer than this is treated as down for that attempt. */
export const ALERT_ATTEMPT_TIMEOUT_MILLIS = 10_000;
/** Enough for a chat message; the full list is in OUTPUT. */
const ALERT_MAX_SIGNALS = 50;

export interface AlertPayload {
    schemaVersion: typeof ALERT_PAYLOAD_SCHEMA_VERSION;
    event: 'fleet-analytics.new-act-now-signals';
    generatedAt: string;
    isDemo: boolean;
    account: string | null;
    fleet: { healthScore: number; grade: string };
    /** Short human summary, usable as a chat message text. */
    text: string;
    signalCount: number;
    signals: Array<
        Pick<
            ReportSignal,
            'fingerprint' | 'kind' | 'specialist' | 'actorId' | 'actorName' | 'severity' | 'title' | 'fix'
        >
    >;
    /** Links to the run's records (no token; readers authenticate themselves). */
    links: { output: string | null; report: string | null };
}

/**
 * `signals`: what the alert is about — act now, not acknowledged, and new since the previous
 * snapshot (the caller selects them with shared/analysis/snapshot.ts `selectAlertSignals`).
 */
export function buildAlertPayload(
    report: FleetReport,
    signals: readonly ReportSignal[],
    links: AlertPayload['links'],
): AlertPayload {
    const top = signals
        .slice(0, 3)
        .map((s) => `• ${s.actorName ?? s.actorId}: ${s.title}`)
        .join('\n');
    return {
        schemaVersion: ALERT_PAYLOAD_SCHEMA_VERSION,
        event: 'fleet-analytics.new-act-now-signals',
        generatedAt: report.generatedAt,
        isDemo: report.isDemo,
        account: report.account.username,
        fleet: { healthScore: report.fleet.healthScore, grade: report.fleet.grade },
        text:
            `${report.isDemo ? '[DEMO] ' : ''}Fleet health ${report.fleet.healthScore}/100 (${report.fleet.grade}): ` +
            `${signals.length} new act-now signal${signals.length === 1 ? '' : 's'}${top ? `\n${top}` : ''}`,
        signalCount: signals.length,
        signals: signals.slice(0, ALERT_MAX_SIGNALS).map((s) => ({
            fingerprint: s.fingerprint,
            kind: s.kind,
            specialist: s.specialist,
            actorId: s.actorId,
            actorName: s.actorName,
            severity: s.severity,
            title: s.title,
            fix: s.fix,
        })),
        links,
    };
}

export interface DeliverAlertOptions {
    url: string | undefined;
    report: FleetReport;
    /** The signals to alert about (see buildAlertPayload). */
    signals: readonly ReportSignal[];
    links?: AlertPayload['links'];
    fetchImpl?: typeof fetch;
    sleep?: (millis: number) => Promise<void>;
    maxAttempts?: number;
    firstBackoffMillis?: number;
    attemptTimeoutMillis?: number;
}

/** Status codes worth retrying: the receiver may recover. Other 4xx will not. */
function isRetryableStatus(status: number): boolean {
    return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * Sends the alert (when configured and there is something new) and returns what to record in
 * `OUTPUT.alert`. Never throws: a failing receiver must not fail the analysis.
 */
export async function deliverAlert(options: DeliverAlertOptions): Promise<AlertResult> {
    const { url, report } = options;
    if (!url) return { status: 'not-configured', attempts: 0, signalCount: 0, error: null };
    const payload = buildAlertPayload(report, options.signals, options.links ?? { output: null, report: null });
    if (payload.signalCount === 0) return { status: 'nothing-new', attempts: 0, signalCount: 0, error: null };

    const fetchImpl = options.fetchImpl ?? fetch;
    const sleep =
        options.sleep ??
        ((millis: number) =>
            new Promise<void>((resolve) => {
                setTimeout(resolve, millis);
            }));
    const maxAttempts = options.maxAttempts ?? ALERT_MAX_ATTEMPTS;
    let backoffMillis = options.firstBackoffMillis ?? ALERT_FIRST_BACKOFF_MILLIS;
    const body = JSON.stringify(payload);
    let lastError = 'not attempted';
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        try {
            const response = await fetchImpl(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'apify-fleet-analytics' },
                body,
                redirect: 'error',
                signal: AbortSignal.timeout(options.attemptTimeoutMillis ?? ALERT_ATTEMPT_TIMEOUT_MILLIS),
            });
            // Drain the body so the connection is released; its content is not needed.
            await response.arrayBuffer().catch(() => undefined);
            if (response.ok)
                return { status: 'delivered', attempts: attempt, signalCount: payload.signalCount, error: null };
            lastError = `the webhook answered HTTP ${response.status}`;
            if (!isRetryableStatus(response.status)) {
                return {
                    status: 'failed',
                    attempts: attempt,
                    signalCount: payload.signalCount,
                    error: `${lastError}; not retried (check the URL and what the receiver expects).`,
                };
            }
        } catch (error) {
            // Error messages of fetch can contain the URL: record only the kind of failure.
            const name = (error as Error)?.name;
            lastError =
                name === 'TimeoutError'
                    ? 'the webhook did not answer in time'
                    : 'the webhook could not be reached (network error)';
        }
        if (attempt < maxAttempts) {
            await sleep(backoffMillis);
            backoffMillis *= 2;
        }
    }
    return {
        status: 'failed',
        attempts: maxAttempts,
        signalCount: payload.signalCount,
        error: `${lastError}; gave up after ${maxAttempts} attempts.`,
    };
}
