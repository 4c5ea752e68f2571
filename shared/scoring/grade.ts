/** Letter grade of a 0–100 score: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F. */
import type { Grade } from '../contracts/fleet-report.js';

export const GRADE_THRESHOLDS: readonly { grade: Grade; minScore: number }[] = Object.freeze([
    { grade: 'A', minScore: 90 },
    { grade: 'B', minScore: 80 },
    { grade: 'C', minScore: 70 },
    { grade: 'D', minScore: 60 },
]);

export function getGrade(score: number): Grade {
    for (const { grade, minScore } of GRADE_THRESHOLDS) if (score >= minScore) return grade;
    return 'F';
}

/**
 * A score as shown to people, cut (not rounded) to `decimals`: the shown number never reaches
 * the next grade's lower bound, so 89.96 reads "89 (B)", never "90 (B)". Every surface uses it.
 */
export function truncateScore(score: number, decimals = 0): number {
    const factor = 10 ** decimals;
    return Math.floor(score * factor + 1e-9) / factor;
}
