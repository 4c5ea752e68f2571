/**
 * The FLEET-SHARD-<n> records: each shard's FleetData in the orchestrator's own store, where its
 * specialist runs read it. A shard that does not fit a record, or cannot be stored, is collected
 * by its specialist runs themselves (more requests, see README).
 */
import type { FleetData } from '../../../shared/contracts/fleet-data.js';
import { errorMessage, type FanOutLog, type FanOutPlatform } from './fan-out-platform.js';
import { buildShardFleetData, type FleetShard } from './shard-plan.js';

/** Key-value store records are limited to 9 MB on the platform; a shard above this size is not stored. */
export const MAX_SHARD_RECORD_BYTES = 8 * 1024 * 1024;

export interface ShardRecords {
    records: Map<FleetShard, { storeId: string; key: string }>;
    /** Keys of the shards whose runs collect them themselves. */
    selfCollected: string[];
}

export async function writeShardRecords(
    fleetData: FleetData,
    shards: readonly FleetShard[],
    platform: FanOutPlatform,
    log: FanOutLog,
): Promise<ShardRecords> {
    const records = new Map<FleetShard, { storeId: string; key: string }>();
    const selfCollected: string[] = [];
    for (const shard of shards) {
        const data = buildShardFleetData(fleetData, shard);
        const sizeBytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
        if (sizeBytes > MAX_SHARD_RECORD_BYTES) {
            log.warning(
                `${shard.key} is ${(sizeBytes / 1024 / 1024).toFixed(1)} MB, above the ${MAX_SHARD_RECORD_BYTES / 1024 / 1024} MB record limit: ` +
                    'its specialist runs collect the shard themselves (more API requests). A smaller "shardSize" avoids this.',
            );
            selfCollected.push(shard.key);
            continue;
        }
        try {
            await platform.setOwnRecord(shard.key, data);
            records.set(shard, { storeId: platform.ownStoreId, key: shard.key });
        } catch (error) {
            log.warning(
                `${shard.key} could not be stored (${errorMessage(error)}): its specialist runs collect the shard themselves.`,
            );
            selfCollected.push(shard.key);
        }
    }
    return { records, selfCollected };
}
