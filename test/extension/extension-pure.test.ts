// Pure parts of the VS Code extension: settings validation, redaction, API error messages,
// permission-probe interpretation, account guard, token shape, acknowledgements, view models
// and notification de-duplication. The VS Code-facing parts run in test/extension-host/.
import { describe, expect, it } from 'vitest';
import {
    parseExtensionSettings,
    DEFAULT_SETTINGS,
    formatSettingsProblems,
} from '../../extension/settings/extension-settings.js';
import { redactSecrets } from '../../extension/shared/redaction.js';
import { describeApiError, INVALID_TOKEN_MESSAGE } from '../../extension/shared/api-errors.js';
import {
    interpretPermissionProbes,
    summarisePermissionReport,
    type PermissionProbes,
    type ProbeStatus,
} from '../../extension/auth/permission-probe.js';
import { evaluateAccountGuard } from '../../extension/auth/account-guard.js';
import { checkTokenShape, normaliseToken } from '../../extension/auth/token-validation.js';
import { addAcknowledgement, buildAcknowledgement, mergeAcksRecords } from '../../shared/analysis/acknowledgements.js';
import {
    isRotationDue,
    rememberNotified,
    trendArrowOf,
    formatSignalNotification,
    targetFileOf,
} from '../../extension/models/fleet-view-model.js';

describe('settings', () => {
    it('uses the defaults when nothing is set', () => {
        expect(parseExtensionSettings(() => undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    });
    it('rejects each bad value on its own with a readable message and keeps the others', () => {
        const values: Record<string, unknown> = {
            lookbackDays: 500,
            apiBaseUrl: 'http://127.0.0.1:9999/',
            notificationLevel: 'loud',
            autoRefreshMinutes: 2,
            orchestratorActorId: 'not a name',
        };
        const { settings, problems } = parseExtensionSettings((key) => values[key]);
        expect(settings.apiBaseUrl).toBe('http://127.0.0.1:9999');
        expect(settings.lookbackDays).toBe(28);
        expect(problems.map((p) => p.setting).sort()).toEqual([
            'apifyFleet.autoRefreshMinutes',
            'apifyFleet.lookbackDays',
            'apifyFleet.notificationLevel',
            'apifyFleet.orchestratorActorId',
        ]);
        expect(formatSettingsProblems(problems)).toContain(
            'apifyFleet.lookbackDays: at most 90 days; using the default (28).',
        );
    });
    it('refuses a base URL with credentials or a query', () => {
        expect(
            parseExtensionSettings((k) => (k === 'apiBaseUrl' ? 'https://user:pw@api.apify.com' : undefined)).problems,
        ).toHaveLength(1);
        expect(
            parseExtensionSettings((k) => (k === 'apiBaseUrl' ? 'https://api.apify.com/?token=x' : undefined)).problems,
        ).toHaveLength(1);
    });
    it('accepts orchestrator names and ids', () => {
        for (const id of ['me/fleet-analytics', 'me~fleet-analytics', 'abcdefghijklmnopq', '']) {
            expect(parseExtensionSettings((k) => (k === 'orchestratorActorId' ? id : undefined)).problems).toEqual([]);
        }
    });
});

describe('redaction', () => {
    it('removes the held secret, apify_api_ tokens, token query parameters and bearer values', () => {
        const text =
            'GET https://api.apify.com/v2/acts?token=abc123secret&limit=1 Authorization: Bearer xyzxyzxyzxyz apify_api_AbCd1234 plain-secret-value';
        const out = redactSecrets(text, ['plain-secret-value']);
        for (const leaked of ['abc123secret', 'xyzxyzxyzxyz', 'apify_api_AbCd1234', 'plain-secret-value'])
            expect(out).not.toContain(leaked);
        expect(out).toContain('limit=1');
    });
});

describe('API error messages', () => {
    it('401 → the create-a-new-one message; 403 names the permission; never the token', () => {
        expect(describeApiError({ statusCode: 401 }, { action: 'x' })).toBe(INVALID_TOKEN_MESSAGE);
        const forbidden = describeApiError(
            { statusCode: 403, type: 'insufficient-permissions' },
            { action: 'start the orchestrator Actor', permission: 'Actors: Run' },
        );
        expect(forbidden).toContain('"Actors: Run"');
        expect(forbidden).toContain('Check token permissions');
        expect(
            describeApiError(new Error('failed for apify_api_secret123 at ?token=apify_api_secret123'), {
                action: 'x',
                secrets: ['apify_api_secret123'],
            }),
        ).not.toContain('secret123');
        expect(
            describeApiError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), {
                action: 'list',
                apiBaseUrl: 'http://h',
            }),
        ).toContain('apifyFleet.apiBaseUrl');
    });
});

const ok: ProbeStatus = { kind: 'ok' };
const forbidden: ProbeStatus = { kind: 'http', status: 403 };
const probes = (overrides: Partial<PermissionProbes> = {}): PermissionProbes => ({
    actorsList: ok,
    runsList: ok,
    buildsList: ok,
    datasetsList: ok,
    keyValueStoresList: ok,
    runDefaultStore: ok,
    broad: { limits: forbidden, usage: forbidden, schedules: forbidden, webhooks: forbidden, tasks: forbidden },
    ...overrides,
});

describe('permission probe interpretation', () => {
    it('all granted: nothing missing, Run and KV Write reported as not probed', () => {
        const report = interpretPermissionProbes(probes());
        expect(report.missing).toEqual([]);
        expect(report.items.filter((i) => i.outcome === 'not-probed').map((i) => i.permission)).toEqual([
            'Actors: Run',
            'Key-value stores: Write',
        ]);
        expect(summarisePermissionReport(report)).toContain('Not probed');
    });
    it.each([
        ['actorsList', 'Actors: Read'],
        ['runsList', 'Actor runs: Read'],
        ['buildsList', 'Actor builds: Read'],
        ['datasetsList', 'Datasets: Read'],
        ['keyValueStoresList', 'Key-value stores: Read'],
    ] as const)('a refused %s names %s', (probe, permission) => {
        expect(interpretPermissionProbes(probes({ [probe]: forbidden })).missing).toEqual([permission]);
    });
    it('a refused run store with KV read granted is the default-run-storages toggle; with KV read refused it is not guessed', () => {
        expect(interpretPermissionProbes(probes({ runDefaultStore: forbidden })).missing).toEqual([
            'Access to default run storages',
        ]);
        const both = interpretPermissionProbes(probes({ runDefaultStore: forbidden, keyValueStoresList: forbidden }));
        expect(both.missing).toEqual(['Key-value stores: Read']);
        expect(both.items.find((i) => i.permission === 'Access to default run storages')?.outcome).toBe('unknown');
    });
    it('a skipped probe is unknown, not missing; readable limits or schedules mean broader than needed', () => {
        const report = interpretPermissionProbes(
            probes({
                buildsList: { kind: 'skipped', reason: 'no Actor' },
                broad: {
                    limits: ok,
                    usage: forbidden,
                    schedules: ok,
                    webhooks: { kind: 'http', status: 404 },
                    tasks: forbidden,
                },
            }),
        );
        expect(report.missing).toEqual([]);
        expect(report.broaderThanNeeded).toEqual(['account limits (/v2/users/me/limits)', 'schedules']);
    });
});

describe('account guard', () => {
    it('hidden without data; warns when the limit is the plan maximum; plain usage with an own cap', () => {
        expect(evaluateAccountGuard(null).kind).toBe('hidden');
        expect(
            evaluateAccountGuard({ monthlyUsageUsd: 12, maxMonthlyUsageUsd: 200, planMaxMonthlyUsageUsd: 200 }).kind,
        ).toBe('no-cap');
        const capped = evaluateAccountGuard({
            monthlyUsageUsd: 12,
            maxMonthlyUsageUsd: 50,
            planMaxMonthlyUsageUsd: 200,
        });
        expect(capped).toMatchObject({ kind: 'capped', usedFraction: 0.24 });
    });
});

describe('token input', () => {
    it('trims a paste and refuses inner whitespace', () => {
        expect(normaliseToken('  apify_api_x \n')).toBe('apify_api_x');
        expect(normaliseToken('   ')).toBeNull();
        expect(checkTokenShape('apify api x')).toMatch(/no spaces/);
        expect(checkTokenShape(' apify_api_12345678\n')).toBeNull();
    });
});

describe('acknowledgements', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    it('read-modify-write keeps other acks and replaces an invalid record', () => {
        const first = addAcknowledgement(
            undefined,
            'core:a:x',
            buildAcknowledgement(
                { metric: { name: 'failure rate', value: 0.2, baseline: null, unit: null } },
                'me',
                now,
                ' ok ',
            ),
        );
        expect(first.record.acks['core:a:x']).toMatchObject({ metricValue: 0.2, note: 'ok', by: 'me' });
        const second = addAcknowledgement(first.record, 'core:b:y', buildAcknowledgement(null, 'me', now));
        expect(Object.keys(second.record.acks)).toEqual(['core:a:x', 'core:b:y']);
        expect(
            addAcknowledgement({ nonsense: true }, 'core:c:z', buildAcknowledgement(null, 'me', now)).replacedInvalid,
        ).toBe(true);
    });
    it('merging keeps the later acknowledgement per fingerprint', () => {
        const older = addAcknowledgement(
            undefined,
            'core:a:x',
            buildAcknowledgement(null, 'old', new Date('2026-01-01T00:00:00Z')),
        ).record;
        const newer = addAcknowledgement(undefined, 'core:a:x', buildAcknowledgement(null, 'new', now)).record;
        expect(mergeAcksRecords(newer, older)?.acks['core:a:x']?.by).toBe('new');
        expect(mergeAcksRecords(null, null)).toBeNull();
    });
});

describe('view models', () => {
    it('rotation is due after the configured days unless snoozed', () => {
        const day = 86_400_000;
        expect(isRotationDue(null, 100 * day, 90)).toBe(false);
        expect(isRotationDue(0, 89 * day, 90)).toBe(false);
        expect(isRotationDue(0, 90 * day, 90)).toBe(true);
        expect(isRotationDue(0, 90 * day, 90, 91 * day)).toBe(false);
    });
    it('remembers notified fingerprints, bounded, newest kept', () => {
        expect(rememberNotified(['a', 'b'], ['b', 'c'], 2)).toEqual(['b', 'c']);
    });
    it('formats one notification for many signals', () => {
        const s = (n: number) => ({ actorName: `actor-${n}`, actorId: `id${n}`, title: `problem ${n}` }) as never;
        expect(formatSignalNotification([s(1), s(2), s(3), s(4)])).toBe(
            '4 new act-now signals: actor-1: problem 1; actor-2: problem 2; actor-3: problem 3 and 1 more.',
        );
    });
    it('trend arrow against the baseline', () => {
        const report = (score: number, baseline: number | null) =>
            ({
                fleet: { healthScore: score },
                deltas: { vsBaseline: baseline === null ? null : { healthScore: baseline } },
                trend: [],
            }) as never;
        expect(trendArrowOf(report(80, 70))).toBe('↑');
        expect(trendArrowOf(report(60, 70))).toBe('↓');
        expect(trendArrowOf(report(70.2, 70))).toBe('→');
        expect(trendArrowOf(report(70, null))).toBe('');
    });
    it('maps schema signals to the .actor file they are about', () => {
        expect(targetFileOf({ kind: 'input-schema-drift' })).toBe('input_schema.json');
        expect(targetFileOf({ kind: 'dataset-schema-violations' })).toBe('dataset_schema.json');
        expect(targetFileOf({ kind: 'missing-readme' })).toBe('actor.json');
    });
});
