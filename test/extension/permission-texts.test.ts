/**
 * Every text that tells a user which permissions a scoped token needs is derived from the one
 * list, PERMISSION_GROUPS (shared/contracts/fleet-data.ts): the Actor's messages, the input
 * description, the extension's messages and the welcome view in package.json (which cannot
 * import it, so it is checked here).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERMISSION_FIX_MESSAGE } from '../../actor/engine/permission-messages.js';
import { REQUIRED_PERMISSIONS_TEXT } from '../../extension/shared/api-errors.js';
import { actorInputSchema } from '../../shared/contracts/actor-input.js';
import {
    describePermissionGroups,
    PERMISSION_GROUPS,
    SCOPED_TOKEN_PERMISSIONS_TEXT,
} from '../../shared/contracts/fleet-data.js';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    contributes: { viewsWelcome: { view: string; contents: string; when?: string }[] };
};

describe('permission texts', () => {
    it('group the permission list by resource, as Console shows it', () => {
        expect(SCOPED_TOKEN_PERMISSIONS_TEXT).toBe(
            'Actors: Read, Run · Actor runs: Read · Actor builds: Read · Datasets: Read · Key-value stores: Read, Write',
        );
        expect(describePermissionGroups(['Datasets: Read', 'Actors: Run'])).toBe('Datasets: Read · Actors: Run');
        for (const group of PERMISSION_GROUPS) expect(SCOPED_TOKEN_PERMISSIONS_TEXT).toContain(group.split(': ')[0]);
    });

    it('appear in the Actor, the input description and the extension', () => {
        expect(PERMISSION_FIX_MESSAGE).toContain(SCOPED_TOKEN_PERMISSIONS_TEXT);
        expect(actorInputSchema.shape.apifyToken.description).toContain(SCOPED_TOKEN_PERMISSIONS_TEXT);
        expect(REQUIRED_PERMISSIONS_TEXT).toContain(SCOPED_TOKEN_PERMISSIONS_TEXT);
    });

    it('appear in the package.json welcome view that asks for a token', () => {
        const welcome = manifest.contributes.viewsWelcome.filter((v) => /scoped token needs/i.test(v.contents));
        expect(welcome.length).toBeGreaterThan(0);
        for (const view of welcome) expect(view.contents).toContain(`needs: ${SCOPED_TOKEN_PERMISSIONS_TEXT}.`);
    });
});
