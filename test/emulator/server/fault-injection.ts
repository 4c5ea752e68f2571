/**
 * Seeded fault injection per endpoint. Spec syntax (comma-separated rules):
 *
 *   <endpoint pattern>:<fault>:<probability>[:<delayMs>]
 *
 * - endpoint pattern: an endpoint id such as `runs-list` or `kvs-record-put` (see the
 *   routers), `*` for every endpoint, or a glob like `kvs-record-*`.
 * - fault: `500`, `502`, `503` (error envelope), `reset` (socket destroyed before any
 *   response), `truncate` (headers promise the full body, half of it is sent, then the socket
 *   is closed; the handler has run), `slow` (the response is delayed by delayMs, default 2000).
 * - probability: 0..1, drawn per request from a PRNG seeded by (seed, endpoint id), so a
 *   given seed replays the same fault sequence per endpoint.
 *
 * Example: `runs-list:503:0.1,*:reset:0.01,dataset-items-get:truncate:0.05`.
 */
import { z } from 'zod';
import { createSeededRandom, deriveSeed, type RandomSource } from './seeded-random.js';

export const FAULT_KINDS = ['500', '502', '503', 'reset', 'truncate', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const DEFAULT_SLOW_DELAY_MS = 2000;

export interface FaultRule {
    endpointPattern: string;
    kind: FaultKind;
    probability: number;
    delayMs: number;
}

const faultRuleSchema = z.object({
    endpointPattern: z
        .string()
        .regex(/^[a-z0-9*-]+$/, 'an endpoint id like "runs-list", "*" or a glob like "kvs-record-*"'),
    kind: z.enum(FAULT_KINDS),
    probability: z.coerce.number().min(0).max(1),
    delayMs: z.coerce.number().int().nonnegative().default(DEFAULT_SLOW_DELAY_MS),
});

/** Parses a fault spec; throws an Error that names the bad rule and the accepted syntax. */
export function parseFaultSpec(spec: string | undefined): FaultRule[] {
    if (spec === undefined || spec.trim() === '') return [];
    return spec
        .split(',')
        .map((rawRule) => rawRule.trim())
        .filter((rawRule) => rawRule !== '')
        .map((rawRule) => {
            const [endpointPattern, kind, probability, delayMs, ...rest] = rawRule.split(':');
            const parsed = faultRuleSchema.safeParse({ endpointPattern, kind, probability, delayMs });
            if (!parsed.success || rest.length > 0) {
                const reason = parsed.success
                    ? 'too many ":" parts'
                    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
                throw new Error(
                    `Invalid fault rule "${rawRule}" (${reason}). Expected <endpoint>:<${FAULT_KINDS.join('|')}>:<probability 0..1>[:<delayMs>], ` +
                        'for example "runs-list:503:0.1,*:reset:0.01".',
                );
            }
            return parsed.data;
        });
}

function patternToRegExp(pattern: string): RegExp {
    return new RegExp(
        `^${pattern
            .split('*')
            .map((part) => part.replace(/[-]/g, '\\-'))
            .join('.*')}$`,
    );
}

export interface FaultInjector {
    /** The fault to inject for this request to `endpointId`, if any (first matching rule that fires). */
    draw(endpointId: string): FaultRule | undefined;
}

export function createFaultInjector(rules: readonly FaultRule[], seed: number): FaultInjector {
    const compiled = rules.map((rule) => ({ rule, regExp: patternToRegExp(rule.endpointPattern) }));
    const randomByEndpoint = new Map<string, RandomSource>();
    return {
        draw(endpointId) {
            if (compiled.length === 0) return undefined;
            let random = randomByEndpoint.get(endpointId);
            if (!random) randomByEndpoint.set(endpointId, (random = createSeededRandom(deriveSeed(seed, endpointId))));
            for (const { rule, regExp } of compiled) {
                if (!regExp.test(endpointId)) continue;
                if (random() < rule.probability) return rule;
            }
            return undefined;
        },
    };
}
