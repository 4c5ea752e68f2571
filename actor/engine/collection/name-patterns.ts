/**
 * Include/exclude name patterns for Actors. A pattern is matched against both the full
 * `username/actor-name` and the bare `actor-name`, so `my-scraper`, `*-scraper` and
 * `janedoe/*` all do what a user expects. `*` matches any run of characters (also none);
 * nothing else is special, so Actor names never need escaping.
 */
import { InvalidCollectionOptionError } from './errors.js';

/** Actor names are `[a-zA-Z0-9-]`, usernames add `._`; `*` and one `/` may join them. */
const PATTERN_SYNTAX = /^(?:[a-zA-Z0-9._*-]+\/)?[a-zA-Z0-9*-]+$/;

export interface ActorNameMatcher {
    matches(fullName: string): boolean;
}

function compileOne(pattern: string, field: string): RegExp {
    const trimmed = pattern.trim();
    if (!PATTERN_SYNTAX.test(trimmed)) {
        throw new InvalidCollectionOptionError(
            `${field} pattern "${pattern}" is not valid: use an Actor name ("my-scraper"), ` +
                '"username/actor-name", and "*" as a wildcard (for example "*-scraper" or "janedoe/*").',
        );
    }
    const body = trimmed
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
    return new RegExp(`^${body}$`, 'i');
}

/**
 * Empty `include` means every Actor; `exclude` wins over `include`. Throws
 * InvalidCollectionOptionError naming the bad pattern.
 */
export function compileActorNameMatcher(include: readonly string[], exclude: readonly string[]): ActorNameMatcher {
    const includes = include.map((p) => compileOne(p, 'Include'));
    const excludes = exclude.map((p) => compileOne(p, 'Exclude'));
    const test = (regexps: RegExp[], fullName: string): boolean => {
        const bare = fullName.includes('/') ? fullName.slice(fullName.indexOf('/') + 1) : fullName;
        return regexps.some((re) => re.test(fullName) || re.test(bare));
    };
    return {
        matches(fullName: string): boolean {
            if (includes.length > 0 && !test(includes, fullName)) return false;
            return !test(excludes, fullName);
        },
    };
}
