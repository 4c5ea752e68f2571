import { describe, expect, it } from 'vitest';
import { getGrade } from './grade.js';

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
