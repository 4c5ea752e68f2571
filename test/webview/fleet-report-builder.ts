/**
 * A realistic FleetReport of any size for the dashboard tests, made by the real analysis
 * (`buildFleetReport`) from generated FleetData, so scores, deductions, fingerprints, the
 * action plan and the trend are what the orchestrator would produce — not hand-written JSON.
 *
 * Deterministic (seeded): Actors are a mix of healthy, flaky, regressed after a new build,
 * expensive, stale and never-run ones; a cost-watchdog document adds cost signals with
 * USD/month. The result is validated with fleetReportSchema.
 */
import { buildFleetReport } from '../../shared/analysis/build-fleet-report.js';
import type { ActorData, DayAggregate } from '../../shared/contracts/fleet-data.js';
import { fleetReportSchema, type FleetReport } from '../../shared/contracts/fleet-report.js';
import type { SignalInput } from '../../shared/contracts/signals.js';
import {
    dayRange,
    makeActorData,
    makeDay,
    makeFleetData,
    makeStats,
    TEST_WINDOW,
} from '../../shared/testing/fleet-data-builder.js';

/** mulberry32: small, fast, good enough for fixtures. */
function createRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
}

const WORDS = [
    'google',
    'maps',
    'amazon',
    'product',
    'instagram',
    'profile',
    'tiktok',
    'news',
    'jobs',
    'real-estate',
    'linkedin',
    'reviews',
    'price',
    'monitor',
    'twitter',
    'youtube',
    'shop',
    'hotel',
    'flight',
    'crawler',
    'scraper',
    'seo',
    'email',
    'contact',
    'pdf',
];
const LAST_DAY = '2025-03-28';
type Profile = 'healthy' | 'flaky' | 'regressed' | 'expensive' | 'stale' | 'never-run' | 'failing';

function pick<T>(random: () => number, items: readonly T[]): T {
    return items[Math.floor(random() * items.length)]!;
}

function pickProfile(random: () => number): Profile {
    const r = random();
    if (r < 0.6) return 'healthy';
    if (r < 0.72) return 'flaky';
    if (r < 0.78) return 'regressed';
    if (r < 0.86) return 'expensive';
    if (r < 0.92) return 'stale';
    if (r < 0.96) return 'never-run';
    return 'failing';
}

function actorDays(random: () => number, id: string, profile: Profile): DayAggregate[] {
    if (profile === 'never-run') return [];
    const perDay = 1 + Math.floor(random() * 40);
    const unitCost = profile === 'expensive' ? 0.2 + random() * 0.6 : 0.002 + random() * 0.05;
    const days = profile === 'stale' ? dayRange('2025-03-10', 10) : dayRange(LAST_DAY, 28);
    return days.map((day, index) => {
        const isRecent = index >= days.length - 7;
        const failureRate =
            profile === 'failing'
                ? 0.6
                : profile === 'flaky'
                  ? 0.15 + random() * 0.1
                  : profile === 'regressed'
                    ? isRecent
                        ? 0.3
                        : 0.01
                    : random() < 0.1
                      ? 0.02
                      : 0;
        const runs = Math.max(1, Math.round(perDay * (0.7 + random() * 0.6)));
        const failed = Math.min(runs, Math.round(runs * failureRate));
        const timedOut = failed > 2 ? 1 : 0;
        const build = profile === 'regressed' && isRecent ? '0.2.1' : '0.1.9';
        const baseSecs = 20 + random() * 400;
        return makeDay(
            day,
            {
                [build]: makeStats({
                    succeeded: runs - failed,
                    failed: failed - timedOut,
                    timedOut,
                    costUsd: Math.round(runs * unitCost * 10_000) / 10_000,
                    runsWithoutCost: random() < 0.02 ? 1 : 0,
                    durationsSecs: [baseSecs, baseSecs * 1.4, baseSecs * 2.2],
                }),
            },
            {
                byOrigin: { SCHEDULER: Math.ceil(runs * 0.7), API: Math.floor(runs * 0.3) },
                recentFailedRunIds:
                    failed > 0
                        ? [`${id}-${day.replace(/-/g, '')}-f1`, `${id}-${day.replace(/-/g, '')}-f2`].slice(0, failed)
                        : [],
            },
        );
    });
}

export interface BuildFleetReportFixtureOptions {
    actorCount: number;
    seed?: number;
}

export function buildFleetReportFixture({ actorCount, seed = 42 }: BuildFleetReportFixtureOptions): FleetReport {
    const random = createRandom(seed);
    const actors: ActorData[] = [];
    const costSignals: SignalInput[] = [];
    for (let i = 0; i < actorCount; i++) {
        const id = `act${String(i).padStart(5, '0')}${Math.floor(random() * 1e6).toString(36)}`;
        const profile = pickProfile(random);
        const name = `${pick(random, WORDS)}-${pick(random, WORDS)}-${i}`;
        const title =
            random() < 0.8
                ? name
                      .split('-')
                      .slice(0, 2)
                      .map((w) => w[0]!.toUpperCase() + w.slice(1))
                      .join(' ') + ` ${profile === 'expensive' ? 'Pro ' : ''}Scraper`
                : null;
        actors.push(
            makeActorData(id, actorDays(random, id, profile), {
                actor: { name: `acme/${name}`, title, isPublic: random() < 0.3 },
            }),
        );
        if (profile === 'expensive') {
            costSignals.push({
                fingerprint: `cost-watchdog:memory-overprovisioned:${id}`,
                kind: 'memory-overprovisioned',
                source: 'cost-watchdog',
                actorId: id,
                actorName: `acme/${name}`,
                severity: random() < 0.4 ? 'high' : 'medium',
                decision: random() < 0.4 ? 'act_now' : 'monitor',
                title: 'Memory over-provisioned',
                detail: 'Runs use a fraction of the memory they are given; memory is billed by the GB-hour.',
                metric: {
                    name: 'memoryUtilization',
                    value: Math.round(random() * 20) / 100,
                    baseline: 0.5,
                    unit: 'ratio',
                },
                evidence: {
                    runIds: [`${id}-r1`, `${id}-r2`],
                    buildNumbers: ['0.1.9'],
                    notes: ['median memMaxBytes 310 MB of 4,096 MB'],
                },
                scoreImpact: { component: 'cost', points: 10 + Math.round(random() * 30) },
                usdPerMonth: Math.round(random() * 40_000) / 100,
                fix: 'Lower the default memory to 1,024 MB in the Actor settings.',
                labels: {},
            });
        }
    }
    const fleetData = makeFleetData(actors, { account: { username: 'acme', userId: 'user-acme' } });
    const report = buildFleetReport({
        fleetData,
        signalDocuments: [
            {
                schemaVersion: 1,
                specialist: 'cost-watchdog',
                runId: 'run-cost',
                generatedAt: TEST_WINDOW.to,
                window: fleetData.window,
                actorIds: actors.map((a) => a.actor.id),
                status: 'complete',
                errors: [],
                signals: costSignals,
            },
        ],
        specialistRuns: [
            { name: 'cost-watchdog', runId: 'run-cost', status: 'succeeded', actorIds: actors.map((a) => a.actor.id) },
        ],
        generatedAt: TEST_WINDOW.to,
        isDemo: false,
        trendStore: { name: 'fleet-analytics-trends', mode: 'named', note: null },
        alert: { status: 'not-configured', attempts: 0, signalCount: 0, error: null },
        scoreHistory: [
            { at: '2025-03-08T00:00:00.000Z', healthScore: 93.1 },
            { at: '2025-03-15T00:00:00.000Z', healthScore: 91.4 },
            { at: '2025-03-22T00:00:00.000Z', healthScore: 94.0 },
        ],
    });
    return fleetReportSchema.parse(report);
}
