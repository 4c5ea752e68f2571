/**
 * Writes `.actor/input_schema.json` and `.actor/dataset_schema.json` from the zod contracts.
 * Run after changing `shared/contracts/actor-input.ts` or `dataset-row.ts`:
 *   npx tsx scripts/generate-actor-schemas.ts
 * `test/actor/actor-definition.test.ts` fails when the committed files are out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGeneratedActorFiles } from '../actor/engine/definition/apify-schemas.js';

const repositoryRoot = join(__dirname, '..');
for (const [relativePath, content] of Object.entries(buildGeneratedActorFiles())) {
    writeFileSync(join(repositoryRoot, relativePath), content);
    console.log(`wrote ${relativePath}`);
}
