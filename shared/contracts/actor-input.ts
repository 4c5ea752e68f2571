/**
 * The orchestrator Actor's input: one zod schema that is at the same time the runtime
 * validator (`parseActorInput`) and the source of `.actor/input_schema.json`
 * (`scripts/generate-actor-schemas.ts` turns it into Apify's input-schema dialect; a test
 * proves the committed file is exactly what the generator produces).
 *
 * `.meta()` carries the Console presentation (title, editor, section captions) next to each
 * field so the two can never drift; `.describe()` is the text users read under the field.
 */
import { z } from 'zod';
import { RUN_ORIGINS, SCOPED_TOKEN_PERMISSIONS_TEXT } from './fleet-data.js';
import { SPECIALISTS } from './signals.js';

export const EXECUTION_MODES = ['inline', 'runs'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

export const DEFAULT_TREND_STORE_NAME = 'fleet-analytics-trends';

/**
 * `name`, `username/name`, with `*` matching any run of characters. Exactly the characters
 * Apify allows in user and Actor names plus the wildcard (the same grammar the collection's
 * matcher compiles, `actor/engine/collection/name-patterns.ts`), so a typo such as a space or a
 * regular expression (`.*scraper$`) is caught before any request.
 */
export const ACTOR_NAME_PATTERN_REGEX = /^(?:[a-zA-Z0-9._*-]+\/)?[a-zA-Z0-9*-]+$/;

const actorNamePatternSchema = z
    .string()
    .min(1, 'An Actor name pattern cannot be empty.')
    .max(200, 'An Actor name pattern is at most 200 characters.')
    .regex(
        ACTOR_NAME_PATTERN_REGEX,
        'Use an Actor name ("my-scraper"), "username/my-scraper", or a wildcard pattern such as "shop-*"; ' +
            'Actor names allow letters, digits and "-", usernames also "." and "_"; "*" is the only wildcard.',
    );

/** Apify named storages: 3–63 letters, digits and hyphens, no hyphen first or last. */
export const STORE_NAME_REGEX = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{1,61}[a-zA-Z0-9])$/;

/**
 * A pair for the ab-tester: two Actors (incumbent `a`, challenger `b`), or two builds of one
 * Actor. The same shape as the specialist's own option (shared/specialists/ab-tester.ts)
 * minus its internal `activeResults`, so the input passes through without translation.
 */
const actorRefSchema = z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._~/-]+$/, 'Use an Actor id, "actor-name" or "username/actor-name".');
export const abPairSchema = z.discriminatedUnion(
    'kind',
    [
        z
            .object({
                kind: z.literal('actors'),
                a: actorRefSchema.describe('The incumbent Actor.'),
                b: actorRefSchema.describe('The challenger Actor.'),
            })
            .strict(),
        z
            .object({
                kind: z.literal('builds'),
                actor: actorRefSchema.describe('The Actor whose two builds are compared.'),
                buildA: z
                    .string()
                    .min(1)
                    .max(40)
                    .regex(/^[0-9]+(?:\.[0-9]+){0,2}$/, 'Use a build number such as "0.1.42".')
                    .describe('The incumbent build.'),
                buildB: z
                    .string()
                    .min(1)
                    .max(40)
                    .regex(/^[0-9]+(?:\.[0-9]+){0,2}$/, 'Use a build number such as "0.1.43".')
                    .describe('The challenger build.'),
            })
            .strict(),
    ],
    { error: 'Each pair needs "kind": "actors" (with "a" and "b") or "builds" (with "actor", "buildA", "buildB").' },
);
export type AbPair = z.infer<typeof abPairSchema>;

/**
 * Set only by the orchestrator when it starts this same Actor as a specialist run
 * (`executionMode: "runs"`): the run analyses one shard for one specialist, writes `SIGNALS`
 * to its default key-value store and exits. Hidden in Console.
 */
export const specialistRoleSchema = z
    .object({
        specialist: z.enum(SPECIALISTS),
        /** The shard: full names (`username/actor-name`) of the Actors to analyse, used as exact include patterns. */
        actorNames: z.array(z.string().min(1).max(200).regex(ACTOR_NAME_PATTERN_REGEX)).min(1).max(10_000),
        shardIndex: z.number().int().nonnegative(),
        shardCount: z.number().int().positive(),
        /** The orchestrator's window, so every shard analyses exactly the same period. */
        windowFrom: z.iso.datetime({ offset: true }),
        windowTo: z.iso.datetime({ offset: true }),
        parentRunId: z.string().max(100).nullable(),
        /**
         * The orchestrator's analysis time: stamped on the SIGNALS document, so a specialist run
         * and the inline analysis produce the same document. Absent: the run's own start.
         */
        generatedAt: z.iso.datetime({ offset: true }).optional(),
        /**
         * Where the orchestrator stored this shard's collected FleetData (a `FLEET-SHARD-<n>`
         * record in its own default key-value store): the run reads it instead of collecting the
         * shard again (fewer requests, exactly the orchestrator's data). Ids only, never a token.
         * Absent: the run collects its shard itself.
         */
        fleetDataRecord: z
            .object({
                storeId: z.string().min(1).max(100),
                key: z
                    .string()
                    .min(1)
                    .max(256)
                    .regex(/^[a-zA-Z0-9!\-_.'()]+$/),
            })
            .strict()
            .optional(),
    })
    .strict();
export type SpecialistRole = z.infer<typeof specialistRoleSchema>;

export const actorInputSchema = z
    .object({
        apifyToken: z
            .string()
            .min(1)
            .max(500)
            .optional()
            .describe(
                "Optional scoped API token used to READ the fleet. Leave empty to use the run's own token, which then needs full permissions " +
                    `(Actor settings → Permissions → Full). A scoped token needs: ${SCOPED_TOKEN_PERMISSIONS_TEXT}. ` +
                    "The Actor's own outputs are always written with the run's token. Stored encrypted; never logged.",
            )
            .meta({
                title: 'Apify API token (scoped, optional)',
                editor: 'textfield',
                isSecret: true,
                sectionCaption: 'Access',
            }),

        includeActors: z
            .array(actorNamePatternSchema)
            .max(1000)
            .default([])
            .describe(
                'Actors to analyse, by name pattern ("my-scraper", "username/my-scraper", "shop-*"). Empty: every Actor the account owns. ' +
                    'A pattern that matches no Actor fails the run, so typos do not go unnoticed.',
            )
            .meta({ title: 'Include Actors', editor: 'stringList', sectionCaption: 'Which Actors and runs' }),
        excludeActors: z
            .array(actorNamePatternSchema)
            .max(1000)
            .default([])
            .describe('Actors to leave out, by the same name patterns. Applied after "Include Actors".')
            .meta({ title: 'Exclude Actors', editor: 'stringList' }),
        lookbackDays: z
            .number()
            .int()
            .min(1, 'The look-back window must be at least 1 day.')
            .max(90, 'The look-back window is at most 90 days.')
            .default(28)
            .describe('How many days of runs to analyse, ending now. Week-over-week deltas need at least 14.')
            .meta({ title: 'Look-back window', editor: 'number', unit: 'days' }),
        origins: z
            .array(z.enum(RUN_ORIGINS))
            .max(RUN_ORIGINS.length)
            .default([])
            .describe(
                'Count only runs started this way (run origin). Empty: every origin, including Console (WEB), API, schedules and Store tests.',
            )
            .meta({ title: 'Run origins', editor: 'select' }),

        specialists: z
            .array(z.enum(SPECIALISTS))
            .max(SPECIALISTS.length)
            .default([...SPECIALISTS])
            .describe(
                'Which specialist analyses to run next to the core reliability analysis. Empty: core analysis only.',
            )
            .meta({ title: 'Specialists', editor: 'select', sectionCaption: 'Analysis' }),
        executionMode: z
            .enum(EXECUTION_MODES)
            .default('inline')
            .describe(
                '"inline" runs every specialist inside this run (fast, default). "runs" starts one run of this Actor per specialist and shard ' +
                    '(isolation and parallelism for large fleets; costs a little more).',
            )
            .meta({
                title: 'Execution mode',
                editor: 'select',
                enumTitles: ['Inline (in this run)', 'Separate specialist runs'],
            }),
        shardSize: z
            .number()
            .int()
            .min(1)
            .max(5000)
            .default(250)
            .describe('In "runs" mode: how many Actors one specialist run analyses.')
            .meta({ title: 'Shard size', editor: 'number', unit: 'Actors' }),
        maxParallelRuns: z
            .number()
            .int()
            .min(1)
            .max(32)
            .default(4)
            .describe('In "runs" mode: how many specialist runs may run at the same time.')
            .meta({ title: 'Maximum parallel specialist runs', editor: 'number', unit: 'runs' }),
        abPairs: z
            .array(abPairSchema)
            .max(50)
            .default([])
            .describe(
                'Pairs for the A/B tester to compare from history: two Actors [{"kind": "actors", "a": "my-scraper", "b": "my-scraper-v2"}] ' +
                    'or two builds of one Actor [{"kind": "builds", "actor": "my-scraper", "buildA": "0.1.42", "buildB": "0.1.43"}].',
            )
            .meta({ title: 'A/B pairs', editor: 'json', prefill: [] }),

        minRunsForRateSignals: z
            .number()
            .int()
            .min(2)
            .max(10_000)
            .default(20)
            .describe(
                'Finished runs an Actor needs in a period before its failure rate can raise a signal: one failure in two runs is noise, not a regression.',
            )
            .meta({
                title: 'Minimum runs for rate signals',
                editor: 'number',
                unit: 'runs',
                sectionCaption: 'Thresholds',
            }),
        failureRateAlertPercent: z
            .number()
            .min(0.1)
            .max(100)
            .default(10)
            .describe(
                'Failure rate above which an Actor with enough runs is flagged (the lower bound of its 95 % Wilson interval must exceed it).',
            )
            .meta({ title: 'Failure rate alert', editor: 'number', unit: '%' }),
        regressionSignificanceLevel: z
            .number()
            .min(0.0001)
            .max(0.2)
            .default(0.01)
            .describe(
                'p-value of the two-proportion test below which a week-over-week rise in failures counts as a regression.',
            )
            .meta({ title: 'Regression significance level', editor: 'number' }),
        costSpikeFactor: z
            .number()
            .min(1.1)
            .max(100)
            .default(1.5)
            .describe(
                "Recent cost per run at least this many times the Actor's own robust baseline (median, and significantly above its spread) is a cost spike.",
            )
            .meta({ title: 'Cost spike factor', editor: 'number', unit: '×' }),
        staleAfterDays: z
            .number()
            .int()
            .min(1)
            .max(365)
            .default(14)
            .describe('An Actor that ran before but has no successful run for this many days loses freshness points.')
            .meta({ title: 'Stale after', editor: 'number', unit: 'days' }),
        memoryHeadroomFactor: z
            .number()
            .min(1)
            .max(4)
            .default(1.5)
            .describe(
                'Recommended memory = sampled peak memory × this factor, rounded up to a power of two; an Actor allocated more than that is flagged as over-provisioned, with the estimated saving.',
            )
            .meta({ title: 'Memory headroom', editor: 'number', unit: '×' }),

        trendStoreName: z
            .string()
            .regex(STORE_NAME_REGEX, 'Use 3–63 letters, digits and hyphens (for example "fleet-analytics-trends").')
            .default(DEFAULT_TREND_STORE_NAME)
            .describe(
                'Named key-value store that keeps one compact snapshot per run (for week-over-week deltas and charts), ' +
                    'the daily-aggregate cache for incremental analyses, and acknowledgements (ACKS).',
            )
            .meta({ title: 'Trend store name', editor: 'textfield', sectionCaption: 'History and alerts' }),
        snapshotRetentionDays: z
            .number()
            .int()
            .min(7)
            .max(730)
            .default(180)
            .describe('Snapshots older than this are deleted from the trend store at the end of each run.')
            .meta({ title: 'Snapshot retention', editor: 'number', unit: 'days' }),
        useDailyCache: z
            .boolean()
            .default(true)
            .describe(
                'Reuse the cached daily aggregates of days whose runs had all finished, and fetch only what changed. ' +
                    'The report is the same either way; turning it off forces a full re-read.',
            )
            .meta({ title: 'Incremental analysis', editor: 'checkbox' }),
        alertWebhookUrl: z
            .url({
                protocol: /^https?$/,
                error: 'Use a full http(s) URL, for example "https://hooks.slack.com/services/…".',
            })
            .max(2000)
            .optional()
            .describe(
                'Optional. After the analysis, a JSON summary of the act-now signals that are new since the previous snapshot and not acknowledged ' +
                    'is POSTed here (retried on failure). The API token is never sent.',
            )
            .meta({ title: 'Alert webhook URL', editor: 'textfield' }),

        specialistRole: specialistRoleSchema
            .optional()
            .describe('Internal: set by the orchestrator for specialist runs ("runs" mode). Leave empty.')
            .meta({ title: 'Specialist role (internal)', editor: 'hidden' }),
    })
    .strict();

export type ActorInput = z.infer<typeof actorInputSchema>;
export type ActorInputRaw = z.input<typeof actorInputSchema>;

/** The thresholds as one object, the shape the analyses receive. */
export interface AnalysisThresholds {
    minRunsForRateSignals: number;
    failureRateAlertPercent: number;
    regressionSignificanceLevel: number;
    costSpikeFactor: number;
    staleAfterDays: number;
    memoryHeadroomFactor: number;
}

export function getAnalysisThresholds(input: ActorInput): AnalysisThresholds {
    return {
        minRunsForRateSignals: input.minRunsForRateSignals,
        failureRateAlertPercent: input.failureRateAlertPercent,
        regressionSignificanceLevel: input.regressionSignificanceLevel,
        costSpikeFactor: input.costSpikeFactor,
        staleAfterDays: input.staleAfterDays,
        memoryHeadroomFactor: input.memoryHeadroomFactor,
    };
}

export interface InputProblem {
    /** `lookbackDays`, `includeActors[2]`, … ; `(input)` for the whole document. */
    path: string;
    problem: string;
    fix: string;
}

/**
 * Thrown for input the run cannot work with: the run fails (non-zero exit) before anything
 * is written to the trend store. The message lists every problem with its path and fix.
 */
export class InvalidInputError extends Error {
    constructor(readonly problems: InputProblem[]) {
        super(formatInputProblems(problems));
        this.name = 'InvalidInputError';
    }
}

export function formatInputProblems(problems: InputProblem[]): string {
    const lines = problems.map((p) => `• ${p.path}: ${p.problem} ${p.fix}`.trim());
    return `Invalid input (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

function formatPath(path: readonly PropertyKey[]): string {
    if (path.length === 0) return '(input)';
    return path
        .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
        .join('');
}

/** zod's own messages start like this; our custom messages already say how to fix. */
const DEFAULT_MESSAGE_PREFIXES = ['Invalid input', 'Too small', 'Too big', 'Unrecognized key'];

function describeFix(issue: z.core.$ZodIssue, path: string): string {
    if (!DEFAULT_MESSAGE_PREFIXES.some((prefix) => issue.message.startsWith(prefix))) return '';
    switch (issue.code) {
        case 'unrecognized_keys':
            return `Remove ${issue.keys.map((k) => `"${k}"`).join(', ')}; the accepted fields are listed in the input schema.`;
        case 'invalid_type':
            return `Provide a value of type ${issue.expected}.`;
        case 'too_small':
            return `Use at least ${String(issue.minimum)}.`;
        case 'too_big':
            return `Use at most ${String(issue.maximum)}.`;
        default:
            return path === '(input)' ? 'Check the input against the input schema.' : '';
    }
}

/**
 * Validates raw input (from `Actor.getInput()`, a file, or the extension) and fills the
 * defaults. `null`/`undefined` input means "all defaults", as in Console's empty form.
 */
export function parseActorInput(raw: unknown): ActorInput {
    const result = actorInputSchema.safeParse(raw ?? {});
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => {
        const path = formatPath(issue.path);
        // The secret's value must never reach a message: zod messages do not echo values,
        // and the path alone names the field.
        return {
            path,
            problem: issue.message.endsWith('.') ? issue.message : `${issue.message}.`,
            fix: describeFix(issue, path),
        };
    });
    throw new InvalidInputError(problems);
}
