#!/usr/bin/env node
// Cross-checks package.json `contributes` against the extension's code (STYLE.md 3.3): VS Code
// itself says nothing when a menu names an undeclared command, a welcome view points at a
// missing view or a declared command was never registered: the button just does nothing.
//
// Checks: commands declared once each; every declared command is a CommandId and is registered
// in extension/** (`registerCommand(CommandId.X` or a FleetCommand's `super(CommandId.X`), and
// every CommandId is declared (test-only ids `apifyFleet._test.*` are registered, never
// declared); menus and `command:` links in welcome views name declared commands; welcome views
// and `onView:` events name declared views; views sit in a declared container; context keys in
// `when` clauses are ContextIds; ViewId and ConfigId match `views` and `configuration`;
// activation is lazy (no `*`, no `onStartupFinished`); `engines.vscode` is `^1.100.0`.
//
// Usage: node scripts/lint-extension-manifest.mjs   (exit 1 and one line per problem)
// Tests import `lintExtensionManifest({ manifest, sources })` with a broken manifest.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REQUIRED_VSCODE_ENGINE = '^1.100.0';
const CONSTANTS_FILE = 'extension/constants.ts';
const TEST_COMMAND_PREFIX = 'apifyFleet._test.';
const EAGER_ACTIVATION_EVENTS = new Set(['*', 'onStartupFinished']);

/** `export const enum Name { Key = 'value', ... }` → Map(Key → value). */
export function parseConstEnum(source, name) {
    const body = new RegExp(`export\\s+const\\s+enum\\s+${name}\\s*\\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
    if (body === undefined) return null;
    const members = new Map();
    for (const match of body.matchAll(/^\s*(\w+)\s*=\s*'([^']*)'/gm)) members.set(match[1], match[2]);
    return members;
}

/** CommandId members that some file registers (directly or through the FleetCommand base). */
function registeredCommandKeys(sources) {
    const keys = new Set();
    for (const text of Object.values(sources)) {
        for (const match of text.matchAll(/(?:registerCommand|super)\(\s*CommandId\.(\w+)/g)) keys.add(match[1]);
    }
    return keys;
}

/** Context keys of our own namespace that a `when` clause reads (`apifyFleet.hasToken`, ...). */
function contextKeysIn(when, namespace) {
    return [...when.matchAll(new RegExp(`\\b(${namespace.replace('.', '\\.')}\\.[\\w.]+)`, 'g'))].map((m) => m[1]);
}

/**
 * @param {{ manifest: any, sources: Record<string, string> }} input  package.json and the
 *   extension's source files (path → text); `sources` must hold extension/constants.ts.
 * @returns {string[]} problems, one readable line each (empty = clean)
 */
export function lintExtensionManifest({ manifest, sources }) {
    const problems = [];
    const constants = sources[CONSTANTS_FILE];
    if (constants === undefined)
        return [`${CONSTANTS_FILE} is missing: it holds the CommandId, ContextId, ViewId and ConfigId enums`];
    const commandIds = parseConstEnum(constants, 'CommandId') ?? new Map();
    const contextIds = new Set((parseConstEnum(constants, 'ContextId') ?? new Map()).values());
    const viewIds = new Set((parseConstEnum(constants, 'ViewId') ?? new Map()).values());
    const configIds = new Set((parseConstEnum(constants, 'ConfigId') ?? new Map()).values());
    const namespace = /CONFIG_SECTION\s*=\s*'([^']+)'/.exec(constants)?.[1] ?? 'apifyFleet';
    const contributes = manifest.contributes ?? {};

    // Commands: declared ↔ CommandId ↔ registered.
    const declared = new Map();
    for (const [index, entry] of (contributes.commands ?? []).entries()) {
        if (typeof entry?.command !== 'string') {
            problems.push(`contributes.commands[${index}] has no "command"`);
            continue;
        }
        if (declared.has(entry.command))
            problems.push(`command "${entry.command}" is declared twice in contributes.commands`);
        declared.set(entry.command, entry);
        if (!entry.title) problems.push(`command "${entry.command}" has no title`);
    }
    const idToKey = new Map([...commandIds].map(([key, id]) => [id, key]));
    const registered = registeredCommandKeys(sources);
    for (const id of declared.keys()) {
        const key = idToKey.get(id);
        if (!key)
            problems.push(`command "${id}" is declared in package.json but is not a CommandId in ${CONSTANTS_FILE}`);
        else if (!registered.has(key))
            problems.push(
                `command "${id}" is declared in package.json but never registered (no registerCommand(CommandId.${key}) or super(CommandId.${key}) in extension/)`,
            );
    }
    for (const [key, id] of commandIds) {
        if (id.startsWith(TEST_COMMAND_PREFIX)) continue;
        if (!declared.has(id))
            problems.push(`CommandId.${key} ("${id}") is not declared in package.json contributes.commands`);
        if (!registered.has(key)) problems.push(`CommandId.${key} ("${id}") is never registered in extension/`);
    }
    for (const key of registered) {
        if (!commandIds.has(key)) problems.push(`CommandId.${key} is registered but not defined in ${CONSTANTS_FILE}`);
    }

    // Views and containers.
    const containers = new Set(
        Object.values(contributes.viewsContainers ?? {})
            .flat()
            .map((c) => c?.id),
    );
    const views = new Set();
    for (const [container, list] of Object.entries(contributes.views ?? {})) {
        const isBuiltIn = ['explorer', 'scm', 'debug', 'test', 'remote'].includes(container);
        if (!isBuiltIn && !containers.has(container))
            problems.push(
                `views are contributed to container "${container}", which contributes.viewsContainers does not declare`,
            );
        for (const view of list ?? []) {
            if (views.has(view.id)) problems.push(`view "${view.id}" is declared twice`);
            views.add(view.id);
        }
    }
    for (const id of viewIds) {
        if (!views.has(id) && !containers.has(id))
            problems.push(`ViewId "${id}" is neither a declared view nor a view container`);
    }

    // `when` clauses: our own context keys must exist (ContextId or a setting, `config.` aside).
    const checkWhen = (where, when) => {
        if (typeof when !== 'string') return;
        for (const key of contextKeysIn(when, namespace)) {
            if (!contextIds.has(key) && !views.has(key) && !containers.has(key))
                problems.push(`${where}: "when" uses context key "${key}", which is not a ContextId`);
        }
    };

    // Menus.
    for (const [menu, entries] of Object.entries(contributes.menus ?? {})) {
        for (const [index, entry] of (entries ?? []).entries()) {
            const where = `menus["${menu}"][${index}]`;
            if (entry.command !== undefined && !declared.has(entry.command))
                problems.push(
                    `${where} names command "${entry.command}", which is not declared in contributes.commands`,
                );
            if (entry.submenu === undefined && entry.command === undefined)
                problems.push(`${where} has neither "command" nor "submenu"`);
            checkWhen(where, entry.when);
            const viewInWhen = /\bview\s*==\s*([\w.]+)/.exec(entry.when ?? '')?.[1];
            if (viewInWhen && !views.has(viewInWhen))
                problems.push(`${where}: "when" names view "${viewInWhen}", which is not declared`);
        }
    }

    // Welcome views: their view and their command links.
    for (const [index, entry] of (contributes.viewsWelcome ?? []).entries()) {
        const where = `viewsWelcome[${index}]`;
        if (!views.has(entry.view))
            problems.push(`${where} points at view "${entry.view}", which contributes.views does not declare`);
        for (const match of String(entry.contents ?? '').matchAll(/\(command:([\w.-]+)/g)) {
            if (!declared.has(match[1]))
                problems.push(`${where} links to command "${match[1]}", which is not declared in contributes.commands`);
        }
        checkWhen(where, entry.when);
    }

    // Settings ↔ ConfigId.
    const properties = Object.keys(contributes.configuration?.properties ?? {});
    for (const property of properties) {
        if (!property.startsWith(`${namespace}.`))
            problems.push(`setting "${property}" is outside the "${namespace}." section`);
        else if (!configIds.has(property.slice(namespace.length + 1)))
            problems.push(`setting "${property}" has no ConfigId in ${CONSTANTS_FILE}`);
    }
    for (const id of configIds) {
        if (!properties.includes(`${namespace}.${id}`))
            problems.push(`ConfigId "${id}" is not declared as setting "${namespace}.${id}"`);
    }

    // Activation: lazy, and pointing at things that exist.
    for (const event of manifest.activationEvents ?? []) {
        if (EAGER_ACTIVATION_EVENTS.has(event))
            problems.push(
                `activation event "${event}" activates on start-up; use lazy events (onView:, onCommand:, workspaceContains:, ...)`,
            );
        const view = /^onView:(.+)$/.exec(event)?.[1];
        if (view && !views.has(view)) problems.push(`activation event "${event}" names a view that is not declared`);
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command && !declared.has(command))
            problems.push(`activation event "${event}" names a command that is not declared`);
    }

    // Engine.
    if (manifest.engines?.vscode !== REQUIRED_VSCODE_ENGINE) {
        problems.push(
            `engines.vscode is ${JSON.stringify(manifest.engines?.vscode)}; it must be "${REQUIRED_VSCODE_ENGINE}" (the test host is VS Code 1.100 and @types/vscode is 1.100)`,
        );
    }
    const typesVersion = manifest.devDependencies?.['@types/vscode'];
    if (typesVersion && !/^[\^~]?1\.100\./.test(typesVersion))
        problems.push(
            `@types/vscode ${typesVersion} is newer or older than engines.vscode ${REQUIRED_VSCODE_ENGINE}: APIs past 1.100 would type-check but fail at run time`,
        );
    return problems;
}

/** package.json and every .ts file under extension/ (path relative to root → text). */
export function readExtensionSources(root) {
    const sources = {};
    const walk = (dir) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) walk(path);
            else if (entry.name.endsWith('.ts'))
                sources[relative(root, path).split('\\').join('/')] = readFileSync(path, 'utf8');
        }
    };
    walk(join(root, 'extension'));
    return { manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')), sources };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
    const problems = lintExtensionManifest(readExtensionSources(root));
    if (problems.length > 0) {
        console.error(
            `package.json contributes does not match the extension's code (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
        );
        for (const problem of problems) console.error(`  - ${problem}`);
        process.exit(1);
    }
    console.log(
        'extension manifest: commands, menus, views, welcome views, settings and activation events match the code',
    );
}
