/**
 * `/v2/users/me`, `/v2/users/me/limits`, `/v2/users/me/usage/monthly`.
 * @see https://docs.apify.com/api/v2/users-me-get
 */
import type { EmulatorState } from '../state/emulator-state.js';
import { requireFullAccess } from '../server/access-control.js';
import { apiErrors } from '../server/api-error.js';
import { buildRouter, type RequestPipeline, type RouteDefinition } from '../server/route-table.js';

/** Monthly platform-usage limits of the plans a fixture may name (USD), for users without their own cap. */
const PLAN_MAX_MONTHLY_USAGE_USD: Record<string, number> = { FREE: 5, STARTER: 200, SCALE: 1000, BUSINESS: 5000 };

const PLATFORM_FEATURES = [
    'ACTORS',
    'STORAGE',
    'SCHEDULER',
    'PROXY',
    'PROXY_EXTERNAL_ACCESS',
    'PROXY_RESIDENTIAL',
    'PROXY_SERPS',
    'WEBHOOKS',
    'ACTORS_PUBLIC_ALL',
    'ACTORS_PUBLIC_DEVELOPER',
] as const;

function usageCycle(state: EmulatorState) {
    const now = state.clock.now();
    const startAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const endAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - 1);
    return { startAt: startAt.toISOString(), endAt: endAt.toISOString() };
}

function maxMonthlyUsageUsd(state: EmulatorState): number {
    return state.user.monthlyUsageCapUsd ?? PLAN_MAX_MONTHLY_USAGE_USD[state.user.plan] ?? 200;
}

export const userRoutes: RouteDefinition[] = [
    {
        id: 'users-me',
        method: 'GET',
        path: '/me',
        specPath: '/v2/users/me',
        handler({ res, principal, context: { state } }) {
            if (principal.usersMeForbidden) throw apiErrors.insufficientPermissions();
            const features = Object.fromEntries(
                PLATFORM_FEATURES.map((feature) => [
                    feature,
                    {
                        isEnabled: true,
                        disabledReason: null,
                        disabledReasonType: null,
                        isTrial: false,
                        trialExpirationAt: null,
                    },
                ]),
            );
            res.json({
                data: {
                    id: state.user.id,
                    username: state.user.username,
                    profile: { name: state.user.username },
                    ...(state.user.email !== undefined ? { email: state.user.email } : {}),
                    plan: {
                        id: state.user.plan,
                        isEnabled: true,
                        maxMonthlyUsageUsd: PLAN_MAX_MONTHLY_USAGE_USD[state.user.plan] ?? 200,
                        availableProxyGroups: {},
                    },
                    effectivePlatformFeatures: features,
                    createdAt: '2020-01-01T00:00:00.000Z',
                    isPaying: state.user.plan !== 'FREE',
                },
            });
        },
    },
    {
        id: 'users-me-limits',
        method: 'GET',
        path: '/me/limits',
        specPath: '/v2/users/me/limits',
        handler({ res, principal, context: { state } }) {
            requireFullAccess(principal);
            const runningRuns = state.listRuns({ statuses: ['RUNNING', 'READY'], offset: 0, limit: 0 }).total;
            res.json({
                data: {
                    monthlyUsageCycle: usageCycle(state),
                    limits: {
                        maxMonthlyUsageUsd: maxMonthlyUsageUsd(state),
                        maxMonthlyActorComputeUnits: 1000,
                        maxMonthlyExternalDataTransferGbytes: 100,
                        maxMonthlyProxySerps: 30000,
                        maxMonthlyResidentialProxyGbytes: 10,
                        maxActorMemoryGbytes: 32,
                        maxActorCount: 500,
                        maxActorTaskCount: 1000,
                        maxConcurrentActorJobs: 32,
                        maxTeamAccountSeatCount: 1,
                        dataRetentionDays: 14,
                    },
                    current: {
                        monthlyUsageUsd: state.user.monthlyUsageUsd,
                        monthlyActorComputeUnits: 0,
                        monthlyExternalDataTransferGbytes: 0,
                        monthlyProxySerps: 0,
                        monthlyResidentialProxyGbytes: 0,
                        actorMemoryGbytes: 0,
                        actorCount: state.listActors().length,
                        actorTaskCount: 0,
                        activeActorJobCount: runningRuns,
                        teamAccountSeatCount: 1,
                    },
                },
            });
        },
    },
    {
        id: 'users-me-usage-monthly',
        method: 'GET',
        path: '/me/usage/monthly',
        specPath: '/v2/users/me/usage/monthly',
        handler({ res, principal, context: { state } }) {
            requireFullAccess(principal);
            const usageUsd = state.user.monthlyUsageUsd;
            res.json({
                data: {
                    usageCycle: usageCycle(state),
                    monthlyServiceUsage: {
                        ACTOR_COMPUTE_UNITS: {
                            quantity: usageUsd / 0.3,
                            baseAmountUsd: usageUsd,
                            baseUnitPriceUsd: 0.3,
                            amountAfterVolumeDiscountUsd: usageUsd,
                        },
                    },
                    dailyServiceUsages: [],
                    totalUsageCreditsUsdBeforeVolumeDiscount: usageUsd,
                    totalUsageCreditsUsdAfterVolumeDiscount: usageUsd,
                },
            });
        },
    },
];

export function createUsersRouter(pipeline: RequestPipeline) {
    return buildRouter(userRoutes, pipeline);
}
