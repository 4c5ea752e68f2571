import { describe, expect, it } from 'vitest';
import { buildDatasetRows } from '../../../../actor/engine/outputs/dataset-rows.js';
import { datasetRowSchema } from '../../../../shared/contracts/dataset-row.js';
import { buildSampleReport } from '../../../../shared/testing/sample-report.js';

describe('dataset rows', () => {
    it('one valid row per Actor, with its top issue from the plan', () => {
        const report = buildSampleReport();
        const rows = buildDatasetRows(report);
        expect(rows).toHaveLength(2);
        for (const row of rows) datasetRowSchema.parse(row);
        const failing = rows.find((r) => r.actorId === 'failingActor01')!;
        expect(failing.actNowCount).toBeGreaterThan(0);
        expect(failing.topIssue).toBe(report.actionPlan.find((c) => c.actorId === 'failingActor01')!.title);
        expect(failing.runsFailed).toBe(report.actors.find((a) => a.id === 'failingActor01')!.runs.failed);
    });
});
