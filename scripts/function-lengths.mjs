/**
 * Lists functions longer than a limit (default 80 lines), longest first:
 *   node scripts/function-lengths.mjs [--max 80] [folders…]   (default folders: actor extension bench)
 * Counts source lines from a function's first to its last line, nested functions separately.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const { values, positionals } = parseArgs({
    options: { max: { type: 'string', default: '80' } },
    allowPositionals: true,
});
const maxLines = Number(values.max);
const roots = positionals.length > 0 ? positionals : ['actor', 'extension', 'bench'];

function sourceFiles(directory) {
    return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
        return path.endsWith('.ts') ? [path] : [];
    });
}

function nameOf(node) {
    if (node.name) return node.name.getText();
    const parent = node.parent;
    if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText();
    return '<anonymous>';
}

const rows = [];
for (const file of roots.flatMap(sourceFiles)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
            const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
            const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
            if (last - first + 1 > maxLines)
                rows.push({ lines: last - first + 1, at: `${file}:${first + 1}`, name: nameOf(node) });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
}
rows.sort((a, b) => b.lines - a.lines);
for (const row of rows) console.log(`${String(row.lines).padStart(5)}  ${row.at}  ${row.name}`);
if (rows.length === 0) console.log(`No function in ${roots.join(', ')} is longer than ${maxLines} lines.`);
