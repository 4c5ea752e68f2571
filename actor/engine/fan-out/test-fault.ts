/**
 * A test hook for the fan-out tests, read from the environment only (never from the input, so
 * it is not part of the published input schema and a user of the Actor cannot set it):
 *
 *   FLEET_ANALYTICS_TEST_FAULT="garbage:quality-monitor:2,stall:cost-watchdog:1"
 *
 * `<fault>:<specialist>:<shard number, 1-based>`; the specialist run whose role matches:
 * - `garbage` writes a SIGNALS record that is not a valid SIGNALS v1 document (no run id,
 *   wrong types), as a buggy or hostile specialist would;
 * - `stall` waits (up to 10 minutes) before writing anything, so a test can abort it mid-way.
 * On the platform, environment variables are set only by the Actor's owner; the hook changes
 * nothing unless this variable exists.
 */
import type { SpecialistRole } from '../../../shared/contracts/actor-input.js';

export const TEST_FAULT_ENV_NAME = 'FLEET_ANALYTICS_TEST_FAULT';
export const TEST_FAULTS = ['garbage', 'stall'] as const;
export type TestFault = (typeof TEST_FAULTS)[number];

const STALL_MILLIS = 10 * 60 * 1000;

export function readTestFault(env: NodeJS.ProcessEnv, role: SpecialistRole): TestFault | null {
    const raw = env[TEST_FAULT_ENV_NAME];
    if (!raw) return null;
    for (const entry of raw.split(',')) {
        const [fault, specialist, shardNumber] = entry.trim().split(':');
        if (
            specialist === role.specialist &&
            Number(shardNumber) === role.shardIndex + 1 &&
            (TEST_FAULTS as readonly string[]).includes(fault ?? '')
        ) {
            return fault as TestFault;
        }
    }
    return null;
}

/** What the faulty run writes; `stall` never returns in time (the test aborts the run). */
export async function buildTestFaultDocument(
    fault: TestFault,
    role: SpecialistRole,
    _runId: string | null,
): Promise<unknown> {
    if (fault === 'stall')
        await new Promise((resolve) => {
            setTimeout(resolve, STALL_MILLIS);
        });
    return {
        schemaVersion: 1,
        specialist: role.specialist,
        generatedAt: 'yesterday',
        status: 'fine',
        signals: [{ fingerprint: 'DROP TABLE', severity: 'apocalyptic' }],
    };
}
