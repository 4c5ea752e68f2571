import { describe, expect, it } from 'vitest';
import { addRun, type RunsPartial } from '../../../../actor/engine/collection/run-aggregation.js';
import {
    compareBuildNumbers,
    selectSample,
    SAMPLE_BASELINE_DAYS,
    SAMPLE_RECENT_DAYS,
    SAMPLE_TEST_DAYS,
} from '../../../../actor/engine/collection/sampling.js';
import { filter, toItem } from '../../../support/run-list-arbitrary.js';

describe('sampling', () => {
    it('the sample takes the last run of each of the recent days', () => {
        const partial: RunsPartial = {};
        let i = 0;
        for (let day = 0; day < 3; day += 1) {
            for (const minute of [60, 600]) {
                addRun(
                    partial,
                    toItem(
                        {
                            n: i,
                            actor: 'a1',
                            minute: day * 1440 + minute,
                            status: 'SUCCEEDED',
                            build: '0.0.1',
                            origin: 'API',
                            usd: 0,
                            durationSecs: 5,
                        },
                        i,
                    ),
                    filter,
                );
                i += 1;
            }
        }
        const sample = selectSample(new Map(Object.entries(partial.a1!).map(([d, v]) => [d, v.candidates])));
        expect(sample.map((s) => s.ref.startedAt)).toEqual([
            '2026-01-03T10:00:00.000Z',
            '2026-01-02T10:00:00.000Z',
            '2026-01-01T10:00:00.000Z',
        ]);
        expect(SAMPLE_RECENT_DAYS).toBeGreaterThanOrEqual(3);
    });

    it('the quality baseline: the last SUCCEEDED non-TEST run of each of the 14 most recent days with one', () => {
        // 20 days; each day a success at 06:00, the Store's test at 12:00 and a failure at 18:00,
        // so the other rules (last run, failures, tests, builds) never pick the success.
        const days = 20;
        const wide = {
            fromIso: '2026-01-01T00:00:00.000Z',
            toIso: '2026-01-21T00:00:00.000Z',
            origins: new Set<string>(),
        };
        const partial: RunsPartial = {};
        let i = 0;
        for (let day = 0; day < days; day += 1) {
            for (const [minute, status, origin] of [
                [360, 'SUCCEEDED', 'API'],
                [720, 'SUCCEEDED', 'TEST'],
                [1080, 'FAILED', 'SCHEDULER'],
            ] as const) {
                addRun(
                    partial,
                    toItem(
                        {
                            n: i,
                            actor: 'a1',
                            minute: day * 1440 + minute,
                            status,
                            build: '0.0.1',
                            origin,
                            usd: 0,
                            durationSecs: 5,
                        },
                        i,
                    ),
                    wide,
                );
                i += 1;
            }
        }
        const sample = selectSample(new Map(Object.entries(partial.a1!).map(([d, v]) => [d, v.candidates])));
        const successes = sample.filter((s) => s.ref.status === 'SUCCEEDED' && s.ref.origin !== 'TEST');
        const expectedDays = Array.from({ length: SAMPLE_BASELINE_DAYS }, (_, k) =>
            new Date(Date.UTC(2026, 0, days - k, 6)).toISOString(),
        );
        expect(successes.map((s) => s.ref.startedAt)).toEqual(expectedDays);
        expect(successes.every((s) => s.reason === 'recent')).toBe(true);
        // Only the baseline picked them: dataset only, no run detail; the other rules' runs get theirs.
        expect(successes.every((s) => !s.detail)).toBe(true);
        expect(sample.filter((s) => !successes.includes(s)).every((s) => s.detail)).toBe(true);
        // The older days' successes stay out; TEST runs only by their own rule.
        expect(sample.filter((s) => s.ref.origin === 'TEST')).toHaveLength(SAMPLE_TEST_DAYS);
        expect(sample.filter((s) => s.ref.status === 'FAILED')).toHaveLength(SAMPLE_RECENT_DAYS);
        expect(sample.length).toBe(SAMPLE_BASELINE_DAYS + SAMPLE_TEST_DAYS + SAMPLE_RECENT_DAYS);

        // Day-anchored: one day later the baseline only gains the new day's success.
        const next: RunsPartial = structuredClone(partial);
        addRun(
            next,
            toItem(
                {
                    n: i,
                    actor: 'a1',
                    minute: days * 1440 + 360,
                    status: 'SUCCEEDED',
                    build: '0.0.1',
                    origin: 'API',
                    usd: 0,
                    durationSecs: 5,
                },
                i,
            ),
            { ...wide, fromIso: '2026-01-02T00:00:00.000Z', toIso: '2026-01-22T00:00:00.000Z' },
        );
        delete next.a1!['2026-01-01'];
        const later = selectSample(new Map(Object.entries(next.a1!).map(([d, v]) => [d, v.candidates])));
        const laterSuccesses = later
            .filter((s) => s.ref.status === 'SUCCEEDED' && s.ref.origin !== 'TEST')
            .map((s) => s.ref.id);
        const before = new Set(successes.map((s) => s.ref.id));
        expect(laterSuccesses.filter((id) => !before.has(id))).toHaveLength(1);
    });

    it('orders build numbers numerically', () => {
        expect(['0.0.10', '0.0.9', '0.1.0'].sort(compareBuildNumbers)).toEqual(['0.0.9', '0.0.10', '0.1.0']);
    });
});
