// eslint.config.mjs keeps the rooms apart: a deliberate violation in each room must fail the lint,
// and the allowed imports must pass. Linted as text under a path of that room, nothing written.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import rooms (eslint.config.mjs)', () => {
    it('the engine may not import the Apify SDK, the SDK side or the editor', async () => {
        const file = 'actor/engine/collection/new-module.ts';
        expect(await importErrors(file, "import { Actor } from 'apify';\nexport const a = Actor;\n")).toEqual([
            expect.stringContaining('Only actor/sdk/ may import the Apify SDK'),
        ]);
        expect(
            await importErrors(
                file,
                "import { sdkOutputSink } from '../../sdk/sdk-output-sink.js';\nexport const s = sdkOutputSink;\n",
            ),
        ).toEqual([expect.stringContaining('actor/sdk/ is the Apify SDK side')]);
        expect(await importErrors(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n")).toHaveLength(
            1,
        );
    });

    it('the extension and the bench may not import the Apify SDK or the SDK side', async () => {
        for (const file of ['extension/commands/new-command.ts', 'bench/new-figure.ts']) {
            expect(await importErrors(file, "import { Actor } from 'apify';\nexport const a = Actor;\n")).toHaveLength(
                1,
            );
            expect(
                await importErrors(file, "import { main } from '../actor/sdk/main.js';\nexport const m = main;\n"),
            ).toHaveLength(1);
        }
    });

    it('shared/ imports no client, SDK, editor, actor/ or extension/ code', async () => {
        const file = 'shared/metrics/new-metric.ts';
        for (const code of [
            "import { ApifyClient } from 'apify-client';\nexport const c = ApifyClient;\n",
            "import { Actor } from 'apify';\nexport const a = Actor;\n",
            "import * as vscode from 'vscode';\nexport const v = vscode;\n",
            "import { collectFleet } from '../../actor/engine/collection/collect-fleet.js';\nexport const c = collectFleet;\n",
        ]) {
            expect(await importErrors(file, code)).toHaveLength(1);
        }
    });

    it('allows what each room is for', async () => {
        expect(
            await importErrors(
                'actor/sdk/new-adapter.ts',
                "import { Actor } from 'apify';\nimport { collectFleet } from '../engine/collection/collect-fleet.js';\nexport const a = [Actor, collectFleet];\n",
            ),
        ).toEqual([]);
        expect(
            await importErrors(
                'actor/engine/new-module.ts',
                "import { ApifyClient } from 'apify-client';\nimport { BasicCrawler } from '@crawlee/basic';\nexport const a = [ApifyClient, BasicCrawler];\n",
            ),
        ).toEqual([]);
        expect(
            await importErrors(
                'extension/new-module.ts',
                "import * as vscode from 'vscode';\nimport { runFleetAnalysis } from '../actor/engine/analysis-pipeline.js';\nexport const a = [vscode, runFleetAnalysis];\n",
            ),
        ).toEqual([]);
    });
});
