// The launcher's UI probe: lets extension-host tests (which run in Node, behind the workbench)
// ask what the workbench page actually shows. A test POSTs JSON to FLEET_TEST_UI_PROBE_URL:
//
//   POST /find { text?, selector?, timeoutMs?, screenshot? }
//     → { found, foundAtMs, text, frameUrl, screenshotPath, frames }
//
// It polls every frame of the page (the workbench, and webviews: an iframe inside an iframe)
// until one holds a visible element that matches `selector` (CSS) and, when `text` is given,
// whose text contains it (without `selector`: buttons and links, which is how welcome views
// render their `[label](command:...)` lines). `foundAtMs` is the launcher's Date.now() when it
// was first seen (same machine, same clock as the extension host: usable for durations).
// `screenshot` (a file name) saves the page into test-results/screenshots/ once found.
// Only 127.0.0.1; one page; never reads or returns anything but the matched element's text.
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const POLL_INTERVAL_MS = 20;
const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_TIMEOUT_MS = 120_000;
const SAFE_FILE_NAME = /^[\w.-]+\.png$/;

/** Runs in a frame: the first visible match, or null. */
function findInFrame({ text, selector }) {
    const candidates = document.querySelectorAll(selector ?? 'a, button, [role="button"], vscode-button');
    for (const element of candidates) {
        const rect = element.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        const content = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (text && !content.includes(text)) continue;
        return content.slice(0, 500);
    }
    return null;
}

async function findOnce(page, request) {
    for (const frame of page.frames()) {
        let text = null;
        try {
            text = await frame.evaluate(findInFrame, {
                text: request.text ?? null,
                selector: request.selector ?? null,
            });
        } catch {
            // The frame navigated or was detached while we looked: try the others, then poll again.
        }
        if (text !== null) return { text, frameUrl: frame.url().split('?')[0] };
    }
    return null;
}

export async function startUiProbe({ pageReady, screenshotDir }) {
    const server = createServer((req, res) => {
        void (async () => {
            const reply = (status, body) =>
                res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
            if (req.method !== 'POST' || req.url !== '/find') return reply(404, { error: 'use POST /find' });
            let body = '';
            for await (const chunk of req) body += chunk;
            let request;
            try {
                request = JSON.parse(body);
            } catch {
                return reply(400, { error: 'the body is not JSON' });
            }
            if (typeof request?.text !== 'string' && typeof request?.selector !== 'string')
                return reply(400, { error: 'give "text" or "selector"' });
            if (request.screenshot !== undefined && !SAFE_FILE_NAME.test(request.screenshot))
                return reply(400, { error: 'screenshot must be a plain *.png file name' });
            const page = await pageReady;
            const timeoutMs = Math.min(Number(request.timeoutMs ?? DEFAULT_TIMEOUT_MS), MAX_TIMEOUT_MS);
            const deadline = Date.now() + timeoutMs;
            for (;;) {
                const hit = await findOnce(page, request);
                if (hit) {
                    const foundAtMs = Date.now();
                    let screenshotPath = null;
                    if (request.screenshot) {
                        mkdirSync(screenshotDir, { recursive: true });
                        screenshotPath = join(screenshotDir, request.screenshot);
                        await page.screenshot({ path: screenshotPath });
                    }
                    return reply(200, { found: true, foundAtMs, ...hit, screenshotPath, frames: page.frames().length });
                }
                if (Date.now() > deadline)
                    return reply(200, {
                        found: false,
                        foundAtMs: null,
                        text: null,
                        frameUrl: null,
                        screenshotPath: null,
                        frames: page.frames().length,
                    });
                await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
            }
        })().catch((error) => {
            if (!res.headersSent)
                res.writeHead(500, { 'content-type': 'application/json' }).end(
                    JSON.stringify({ error: String(error?.message ?? error) }),
                );
        });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
            new Promise((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}
