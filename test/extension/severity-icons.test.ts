/**
 * One severity list, one icon per severity: the tree (extension/models/fleet-view-model.ts) and
 * the dashboard (extension/webview/view-models/grade.ts) show the same codicon for each
 * severity, and both order signals by the rank SEVERITIES gives.
 */
import { describe, expect, it } from 'vitest';
import { buildFleetTreeModel } from '../../extension/models/fleet-view-model.js';
import { getSeverityIcon } from '../../extension/webview/view-models/grade.js';
import { getSeverityRank, SEVERITIES } from '../../shared/contracts/signals.js';
import { buildFleetReportFixture } from '../webview/fleet-report-builder.js';

describe('severity icons', () => {
    it('the tree and the dashboard show the same icon for every severity', () => {
        const base = buildFleetReportFixture({ actorCount: 3, seed: 1 });
        const actor = base.actors[0]!;
        const template = base.signals[0]!;
        const signals = SEVERITIES.map((severity, i) => ({
            ...template,
            actorId: actor.id,
            fingerprint: `fingerprint-${severity}`,
            title: `a ${severity} signal ${i}`,
            severity,
            acknowledged: false,
        }));
        const [node] = buildFleetTreeModel({ ...base, actors: [actor], signals });
        expect(node!.signals.map((s) => s.icon)).toEqual(SEVERITIES.map(getSeverityIcon));
        expect(getSeverityIcon('high')).toBe('error');
    });

    it('ranks severities in the order of SEVERITIES, worst first', () => {
        expect(SEVERITIES.map(getSeverityRank)).toEqual([0, 1, 2, 3, 4]);
    });
});
