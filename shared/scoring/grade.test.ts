import { describe, expect, it } from 'vitest';
import { getGrade, truncateScore } from './grade.js';

describe('getGrade', () => {
    it('uses the published boundaries (inclusive lower bounds)', () => {
        expect(getGrade(100)).toBe('A');
        expect(getGrade(90)).toBe('A');
        expect(getGrade(89.99)).toBe('B');
        expect(getGrade(80)).toBe('B');
        expect(getGrade(70)).toBe('C');
        expect(getGrade(60)).toBe('D');
        expect(getGrade(59.99)).toBe('F');
        expect(getGrade(0)).toBe('F');
    });
});

describe('truncateScore', () => {
    it('never shows the next grade boundary', () => {
        expect(truncateScore(89.96)).toBe(89);
        expect(truncateScore(89.96, 1)).toBe(89.9);
        expect(truncateScore(90)).toBe(90);
        expect(truncateScore(73.08, 1)).toBe(73);
        expect(truncateScore(100)).toBe(100);
    });
});
