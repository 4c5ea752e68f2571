/**
 * The hand-named Actors of the `demo` scenario: one per planted incident plus healthy
 * neighbours, so a person reading a report on the demo fleet recognises the story each
 * Actor tells. Generated fleets (S/M/L) use the same behaviours with generated names.
 */
import type { ActorBehaviour } from './actor-behaviours.js';

export interface CatalogEntry {
    name: string;
    title: string;
    themeId: string;
    behaviour: ActorBehaviour;
    isPublic: boolean;
    /** Some runs lack `usageTotalUsd` (pay-per-event style billing). */
    hasMissingCost?: boolean;
    isDeprecated?: boolean;
    /** A FAILED build sits between the previous and the latest build. */
    hasFailedBuild?: boolean;
    /** Relative run volume among healthy Actors (demo only). */
    volumeWeight?: number;
}

export const DEMO_CATALOG: readonly CatalogEntry[] = [
    {
        name: 'product-price-tracker',
        title: 'Product Price Tracker',
        themeId: 'products',
        behaviour: 'regression',
        isPublic: false,
    },
    {
        name: 'news-article-extractor',
        title: 'News Article Extractor',
        themeId: 'articles',
        behaviour: 'cost-spike',
        isPublic: false,
    },
    {
        name: 'linkedin-jobs-feed',
        title: 'LinkedIn Jobs Feed',
        themeId: 'jobs',
        behaviour: 'empty-datasets',
        isPublic: false,
    },
    {
        name: 'real-estate-listings',
        title: 'Real Estate Listings Scraper',
        themeId: 'real-estate',
        behaviour: 'schema-drift',
        isPublic: true,
    },
    { name: 'legacy-rss-poller', title: 'Legacy RSS Poller', themeId: 'articles', behaviour: 'stale', isPublic: false },
    {
        name: 'pdf-to-text-converter',
        title: 'PDF to Text Converter',
        themeId: 'documents',
        behaviour: 'memory-overprovisioned',
        isPublic: false,
    },
    {
        name: 'ecommerce-category-crawler',
        title: 'E-commerce Category Crawler',
        themeId: 'products',
        behaviour: 'rising-timeouts',
        isPublic: false,
    },
    {
        name: 'weekly-report-mailer',
        title: 'Weekly Report Mailer',
        themeId: 'pages',
        behaviour: 'flaky-one-of-two',
        isPublic: false,
    },
    {
        name: 'sitemap-checker',
        title: 'Sitemap Checker',
        themeId: 'pages',
        behaviour: 'flaky-two-of-five',
        isPublic: false,
    },
    {
        name: 'hotel-reviews-scraper',
        title: 'Hotel Reviews Scraper',
        themeId: 'reviews',
        behaviour: 'null-rate-spike',
        isPublic: true,
    },
    {
        name: 'instagram-profile-scraper',
        title: 'Instagram Profile Scraper',
        themeId: 'social',
        behaviour: 'store-test-failing',
        isPublic: true,
    },
    {
        name: 'contact-details-extractor',
        title: 'Contact Details Extractor',
        themeId: 'contacts',
        behaviour: 'compliance-gaps',
        isPublic: true,
    },
    {
        name: 'google-maps-scraper',
        title: 'Google Maps Scraper',
        themeId: 'places',
        behaviour: 'healthy',
        isPublic: true,
        volumeWeight: 5,
    },
    {
        name: 'amazon-product-scraper',
        title: 'Amazon Product Scraper',
        themeId: 'products',
        behaviour: 'healthy',
        isPublic: true,
        volumeWeight: 3,
    },
    {
        name: 'tiktok-hashtag-scraper',
        title: 'TikTok Hashtag Scraper',
        themeId: 'social',
        behaviour: 'healthy',
        isPublic: true,
        volumeWeight: 2,
    },
    {
        name: 'youtube-comments-scraper',
        title: 'YouTube Comments Scraper',
        themeId: 'reviews',
        behaviour: 'healthy',
        isPublic: false,
        volumeWeight: 1,
    },
    {
        name: 'booking-price-monitor',
        title: 'Booking Price Monitor',
        themeId: 'products',
        behaviour: 'healthy',
        isPublic: false,
        hasMissingCost: true,
        volumeWeight: 2,
    },
    {
        name: 'twitter-search-monitor',
        title: 'Twitter Search Monitor',
        themeId: 'social',
        behaviour: 'healthy',
        isPublic: true,
        isDeprecated: true,
        volumeWeight: 1,
    },
    {
        name: 'github-issues-exporter',
        title: 'GitHub Issues Exporter',
        themeId: 'articles',
        behaviour: 'healthy',
        isPublic: false,
        volumeWeight: 0.5,
    },
    {
        name: 'seo-audit-bot',
        title: 'SEO Audit Bot',
        themeId: 'pages',
        behaviour: 'healthy',
        isPublic: false,
        volumeWeight: 1,
    },
    {
        name: 'image-downloader',
        title: 'Image Downloader',
        themeId: 'documents',
        behaviour: 'healthy',
        isPublic: false,
        volumeWeight: 1.5,
    },
    {
        name: 'currency-rates-sync',
        title: 'Currency Rates Sync',
        themeId: 'pages',
        behaviour: 'healthy',
        isPublic: false,
        volumeWeight: 1.2,
    },
    {
        name: 'job-board-aggregator',
        title: 'Job Board Aggregator',
        themeId: 'jobs',
        behaviour: 'healthy',
        isPublic: true,
        volumeWeight: 1,
    },
    {
        name: 'website-screenshot-taker',
        title: 'Website Screenshot Taker',
        themeId: 'pages',
        behaviour: 'healthy',
        isPublic: false,
        hasFailedBuild: true,
        volumeWeight: 0.8,
    },
];

/** Words for generated Actor names (S/M/L): `<source>-<subject>-<role>`, made unique by a suffix. */
export const NAME_SOURCES = [
    'google-maps',
    'amazon',
    'ebay',
    'zillow',
    'indeed',
    'linkedin',
    'tiktok',
    'instagram',
    'youtube',
    'reddit',
    'booking',
    'tripadvisor',
    'yelp',
    'etsy',
    'walmart',
    'bestbuy',
    'github',
    'twitter',
    'facebook',
    'airbnb',
    'glassdoor',
    'crunchbase',
    'shopify',
    'aliexpress',
    'imdb',
    'pinterest',
    'medium',
    'hackernews',
    'craigslist',
    'rightmove',
] as const;
export const NAME_SUBJECTS = [
    'listings',
    'reviews',
    'prices',
    'profiles',
    'posts',
    'jobs',
    'products',
    'leads',
    'pages',
    'events',
] as const;
export const NAME_ROLES = [
    'scraper',
    'crawler',
    'monitor',
    'tracker',
    'extractor',
    'exporter',
    'feed',
    'sync',
] as const;
