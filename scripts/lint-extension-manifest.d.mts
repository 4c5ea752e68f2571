// Types for scripts/lint-extension-manifest.mjs (plain JS so `npm test` runs it without a build).
export declare const REQUIRED_VSCODE_ENGINE: string;
export declare function parseConstEnum(source: string, name: string): Map<string, string> | null;
export interface ExtensionManifestInput {
    // package.json as parsed JSON: any shape may arrive, the lint reports what is wrong with it.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers (tests) edit it freely
    manifest: any;
    /** Path relative to the repository root (e.g. `extension/constants.ts`) → file text. */
    sources: Record<string, string>;
}
export declare function lintExtensionManifest(input: ExtensionManifestInput): string[];
export declare function readExtensionSources(root: string): ExtensionManifestInput;
