import { describe, expect, it } from 'vitest';
import { dayRange, makeActorData, makeDay, makeFleetData, makeStats } from '../../testing/fleet-data-builder.js';
import { analyseCoreSignals } from '../core-signals.js';

const GENERATED_AT = '2025-03-29T00:00:00.000Z';
const WINDOW_DAYS = dayRange('2025-03-28', 28);

/** mulberry32: a seeded, reproducible stream of uniforms for Bernoulli noise. */
function seededUniforms(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** An Actor whose runs on day i fail with probability failRateOf(i), each run an independent draw. */
function noisyActor(id: string, seed: number, runsPerDay: number, failRateOf: (dayIndex: number) => number) {
    const next = seededUniforms(seed);
    return makeActorData(
        id,
        WINDOW_DAYS.map((day, i) => {
            let failed = 0;
            for (let run = 0; run < runsPerDay; run += 1) if (next() < failRateOf(i)) failed += 1;
            return makeDay(day, { '1': makeStats({ succeeded: runsPerDay - failed, failed }) });
        }),
    );
}

function trendAlarms(actors: ReturnType<typeof noisyActor>[]) {
    return analyseCoreSignals(makeFleetData(actors), { generatedAt: GENERATED_AT }).signals.filter(
        (s) => s.kind === 'failure-rate-regression',
    );
}

describe('fleet trends (failure-rate-regression without a build boundary)', () => {
    it('finds failures creeping 2 % → 14 % over four weeks with no new build', () => {
        const creeping = noisyActor('creeping', 7, 60, (i) => 0.02 + (0.12 * i) / 27);
        const healthy = Array.from({ length: 30 }, (_, k) => noisyActor(`healthy-${k}`, 100 + k, 40, () => 0.03));
        const alarms = trendAlarms([creeping, ...healthy]);
        expect(alarms.map((s) => s.actorId)).toEqual(['creeping']);
        expect(alarms[0]!.detail).toMatch(/Benjamini-Hochberg q/);
        expect(alarms[0]!.detail).toMatch(/Mann-Kendall over \d+ daily rates/);
    });

    it('keeps 60 healthy noisy Actors quiet (Bernoulli failures around their own rates)', () => {
        const healthy = Array.from({ length: 60 }, (_, k) =>
            noisyActor(`healthy-${k}`, 500 + k, 20 + (k % 5) * 20, () => 0.005 + (k % 8) * 0.005),
        );
        expect(trendAlarms(healthy)).toEqual([]);
    });

    it('leaves out the outage day several Actors share, and reports one outage instead', () => {
        const outageDay = 25;
        const victims = Array.from({ length: 4 }, (_, k) =>
            noisyActor(`victim-${k}`, 900 + k, 60, (i) => (i === outageDay ? 0.3 : 0.02)),
        );
        const quiet = Array.from({ length: 10 }, (_, k) => noisyActor(`quiet-${k}`, 950 + k, 40, () => 0.02));
        const signals = analyseCoreSignals(makeFleetData([...victims, ...quiet]), {
            generatedAt: GENERATED_AT,
        }).signals;
        const outages = signals.filter((s) => s.kind === 'fleet-outage');
        expect(outages).toHaveLength(1);
        expect(outages[0]!.title).toMatch(/^Outage on 2025-03-26: 4 Actors failed together/);
        expect(signals.filter((s) => s.kind === 'failure-rate-regression')).toEqual([]);
    });

    it('does not call a regression that stays an outage', () => {
        // Three Actors break on the same day and stay broken: not an outage (no recovery), three regressions.
        const broken = Array.from({ length: 3 }, (_, k) =>
            noisyActor(`broken-${k}`, 1200 + k, 60, (i) => (i >= 24 ? 0.3 : 0.02)),
        );
        const signals = analyseCoreSignals(makeFleetData(broken), { generatedAt: GENERATED_AT }).signals;
        expect(signals.filter((s) => s.kind === 'fleet-outage')).toEqual([]);
        expect(signals.filter((s) => s.kind === 'failure-rate-regression')).toHaveLength(3);
    });

    it('flags runs that take twice as long in the last week, not noisy stable durations (duration-rising)', () => {
        const durationActor = (id: string, seed: number, factorOf: (dayIndex: number) => number) => {
            const next = seededUniforms(seed);
            return makeActorData(
                id,
                WINDOW_DAYS.map((day, i) => {
                    const durationsSecs = Array.from(
                        { length: 30 },
                        () => 60 * factorOf(i) * Math.exp(0.35 * (next() - 0.5) * 2),
                    );
                    return makeDay(day, { '1': makeStats({ succeeded: 30, durationsSecs }) });
                }),
            );
        };
        const slower = durationActor('slower', 11, (i) => (i >= 21 ? 2 : 1));
        const stable = Array.from({ length: 30 }, (_, k) => durationActor(`stable-${k}`, 300 + k, () => 1));
        const signals = analyseCoreSignals(makeFleetData([slower, ...stable]), { generatedAt: GENERATED_AT }).signals;
        const rising = signals.filter((s) => s.kind === 'duration-rising');
        expect(rising.map((s) => s.actorId)).toEqual(['slower']);
        expect(rising[0]!.title).toMatch(/^Runs take ×2\.\d as long/);
    });
});
