/**
 * The orchestrator's own parts in isolation: the alert webhook (retries, what is retried,
 * never the token or the URL in OUTPUT), the HTML report (self-contained, everything
 * escaped), dataset rows, the trend stores (file system, day cache buffering) and the
 * analysis window.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFleetReport } from '../../shared/analysis/build-fleet-report.js';
import type { FleetReport, ReportSignal } from '../../shared/contracts/fleet-report.js';
import { datasetRowSchema } from '../../shared/contracts/dataset-row.js';
import { dayRange, makeActorData, makeDay, makeFleetData, makeStats } from '../../shared/testing/fleet-fixtures.js';
import { escapeHtml, renderHtmlReport } from '../../shared/report/render-html-report.js';
import { deliverAlert } from '../../actor/engine/alerts/webhook.js';
import { buildDatasetRows } from '../../actor/engine/outputs/dataset-rows.js';
import { computeAnalysisWindow, findUnmatchedIncludePatterns } from '../../actor/engine/analysis-pipeline.js';
import { createFileSystemTrendStore } from '../../actor/engine/trend-store/file-system-trend-store.js';
import { createTrendStoreDayCache, dayCacheKey } from '../../actor/engine/trend-store/day-cache.js';
import { createMemoryTrendStore, assertValidRecordKey } from '../../actor/engine/trend-store/trend-store-adapter.js';
import { loadSnapshots, pruneSnapshots, saveSnapshot } from '../../actor/engine/trend-store/trend-history.js';
import { buildSnapshot, snapshotKey } from '../../shared/analysis/snapshot.js';
import { truncateScore } from '../../shared/scoring/grade.js';

const HOSTILE = '<script>alert("x")</script><img src=https://evil.example/x.png>';

/** A small fleet: one healthy Actor and one failing hard, with a hostile title. */
function buildSampleReport(): FleetReport {
    const days = dayRange('2025-06-27', 28);
    const healthy = makeActorData(
        'healthyActor01',
        days.map((day) =>
            makeDay(day, { '0.1.1': makeStats({ succeeded: 10, costUsd: 0.1, durationsSecs: [30, 40] }) }),
        ),
    );
    const failing = makeActorData(
        'failingActor01',
        days.map((day, i) =>
            makeDay(
                day,
                {
                    '0.2.1': makeStats({
                        succeeded: i < 21 ? 19 : 8,
                        failed: i < 21 ? 1 : 12,
                        costUsd: 0.2,
                        durationsSecs: [60],
                    }),
                },
                { recentFailedRunIds: [`run${i}`] },
            ),
        ),
        { actor: { title: HOSTILE, name: `tester/${HOSTILE}` } },
    );
    const fleetData = makeFleetData([healthy, failing], {
        window: { from: '2025-06-01T00:00:00.000Z', to: '2025-06-29T00:00:00.000Z' },
    });
    return buildFleetReport({
        fleetData,
        signalDocuments: [],
        generatedAt: '2025-06-28T12:00:00.000Z',
        isDemo: false,
        trendStore: { name: 'fleet-analytics-trends', mode: 'named', note: null },
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
    });
}

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

describe('HTML report', () => {
    const report = buildSampleReport();
    const html = renderHtmlReport(report, { definitionsUrl: 'javascript:alert(1)' });

    it('is self-contained: no scripts, no external resources, a CSP that forbids them', () => {
        expect(html).toMatch(/^<!DOCTYPE html>/);
        expect(html).toContain("default-src 'none'");
        // Tags that load something, or any tag attribute `src=`: none. (Links to Console are fine.)
        expect(html).not.toMatch(/<(script|link|iframe|img|object|embed|audio|video)\b/i);
        expect(html).not.toMatch(/<[^>]+\ssrc=/i);
        expect(html).not.toMatch(/url\(/i);
        expect(html).not.toContain('javascript:');
    });

    it('escapes every value from the account', () => {
        expect(html).not.toContain(HOSTILE);
        expect(html).toContain(escapeHtml(`tester/${HOSTILE}`));
        expect(html).not.toMatch(/<img/i);
    });

    it('shows the score, components, action plan, Actor table and weekly charts', () => {
        expect(html).toContain(`Fleet Health ${truncateScore(report.fleet.healthScore)}/100`);
        for (const component of report.fleet.components) expect(html).toContain(escapeHtml(component.label));
        expect(html).toContain('Action plan');
        expect(html).toContain('Fix now');
        expect(html).toContain('Actors (2, worst first)');
        expect(html).toContain('Weekly trend');
        expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
    });

    it('labels a demo report', () => {
        expect(renderHtmlReport({ ...report, isDemo: true })).toContain('DEMO: a built-in sample fleet');
    });
});

describe('dataset rows', () => {
    it('one valid row per Actor, with its top issue from the plan', () => {
        const report = buildSampleReport();
        const rows = buildDatasetRows(report);
        expect(rows).toHaveLength(2);
        for (const row of rows) datasetRowSchema.parse(row);
        const failing = rows.find((r) => r.actorId === 'failingActor01')!;
        expect(failing.actNowCount).toBeGreaterThan(0);
        expect(failing.topIssue).toBe(report.actionPlan.find((c) => c.actorId === 'failingActor01')!.title);
        expect(failing.runsFailed).toBe(report.actors.find((a) => a.id === 'failingActor01')!.runs.failed);
    });
});

describe('trend stores', () => {
    const directories: string[] = [];
    afterEach(async () => {
        for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
    });

    it('file system store: prefix listing, JSON round trip, delete, SDK layout', async () => {
        const storageDir = await mkdtemp(join(tmpdir(), 'trend-store-'));
        directories.push(storageDir);
        const store = createFileSystemTrendStore(storageDir, 'my-trends');
        expect(await store.listKeys('SNAPSHOT-')).toEqual([]);
        await store.setJson('SNAPSHOT-b', { n: 2 });
        await store.setJson('SNAPSHOT-a', { n: 1 });
        await store.setJson('ACKS', { acks: {} });
        expect(await store.listKeys('SNAPSHOT-')).toEqual(['SNAPSHOT-a', 'SNAPSHOT-b']);
        expect(await store.getJson('SNAPSHOT-b')).toEqual({ n: 2 });
        expect(await store.getJson('missing')).toBeUndefined();
        await store.deleteRecord('SNAPSHOT-a');
        await store.deleteRecord('SNAPSHOT-a');
        expect((await readdir(join(storageDir, 'key_value_stores', 'my-trends'))).sort()).toEqual([
            'ACKS.json',
            'SNAPSHOT-b.json',
        ]);
        await expect(store.setJson('bad key/with slash', {})).rejects.toThrow(/not a valid key-value store key/);
    });

    it('snapshots: saved under the run key, loaded before now only, pruned by age', async () => {
        const store = createMemoryTrendStore();
        const report = buildSampleReport();
        const olderAt = '2025-06-01T12:00:00.000Z';
        await saveSnapshot(
            store,
            snapshotKey(olderAt, 'runOld'),
            buildSnapshot({ ...report, generatedAt: olderAt }, 'runOld'),
        );
        await saveSnapshot(store, snapshotKey(report.generatedAt, 'runNow'), buildSnapshot(report, 'runNow'));
        await store.setJson('SNAPSHOT-20250602T000000000Z-garbage', { not: 'a snapshot' });
        const loaded = await loadSnapshots(store, report.generatedAt);
        expect(loaded.snapshots.map((s) => s.snapshot.runId)).toEqual(['runOld']);
        expect(loaded.invalidKeys).toEqual(['SNAPSHOT-20250602T000000000Z-garbage']);
        const pruned = await pruneSnapshots(store, report.generatedAt, 7);
        expect(pruned).toEqual([snapshotKey(olderAt, 'runOld'), 'SNAPSHOT-20250602T000000000Z-garbage']);
        expect(await store.listKeys('SNAPSHOT-')).toEqual([snapshotKey(report.generatedAt, 'runNow')]);
    });

    it('day cache: reads by Actor and origins, buffers writes until flush, discard drops them', async () => {
        const store = createMemoryTrendStore();
        const cache = createTrendStoreDayCache(store, { originsKey: 'API,SCHEDULER', isReadEnabled: true });
        const entry = { actorId: 'abc', originsKey: 'API,SCHEDULER' } as never;
        await cache.put(entry);
        expect(cache.pendingCount).toBe(1);
        expect(store.records.size).toBe(0);
        expect(await cache.flush()).toBe(1);
        const key = dayCacheKey('API,SCHEDULER', 'abc');
        expect(key).toBe('DAYS-API.SCHEDULER-abc');
        assertValidRecordKey(key);
        expect(await cache.get('abc')).toEqual(entry);
        expect(dayCacheKey('', 'abc')).toBe('DAYS-all-abc');

        await cache.put({ actorId: 'def', originsKey: 'API,SCHEDULER' } as never);
        cache.discard();
        expect(await cache.flush()).toBe(0);
        const readDisabled = createTrendStoreDayCache(store, { originsKey: 'API,SCHEDULER', isReadEnabled: false });
        expect(await readDisabled.get('abc')).toBeUndefined();
    });
});

describe('analysis window and include patterns', () => {
    it('whole UTC days ending at the midnight after now', () => {
        expect(computeAnalysisWindow(new Date('2025-06-28T12:34:56.000Z'), 28)).toEqual({
            from: new Date('2025-06-01T00:00:00.000Z'),
            to: new Date('2025-06-29T00:00:00.000Z'),
        });
        expect(computeAnalysisWindow(new Date('2025-06-29T00:00:00.000Z'), 1)).toEqual({
            from: new Date('2025-06-28T00:00:00.000Z'),
            to: new Date('2025-06-29T00:00:00.000Z'),
        });
    });

    it('names each include pattern that matched no Actor, with a fix', () => {
        const problems = findUnmatchedIncludePatterns(
            ['shop-*', 'tester/news', 'typo-scraper'],
            ['tester/shop-books', 'tester/news'],
        );
        expect(problems).toEqual([
            expect.objectContaining({
                path: 'includeActors[2]',
                problem: expect.stringContaining('"typo-scraper" matches no Actor'),
            }),
        ]);
        expect(problems[0]!.fix).toMatch(/Check the spelling/);
    });
});
