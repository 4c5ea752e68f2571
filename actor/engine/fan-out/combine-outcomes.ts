/**
 * The specialist runs' outcomes as the merge needs them: per specialist (in the registry's
 * order) one combined document of its shards' documents, naming the shards that delivered
 * nothing; then each problem's raw record (the merge quarantines it) and its run info.
 */
import type { FleetData } from '../../../shared/contracts/fleet-data.js';
import { SPECIALISTS, type SpecialistName } from '../../../shared/contracts/signals.js';
import type { SpecialistRunInfo } from '../../../shared/analysis/merge-signals.js';
import { combineShardDocuments } from './combine-documents.js';
import type { RunOutcome } from './specialist-run.js';

type ProblemOutcome = Extract<RunOutcome, { kind: 'problem' }>;

function missingShardNote(outcome: ProblemOutcome, specialist: SpecialistName): string {
    return (
        `Shard ${outcome.planned.shardIndex + 1}/${outcome.planned.shardCount}` +
        `${outcome.runId ? ` (run ${outcome.runId})` : ''} ${outcome.summary}: its ${outcome.planned.shard.actors.length} Actors have no ${specialist} signals; see that run's own entry.`
    );
}

export function combineRunOutcomes(
    outcomes: readonly RunOutcome[],
    context: { generatedAt: string; window: FleetData['window'] },
): { documents: unknown[]; runs: SpecialistRunInfo[] } {
    const documents: unknown[] = [];
    const runs: SpecialistRunInfo[] = [];
    for (const specialist of SPECIALISTS as readonly SpecialistName[]) {
        const own = outcomes.filter((outcome) => outcome.planned.specialist === specialist);
        if (own.length === 0) continue;
        const parts = own.flatMap((outcome) => (outcome.kind === 'document' ? [outcome.document] : []));
        const problems = own.flatMap((outcome) => (outcome.kind === 'problem' ? [outcome] : []));
        if (parts.length > 0) {
            const soleRunId = own.length === 1 && own[0]!.kind === 'document' ? own[0]!.runId : null;
            documents.push(
                combineShardDocuments(
                    specialist,
                    parts,
                    { generatedAt: context.generatedAt, runId: soleRunId, window: context.window },
                    problems.map((outcome) => missingShardNote(outcome, specialist)),
                ),
            );
        }
        for (const outcome of problems) {
            if (outcome.raw !== undefined) documents.push(outcome.raw);
            runs.push(outcome.info);
        }
    }
    return { documents, runs };
}
