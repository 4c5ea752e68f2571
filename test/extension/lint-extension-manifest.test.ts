// scripts/lint-extension-manifest.mjs (run by `npm test`): clean on the real manifest, and each
// kind of drift between package.json and the code is caught with a readable line.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
    lintExtensionManifest,
    readExtensionSources,
    type ExtensionManifestInput,
} from '../../scripts/lint-extension-manifest.mjs';

const real = readExtensionSources(resolve(__dirname, '../..'));

/** A deep copy of the real manifest and sources, changed by `edit`. */
function broken(edit: (input: ExtensionManifestInput) => void): string[] {
    const input: ExtensionManifestInput = { manifest: structuredClone(real.manifest), sources: { ...real.sources } };
    edit(input);
    return lintExtensionManifest(input);
}

describe('lint-extension-manifest', () => {
    it('passes on the repository as it is', () => {
        expect(lintExtensionManifest(real)).toEqual([]);
        expect(real.manifest.contributes.commands.length).toBeGreaterThan(5);
    });

    it('catches a declared command that is never registered, and a registered one that is not declared', () => {
        const problems = broken(({ manifest, sources }) => {
            manifest.contributes.commands.push({
                command: 'apifyFleet.ghost',
                title: 'Ghost',
                category: 'Apify Fleet',
            });
            sources['extension/commands/refresh-command.ts'] = sources[
                'extension/commands/refresh-command.ts'
            ]!.replace('super(CommandId.Refresh', 'super(CommandId.Refreshed as never');
        });
        expect(problems).toContain(
            'command "apifyFleet.ghost" is declared in package.json but is not a CommandId in extension/constants.ts',
        );
        expect(
            problems.some((p) =>
                p.startsWith('command "apifyFleet.refresh" is declared in package.json but never registered'),
            ),
        ).toBe(true);
        expect(problems).toContain('CommandId.Refreshed is registered but not defined in extension/constants.ts');
    });

    it('catches a CommandId missing from contributes.commands, and duplicates', () => {
        const problems = broken(({ manifest }) => {
            const commands = manifest.contributes.commands as { command: string }[];
            const showLog = commands.findIndex((c) => c.command === 'apifyFleet.showLog');
            commands.splice(showLog, 1);
            commands.push({ ...commands[0]! });
        });
        expect(problems).toContain(
            'CommandId.ShowLog ("apifyFleet.showLog") is not declared in package.json contributes.commands',
        );
        expect(problems).toContain('command "apifyFleet.connectToken" is declared twice in contributes.commands');
    });

    it('catches menus and welcome views that point at undeclared commands or views', () => {
        const problems = broken(({ manifest }) => {
            manifest.contributes.menus['view/title'].push({
                command: 'apifyFleet.nope',
                when: 'view == apifyFleet.fleet',
            });
            manifest.contributes.menus['view/item/context'][0].when =
                'view == apifyFleet.missing && viewItem == signal';
            manifest.contributes.viewsWelcome[1].view = 'apifyFleet.gone';
            manifest.contributes.viewsWelcome[2].contents += '\n[Broken](command:apifyFleet.notThere)';
            manifest.contributes.viewsWelcome[3].when = 'apifyFleet.isTypo';
        });
        expect(problems.some((p) => p.includes('names command "apifyFleet.nope", which is not declared'))).toBe(true);
        expect(problems.some((p) => p.includes('names view "apifyFleet.missing", which is not declared'))).toBe(true);
        expect(problems).toContain(
            'viewsWelcome[1] points at view "apifyFleet.gone", which contributes.views does not declare',
        );
        expect(problems).toContain(
            'viewsWelcome[2] links to command "apifyFleet.notThere", which is not declared in contributes.commands',
        );
        expect(problems).toContain(
            'viewsWelcome[3]: "when" uses context key "apifyFleet.isTypo", which is not a ContextId',
        );
    });

    it('catches eager activation, a wrong engine and settings without a ConfigId', () => {
        const problems = broken(({ manifest }) => {
            manifest.activationEvents.push('*', 'onView:apifyFleet.elsewhere');
            manifest.engines.vscode = '^1.101.0';
            manifest.contributes.configuration.properties['apifyFleet.extra'] = { type: 'string' };
            delete manifest.contributes.configuration.properties['apifyFleet.lookbackDays'];
        });
        expect(problems.some((p) => p.startsWith('activation event "*" activates on start-up'))).toBe(true);
        expect(problems).toContain('activation event "onView:apifyFleet.elsewhere" names a view that is not declared');
        expect(problems.some((p) => p.startsWith('engines.vscode is "^1.101.0"'))).toBe(true);
        expect(problems).toContain('setting "apifyFleet.extra" has no ConfigId in extension/constants.ts');
        expect(problems).toContain('ConfigId "lookbackDays" is not declared as setting "apifyFleet.lookbackDays"');
    });

    it('says what is missing when the constants file is absent', () => {
        expect(
            broken(({ sources }) => {
                delete sources['extension/constants.ts'];
            }),
        ).toEqual(['extension/constants.ts is missing: it holds the CommandId, ContextId, ViewId and ConfigId enums']);
    });
});
