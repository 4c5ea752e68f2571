/**
 * compliance-scanner: is each public Actor fit for Apify Store? README (present, long enough,
 * the recommended sections), SEO title and description, categories, described input fields,
 * dataset and output schemas, permissions, pricing, Store notices, and README wording about
 * personal data (flagged for a human review — this is not legal advice).
 *
 * Store checks only make sense for public Actors: private Actors are skipped unless
 * `includePrivateActors` is set, and then every finding is `ignore` / p3 with no points.
 * One check is not about the Store: a deprecated Actor that this account still runs is
 * `monitor` / p1 whether it is public or private — whoever runs it breaks when it is removed.
 *
 * Decision and `reviewPriority` label per finding:
 *   p0 → act_now (the Store listing is broken or about to be), p1 → act_now or monitor
 *   (a Store requirement or a risk someone should look at this week), p2 → monitor
 *   (listing quality), p3 → ignore (informational).
 */
import { z } from 'zod';
import {
    UNDER_MAINTENANCE_NOTICE,
    type ActorData,
    type AnalysisWindow,
    type FleetData,
} from '../contracts/fleet-data.js';
import { getTrailingPeriod, selectDays } from '../metrics/day-periods.js';
import type { Decision, Severity, Signal, SignalsDocument } from '../contracts/signals.js';
import { analyseReadme, type ReadmeSectionId } from './readme-analysis.js';
import { findUndescribedInputFields, getDatasetFieldDefinitions } from './schema-shapes.js';
// Same shape in every specialist, different rules (the `duplicates` tool pairs them): the helper list
// imported from specialist-document.ts, thresholds as documented constants, a zod options schema
// and a `run…` entry point that parses the options and analyses each Actor.
import {
    analyseEachActor,
    buildSignal,
    buildSignalsDocument,
    collectMissingPartErrors,
    isPartMissing,
    type ActorError,
    type SignalDraft,
    type SpecialistContext,
} from './specialist-document.js';

const SPECIALIST = 'compliance-scanner' as const;

/** Apify's Store quality guidance asks for a README of at least ~300 words. */
export const DEFAULT_MIN_README_WORDS = 300;
/** Google truncates titles past ~60 characters; Apify recommends 40–50. */
export const DEFAULT_SEO_TITLE_MAX_CHARS = 60;
/** Shorter than this is a name, not a title that tells a searcher what the Actor does. */
export const DEFAULT_SEO_TITLE_MIN_CHARS = 10;
/** Search snippets show ~50–160 characters; shorter says nothing, longer is cut. */
export const DEFAULT_SEO_DESCRIPTION_MIN_CHARS = 50;
export const DEFAULT_SEO_DESCRIPTION_MAX_CHARS = 160;

export const complianceScannerOptionsSchema = z
    .object({
        minReadmeWords: z.number().int().positive().default(DEFAULT_MIN_README_WORDS),
        seoTitleMinChars: z.number().int().nonnegative().default(DEFAULT_SEO_TITLE_MIN_CHARS),
        seoTitleMaxChars: z.number().int().positive().default(DEFAULT_SEO_TITLE_MAX_CHARS),
        seoDescriptionMinChars: z.number().int().nonnegative().default(DEFAULT_SEO_DESCRIPTION_MIN_CHARS),
        seoDescriptionMaxChars: z.number().int().positive().default(DEFAULT_SEO_DESCRIPTION_MAX_CHARS),
        /** Also report Store findings for private Actors (as ignore / p3, no points). */
        includePrivateActors: z.boolean().default(false),
    })
    .strict();
export type ComplianceScannerOptions = z.input<typeof complianceScannerOptionsSchema>;
type Config = z.output<typeof complianceScannerOptionsSchema>;

export const REVIEW_PRIORITIES = ['p0', 'p1', 'p2', 'p3'] as const;
export type ReviewPriority = (typeof REVIEW_PRIORITIES)[number];

/** The signal kinds this specialist emits (stable: scripts and acknowledgements rely on them). */
export const COMPLIANCE_SIGNAL_KINDS = [
    'store-under-maintenance',
    'readme-missing',
    'readme-too-short',
    'readme-section-missing',
    'public-full-permissions',
    'public-no-pricing',
    'seo-title-missing',
    'seo-title-length',
    'seo-description-missing',
    'seo-description-length',
    'categories-missing',
    'store-input-fields-undescribed',
    'store-dataset-schema-missing',
    'store-output-schema-missing',
    'personal-data-review',
    'actor-deprecated',
] as const;
export type ComplianceSignalKind = (typeof COMPLIANCE_SIGNAL_KINDS)[number];

interface FindingRule {
    severity: Severity;
    decision: Decision;
    priority: ReviewPriority;
    /** Compliance-component points this finding costs the Actor's score. */
    points: number;
}

/**
 * Published deductions. Points reflect how much the finding hurts the Store listing: a
 * maintenance notice hides the Actor from most users, a missing section only costs clarity.
 * Input-field descriptions cost no points here because schema-validator already scores them.
 */
export const COMPLIANCE_RULES: Record<ComplianceSignalKind, FindingRule> = {
    'store-under-maintenance': { severity: 'critical', decision: 'act_now', priority: 'p0', points: 15 },
    'readme-missing': { severity: 'high', decision: 'act_now', priority: 'p0', points: 10 },
    'public-full-permissions': { severity: 'high', decision: 'act_now', priority: 'p1', points: 8 },
    'readme-too-short': { severity: 'medium', decision: 'act_now', priority: 'p1', points: 5 },
    'store-dataset-schema-missing': { severity: 'medium', decision: 'monitor', priority: 'p1', points: 3 },
    'personal-data-review': { severity: 'medium', decision: 'monitor', priority: 'p1', points: 0 },
    'store-output-schema-missing': { severity: 'low', decision: 'monitor', priority: 'p2', points: 2 },
    'public-no-pricing': { severity: 'low', decision: 'monitor', priority: 'p2', points: 2 },
    'readme-section-missing': { severity: 'low', decision: 'monitor', priority: 'p2', points: 1 },
    'seo-title-missing': { severity: 'low', decision: 'monitor', priority: 'p2', points: 2 },
    'seo-title-length': { severity: 'low', decision: 'monitor', priority: 'p2', points: 1 },
    'seo-description-missing': { severity: 'low', decision: 'monitor', priority: 'p2', points: 2 },
    'seo-description-length': { severity: 'low', decision: 'monitor', priority: 'p2', points: 1 },
    'categories-missing': { severity: 'low', decision: 'monitor', priority: 'p2', points: 2 },
    'store-input-fields-undescribed': { severity: 'low', decision: 'monitor', priority: 'p2', points: 0 },
    'actor-deprecated': { severity: 'info', decision: 'ignore', priority: 'p3', points: 0 },
};

/**
 * A deprecated Actor this account still ran in the last `DEPRECATED_USAGE_DAYS` days (TEST
 * runs, the Store's own daily test, do not count): the schedules, tasks and integrations that
 * start it break when it is removed. Public or private alike.
 */
export const DEPRECATED_IN_USE_RULE: FindingRule = {
    severity: 'medium',
    decision: 'monitor',
    priority: 'p1',
    points: 2,
};
export const DEPRECATED_USAGE_DAYS = 7;

const SECTION_TITLES: Record<ReadmeSectionId, string> = {
    intro: 'an introduction (what the Actor does)',
    'how-to-use': 'how to use it',
    pricing: 'pricing (how much it costs to run)',
    'input-example': 'an input example',
    'output-example': 'an output example',
    faq: 'an FAQ (questions, support, troubleshooting)',
};

export const NOT_LEGAL_ADVICE = 'This is not legal advice.';

interface Finding {
    kind: ComplianceSignalKind;
    discriminators?: string[];
    title: string;
    detail: string;
    fix: string;
    metric?: SignalDraft['metric'];
    notes?: string[];
    /** Replaces the kind's rule (a finding whose weight depends on the facts). */
    rule?: FindingRule;
    /** Not a Store-listing finding: keeps its rule on private Actors too. */
    appliesToPrivate?: boolean;
}

function toSignal(actorData: ActorData, finding: Finding, isPublic: boolean): Signal {
    const rule = finding.rule ?? COMPLIANCE_RULES[finding.kind];
    const isInformational = !isPublic && finding.appliesToPrivate !== true;
    const latestBuild = actorData.builds.latest;
    return buildSignal(SPECIALIST, {
        kind: finding.kind,
        discriminators: finding.discriminators,
        actor: actorData.actor,
        // Private Actors are not in the Store: a Store finding is informational only.
        severity: isInformational ? 'info' : rule.severity,
        decision: isInformational ? 'ignore' : rule.decision,
        title: finding.title,
        detail: finding.detail,
        metric: finding.metric ?? null,
        buildNumbers: latestBuild ? [latestBuild.buildNumber] : [],
        notes: finding.notes,
        component: 'compliance',
        points: isInformational ? 0 : rule.points,
        fix: finding.fix,
        labels: { reviewPriority: isInformational ? 'p3' : rule.priority },
    });
}

function checkReadme(actorData: ActorData, config: Config): Finding[] {
    const readme = actorData.builds.latest?.readme ?? null;
    if (readme === null || readme.trim().length === 0) {
        return [
            {
                kind: 'readme-missing',
                title: 'README is missing',
                detail: 'The latest build has no README, so the Store page has no description of what the Actor does or how to use it.',
                fix: 'Add a README.md (referenced from .actor/actor.json "readme") with an introduction, how to use it, pricing, input and output examples and an FAQ, then rebuild.',
            },
        ];
    }
    const analysis = analyseReadme(readme);
    const findings: Finding[] = [];
    if (analysis.wordCount < config.minReadmeWords) {
        findings.push({
            kind: 'readme-too-short',
            title: `README has ${analysis.wordCount} words (at least ${config.minReadmeWords} recommended)`,
            detail: `Apify recommends at least ${config.minReadmeWords} words so users and search engines understand the Actor.`,
            fix: 'Expand the README: what the Actor does, how to use it step by step, what it costs, input and output examples, FAQ.',
            metric: { name: 'readmeWords', value: analysis.wordCount, baseline: config.minReadmeWords, unit: 'words' },
        });
    }
    for (const section of analysis.missingSections) {
        findings.push({
            kind: 'readme-section-missing',
            discriminators: [section],
            title: `README has no section on ${SECTION_TITLES[section]}`,
            detail: `No heading of the README matches ${SECTION_TITLES[section]}. Headings found: ${analysis.headings.slice(0, 12).join(' · ') || 'none'}.`,
            fix: `Add a "## " heading and a short section for ${SECTION_TITLES[section]}.`,
        });
    }
    if (analysis.personalDataPhrases.length > 0) {
        findings.push({
            kind: 'personal-data-review',
            title: 'README mentions collecting personal data: review recommended',
            detail:
                `The README mentions ${analysis.personalDataPhrases
                    .slice(0, 5)
                    .map((p) => `"${p}"`)
                    .join(', ')}. ` +
                "Scraping personal data (emails, phone numbers) may be restricted by law (for example GDPR) and by the target site's terms; " +
                `Apify asks publishers of such Actors to say so in the README. ${NOT_LEGAL_ADVICE}`,
            fix: `Have someone review what personal data the Actor collects and whether the README explains the legal basis and limits. ${NOT_LEGAL_ADVICE}`,
            notes: analysis.personalDataPhrases.slice(0, 10).map((phrase) => `README phrase: ${phrase}`),
        });
    }
    return findings;
}

// The title and description checks read alike (missing / wrong length) but test different fields
// with different limits and texts; one generic check would hide which field a finding is about.
function checkSeo(actorData: ActorData, config: Config): Finding[] {
    const { seoTitle, seoDescription } = actorData.actor;
    const findings: Finding[] = [];
    const title = seoTitle?.trim() ?? '';
    if (title.length === 0) {
        findings.push({
            kind: 'seo-title-missing',
            title: 'SEO title is not set',
            detail: 'Search engines show the Actor name instead, which rarely says what the Actor does.',
            fix: `Set an SEO title of ${config.seoTitleMinChars}–${config.seoTitleMaxChars} characters in the Actor's Publication settings.`,
        });
    } else if (title.length < config.seoTitleMinChars || title.length > config.seoTitleMaxChars) {
        findings.push({
            kind: 'seo-title-length',
            title: `SEO title has ${title.length} characters (${config.seoTitleMinChars}–${config.seoTitleMaxChars} recommended)`,
            detail:
                title.length > config.seoTitleMaxChars
                    ? 'Search engines cut long titles.'
                    : 'A very short title does not tell a searcher what the Actor does.',
            fix: `Rewrite the SEO title to ${config.seoTitleMinChars}–${config.seoTitleMaxChars} characters.`,
            metric: { name: 'seoTitleChars', value: title.length, baseline: config.seoTitleMaxChars, unit: 'chars' },
        });
    }
    const description = seoDescription?.trim() ?? '';
    if (description.length === 0) {
        findings.push({
            kind: 'seo-description-missing',
            title: 'SEO description is not set',
            detail: 'Search engines make up a snippet from the page instead.',
            fix: `Set an SEO description of ${config.seoDescriptionMinChars}–${config.seoDescriptionMaxChars} characters.`,
        });
    } else if (
        description.length < config.seoDescriptionMinChars ||
        description.length > config.seoDescriptionMaxChars
    ) {
        findings.push({
            kind: 'seo-description-length',
            title: `SEO description has ${description.length} characters (${config.seoDescriptionMinChars}–${config.seoDescriptionMaxChars} recommended)`,
            detail:
                description.length > config.seoDescriptionMaxChars
                    ? 'Search engines cut long descriptions.'
                    : 'A very short description wastes the search snippet.',
            fix: `Rewrite the SEO description to ${config.seoDescriptionMinChars}–${config.seoDescriptionMaxChars} characters.`,
            metric: {
                name: 'seoDescriptionChars',
                value: description.length,
                baseline: config.seoDescriptionMaxChars,
                unit: 'chars',
            },
        });
    }
    return findings;
}

function checkListing(actorData: ActorData, checkBuilds: boolean): Finding[] {
    const { actor } = actorData;
    const findings: Finding[] = [];
    if (actor.categories === null || actor.categories.length === 0) {
        findings.push({
            kind: 'categories-missing',
            title: 'No Store categories set',
            detail: 'Without categories the Actor does not appear in Store category browsing and filters.',
            fix: "Pick one to three categories in the Actor's Publication settings.",
        });
    }
    if (actor.pricingInfos === null || actor.pricingInfos.length === 0) {
        findings.push({
            kind: 'public-no-pricing',
            title: 'Public Actor without pricing information',
            detail: 'The Actor has no pricing model set (not even "free"), so users cannot tell what a run costs them.',
            fix: "Set a pricing model in the Actor's Monetization settings (free, pay per result, pay per event or rental).",
        });
    }
    if (actor.actorPermissionLevel === 'FULL_PERMISSIONS') {
        findings.push({
            kind: 'public-full-permissions',
            title: 'Public Actor runs with full permissions',
            detail: 'Every user who runs it grants it access to their whole account; the Store marks such Actors and users trust them less.',
            fix: 'Switch the Actor to limited permissions (Settings → Permissions) unless it truly needs the whole account; test the runs afterwards.',
        });
    }
    if (!checkBuilds) return findings;
    const latest = actorData.builds.latest;
    const undescribed = findUndescribedInputFields(latest?.inputSchema ?? null);
    if (undescribed.length > 0) {
        findings.push({
            kind: 'store-input-fields-undescribed',
            title: `${undescribed.length} input field${undescribed.length === 1 ? '' : 's'} without a description`,
            detail: `Store users see these fields without explanation: ${undescribed.slice(0, 20).join(', ')}.`,
            fix: 'Add a "description" to every field of the input schema.',
            metric: { name: 'undescribedInputFields', value: undescribed.length, baseline: 0, unit: 'fields' },
            notes: undescribed.slice(0, 10).map((name) => `field: ${name}`),
        });
    }
    if (getDatasetFieldDefinitions(latest?.datasetSchema ?? null) === null) {
        findings.push({
            kind: 'store-dataset-schema-missing',
            title: 'No dataset schema with fields',
            detail: 'Apify is making dataset schemas a Store requirement; they also give the Console table views and field statistics.',
            fix: 'Add .actor/dataset_schema.json with "fields" and a "views.overview" table view, reference it from actor.json "storages.dataset".',
        });
    }
    if (latest?.outputSchema === null || latest?.outputSchema === undefined) {
        findings.push({
            kind: 'store-output-schema-missing',
            title: 'No output schema',
            detail: 'Apify is making output schemas a Store requirement; they tell users and integrations where the results are.',
            fix: 'Add .actor/output_schema.json (actorOutputSchemaVersion 1) linking the dataset and key-value store outputs.',
        });
    }
    return findings;
}

/**
 * The authoritative "under maintenance" signal: the Actor's `notice` (an enum in the API, spec
 * ActorNotice), which Apify sets after the Actor fails its daily automated test. The TEST-run
 * forecast of quality-monitor (`store-test-risk`) only predicts it.
 */
function checkMaintenanceNotice(actorData: ActorData): Finding[] {
    if (actorData.actor.notice !== UNDER_MAINTENANCE_NOTICE) return [];
    return [
        {
            kind: 'store-under-maintenance',
            title: 'Store shows the Actor as "under maintenance"',
            detail: `The Actor's notice is ${UNDER_MAINTENANCE_NOTICE}: Apify sets it when the Actor fails its daily automated test, and the Store warns users away from it.`,
            fix: 'Fix the failing run with the prefilled input (it must SUCCEED with a non-empty dataset within 5 minutes), then ask Apify support to lift the notice.',
        },
    ];
}

/** Runs this account started in the last days of the window, by origin, TEST excluded. */
function countRecentUse(actorData: ActorData, window: AnalysisWindow): { runs: number; byOrigin: [string, number][] } {
    const byOrigin = new Map<string, number>();
    for (const day of selectDays(actorData.days, getTrailingPeriod(window, DEPRECATED_USAGE_DAYS, 0))) {
        for (const [origin, count] of Object.entries(day.byOrigin)) {
            if (origin !== 'TEST' && count > 0) byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + count);
        }
    }
    const sorted = [...byOrigin].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return { runs: sorted.reduce((sum, [, count]) => sum + count, 0), byOrigin: sorted };
}

function deprecationFinding(actorData: ActorData, window: AnalysisWindow): Finding {
    const { actor } = actorData;
    const notice = actor.notice !== null && actor.notice !== 'NONE' ? ` Notice: "${actor.notice.slice(0, 200)}".` : '';
    const usage = isPartMissing(actorData, 'runs') ? null : countRecentUse(actorData, window);
    if (usage === null || usage.runs === 0) {
        return {
            kind: 'actor-deprecated',
            title: 'Actor is deprecated',
            detail: `The Actor is marked deprecated${usage === null ? ' (its runs could not be read, so its use is unknown)' : ` and this account did not run it in the last ${DEPRECATED_USAGE_DAYS} days`}; listing checks were skipped.${notice}`,
            fix: 'Nothing to do unless the deprecation is a mistake; point users to the replacement in the README.',
        };
    }
    const origins = usage.byOrigin.map(([origin, count]) => `${origin} ${count}`).join(', ');
    return {
        kind: 'actor-deprecated',
        rule: DEPRECATED_IN_USE_RULE,
        appliesToPrivate: true,
        title: `Deprecated Actor still in use: ${usage.runs} runs in the last ${DEPRECATED_USAGE_DAYS} days`,
        detail:
            `The Actor is marked deprecated but this account ran it ${usage.runs} times in the last ${DEPRECATED_USAGE_DAYS} days (${origins}). ` +
            `Whatever starts these runs breaks when the Actor is removed.${notice}`,
        fix: 'Move the schedules, tasks, integrations and API callers that start it (the origins above) to the replacement; if the deprecation is a mistake, remove it in Console → Actor → Publication.',
        metric: { name: 'runsWhileDeprecated', value: usage.runs, baseline: 0, unit: 'runs' },
        notes: usage.byOrigin.map(([origin, count]) => `${origin}: ${count} runs`),
    };
}

function analyseActor(
    actorData: ActorData,
    config: Config,
    window: AnalysisWindow,
): { signals: Signal[]; errors: ActorError[] } {
    const errors = collectMissingPartErrors(actorData, ['metadata', 'builds']);
    if (isPartMissing(actorData, 'metadata')) return { signals: [], errors };
    const { actor } = actorData;
    if (actor.isDeprecated === true) {
        // A deprecated Actor is being retired on purpose: listing-quality findings would be noise.
        // Its use by this account is what matters, public or private.
        const isPublic = actor.isPublic === true;
        const findings = [
            ...(isPublic ? checkMaintenanceNotice(actorData) : []),
            deprecationFinding(actorData, window),
        ].filter((finding) => isPublic || finding.appliesToPrivate === true || config.includePrivateActors);
        return { signals: findings.map((finding) => toSignal(actorData, finding, isPublic)), errors };
    }
    if (actor.isPublic === null) {
        errors.push({
            actorId: actor.id,
            message: `${actor.name}: visibility (isPublic) unknown because the Actor detail was not fetched; Store checks were skipped.`,
        });
        return { signals: [], errors };
    }
    if (!actor.isPublic && !config.includePrivateActors) return { signals: [], errors };
    const isPublic = actor.isPublic;
    const findings: Finding[] = [];
    findings.push(...checkMaintenanceNotice(actorData));
    const canCheckBuilds = !isPartMissing(actorData, 'builds');
    if (canCheckBuilds) findings.push(...checkReadme(actorData, config));
    findings.push(...checkSeo(actorData, config));
    findings.push(...checkListing(actorData, canCheckBuilds));
    return { signals: findings.map((finding) => toSignal(actorData, finding, isPublic)), errors };
}

export function runComplianceScanner(
    data: FleetData,
    options: ComplianceScannerOptions,
    context: SpecialistContext,
): SignalsDocument {
    const config = complianceScannerOptionsSchema.parse(options ?? {});
    const { signals, errors } = analyseEachActor(data, (actorData) => analyseActor(actorData, config, data.window));
    return buildSignalsDocument(SPECIALIST, data, context, signals, errors);
}
