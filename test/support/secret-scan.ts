/**
 * Searching for a secret everywhere it must not be: files under a directory (recursively,
 * binary or text), and arbitrary texts. Returns where it was found, so a failure names the
 * leaking file or record instead of "expected false to be true".
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `directory` (missing directory = none). */
export async function listFilesRecursively(directory: string): Promise<string[]> {
    let entries;
    try {
        entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
    }
    const files: string[] = [];
    for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) files.push(...(await listFilesRecursively(path)));
        else if (entry.isFile()) files.push(path);
    }
    return files;
}

/** The secret in raw bytes, and also URL- and base64-encoded (a token in a query string or a basic-auth header). */
export function secretVariants(secret: string): string[] {
    return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])];
}

/** Files under `directory` that contain the secret (any variant), with the count of files searched. */
export async function findSecretInFiles(
    directory: string,
    secret: string,
): Promise<{ searched: number; leaks: string[] }> {
    const variants = secretVariants(secret).map((variant) => Buffer.from(variant));
    const files = await listFilesRecursively(directory);
    const leaks: string[] = [];
    for (const file of files) {
        const bytes = await readFile(file);
        if (variants.some((variant) => bytes.includes(variant))) leaks.push(file);
    }
    return { searched: files.length, leaks };
}

/** Labels of the texts that contain the secret (any variant). */
export function findSecretInTexts(texts: ReadonlyArray<{ label: string; text: string }>, secret: string): string[] {
    const variants = secretVariants(secret);
    return texts.filter(({ text }) => variants.some((variant) => text.includes(variant))).map(({ label }) => label);
}
