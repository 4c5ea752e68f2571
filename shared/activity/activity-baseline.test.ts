import { describe, expect, it } from 'vitest';
import { activityBaselineSchema, createEmptyActivityBaseline, readActivityBaseline } from './activity-baseline.js';
import { learnActivityBaseline } from './learn-activity-baseline.js';
import { generateQuietAccount, HISTORY_END, SALT } from './test-helpers/activity-fixtures.js';

describe('the stored baseline', () => {
    it('holds no raw client address and no raw user agent, only prefixes, salted hashes and families', () => {
        const runs = generateQuietAccount(11, 28);
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), runs, { through: HISTORY_END });
        const serialised = JSON.stringify(baseline);
        const addresses = new Set(runs.flatMap((run) => (run.clientIp ? [run.clientIp] : [])));
        expect(addresses.size).toBeGreaterThan(20);
        for (const address of addresses) expect(serialised).not.toContain(`"${address}"`);
        for (const address of addresses)
            expect(serialised).not.toMatch(new RegExp(`\\b${address.replaceAll('.', '\\.')}\\b`));
        expect(serialised).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.(?!0\/24)\d{1,3}\b/);
        expect(serialised).not.toContain('Mozilla');
        expect(serialised).not.toContain('ApifyClient');
        expect(activityBaselineSchema.parse(JSON.parse(serialised))).toEqual(baseline);
    });

    it('is compact: a month of a busy account stays within a few kilobytes per Actor', () => {
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), generateQuietAccount(3, 56), {
            through: HISTORY_END,
        });
        const perActorBytes = JSON.stringify(baseline).length / Object.keys(baseline.actors).length;
        expect(perActorBytes).toBeLessThan(8_000);
    });

    it('reads a stored record back, and reports an unreadable one instead of trusting it', () => {
        const baseline = learnActivityBaseline(createEmptyActivityBaseline(SALT), generateQuietAccount(5, 10), {
            through: HISTORY_END,
        });
        expect(readActivityBaseline(JSON.parse(JSON.stringify(baseline)))).toEqual({ baseline, problem: null });
        expect(readActivityBaseline(undefined)).toEqual({ baseline: null, problem: null });
        const broken = readActivityBaseline({ ...baseline, salt: 'not-hex' });
        expect(broken.baseline).toBeNull();
        expect(broken.problem).toMatch(/salt/);
        expect(broken.problem).toMatch(/learns a new one/);
    });
});
