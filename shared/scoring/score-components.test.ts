import { describe, expect, it } from 'vitest';
import { SCORE_COMPONENTS } from '../contracts/signals.js';
import { COMPONENT_LABELS, COMPONENT_ORDER } from './score-components.js';

describe('score components', () => {
    it('label and order every component', () => {
        expect(Object.keys(COMPONENT_LABELS).sort()).toEqual([...SCORE_COMPONENTS].sort());
        expect([...COMPONENT_ORDER].sort()).toEqual([...SCORE_COMPONENTS].sort());
    });
});
