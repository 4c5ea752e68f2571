// One esbuild script for every bundle: the Actor (Node, CJS), the extension host (Node, CJS,
// `vscode` external) and the webview app (browser, IIFE). `--production` minifies and drops
// sourcemaps; `--watch` rebuilds on change and prints the lines VS Code's task matcher waits for.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
    name: 'problem-matcher',
    setup(build) {
        build.onStart(() => {
            if (watch) console.log('[watch] build started');
        });
        build.onEnd((result) => {
            for (const { text, location } of result.errors) {
                console.error(`✘ [ERROR] ${text}`);
                if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
            }
            if (watch) console.log('[watch] build finished');
        });
    },
};

const common = {
    bundle: true,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    plugins: [problemMatcher],
};

/** Entry points that exist so far; each part of the product adds its own. */
const targets = [
    {
        // The Actor keeps its npm dependencies external: the Docker image installs them, and the
        // Apify SDK does not bundle cleanly (optional native and dynamic requires).
        entryPoints: { main: 'actor/sdk/main.ts', cli: 'actor/engine/cli.ts' },
        outdir: 'dist/actor',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        packages: 'external',
    },
    {
        entryPoints: { extension: 'extension/extension.ts' },
        outdir: 'dist/extension',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode'],
    },
    {
        entryPoints: { webview: 'extension/webview/main.ts' },
        outdir: 'dist/webview',
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        loader: { '.css': 'text' },
    },
]
    .map((t) => ({
        ...t,
        entryPoints: Object.fromEntries(Object.entries(t.entryPoints).filter(([, p]) => existsSync(p))),
    }))
    .filter((t) => Object.keys(t.entryPoints).length > 0);

// The webview loads the codicon font through a stylesheet of its own (asWebviewUri, CSP
// `style-src`/`font-src` = cspSource), so it must sit inside dist/webview (localResourceRoots).
if (existsSync('extension/webview/main.ts')) {
    mkdirSync('dist/webview/codicons', { recursive: true });
    for (const file of ['codicon.css', 'codicon.ttf']) {
        copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/codicons/${file}`);
    }
}

const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
} else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
}
