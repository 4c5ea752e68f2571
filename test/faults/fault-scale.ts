/**
 * One knob for the size of the fault, fuzz and security suite:
 * `FLEET_FAULTS_SCALE=full` (what `npm run test:faults` sets) or the reduced default that
 * `npm test` runs, sized to stay within about a minute on two cores.
 */
export type FaultsScale = 'reduced' | 'full';

export const FAULTS_SCALE: FaultsScale = process.env.FLEET_FAULTS_SCALE === 'full' ? 'full' : 'reduced';
export const isFullScale = FAULTS_SCALE === 'full';

export const SCALE = {
    /** fast-check cases per fuzzed boundary. */
    fuzzCases: isFullScale ? 10_000 : 1_000,
    /** Collection fuzz cases (each one a whole analysis over a replayed API). */
    responseFuzzCases: isFullScale ? 10_000 : 1_000,
    /** Fault seeds per fault kind of the in-process matrix. */
    faultSeeds: isFullScale ? 4 : 1,
    /** Where a migration is sent on the platform (each costs one Actor run). */
    migrationPoints: isFullScale ? (['early', 'collecting', 'near-end'] as const) : (['near-end'] as const),
    abortPoints: isFullScale ? (['early', 'collecting', 'near-end'] as const) : (['collecting'] as const),
    /** Concurrent analyses on one trend store (five covers two; both at full scale). */
    concurrency: isFullScale ? ([2, 5] as const) : ([5] as const),
    /** ACKS read-modify-writes during the concurrent analyses. */
    ackWrites: isFullScale ? 40 : 10,
} as const;
