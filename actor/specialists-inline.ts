/**
 * Runs the selected specialists inside this process (`executionMode: "inline"`), each one
 * isolated: an exception in one specialist becomes a "failed" status for it (the report says
 * which, and which Actors lack its signals), never a crashed analysis.
 *
 * The input → options mapping is the only Actor-specific part; the analyses are the pure
 * functions in shared/specialists.
 */
import type { ActorInput } from '../shared/contracts/actor-input.js';
import type { FleetData } from '../shared/contracts/fleet-data.js';
import type { SignalsDocument, SpecialistName } from '../shared/contracts/signals.js';
import type { SpecialistRunInfo } from '../shared/analysis/merge-signals.js';
import type { SpecialistContext } from '../shared/specialists/specialist-document.js';
import { runAbTester } from '../shared/specialists/ab-tester.js';
import { runComplianceScanner } from '../shared/specialists/compliance-scanner.js';
import { runCostWatchdog } from '../shared/specialists/cost-watchdog.js';
import { runQualityMonitor } from '../shared/specialists/quality-monitor.js';
import { runReleaseGate } from '../shared/specialists/release-gate.js';
import { runSchemaValidator } from '../shared/specialists/schema-validator.js';

type InlineRunner = (data: FleetData, input: ActorInput, context: SpecialistContext) => SignalsDocument;

/** One entry per specialist; the input's thresholds reach the specialists that use them. */
const INLINE_RUNNERS: Record<SpecialistName, InlineRunner> = {
    'schema-validator': (data, _input, context) => runSchemaValidator(data, {}, context),
    'release-gate': (data, input, context) => runReleaseGate(data, { haltSignificance: input.regressionSignificanceLevel } as never, context),
    'compliance-scanner': (data, _input, context) => runComplianceScanner(data, {} as never, context),
    'cost-watchdog': (data, input, context) => runCostWatchdog(data, { spikeMinRatio: input.costSpikeFactor } as never, context),
    'ab-tester': (data, input, context) => runAbTester(data, { pairs: input.abPairs } as never, context),
    'quality-monitor': (data, _input, context) => runQualityMonitor(data, {} as never, context),
};

export interface InlineSpecialistsResult {
    documents: SignalsDocument[];
    runs: SpecialistRunInfo[];
}

export function runSpecialistsInline(data: FleetData, input: ActorInput, context: SpecialistContext): InlineSpecialistsResult {
    const documents: SignalsDocument[] = [];
    const runs: SpecialistRunInfo[] = [];
    const actorIds = data.actors.map((a) => a.actor.id);
    for (const name of input.specialists) {
        try {
            documents.push(INLINE_RUNNERS[name](data, input, context));
            runs.push({ name, status: 'succeeded', actorIds });
        } catch (error) {
            runs.push({ name, status: 'failed', actorIds, reason: `The ${name} analysis failed unexpectedly: ${(error as Error).message}`.slice(0, 500) });
        }
    }
    return { documents, runs };
}
