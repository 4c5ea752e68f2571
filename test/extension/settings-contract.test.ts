/**
 * The extension's settings (extension/settings/extension-settings.ts) and their declaration in
 * package.json agree with the input contract (shared/contracts/actor-input.ts) for every input
 * both have: the same defaults, the same limits, the same patterns. A change on one side only
 * fails here.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseExtensionSettings, RUN_MODES } from '../../extension/settings/extension-settings.js';
import { actorInputSchema, parseActorInput } from '../../shared/contracts/actor-input.js';

interface JsonSchemaProperty {
    default?: unknown;
    minimum?: number;
    maximum?: number;
    pattern?: string;
    enum?: unknown[];
    items?: { pattern?: string };
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, JsonSchemaProperty> } };
};
const declared = manifest.contributes.configuration.properties;
const contract = (
    z.toJSONSchema(actorInputSchema, { io: 'input', unrepresentable: 'any' }) as {
        properties: Record<string, JsonSchemaProperty>;
    }
).properties;

/** Inputs the extension passes on to the analysis under the contract's own name. */
const SHARED_INPUTS = ['lookbackDays', 'trendStoreName', 'includeActors', 'excludeActors'] as const;

function acceptedByContract(key: string, value: unknown): boolean {
    try {
        parseActorInput({ [key]: value });
        return true;
    } catch {
        return false;
    }
}

function acceptedByExtension(key: (typeof SHARED_INPUTS)[number], value: unknown): boolean {
    return parseExtensionSettings((k) => (k === key ? value : undefined)).problems.length === 0;
}

describe('extension settings against the input contract', () => {
    it.each(SHARED_INPUTS)('%s: package.json and the extension default to the contract default', (key) => {
        expect(contract[key]?.default).toBeDefined();
        expect(declared[`apifyFleet.${key}`]?.default).toEqual(contract[key]!.default);
        expect(DEFAULT_SETTINGS[key]).toEqual(contract[key]!.default);
    });

    it('lookbackDays: package.json limits are the contract limits', () => {
        expect(contract.lookbackDays).toMatchObject({ minimum: 1, maximum: 90 });
        expect(declared['apifyFleet.lookbackDays']).toMatchObject({
            minimum: contract.lookbackDays!.minimum,
            maximum: contract.lookbackDays!.maximum,
        });
    });

    it('lookbackDays: the extension accepts exactly what the contract accepts', () => {
        const { minimum, maximum } = contract.lookbackDays as { minimum: number; maximum: number };
        for (const days of [minimum - 1, minimum, 14, 28.5, maximum, maximum + 1, '28']) {
            expect(acceptedByExtension('lookbackDays', days), `lookbackDays ${String(days)}`).toBe(
                acceptedByContract('lookbackDays', days),
            );
        }
    });

    it('trendStoreName: the extension accepts exactly the store names the contract accepts', () => {
        const names = [
            'fleet-analytics-trends',
            'abc',
            'ab',
            'a'.repeat(63),
            'a'.repeat(64),
            '-abc',
            'abc-',
            'a_b',
            '',
        ];
        for (const name of names) {
            expect(acceptedByExtension('trendStoreName', name), `trendStoreName "${name}"`).toBe(
                acceptedByContract('trendStoreName', name),
            );
        }
        const declaredPattern = declared['apifyFleet.trendStoreName']?.pattern;
        if (declaredPattern !== undefined) expect(declaredPattern).toBe(contract.trendStoreName!.pattern);
    });

    it('includeActors and excludeActors: the same name patterns on both sides', () => {
        const patterns = ['my-scraper', 'user/my-scraper', 'shop-*', 'user.name/x', 'a b', 'x/y/z', ''];
        for (const key of ['includeActors', 'excludeActors'] as const) {
            for (const pattern of patterns) {
                expect(acceptedByExtension(key, [pattern]), `${key} "${pattern}"`).toBe(
                    acceptedByContract(key, [pattern]),
                );
            }
            const declaredPattern = declared[`apifyFleet.${key}`]?.items?.pattern;
            if (declaredPattern !== undefined) expect(declaredPattern).toBe(contract[key]!.items!.pattern);
        }
    });

    it('defaultRunMode: package.json offers the run modes the extension knows', () => {
        expect(declared['apifyFleet.defaultRunMode']?.enum).toEqual([...RUN_MODES]);
        expect(RUN_MODES).toContain(declared['apifyFleet.defaultRunMode']?.default);
    });
});
