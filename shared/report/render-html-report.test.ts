/** The HTML report: self-contained, everything from the account escaped. */
import { describe, expect, it } from 'vitest';
import { buildSampleReport, HOSTILE } from '../testing/sample-report.js';
import { escapeHtml, renderHtmlReport } from './render-html-report.js';
import { truncateScore } from '../scoring/grade.js';

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
