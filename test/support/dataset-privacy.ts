/**
 * The privacy promise: the analysis reads dataset METADATA and statistics of the fleet's runs,
 * never their items. Item reads are allowed only for datasets created during the test session
 * (the analysis' own default dataset, read back by a test).
 */
import type { RunningEmulator } from '../emulator/index.js';

export interface ForeignItemRead {
    path: string;
    datasetId: string | undefined;
    tokenId: string | null;
}

/** Item reads in the emulator's access log of datasets nobody created during this session. */
export function findForeignDatasetItemReads(emulator: RunningEmulator): {
    itemReads: number;
    foreign: ForeignItemRead[];
} {
    const created = emulator.state.createdDuringSession.datasets;
    const itemReads = emulator.accessLog.query((entry) => entry.endpointId === 'dataset-items-get');
    const foreign = itemReads
        .filter((entry) => entry.resourceIds.datasetId === undefined || !created.has(entry.resourceIds.datasetId))
        .map((entry) => ({ path: entry.path, datasetId: entry.resourceIds.datasetId, tokenId: entry.tokenId }));
    return { itemReads: itemReads.length, foreign };
}
