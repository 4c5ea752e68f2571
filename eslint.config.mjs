// Lint: typescript-eslint's recommended rules plus the import rules that keep the rooms apart.
// The rooms (see docs/DESIGN.md, "Layout"):
//   shared/        the pure core: no SDK, no client, no editor, nothing from actor/ or extension/
//   actor/engine/  SDK-free engine: shared/, apify-client, @crawlee/* — never `apify` or actor/sdk
//   actor/sdk/     the Apify SDK side: the engine plus `apify`
//   extension/     shared/ and the engine — never `apify` or actor/sdk
//   bench/         like the extension: it starts the Actor as a process, never imports its SDK side
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const sdkPackage = {
    name: 'apify',
    message: 'Only actor/sdk/ may import the Apify SDK; use the engine (actor/engine/) or apify-client here.',
};
const sdkSide = {
    group: ['**/actor/sdk/**', '**/sdk/*'],
    message: 'actor/sdk/ is the Apify SDK side: import the engine (actor/engine/) instead.',
};

export default tseslint.config(
    {
        ignores: [
            'node_modules/**',
            'dist/**',
            'out/**',
            '.cache/**',
            'storage/**',
            'coverage/**',
            'test-results/**',
            'bench/.out/**',
            '.vscode-test/**',
            '.test-host/**',
            '.tmp/**',
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: {
            ecmaVersion: 2023,
            sourceType: 'module',
            globals: { ...globals.node },
        },
        rules: {
            // `_`-prefixed names are deliberate placeholders (unused parameters of an interface).
            '@typescript-eslint/no-unused-vars': [
                'error',
                {
                    argsIgnorePattern: '^_',
                    varsIgnorePattern: '^_',
                    caughtErrors: 'none',
                    ignoreRestSiblings: true,
                },
            ],
            // One line length; Prettier wraps the code, this catches the comments and strings it leaves alone.
            'max-len': [
                'error',
                {
                    code: 120,
                    ignoreStrings: true,
                    ignoreTemplateLiterals: true,
                    ignoreUrls: true,
                    ignoreRegExpLiterals: true,
                },
            ],
            '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
            'no-restricted-syntax': [
                'error',
                {
                    selector: 'TSEnumDeclaration:not([const=true])',
                    message: 'Use an `as const` object with a same-named type instead of an enum.',
                },
            ],
        },
    },
    {
        files: ['**/*.cjs'],
        languageOptions: { sourceType: 'commonjs' },
        rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
    {
        // Tests read arbitrary JSON (schemas, records, API answers) and poke at it.
        files: ['test/**'],
        rules: { '@typescript-eslint/no-explicit-any': 'off' },
    },
    {
        // Functions that the UI probe evaluates inside the workbench's frames.
        files: ['test/extension-host/ui-probe.mjs'],
        languageOptions: { globals: { ...globals.browser } },
    },
    {
        files: ['extension/webview/**'],
        languageOptions: { globals: { ...globals.browser } },
    },
    {
        files: ['shared/**/*.ts'],
        ignores: ['shared/**/*.test.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    paths: [
                        sdkPackage,
                        { name: 'apify-client', message: 'shared/ is pure: no network client.' },
                        { name: 'vscode', message: 'shared/ is pure: no editor API.' },
                    ],
                    patterns: [
                        {
                            group: ['**/actor/**', '**/extension/**', '@crawlee/*'],
                            message: 'shared/ is the bottom layer: it imports nothing from actor/ or extension/.',
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ['actor/engine/**/*.ts', 'extension/**/*.ts', 'bench/**/*.ts'],
        rules: {
            'no-restricted-imports': ['error', { paths: [sdkPackage], patterns: [sdkSide] }],
        },
    },
    {
        files: ['actor/engine/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    paths: [sdkPackage, { name: 'vscode', message: 'The engine runs outside the editor too.' }],
                    patterns: [
                        sdkSide,
                        { group: ['**/extension/**'], message: 'The engine does not import the extension.' },
                    ],
                },
            ],
        },
    },
);
