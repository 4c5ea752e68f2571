import { describe, expect, it } from 'vitest';
import { computeAnalysisWindow, findUnmatchedIncludePatterns } from '../../../actor/engine/analysis-pipeline.js';

describe('analysis window and include patterns', () => {
    it('whole UTC days ending at the midnight after now', () => {
        expect(computeAnalysisWindow(new Date('2025-06-28T12:34:56.000Z'), 28)).toEqual({
            from: new Date('2025-06-01T00:00:00.000Z'),
            to: new Date('2025-06-29T00:00:00.000Z'),
        });
        expect(computeAnalysisWindow(new Date('2025-06-29T00:00:00.000Z'), 1)).toEqual({
            from: new Date('2025-06-28T00:00:00.000Z'),
            to: new Date('2025-06-29T00:00:00.000Z'),
        });
    });

    it('names each include pattern that matched no Actor, with a fix', () => {
        const problems = findUnmatchedIncludePatterns(
            ['shop-*', 'tester/news', 'typo-scraper'],
            ['tester/shop-books', 'tester/news'],
        );
        expect(problems).toEqual([
            expect.objectContaining({
                path: 'includeActors[2]',
                problem: expect.stringContaining('"typo-scraper" matches no Actor'),
            }),
        ]);
        expect(problems[0]!.fix).toMatch(/Check the spelling/);
    });
});
