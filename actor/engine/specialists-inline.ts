/**
 * Runs the selected specialists inside this process (`executionMode: "inline"`), each one
 * isolated: an exception in one specialist becomes a "failed" status for it (the report says
 * which, and which Actors lack its signals), never a crashed analysis.
 *
 * The Actor input → specialist options mapping lives here (the one Actor-specific part); the
 * analyses are the pure registry functions in shared/specialists. Specialist runs
 * (`specialistRole`) use the same mapping, so inline and fan-out give the same signals.
 */
import type { ActorInput } from '../../shared/contracts/actor-input.js';
import type { FleetData } from '../../shared/contracts/fleet-data.js';
import type { SignalsDocument, SpecialistName } from '../../shared/contracts/signals.js';
import type { SpecialistRunInfo } from '../../shared/analysis/merge-signals.js';
import { SPECIALIST_RUNNERS, type SpecialistContext } from '../../shared/specialists/registry.js';
import { toInputSchemaProblems, type InputSchemaValidator } from '../../shared/specialists/schema-validator.js';
import { SchemaCachingAjv } from '../../shared/specialists/schema-validator-ajv.js';
import { validateInputSchema } from '@apify/input_schema';

let apifyInputSchemaValidator: InputSchemaValidator | null = null;

/**
 * Apify's own input-schema validator (shared/ cannot import it: Node-only). One Ajv instance,
 * and one validation per distinct schema text: a call costs ~10 ms and fleets share schemas.
 */
function getApifyInputSchemaValidator(): InputSchemaValidator {
    if (apifyInputSchemaValidator) return apifyInputSchemaValidator;
    // Compiles each of the library's per-field schemas once (a plain Ajv compiled them per field).
    const ajv = new SchemaCachingAjv({ strict: false });
    const validate = toInputSchemaProblems((schema) => validateInputSchema(ajv, schema));
    const problemsBySchemaText = new Map<string, string[]>();
    apifyInputSchemaValidator = (schema) => {
        const key = JSON.stringify(schema) ?? 'undefined';
        let problems = problemsBySchemaText.get(key);
        if (!problems) problemsBySchemaText.set(key, (problems = validate(schema)));
        return [...problems];
    };
    return apifyInputSchemaValidator;
}

/**
 * One field of each kind `@apify/input_schema` validates with its own schema (string, enum,
 * resource, array, resource array, object, integer, number, boolean, any) and one object with
 * sub-fields: validating them compiles every schema the fleet's input schemas will need.
 */
const WARM_UP_FIELDS: Record<string, unknown>[] = [
    { title: 't', type: 'string', description: 'd', editor: 'textfield' },
    { title: 't', type: 'string', description: 'd', enum: ['a'] },
    { title: 't', type: 'string', description: 'd', resourceType: 'dataset' },
    { title: 't', type: 'array', description: 'd', editor: 'stringList' },
    { title: 't', type: 'array', description: 'd', resourceType: 'dataset' },
    { title: 't', type: 'object', description: 'd', editor: 'json' },
    { title: 't', type: 'integer', description: 'd' },
    { title: 't', type: 'number', description: 'd' },
    { title: 't', type: 'boolean', description: 'd' },
    { title: 't', type: ['string', 'integer'], description: 'd', editor: 'json' },
    {
        title: 't',
        type: 'object',
        description: 'd',
        editor: 'schemaBased',
        properties: Object.fromEntries(
            ['string', 'integer', 'number', 'boolean', 'array', 'object'].map((type) => [
                type,
                { title: 't', type, description: 'd' },
            ]),
        ),
    },
];

/**
 * Compiles Apify's input-schema validators while the collection waits on the API (~0.3–0.5 s
 * of CPU that would otherwise come after the last response). One field per macrotask, so
 * responses are handled in between. Never fails: the real validation reports any problem.
 */
export async function warmUpInputSchemaValidator(): Promise<void> {
    for (const [index, field] of WARM_UP_FIELDS.entries()) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        try {
            getApifyInputSchemaValidator()({
                title: 'Warm-up',
                type: 'object',
                schemaVersion: 1,
                properties: { [`field${index}`]: field },
            });
        } catch {
            // Only a warm-up.
        }
    }
}

/** The input fields each specialist reads; everything else keeps the specialist's defaults. */
export function buildSpecialistOptions(name: SpecialistName, input: ActorInput): Record<string, unknown> {
    switch (name) {
        case 'release-gate':
            return { haltSignificance: input.regressionSignificanceLevel };
        case 'cost-watchdog':
            return { spikeMinRatio: input.costSpikeFactor, memoryHeadroomFactor: input.memoryHeadroomFactor };
        case 'ab-tester':
            return { pairs: input.abPairs };
        case 'schema-validator':
            return { validateInputSchema: getApifyInputSchemaValidator() };
        default:
            return {};
    }
}

export interface InlineSpecialistsResult {
    documents: SignalsDocument[];
    runs: SpecialistRunInfo[];
}

export function runSpecialistsInline(
    data: FleetData,
    input: ActorInput,
    context: SpecialistContext,
): InlineSpecialistsResult {
    const documents: SignalsDocument[] = [];
    const runs: SpecialistRunInfo[] = [];
    const actorIds = data.actors.map((a) => a.actor.id);
    for (const name of input.specialists) {
        try {
            documents.push(SPECIALIST_RUNNERS[name](data, buildSpecialistOptions(name, input), context));
            runs.push({ name, status: 'succeeded', actorIds });
        } catch (error) {
            runs.push({
                name,
                status: 'failed',
                actorIds,
                reason: `The ${name} analysis failed unexpectedly: ${(error as Error).message}`.slice(0, 500),
            });
        }
    }
    return { documents, runs };
}
