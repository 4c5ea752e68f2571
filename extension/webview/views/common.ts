/** Small template pieces shared by the views. */
import { html } from 'lit';
import { cssomStyle } from './cssom-style.js';
import type { Grade } from '../../../shared/contracts/fleet-report.js';
import { describeGrade, getGradeColor } from '../view-models/grade.js';

/** The grade letter on its colour; the text says the grade for screen readers. */
export function gradeBadge(grade: Grade, size: 'small' | 'large' = 'small') {
    return html`<span
        class="grade grade-${size}"
        role="img"
        aria-label=${describeGrade(grade)}
        style=${cssomStyle({ '--grade-colour': getGradeColor(grade) })}
        >${grade}</span
    >`;
}

/** A horizontal bar of `ratio` (0–1), CSSOM-styled (no inline style attribute under the CSP). */
export function meter(ratio: number, color: string, label: string) {
    const percent = Math.max(0, Math.min(1, ratio)) * 100;
    return html`<span
        class="meter"
        role="meter"
        aria-label=${label}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(percent)}
    >
        <span class="meter-fill" style=${cssomStyle({ width: `${percent}%`, background: color })}></span
    ></span>`;
}
