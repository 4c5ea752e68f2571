import { describe, expect, it } from 'vitest';
import { resolveCollectionSettings } from '../../../../actor/engine/collection/collect-options.js';
import { InvalidCollectionOptionError } from '../../../../actor/engine/collection/errors.js';

const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-08T00:00:00Z') };

describe('resolveCollectionSettings', () => {
    it('gives the window as ISO strings and days, origins sorted once each', () => {
        const settings = resolveCollectionSettings({
            window,
            origins: ['SCHEDULER', 'API', 'SCHEDULER'],
            now: new Date('2026-01-05T10:00:00Z'),
        });
        expect(settings.window).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z' });
        expect([settings.windowFromDay, settings.windowToDay]).toEqual(['2026-01-01', '2026-01-08']);
        expect(settings.origins).toEqual(['API', 'SCHEDULER']);
        expect(settings.concurrency).toBe(200);
        expect(settings.nowIso).toBe('2026-01-05T10:00:00.000Z');
        expect(settings.matcher.matches('alice/anything')).toBe(true);
    });

    it.each([
        [{ window: { from: new Date('x'), to: window.to } }, /valid `from` and `to`/],
        [{ window: { from: new Date('2026-01-01T01:00:00Z'), to: window.to } }, /whole UTC days/],
        [{ window: { from: window.to, to: window.from } }, /at least one day/],
        [{ window, origins: [' '] }, /non-empty names/],
        [{ window, concurrency: 0 }, /from 1 to 500 \(got 0\)/],
        [{ window, concurrency: 501 }, /from 1 to 500/],
        [{ window, concurrency: 1.5 }, /integer/],
    ])('rejects %o with a message that says what to fix', (options, message) => {
        expect(() => resolveCollectionSettings(options)).toThrow(InvalidCollectionOptionError);
        expect(() => resolveCollectionSettings(options)).toThrow(message);
    });
});
