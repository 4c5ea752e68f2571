import { describe, expect, it } from 'vitest';
import { signalsDocumentSchema } from '../contracts/signals.js';
import { runComplianceScanner, NOT_LEGAL_ADVICE } from './compliance-scanner.js';
import { analyseReadme } from './readme-analysis.js';
import {
    buildActorData,
    buildDay,
    buildFleetData,
    buildReadme,
    buildUniformRuns,
    TEST_CONTEXT,
    type ActorDataDraft,
} from '../testing/fleet-data-builder.js';

const GOOD_README = buildReadme(400, [
    'What does Example Scraper do?',
    'How to use Example Scraper',
    'How much does it cost?',
    'Input example',
    'Output example',
    'FAQ',
]);

const GOOD_DATASET_SCHEMA = {
    actorSpecification: 1,
    fields: { type: 'object', properties: { url: { type: 'string' } } },
    views: {},
};

/** A public Actor that passes every Store check. */
function compliantPublicActor(overrides: ActorDataDraft = {}): ActorDataDraft {
    return {
        actor: {
            id: 'pub-1',
            isPublic: true,
            seoTitle: 'Example Scraper: extract product data',
            seoDescription:
                'Extract product names, prices and reviews from example.com into a dataset you can export as JSON, CSV or Excel.',
            categories: ['ECOMMERCE'],
            pricingInfos: [{ pricingModel: 'FREE' }],
            ...overrides.actor,
        },
        latestBuild: {
            readme: GOOD_README,
            inputSchema: {
                title: 'Input',
                type: 'object',
                schemaVersion: 1,
                properties: { url: { title: 'URL', type: 'string', description: 'Start URL' } },
            },
            datasetSchema: GOOD_DATASET_SCHEMA,
            outputSchema: { actorOutputSchemaVersion: 1, properties: {} },
            ...overrides.latestBuild,
        },
        missing: overrides.missing,
        days: overrides.days,
    };
}

function scan(drafts: ActorDataDraft[], options = {}) {
    const doc = runComplianceScanner(buildFleetData(drafts.map(buildActorData)), options, TEST_CONTEXT);
    expect(() => signalsDocumentSchema.parse(doc)).not.toThrow();
    return doc;
}

function kinds(doc: ReturnType<typeof scan>): string[] {
    return doc.signals.map((s) => s.kind).sort();
}

describe('compliance-scanner', () => {
    it('reports nothing for a compliant public Actor', () => {
        const doc = scan([compliantPublicActor()]);
        expect(doc.signals).toEqual([]);
        expect(doc.status).toBe('complete');
        expect(doc.actorIds).toEqual(['pub-1']);
    });

    it('skips private Actors entirely by default (Store checks do not apply)', () => {
        const doc = scan([{ actor: { id: 'priv', isPublic: false, actorPermissionLevel: 'FULL_PERMISSIONS' } }]);
        expect(doc.signals).toEqual([]);
        expect(doc.status).toBe('complete');
    });

    it('reports private Actors as ignore / p3 with no points when asked to', () => {
        const doc = scan([{ actor: { id: 'priv', isPublic: false } }], { includePrivateActors: true });
        expect(doc.signals.length).toBeGreaterThan(0);
        for (const signal of doc.signals) {
            expect(signal.decision).toBe('ignore');
            expect(signal.labels.reviewPriority).toBe('p3');
            expect(signal.scoreImpact.points).toBe(0);
        }
    });

    it('flags a missing README as act_now p0', () => {
        const doc = scan([compliantPublicActor({ latestBuild: { readme: null } })]);
        const signal = doc.signals.find((s) => s.kind === 'readme-missing')!;
        expect(signal.decision).toBe('act_now');
        expect(signal.labels.reviewPriority).toBe('p0');
        expect(signal.fingerprint).toBe('compliance-scanner:readme-missing:pub-1');
        expect(kinds(doc)).not.toContain('readme-too-short');
    });

    it('flags a README under 300 words but not one of 300+', () => {
        const short = scan([
            compliantPublicActor({
                latestBuild: {
                    readme: buildReadme(120, ['What does it do?', 'How to use', 'Pricing', 'Input', 'Output', 'FAQ']),
                },
            }),
        ]);
        const signal = short.signals.find((s) => s.kind === 'readme-too-short')!;
        expect(signal.metric?.value).toBeLessThan(300);
        expect(signal.labels.reviewPriority).toBe('p1');
        expect(kinds(scan([compliantPublicActor()]))).not.toContain('readme-too-short');
    });

    it('names each missing recommended section, recognising synonyms case-insensitively', () => {
        const readme = buildReadme(400, ['OVERVIEW', 'Getting started', 'Output example']);
        const doc = scan([compliantPublicActor({ latestBuild: { readme } })]);
        const missing = doc.signals
            .filter((s) => s.kind === 'readme-section-missing')
            .map((s) => s.fingerprint.split(':').at(-1));
        expect(missing.sort()).toEqual(['faq', 'input-example', 'pricing']);
    });

    it('counts prose before the first heading as an introduction', () => {
        const analysis = analyseReadme(`${buildReadme(30)}\n\n## Usage\n\ntext`);
        expect(analysis.presentSections).toContain('intro');
        expect(analysis.presentSections).toContain('how-to-use');
    });

    it('does not count code blocks and URLs as words', () => {
        expect(analyseReadme('one two\n```\nthree four five\n```\nhttps://example.com/a/b six').wordCount).toBe(3);
    });

    it('checks SEO title and description presence and length', () => {
        const missing = scan([compliantPublicActor({ actor: { seoTitle: null, seoDescription: '  ' } })]);
        expect(kinds(missing)).toEqual(['seo-description-missing', 'seo-title-missing']);
        const badLength = scan([
            compliantPublicActor({ actor: { seoTitle: 'x'.repeat(61), seoDescription: 'Too short.' } }),
        ]);
        expect(kinds(badLength)).toEqual(['seo-description-length', 'seo-title-length']);
        const edge = scan([
            compliantPublicActor({ actor: { seoTitle: 'x'.repeat(60), seoDescription: 'y'.repeat(160) } }),
        ]);
        expect(edge.signals).toEqual([]);
    });

    it('flags missing categories and pricing info', () => {
        const doc = scan([compliantPublicActor({ actor: { categories: [], pricingInfos: null } })]);
        expect(kinds(doc)).toEqual(['categories-missing', 'public-no-pricing']);
    });

    it('flags a public Actor with full permissions as act_now p1', () => {
        const doc = scan([compliantPublicActor({ actor: { actorPermissionLevel: 'FULL_PERMISSIONS' } })]);
        const signal = doc.signals.find((s) => s.kind === 'public-full-permissions')!;
        expect(signal.decision).toBe('act_now');
        expect(signal.labels.reviewPriority).toBe('p1');
    });

    it('flags undescribed input fields without costing points (schema-validator scores them)', () => {
        const doc = scan([
            compliantPublicActor({
                latestBuild: {
                    inputSchema: {
                        title: 'I',
                        type: 'object',
                        schemaVersion: 1,
                        properties: {
                            a: { type: 'string', title: 'A' },
                            b: { type: 'string', title: 'B', description: ' ' },
                        },
                    },
                },
            }),
        ]);
        const signal = doc.signals.find((s) => s.kind === 'store-input-fields-undescribed')!;
        expect(signal.metric?.value).toBe(2);
        expect(signal.scoreImpact.points).toBe(0);
    });

    it('flags missing dataset and output schemas', () => {
        const doc = scan([
            compliantPublicActor({
                latestBuild: { datasetSchema: { actorSpecification: 1, views: {} }, outputSchema: null },
            }),
        ]);
        expect(kinds(doc)).toEqual(['store-dataset-schema-missing', 'store-output-schema-missing']);
    });

    it('reports the under-maintenance notice as act_now p0 critical', () => {
        const doc = scan([compliantPublicActor({ actor: { notice: 'UNDER_MAINTENANCE' } })]);
        expect(doc.signals).toHaveLength(1);
        expect(doc.signals[0]).toMatchObject({
            kind: 'store-under-maintenance',
            decision: 'act_now',
            severity: 'critical',
            labels: { reviewPriority: 'p0' },
        });
        expect(scan([compliantPublicActor({ actor: { notice: 'NONE' } })]).signals).toEqual([]);
    });

    it('reads the notice as the API enum: other values and free text mentioning maintenance are not it', () => {
        for (const notice of ['RESIDENTIAL_PROXY_REQUIRED', 'Planned maintenance on Sunday', 'under_maintenance']) {
            expect(scan([compliantPublicActor({ actor: { notice } })]).signals, notice).toEqual([]);
        }
    });

    it('reports a deprecated Actor nobody runs as ignore p3 and skips listing checks', () => {
        const doc = scan([compliantPublicActor({ actor: { isDeprecated: true, seoTitle: null, categories: null } })]);
        expect(kinds(doc)).toEqual(['actor-deprecated']);
        expect(doc.signals[0]!.decision).toBe('ignore');
        expect(doc.signals[0]!.labels.reviewPriority).toBe('p3');
    });

    /** Days of runs by origin, on the given window days (27 = the last day). */
    const runDays = (dayIndexes: number[], byOrigin: Record<string, number>) =>
        dayIndexes.map((dayIndex) =>
            buildDay(
                dayIndex,
                {
                    '0.0.2': buildUniformRuns({ succeeded: Object.values(byOrigin).reduce((a, b) => a + b, 0) }),
                },
                { byOrigin },
            ),
        );

    it('reports a deprecated Actor this account still runs as monitor p1, naming who starts it', () => {
        const doc = scan([
            compliantPublicActor({
                actor: { isDeprecated: true, notice: 'Deprecated: removed on 2027-01-29.' },
                days: runDays([22, 24, 26], { SCHEDULER: 5, API: 2 }),
            }),
        ]);
        expect(doc.signals).toHaveLength(1);
        const signal = doc.signals[0]!;
        expect(signal).toMatchObject({
            kind: 'actor-deprecated',
            decision: 'monitor',
            severity: 'medium',
            labels: { reviewPriority: 'p1' },
            fingerprint: 'compliance-scanner:actor-deprecated:pub-1',
            scoreImpact: { component: 'compliance', points: 2 },
        });
        expect(signal.metric?.value).toBe(21);
        expect(signal.detail).toContain('SCHEDULER 15, API 6');
        expect(signal.detail).toContain('removed on 2027-01-29');
    });

    it('reports a deprecated private Actor still in use too (not a Store finding), and not one nobody runs', () => {
        const used = scan([
            { actor: { id: 'priv', isPublic: false, isDeprecated: true }, days: runDays([27], { WEBHOOK: 3 }) },
        ]);
        expect(used.signals.map((s) => [s.kind, s.decision, s.labels.reviewPriority])).toEqual([
            ['actor-deprecated', 'monitor', 'p1'],
        ]);
        expect(scan([{ actor: { id: 'priv', isPublic: false, isDeprecated: true } }]).signals).toEqual([]);
        const listed = scan([{ actor: { id: 'priv', isPublic: false, isDeprecated: true } }], {
            includePrivateActors: true,
        });
        expect(listed.signals.map((s) => [s.decision, s.labels.reviewPriority])).toEqual([['ignore', 'p3']]);
    });

    it("does not count the Store's daily TEST runs or runs older than a week as use", () => {
        const testOnly = scan([
            compliantPublicActor({ actor: { isDeprecated: true }, days: runDays([25, 26, 27], { TEST: 1 }) }),
        ]);
        expect(testOnly.signals.map((s) => s.decision)).toEqual(['ignore']);
        const old = scan([
            compliantPublicActor({ actor: { isDeprecated: true }, days: runDays([5, 10, 19], { SCHEDULER: 4 }) }),
        ]);
        expect(old.signals.map((s) => s.decision)).toEqual(['ignore']);
    });

    it('flags personal-data wording for review with "this is not legal advice"', () => {
        const readme = `${GOOD_README}\n\nThis scraper extracts email addresses and phone numbers of companies.`;
        const doc = scan([compliantPublicActor({ latestBuild: { readme } })]);
        const signal = doc.signals.find((s) => s.kind === 'personal-data-review')!;
        expect(signal.decision).toBe('monitor');
        expect(signal.labels.reviewPriority).toBe('p1');
        expect(signal.detail).toContain(NOT_LEGAL_ADVICE);
        expect(signal.detail.toLowerCase()).toContain('this is not legal advice');
        expect(signal.evidence.notes.join(' ')).toContain('phone numbers');
    });

    it('does not flag personal data when the README does not mention it', () => {
        expect(kinds(scan([compliantPublicActor()]))).not.toContain('personal-data-review');
    });

    it('lists an Actor whose metadata could not be read as an error (partial), without crashing', () => {
        const doc = scan([
            compliantPublicActor({
                missing: [{ part: 'metadata', reason: '403 insufficient-permissions', permission: 'Actors: Read' }],
            }),
            compliantPublicActor({ actor: { id: 'pub-2', seoTitle: null } }),
        ]);
        expect(doc.status).toBe('partial');
        expect(doc.errors).toHaveLength(1);
        expect(doc.errors[0]!.actorId).toBe('pub-1');
        expect(doc.errors[0]!.message).toContain('Actors: Read');
        expect(doc.signals.map((s) => s.actorId)).toEqual(['pub-2']);
    });

    it('runs the metadata checks but skips README checks when builds are missing', () => {
        const doc = scan([
            compliantPublicActor({
                actor: { categories: null },
                latestBuild: { readme: null },
                missing: [{ part: 'builds', reason: '403', permission: 'Actor builds: Read' }],
            }),
        ]);
        expect(doc.status).toBe('partial');
        expect(kinds(doc)).toEqual(['categories-missing']);
    });

    it('treats unknown visibility as an error, not as private', () => {
        const doc = scan([compliantPublicActor({ actor: { isPublic: null } })]);
        expect(doc.status).toBe('partial');
        expect(doc.signals).toEqual([]);
    });

    it('gives stable fingerprints and a deterministic order', () => {
        const draft = compliantPublicActor({
            actor: { seoTitle: null, categories: null },
            latestBuild: { readme: null },
        });
        const first = scan([draft]);
        const second = scan([draft]);
        expect(second).toEqual(first);
        const fingerprints = first.signals.map((s) => s.fingerprint);
        expect([...fingerprints].sort()).toEqual(fingerprints);
    });
});
