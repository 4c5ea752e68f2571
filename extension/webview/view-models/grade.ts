/**
 * Grade and severity colours as VS Code theme variables, so light, dark and high-contrast
 * themes each get their own palette (the `--vscode-charts-*` colours are tuned per theme).
 * The fallbacks apply only outside VS Code (the UI test sets the variables itself).
 */
import type { Grade } from '../../../shared/contracts/fleet-report.js';
import { SEVERITY_ICONS, type Severity } from '../../../shared/contracts/signals.js';

const GRADE_COLORS: Record<Grade, string> = {
    A: 'var(--vscode-charts-green, #388a34)',
    B: 'var(--vscode-charts-blue, #1a85ff)',
    C: 'var(--vscode-charts-yellow, #bf8803)',
    D: 'var(--vscode-charts-orange, #d18616)',
    F: 'var(--vscode-charts-red, #e51400)',
};

const GRADE_DESCRIPTIONS: Record<Grade, string> = {
    A: 'healthy',
    B: 'minor issues',
    C: 'needs attention',
    D: 'unhealthy',
    F: 'failing',
};

export function getGradeColor(grade: Grade): string {
    return GRADE_COLORS[grade];
}

/** Spoken with the letter (colour is never the only carrier of meaning). */
export function describeGrade(grade: Grade): string {
    return `Grade ${grade}, ${GRADE_DESCRIPTIONS[grade]}`;
}

const SEVERITY_COLORS: Record<Severity, string> = {
    critical: 'var(--vscode-errorForeground, #e51400)',
    high: 'var(--vscode-charts-red, #e51400)',
    medium: 'var(--vscode-charts-orange, #d18616)',
    low: 'var(--vscode-charts-yellow, #bf8803)',
    info: 'var(--vscode-descriptionForeground, #717171)',
};

export function getSeverityColor(severity: Severity): string {
    return SEVERITY_COLORS[severity];
}

/** Codicon names per severity (shape, not only colour, differs): the tree's icons too. */
export function getSeverityIcon(severity: Severity): string {
    return SEVERITY_ICONS[severity];
}
