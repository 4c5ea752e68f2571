/**
 * What kind of data an Actor produces: its dataset fields, its input fields, its Store
 * category. Generated Actors pick a theme; the demo names one per Actor. Schemas built
 * from a theme are valid for `@apify/input_schema` and the dataset schema of
 * `@apify/json_schemas` (scenario tests check it), so a schema finding on a healthy Actor
 * is an analysis bug, not fixture noise.
 */

export type DatasetFieldType = 'string' | 'number' | 'integer' | 'boolean' | 'array';

export interface DatasetFieldSpec {
    name: string;
    type: DatasetFieldType;
    /** Declared as `[type, "null"]`; its field statistics carry a null count. */
    isNullable: boolean;
    /** Share of items where a nullable field is null on a normal day. */
    baseNullRate: number;
    /** For numeric fields: the range field statistics report. */
    range?: [number, number];
    description: string;
    /**
     * Declared as an optional field (not in `required`) that the Actor never writes: its
     * statistics show `emptyCount` = itemCount (the `declared-field-never-produced` incident).
     */
    isNeverWritten?: boolean;
}

export interface InputFieldSpec {
    name: string;
    schema: Record<string, unknown>;
    isRequired: boolean;
}

export interface ActorTheme {
    id: string;
    /** Noun used in titles and READMEs ("product", "job posting"). */
    itemNoun: string;
    sourceSite: string;
    category: string;
    fields: DatasetFieldSpec[];
    inputFields: InputFieldSpec[];
    /** Failure messages of this kind of scraper (statusMessage of FAILED runs). */
    errorMessages: string[];
}

const field = (
    name: string,
    type: DatasetFieldType,
    description: string,
    options: { isNullable?: boolean; baseNullRate?: number; range?: [number, number] } = {},
): DatasetFieldSpec => ({
    name,
    type,
    description,
    isNullable: options.isNullable ?? false,
    baseNullRate: options.isNullable ? (options.baseNullRate ?? 0.03) : 0,
    ...(options.range ? { range: options.range } : {}),
});

const START_URLS: InputFieldSpec = {
    name: 'startUrls',
    isRequired: true,
    schema: {
        title: 'Start URLs',
        type: 'array',
        description: 'Pages where the Actor starts. One URL per line.',
        editor: 'requestListSources',
        prefill: [{ url: 'https://example.com/' }],
    },
};
const MAX_ITEMS: InputFieldSpec = {
    name: 'maxItems',
    isRequired: false,
    schema: {
        title: 'Maximum results',
        type: 'integer',
        description: 'Stops after this many results. 0 means no limit.',
        minimum: 0,
        default: 100,
    },
};
const PROXY: InputFieldSpec = {
    name: 'proxyConfiguration',
    isRequired: false,
    schema: {
        title: 'Proxy configuration',
        type: 'object',
        description: 'Apify Proxy settings; datacenter proxies are enough for most sites.',
        editor: 'proxy',
        default: { useApifyProxy: true },
    },
};
const stringListInput = (name: string, title: string, description: string, prefill: string[]): InputFieldSpec => ({
    name,
    isRequired: false,
    schema: { title, type: 'array', description, editor: 'stringList', prefill },
});

const SCRAPED_AT = field('scrapedAt', 'string', 'When the item was scraped (ISO 8601).');
const URL = field('url', 'string', 'Canonical URL of the item.');

export const ACTOR_THEMES: readonly ActorTheme[] = [
    {
        id: 'places',
        itemNoun: 'place',
        sourceSite: 'Google Maps',
        category: 'LEAD_GENERATION',
        fields: [
            field('title', 'string', 'Name of the place.'),
            field('address', 'string', 'Street address.'),
            field('rating', 'number', 'Average star rating.', { isNullable: true, range: [1, 5] }),
            field('reviewsCount', 'integer', 'Number of reviews.', { range: [0, 25000] }),
            field('phone', 'string', 'Phone number as listed.', { isNullable: true, baseNullRate: 0.12 }),
            URL,
            SCRAPED_AT,
        ],
        inputFields: [
            stringListInput('searchTerms', 'Search terms', 'What to search for, one term per line.', ['coffee shop']),
            MAX_ITEMS,
            PROXY,
        ],
        errorMessages: ['Error: Consent page could not be dismissed', 'Error: Navigation timeout of 60000 ms exceeded'],
    },
    {
        id: 'products',
        itemNoun: 'product',
        sourceSite: 'Amazon',
        category: 'ECOMMERCE',
        fields: [
            field('title', 'string', 'Product title.'),
            field('price', 'number', 'Current price.', { range: [1, 2500] }),
            field('currency', 'string', 'ISO 4217 currency code.'),
            field('inStock', 'boolean', 'Whether the product can be ordered now.'),
            field('brand', 'string', 'Brand, when the page shows one.', { isNullable: true, baseNullRate: 0.08 }),
            URL,
            SCRAPED_AT,
        ],
        inputFields: [START_URLS, MAX_ITEMS, PROXY],
        errorMessages: [
            "TypeError: Cannot read properties of undefined (reading 'price')",
            'Error: Request blocked (HTTP 503)',
        ],
    },
    {
        id: 'articles',
        itemNoun: 'article',
        sourceSite: 'news sites',
        category: 'NEWS',
        fields: [
            field('title', 'string', 'Headline.'),
            field('author', 'string', 'Byline.', { isNullable: true, baseNullRate: 0.1 }),
            field('publishedAt', 'string', 'Publication date (ISO 8601).'),
            field('text', 'string', 'Article body as plain text.'),
            field('wordCount', 'integer', 'Words in the body.', { range: [50, 6000] }),
            URL,
        ],
        inputFields: [START_URLS, MAX_ITEMS, PROXY],
        errorMessages: ['Error: No article body found on page', 'Error: HTTP 429 Too Many Requests'],
    },
    {
        id: 'jobs',
        itemNoun: 'job posting',
        sourceSite: 'LinkedIn',
        category: 'JOBS',
        fields: [
            field('title', 'string', 'Job title.'),
            field('company', 'string', 'Hiring company.'),
            field('location', 'string', 'City or "Remote".'),
            field('salary', 'string', 'Salary range as posted.', { isNullable: true, baseNullRate: 0.35 }),
            field('postedAt', 'string', 'When the job was posted (ISO 8601).'),
            URL,
        ],
        inputFields: [
            stringListInput('keywords', 'Keywords', 'Job search keywords, one per line.', ['data engineer']),
            MAX_ITEMS,
            PROXY,
        ],
        errorMessages: ['Error: Login wall detected', 'Error: Search results selector not found'],
    },
    {
        id: 'real-estate',
        itemNoun: 'listing',
        sourceSite: 'Zillow',
        category: 'REAL_ESTATE',
        fields: [
            field('address', 'string', 'Street address of the property.'),
            field('price', 'number', 'Asking price.', { range: [40000, 4000000] }),
            field('pricePerSqm', 'number', 'Asking price per square metre.', { range: [500, 20000] }),
            field('bedrooms', 'integer', 'Number of bedrooms.', { range: [0, 8] }),
            URL,
            SCRAPED_AT,
        ],
        inputFields: [START_URLS, MAX_ITEMS, PROXY],
        errorMessages: ['Error: Captcha challenge not solved', 'Error: Listing JSON missing from page'],
    },
    {
        id: 'social',
        itemNoun: 'profile',
        sourceSite: 'Instagram',
        category: 'SOCIAL_MEDIA',
        fields: [
            field('username', 'string', 'Handle without the @.'),
            field('fullName', 'string', 'Display name.'),
            field('followers', 'integer', 'Follower count.', { range: [0, 5000000] }),
            field('bio', 'string', 'Profile biography.', { isNullable: true, baseNullRate: 0.15 }),
            URL,
        ],
        inputFields: [
            stringListInput('usernames', 'Usernames', 'Profiles to scrape, one handle per line.', ['apify']),
            MAX_ITEMS,
            PROXY,
        ],
        errorMessages: ['Error: Profile page returned HTTP 404', 'Error: Rate limited by the site (HTTP 429)'],
    },
    {
        id: 'reviews',
        itemNoun: 'review',
        sourceSite: 'Tripadvisor',
        category: 'TRAVEL',
        fields: [
            field('placeName', 'string', 'Hotel or restaurant name.'),
            field('rating', 'number', 'Stars given by the reviewer.', { isNullable: true, range: [1, 5] }),
            field('text', 'string', 'Review text.'),
            field('reviewedAt', 'string', 'Date of the review (ISO 8601).'),
            URL,
        ],
        inputFields: [START_URLS, MAX_ITEMS, PROXY],
        errorMessages: ['Error: Reviews tab did not load', 'Error: Navigation timeout of 60000 ms exceeded'],
    },
    {
        id: 'pages',
        itemNoun: 'page',
        sourceSite: 'any website',
        category: 'SEO_TOOLS',
        fields: [
            URL,
            field('title', 'string', 'HTML title.', { isNullable: true, baseNullRate: 0.02 }),
            field('statusCode', 'integer', 'HTTP status code.', { range: [200, 599] }),
            field('loadTimeMillis', 'integer', 'Time to load the page.', { range: [80, 12000] }),
        ],
        inputFields: [START_URLS, MAX_ITEMS],
        errorMessages: ['Error: Sitemap could not be parsed', 'Error: Browser crashed (out of memory)'],
    },
    {
        id: 'documents',
        itemNoun: 'document',
        sourceSite: 'PDF files',
        category: 'DEVELOPER_TOOLS',
        fields: [
            field('fileName', 'string', 'Name of the source file.'),
            field('pages', 'integer', 'Number of pages.', { range: [1, 900] }),
            field('text', 'string', 'Extracted text.'),
            URL,
        ],
        inputFields: [START_URLS, MAX_ITEMS],
        errorMessages: ['Error: Encrypted PDF cannot be read', 'Error: Download failed (HTTP 403)'],
    },
    {
        id: 'contacts',
        itemNoun: 'contact record',
        sourceSite: 'company websites',
        category: 'LEAD_GENERATION',
        fields: [
            URL,
            field('emails', 'array', 'E-mail addresses found on the site.'),
            field('phones', 'array', 'Phone numbers found on the site.'),
            field('linkedIn', 'string', 'Company LinkedIn page.', { isNullable: true, baseNullRate: 0.4 }),
        ],
        inputFields: [START_URLS, MAX_ITEMS, PROXY],
        errorMessages: ['Error: Domain does not resolve', 'Error: Navigation timeout of 60000 ms exceeded'],
    },
];

export function getTheme(id: string): ActorTheme {
    const theme = ACTOR_THEMES.find((candidate) => candidate.id === id);
    if (!theme) throw new Error(`Unknown Actor theme "${id}"; known: ${ACTOR_THEMES.map((t) => t.id).join(', ')}`);
    return theme;
}
