/**
 * Account guard: this month's platform usage against the monthly cap, and a warning when no
 * cap of the user's own is set (a cap is the single strongest limit on what a leaked token can
 * cost). Scoped tokens usually may not read limits or usage: then nothing is shown, nothing
 * alarming is said.
 */
import type { ApifyClient } from 'apify-client';
import { isPermissionError, statusCodeOf } from '../shared/api-errors.js';
import { formatPercent, formatUsd } from '../../shared/format/number-format.js';

export interface AccountUsage {
    monthlyUsageUsd: number;
    maxMonthlyUsageUsd: number;
    /** The plan's own maximum (from /v2/users/me); equal to the limit = no cap of the user's own. */
    planMaxMonthlyUsageUsd: number | null;
}

export type AccountGuardResult =
    | { kind: 'hidden' }
    | { kind: 'capped'; text: string; usedFraction: number }
    | { kind: 'no-cap'; text: string; usedFraction: number };

export function evaluateAccountGuard(usage: AccountUsage | null): AccountGuardResult {
    if (!usage || !(usage.maxMonthlyUsageUsd > 0)) return { kind: 'hidden' };
    const usedFraction = usage.monthlyUsageUsd / usage.maxMonthlyUsageUsd;
    const usedText = `${formatUsd(usage.monthlyUsageUsd)} of ${formatUsd(usage.maxMonthlyUsageUsd)} this month (${formatPercent(usedFraction, 0)})`;
    const hasOwnCap = usage.planMaxMonthlyUsageUsd === null || usage.maxMonthlyUsageUsd < usage.planMaxMonthlyUsageUsd;
    if (hasOwnCap) return { kind: 'capped', text: `Platform usage: ${usedText}.`, usedFraction };
    return {
        kind: 'no-cap',
        text: `Platform usage: ${usedText}. No monthly usage cap of your own is set, so the plan's maximum applies: set one in Apify Console → Settings → Usage & billing → Limits; it is the strongest limit on what a leaked token can cost.`,
        usedFraction,
    };
}

/** Reads limits and usage; null when the token may not (403) or the API does not answer. */
export async function readAccountUsage(
    client: ApifyClient,
    planMaxMonthlyUsageUsd: number | null,
): Promise<AccountUsage | null> {
    try {
        const [limits, usage] = await Promise.all([client.user('me').limits(), client.user('me').monthlyUsage()]);
        const max = limits?.limits?.maxMonthlyUsageUsd;
        const used =
            limits?.current?.monthlyUsageUsd ??
            (usage as { totalUsageCreditsUsdAfterVolumeDiscount?: number } | undefined)
                ?.totalUsageCreditsUsdAfterVolumeDiscount;
        if (typeof max !== 'number' || typeof used !== 'number') return null;
        return { monthlyUsageUsd: used, maxMonthlyUsageUsd: max, planMaxMonthlyUsageUsd };
    } catch (error) {
        if (isPermissionError(error) || statusCodeOf(error) !== undefined) return null;
        return null;
    }
}
