/**
 * The Actor's input → specialist options mapping: schema-validator gets Apify's own
 * input-schema validator (not the structural fallback) in the bundled Actor.
 */
import { describe, expect, it } from 'vitest';
import { buildSpecialistOptions } from '../../actor/engine/specialists-inline.js';
import { parseActorInput } from '../../shared/contracts/actor-input.js';
import type { InputSchemaValidator } from '../../shared/specialists/schema-validator.js';

describe('buildSpecialistOptions', () => {
    it('injects @apify/input_schema into schema-validator', () => {
        const options = buildSpecialistOptions('schema-validator', parseActorInput({}));
        const validate = options.validateInputSchema as InputSchemaValidator;
        expect(typeof validate).toBe('function');
        const valid = {
            title: 'Input',
            type: 'object',
            schemaVersion: 1,
            properties: { url: { title: 'URL', type: 'string', description: 'Start URL', editor: 'textfield' } },
        };
        expect(validate(valid)).toEqual([]);
        // A field without a title: Apify's validator names it (the structural check would too, so
        // also a rule only Apify's validator knows: an unknown editor for a string field).
        expect(
            validate({
                ...valid,
                properties: { url: { type: 'string', description: 'Start URL', editor: 'textfield' } },
            }).join(' '),
        ).toContain('title');
        const unknownEditor = validate({
            ...valid,
            properties: { url: { title: 'URL', type: 'string', description: 'x', editor: 'no-such-editor' } },
        });
        expect(unknownEditor).toHaveLength(1);
        // Same schema again: same answer (memoised), and a copy the caller may not corrupt.
        unknownEditor.push('mutated');
        expect(
            validate({
                ...valid,
                properties: { url: { title: 'URL', type: 'string', description: 'x', editor: 'no-such-editor' } },
            }),
        ).toHaveLength(1);
    });
});
