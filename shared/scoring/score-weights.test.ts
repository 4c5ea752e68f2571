import { describe, expect, it } from 'vitest';
import { SCORE_COMPONENTS } from '../contracts/signals.js';
import { COMPONENT_LABELS, COMPONENT_ORDER, COMPONENT_WEIGHTS } from './score-weights.js';

describe('component weights', () => {
    it('cover every component and add up to 1', () => {
        expect(Object.keys(COMPONENT_WEIGHTS).sort()).toEqual([...SCORE_COMPONENTS].sort());
        expect(Object.keys(COMPONENT_LABELS).sort()).toEqual([...SCORE_COMPONENTS].sort());
        expect([...COMPONENT_ORDER].sort()).toEqual([...SCORE_COMPONENTS].sort());
        const sum = Object.values(COMPONENT_WEIGHTS).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(1, 12);
    });
});
