/**
 * What compliance-scanner reads from an Actor's README (Markdown): word count, the headings,
 * which of the sections Apify recommends for Store Actors are present, and wording about
 * collecting personal data. Pure text analysis; case-insensitive synonyms, never an exact
 * template match, because publishers phrase headings in many ways.
 */

/** The sections Apify's Store publishing guide recommends, with the heading words that count for each. */
export const README_SECTIONS = {
    intro: [
        /\bwhat (is|does|can)\b/,
        /\bintro(duction)?\b/,
        /\boverview\b/,
        /\babout\b/,
        /\bfeatures?\b/,
        /\bwhy (use|choose)\b/,
    ],
    'how-to-use': [
        /\bhow to (use|run|start|scrape|get)\b/,
        /\bhow do(es)? (i|you|it)\b/,
        /\bgetting started\b/,
        /\busage\b/,
        /\btutorial\b/,
        /\bhow it works\b/,
        /\bstep[- ]by[- ]step\b/,
        /\bquick ?start\b/,
    ],
    pricing: [/\bpric(e|es|ing)\b/, /\bcosts?\b/, /\bhow much\b/, /\bfree\b/],
    'input-example': [/\binputs?\b/, /\bparameters?\b/, /\bconfiguration\b/],
    'output-example': [
        /\boutputs?\b/,
        /\bresults?\b/,
        /\bsample (data|output)\b/,
        /\bdata (you|it) (get|extract|scrape)s?\b/,
        /\bexport\b/,
    ],
    faq: [/\bfaqs?\b/, /\bfrequently asked\b/, /\bquestions\b/, /\bsupport\b/, /\btroubleshoot(ing)?\b/],
} as const satisfies Record<string, readonly RegExp[]>;
export type ReadmeSectionId = keyof typeof README_SECTIONS;
export const README_SECTION_IDS = Object.keys(README_SECTIONS) as ReadmeSectionId[];

/** Words of prose before the first heading that count as an introduction even without an "intro" heading. */
const MIN_INTRO_WORDS_BEFORE_FIRST_HEADING = 20;

/**
 * Phrases that suggest the Actor collects personal data. Broad on purpose: the result is a
 * prompt for a human review, not a finding.
 */
const PERSONAL_DATA_PATTERNS: readonly RegExp[] = [
    /\be-?mails?( addresses?)?\b/gi,
    /\bphone numbers?\b/gi,
    /\btelephone( numbers?)?\b/gi,
    /\bpersonal (data|information|details)\b/gi,
    /\bcontact (details|information|data)\b/gi,
    /\bhome address(es)?\b/gi,
    /\bPII\b/g,
];

export interface ReadmeAnalysis {
    wordCount: number;
    headings: string[];
    presentSections: ReadmeSectionId[];
    missingSections: ReadmeSectionId[];
    /** Distinct personal-data phrases found, lower-cased, in first-seen order. */
    personalDataPhrases: string[];
}

/** Code blocks, HTML tags, images, links' URLs: not prose, not words a reader reads. */
function extractProse(markdown: string): string {
    return markdown
        .replace(/```[\s\S]*?```/g, ' ')
        .replace(/`[^`]*`/g, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
        .replace(/\]\([^)]*\)/g, '] ')
        .replace(/https?:\/\/\S+/g, ' ');
}

export function countWords(markdown: string): number {
    return extractProse(markdown).match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
}

export function extractHeadings(markdown: string): string[] {
    const withoutCode = markdown.replace(/```[\s\S]*?```/g, ' ');
    const headings: string[] = [];
    for (const match of withoutCode.matchAll(/^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/gm)) headings.push(match[1]!.trim());
    for (const match of withoutCode.matchAll(/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/gi))
        headings.push(match[1]!.replace(/<[^>]+>/g, '').trim());
    // Setext headings: a line underlined with === or ---.
    for (const match of withoutCode.matchAll(/^([^\n#].*)\n\s{0,3}(=+|-+)\s*$/gm)) headings.push(match[1]!.trim());
    return headings.filter((heading) => heading.length > 0);
}

export function analyseReadme(markdown: string): ReadmeAnalysis {
    const headings = extractHeadings(markdown);
    const lowerHeadings = headings.map((heading) => heading.toLowerCase());
    const firstHeadingIndex = markdown.search(/^\s{0,3}#{1,6}\s+/m);
    const preamble =
        firstHeadingIndex > 0 ? markdown.slice(0, firstHeadingIndex) : firstHeadingIndex === -1 ? markdown : '';
    const presentSections = README_SECTION_IDS.filter((section) => {
        if (section === 'intro' && countWords(preamble) >= MIN_INTRO_WORDS_BEFORE_FIRST_HEADING) return true;
        return lowerHeadings.some((heading) => README_SECTIONS[section].some((pattern) => pattern.test(heading)));
    });
    const phrases: string[] = [];
    const prose = extractProse(markdown);
    for (const pattern of PERSONAL_DATA_PATTERNS) {
        for (const match of prose.matchAll(pattern)) {
            const phrase = match[0].toLowerCase();
            if (!phrases.includes(phrase)) phrases.push(phrase);
        }
    }
    return {
        wordCount: countWords(markdown),
        headings,
        presentSections,
        missingSections: README_SECTION_IDS.filter((section) => !presentSections.includes(section)),
        personalDataPhrases: phrases,
    };
}
