/**
 * The dashboard in a real Chromium: the built webview bundle, served with the panel's own HTML
 * and CSP (renderDashboardHtml) and a stub `acquireVsCodeApi` that records what the page posts,
 * receives a 2,000-Actor FleetReport made by the real analysis. Checks the score, the action
 * plan, the table (sorting, filtering, windowed rows, keyboard), Acknowledge, the Actor detail
 * and the charts, that the CSP blocked nothing, and saves screenshots (light and dark) to
 * test-results/screenshots/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { renderDashboardHtml } from '../../extension/panels/dashboard-html.js';
import {
    parseWebviewToHostMessage,
    type DashboardStatus,
    type HostToWebviewMessage,
} from '../../extension/protocol/webview-protocol.js';
import { DEFAULT_SORT, EMPTY_FILTER, selectActors } from '../../extension/webview/view-models/actor-table.js';
import { formatCount, formatScore } from '../../shared/format/number-format.js';
import { buildFleetReportFixture } from './fleet-report-builder.js';
import { THEME_BODY_CLASS, themeStyle, type TestTheme } from './theme-variables.js';
import {
    buildWebviewAssets,
    CHROMIUM_PATH,
    launchTestChromium,
    serveWebviewAsset,
} from '../support/webview-test-page.js';

const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');
const ACTOR_COUNT = 2000;
const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';

if (!HAS_CHROMIUM)
    console.warn(
        `[dashboard-ui] skipped: ${CHROMIUM_PATH} is absent. Install it with scripts/install-test-host.sh (apt package "chromium").`,
    );

/** The stub VS Code API: records posts and state, and reports CSP violations. */
function stubScript(theme: TestTheme): string {
    return `<script nonce="${NONCE}">
window.__posted = []; window.__cspViolations = []; window.__state = undefined;
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') + ' ' + (e.target && e.target.tagName || '')));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
});
document.addEventListener('DOMContentLoaded', () => document.body.classList.add('${THEME_BODY_CLASS[theme]}'));
</script>
<style nonce="${NONCE}">${themeStyle(theme)}</style>`;
}

describe.skipIf(!HAS_CHROMIUM)('dashboard webview in Chromium', () => {
    let server: Server;
    let origin: string;
    let assetsDir: string;
    let profileDir: string;
    let context: BrowserContext;
    let report: FleetReport;
    const connected: DashboardStatus = {
        connection: 'connected',
        accountName: 'acme',
        running: null,
        lastUpdatedAt: '2025-03-29T00:00:00.000Z',
        localAcks: [],
    };

    beforeAll(async () => {
        report = buildFleetReportFixture({ actorCount: ACTOR_COUNT });
        assetsDir = await mkdtemp(join(tmpdir(), 'fleet-webview-'));
        profileDir = await mkdtemp(join(tmpdir(), 'fleet-chromium-'));
        await buildWebviewAssets(assetsDir);

        server = createServer((req, res) => {
            void (async () => {
                const url = new URL(req.url ?? '/', 'http://127.0.0.1');
                if (url.pathname === '/favicon.ico') {
                    res.writeHead(204).end();
                    return;
                } // browsers ask; webviews do not
                if (url.pathname === '/') {
                    const requested = url.searchParams.get('theme');
                    const theme: TestTheme = requested === 'dark' || requested === 'hc' ? requested : 'light';
                    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
                    res.end(
                        renderDashboardHtml({
                            cspSource: origin,
                            scriptUri: `${origin}/webview.js`,
                            codiconsUri: `${origin}/codicons/codicon.css`,
                            nonce: NONCE,
                            extraHeadHtml: stubScript(theme),
                        }),
                    );
                    return;
                }
                await serveWebviewAsset(res, assetsDir, url.pathname);
            })();
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        context = await launchTestChromium(profileDir);
        await mkdir(SCREENSHOT_DIR, { recursive: true });
    });

    afterAll(async () => {
        await context?.close();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        await rm(assetsDir, { recursive: true, force: true });
        await rm(profileDir, { recursive: true, force: true });
    });

    async function openPage(theme: TestTheme): Promise<{ page: Page; errors: string[] }> {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
            if (message.type() === 'error') errors.push(message.text());
        });
        await page.goto(`${origin}/?theme=${theme}`);
        await page.waitForFunction(() =>
            (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'webview/ready'),
        );
        return { page, errors };
    }

    async function send(page: Page, message: HostToWebviewMessage): Promise<void> {
        await page.evaluate((m) => window.postMessage(m, '*'), message);
    }

    async function posted(page: Page): Promise<unknown[]> {
        return page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    }

    /** Posts the report and measures, in the page, until the score is on screen. */
    async function sendReportAndMeasure(page: Page, status: DashboardStatus): Promise<number> {
        return page.evaluate(
            async (message) => {
                const start = performance.now();
                window.postMessage(message, '*');
                await new Promise<void>((resolve) => {
                    const check = () =>
                        document.querySelector('[data-testid="fleet-score"]')
                            ? resolve()
                            : requestAnimationFrame(check);
                    check();
                });
                return performance.now() - start;
            },
            { type: 'host/didUpdate', report, status } satisfies HostToWebviewMessage,
        );
    }

    for (const theme of ['light', 'dark'] as const) {
        it(`renders a ${ACTOR_COUNT}-Actor report (${theme})`, async () => {
            const { page, errors } = await openPage(theme);
            const firstRenderMs = await sendReportAndMeasure(page, connected);
            console.log(
                `[dashboard-ui] ${theme}: first render of ${ACTOR_COUNT} Actors (validate + render) ${firstRenderMs.toFixed(0)} ms`,
            );

            // Score and grade.
            await expect
                .poll(() => page.locator('[data-testid="fleet-score"]').textContent())
                .toBe(formatScore(report.fleet.healthScore));
            expect(await page.locator('.score-card .grade-large').textContent()).toBe(report.fleet.grade);
            expect(await page.locator('.component').count()).toBe(report.fleet.components.length);

            // Action plan: first card is the plan's rank 1; buckets are capped with "Show more".
            const firstCard = [...report.actionPlan].sort((a, b) => a.rank - b.rank)[0]!;
            const cards = page.locator('.action-card');
            expect(await cards.first().locator('.card-title').textContent()).toBe(firstCard.title);
            expect(await cards.first().getAttribute('data-fingerprint')).toBe(firstCard.fingerprint);
            await page.waitForTimeout(150); // web fonts and custom elements settle before the picture
            await page.screenshot({ path: join(SCREENSHOT_DIR, `dashboard-overview-${theme}.png`), fullPage: false });

            // Acknowledge posts a valid request naming the card's fingerprint.
            await cards.first().locator('vscode-button[data-action="acknowledge"]').click();
            const ack = (await posted(page))
                .map(parseWebviewToHostMessage)
                .filter((p) => p.ok)
                .map((p) => p.ok && p.message)
                .find((m) => m && m.type === 'webview/acknowledge');
            expect(ack).toMatchObject({ type: 'webview/acknowledge', fingerprint: firstCard.fingerprint });
            expect((await posted(page)).every((m) => parseWebviewToHostMessage(m).ok)).toBe(true);
            if (ack && ack.type === 'webview/acknowledge')
                await send(page, { type: 'host/didComplete', requestId: ack.requestId, ok: true, error: null });
            await send(page, {
                type: 'host/didUpdate',
                report,
                status: { ...connected, localAcks: [firstCard.fingerprint] },
            });
            await expect
                .poll(() => page.locator(`.action-card[data-fingerprint="${firstCard.fingerprint}"] .acked`).count())
                .toBe(1);

            // Actor table: windowed rows, default sort, counts.
            await page.locator('vscode-tab-header[data-tab="actors"]').click();
            await expect
                .poll(() => page.locator('[data-testid="actor-count"]').textContent())
                .toBe(`${formatCount(ACTOR_COUNT)} Actors`);
            const grid = page.locator('[data-testid="actor-grid"]');
            expect(await grid.getAttribute('aria-rowcount')).toBe(String(ACTOR_COUNT + 1));
            const renderedRows = await page.locator('.rows .row').count();
            expect(renderedRows).toBeGreaterThan(10);
            expect(renderedRows).toBeLessThan(100);
            const byDefault = selectActors(report.actors, EMPTY_FILTER, DEFAULT_SORT);
            expect(await page.locator('.rows .row').first().getAttribute('data-actor-id')).toBe(byDefault[0]!.id);
            await page.screenshot({ path: join(SCREENSHOT_DIR, `dashboard-actors-${theme}.png`) });

            // Sorting by cost (first click: most expensive first), and the table remembers it.
            await page.locator('button.sort[data-sort="costUsd"]').click();
            const byCost = selectActors(report.actors, EMPTY_FILTER, { key: 'costUsd', direction: 'desc' });
            await expect
                .poll(() => page.locator('.rows .row').first().getAttribute('data-actor-id'))
                .toBe(byCost[0]!.id);
            expect(
                await page.locator('[role="columnheader"][aria-sort="descending"] button').getAttribute('data-sort'),
            ).toBe('costUsd');

            // Scrolling to the end renders the last rows (and only a window of them).
            await page.locator('.rows').evaluate((el) => {
                el.scrollTop = el.scrollHeight;
            });
            await expect.poll(() => page.locator(`.rows .row[data-index="${ACTOR_COUNT - 1}"]`).count()).toBe(1);
            expect(await page.locator('.rows .row').count()).toBeLessThan(100);

            // Filtering by text and grade.
            await page.locator('vscode-textfield.filter-text input').fill('maps');
            const byText = selectActors(
                report.actors,
                { ...EMPTY_FILTER, text: 'maps' },
                { key: 'costUsd', direction: 'desc' },
            );
            expect(byText.length).toBeGreaterThan(0);
            expect(byText.length).toBeLessThan(ACTOR_COUNT);
            await expect
                .poll(() => page.locator('[data-testid="actor-count"]').textContent())
                .toBe(`${formatCount(byText.length)} of ${formatCount(ACTOR_COUNT)} Actors`);
            expect(await page.locator('.rows .row').first().getAttribute('data-actor-id')).toBe(byText[0]!.id);
            await page.locator('vscode-textfield.filter-text input').fill('');
            const worstGrade = [...new Set(report.actors.map((a) => a.grade))].sort().pop()!;
            await page.locator('.grade-filter .chip', { hasText: worstGrade }).click();
            const byGrade = report.actors.filter((a) => a.grade === worstGrade).length;
            await expect
                .poll(() => page.locator('[data-testid="actor-count"]').textContent())
                .toBe(`${formatCount(byGrade)} of ${formatCount(ACTOR_COUNT)} Actors`);
            const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
            expect(state).toMatchObject({
                tab: 'actors',
                sort: { key: 'costUsd', direction: 'desc' },
                filter: { grades: [worstGrade] },
            });

            // Keyboard: focus a row, arrow down, Enter opens that Actor's detail.
            await page.locator('.rows .row').first().focus();
            await page.keyboard.press('ArrowDown');
            // Focus moves in the next animation frame, after the re-render: wait for it.
            await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('1');
            const secondId = await page.evaluate(() => document.activeElement?.getAttribute('data-actor-id'));
            expect(secondId).toBeTruthy();
            await page.keyboard.press('Enter');
            await expect.poll(() => page.locator('[data-testid="actor-detail"]').count()).toBe(1);
            const actor = report.actors.find((a) => a.id === secondId)!;
            expect(await page.locator('#actor-detail-heading').textContent()).toBe(actor.title ?? actor.name);
            await page.screenshot({ path: join(SCREENSHOT_DIR, `dashboard-actor-detail-${theme}.png`) });

            // A deduction jumps to its signal on its Actor's detail view.
            await page.locator('vscode-tab-header[data-tab="overview"]').click();
            const deduction = page.locator('button.deduction:not([disabled])').first();
            await deduction.click();
            await expect.poll(() => page.locator('.signal.highlighted').count()).toBe(1);
            await expect
                .poll(() => page.evaluate(() => document.activeElement?.classList.contains('signal')))
                .toBe(true);

            // Trends: three charts drawn, and the cost breakdown.
            await page.locator('vscode-tab-header[data-tab="trends"]').click();
            await expect.poll(() => page.locator('canvas[data-series]').count()).toBe(3);
            await expect
                .poll(() => page.locator('canvas[data-series="cost"]').evaluate((c: HTMLCanvasElement) => c.width))
                .toBeGreaterThan(0);
            expect(await page.locator('[data-testid="cost-breakdown"] tbody tr').count()).toBeGreaterThan(1);
            await page.screenshot({ path: join(SCREENSHOT_DIR, `dashboard-trends-${theme}.png`) });

            expect(
                await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
            ).toEqual([]);
            expect(errors).toEqual([]);
            await page.close();
        });
    }

    it('high contrast (hc-black): text, borders and the focus ring keep their contrast', async () => {
        const { page, errors } = await openPage('hc');
        await sendReportAndMeasure(page, connected);
        await expect
            .poll(() => page.locator('[data-testid="fleet-score"]').textContent())
            .toBe(formatScore(report.fleet.healthScore));
        expect(await page.evaluate(() => document.body.classList.contains('vscode-high-contrast'))).toBe(true);
        await page.waitForTimeout(150);
        await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-overview-hc.png') });

        // Text against what is really behind it (alpha blended up the tree), per WCAG 2.x.
        const overview = await page.evaluate(measureContrast, [
            { name: 'fleet score', selector: '[data-testid="fleet-score"]', part: 'text' },
            { name: 'grade badge', selector: '.score-card .grade-large', part: 'text' },
            { name: 'grade badge border', selector: '.score-card .grade-large', part: 'border' },
            { name: 'component name', selector: '.component', part: 'text' },
            { name: 'deduction link', selector: 'button.deduction:not([disabled])', part: 'text' },
            { name: 'action card title', selector: '.action-card .card-title', part: 'text' },
            { name: 'action card border', selector: '.action-card', part: 'border' },
            { name: 'score card border', selector: '.card', part: 'border' },
            {
                name: 'Acknowledge button',
                selector: '.action-card vscode-button[data-action="acknowledge"]',
                part: 'text',
            },
            {
                name: 'Acknowledge button border',
                selector: '.action-card vscode-button[data-action="acknowledge"]',
                part: 'border',
            },
            { name: 'muted text', selector: '.muted', part: 'text' },
        ] satisfies ContrastProbe[]);
        await page.locator('vscode-tab-header[data-tab="actors"]').click();
        await expect.poll(() => page.locator('.rows .row').count()).toBeGreaterThan(10);
        await page.locator('.rows .row').first().focus();
        await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-actors-hc.png') });
        const table = await page.evaluate(measureContrast, [
            { name: 'table row', selector: '.rows .row', part: 'text' },
            { name: 'column header', selector: 'button.sort', part: 'text' },
            { name: 'focused row outline', selector: '.rows .row:focus', part: 'outline' },
        ] satisfies ContrastProbe[]);
        const all = [...overview, ...table];
        console.log(
            `[dashboard-ui] hc contrast: ${all.map((m) => `${m.name} ${m.ratio === null ? 'missing' : m.ratio.toFixed(1)}`).join(', ')}`,
        );
        for (const m of all) {
            expect(m.ratio, `${m.name} (${m.selector}) is not on the page`).not.toBeNull();
            // WCAG: 4.5:1 for text (AA), 3:1 for borders and focus indicators (non-text UI).
            expect(m.ratio!, `${m.name}: ${m.foreground} on ${m.background}`).toBeGreaterThanOrEqual(
                m.part === 'text' ? 4.5 : 3,
            );
        }
        expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual(
            [],
        );
        expect(errors).toEqual([]);
        await page.close();
    });

    it('shows the connect state without a token and asks the host to connect', async () => {
        const { page, errors } = await openPage('dark');
        await send(page, {
            type: 'host/didUpdate',
            report: null,
            status: { connection: 'no-token', accountName: null, running: null, lastUpdatedAt: null, localAcks: [] },
        });
        await expect.poll(() => page.locator('[data-testid="connect-state"]').count()).toBe(1);
        await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-connect-dark.png') });
        await page.locator('vscode-button[data-action="connect"]').click();
        await expect
            .poll(async () =>
                (await posted(page)).some((m) => (m as { type?: string }).type === 'webview/connectToken'),
            )
            .toBe(true);
        // A malformed host message is dropped (logged), the page keeps working.
        await send(page, {
            type: 'host/didUpdate',
            report: { nope: true },
            status: null,
        } as unknown as HostToWebviewMessage);
        await send(page, {
            type: 'host/didUpdate',
            report: null,
            status: { ...connected, running: { mode: 'local', message: 'Collecting runs: 120 of 2,000 Actors' } },
        });
        await expect.poll(() => page.locator('[data-testid="running"]').textContent()).toContain('Collecting runs');
        expect(errors).toEqual([]);
        await page.close();
    });
});

interface ContrastProbe {
    name: string;
    selector: string;
    part: 'text' | 'border' | 'outline';
}
interface ContrastResult extends ContrastProbe {
    ratio: number | null;
    foreground: string | null;
    background: string | null;
}

/** Runs in the page: WCAG contrast of each probe's first visible element against its effective background. */
function measureContrast(probes: ContrastProbe[]): ContrastResult[] {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba | null => {
        const m = /rgba?\(([^)]+)\)/.exec(value);
        if (!m) return null;
        const parts = m[1]!
            .split(/[ ,/]+/)
            .filter(Boolean)
            .map(Number);
        return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
        const a = top[3];
        return [
            top[0] * a + bottom[0] * (1 - a),
            top[1] * a + bottom[1] * (1 - a),
            top[2] * a + bottom[2] * (1 - a),
            1,
        ];
    };
    const parentOf = (el: Element): Element | null => el.parentElement ?? (el.getRootNode() as ShadowRoot).host ?? null;
    const backgroundOf = (el: Element): Rgba => {
        const layers: Rgba[] = [];
        for (let node: Element | null = el; node; node = parentOf(node)) {
            const bg = parse(getComputedStyle(node).backgroundColor);
            if (bg && bg[3] > 0) {
                layers.push(bg);
                if (bg[3] >= 1) break;
            }
        }
        return layers.reduceRight<Rgba>((acc, layer) => over(layer, acc), [0, 0, 0, 1]);
    };
    const luminance = ([r, g, b]: Rgba): number => {
        const channel = (v: number) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: Rgba, b: Rgba): number => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi! + 0.05) / (lo! + 0.05);
    };
    const css = (c: Rgba) => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
    return probes.map((probe) => {
        const el = [...document.querySelectorAll(probe.selector)].find((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.height > 0;
        });
        if (!el) return { ...probe, ratio: null, foreground: null, background: null };
        // A custom element (vscode-button) draws its border on an element of its shadow DOM.
        const hasBorder = (e: Element) =>
            parseFloat(getComputedStyle(e).borderTopWidth) > 0 || parseFloat(getComputedStyle(e).borderLeftWidth) > 0;
        const drawn =
            probe.part === 'border' && !hasBorder(el)
                ? ([...(el.shadowRoot?.querySelectorAll('*') ?? [])].find(hasBorder) ?? el)
                : el;
        const style = getComputedStyle(drawn);
        // Text in a custom element's shadow DOM (vscode-button) inherits the host's colour.
        const raw =
            probe.part === 'text'
                ? style.color
                : probe.part === 'outline'
                  ? parseFloat(style.outlineWidth) > 0 && style.outlineStyle !== 'none'
                      ? style.outlineColor
                      : 'rgba(0, 0, 0, 0)'
                  : ([style.borderTopColor, style.borderLeftColor].find(
                        (c, i) => parseFloat(i === 0 ? style.borderTopWidth : style.borderLeftWidth) > 0,
                    ) ?? 'rgba(0, 0, 0, 0)');
        const background = backgroundOf(probe.part === 'text' ? el : (parentOf(el) ?? el));
        const foreground = over(parse(raw) ?? [0, 0, 0, 0], background);
        return {
            ...probe,
            ratio: ratio(foreground, background),
            foreground: css(foreground),
            background: css(background),
        };
    });
}
