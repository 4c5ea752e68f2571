/**
 * Errors the collection raises to its caller. Each message says what to do, because the Actor
 * turns them into its terminal status message and the extension shows them as they are.
 */

/** 401: the token is missing, mistyped or revoked. Nothing can be collected with it. */
export class InvalidTokenError extends Error {
    override readonly name = 'InvalidTokenError';
    constructor(detail: string) {
        super(
            `The Apify API rejected the token (${detail}). Check that the token is complete and not revoked ` +
                '(Apify Console → Settings → API & Integrations), then run the analysis again.',
        );
    }
}

/** An include/exclude pattern or another collection option that cannot be used. */
export class InvalidCollectionOptionError extends Error {
    override readonly name = 'InvalidCollectionOptionError';
}

/** The caller's AbortSignal fired; partial work is discarded (a resumable runner keeps it). */
export class CollectionAbortedError extends Error {
    override readonly name = 'CollectionAbortedError';
    constructor() {
        super('The fleet collection was aborted before it finished.');
    }
}
