/**
 * Acknowledging a signal writes `ACKS` into the trend store on Apify (read-modify-write of one
 * record), so the next analysis, on Apify or local, respects it. Without "Key-value stores:
 * Write" (or when the store cannot be opened) the acknowledgement is kept on this machine and
 * the user is told; local analyses still respect it.
 */
import type { ApifyClient } from 'apify-client';
import { openNamedTrendStore } from '../../actor/engine/trend-store/apify-client-trend-store.js';
import {
    ACKS_RECORD_KEY,
    addAcknowledgement,
    parseAcksRecord,
    type AcksRecord,
} from '../../shared/analysis/acknowledgements.js';
import type { Acknowledgement } from '../../shared/contracts/fleet-report.js';
import { isPermissionError } from '../shared/api-errors.js';

export type AcknowledgeOutcome =
    { where: 'apify'; storeName: string; replacedInvalid: boolean } | { where: 'local'; reason: string };

export async function writeAcknowledgementToApify(
    client: ApifyClient,
    storeName: string,
    fingerprint: string,
    ack: Acknowledgement,
): Promise<AcknowledgeOutcome> {
    let store;
    try {
        store = await openNamedTrendStore(client, storeName);
    } catch (error) {
        return {
            where: 'local',
            reason: `the trend store "${storeName}" could not be opened (${(error as Error).message.split('\n')[0]})`,
        };
    }
    if (!store) return { where: 'local', reason: `the token may not open or create the trend store "${storeName}"` };
    try {
        const { record, replacedInvalid } = addAcknowledgement(await store.getJson(ACKS_RECORD_KEY), fingerprint, ack);
        await store.setJson(ACKS_RECORD_KEY, record);
        return { where: 'apify', storeName, replacedInvalid };
    } catch (error) {
        if (isPermissionError(error)) return { where: 'local', reason: 'the token lacks "Key-value stores: Write"' };
        throw error;
    }
}

/** ACKS from the trend store on Apify, or null when it cannot be read. */
export async function readAcksFromApify(client: ApifyClient, storeName: string): Promise<AcksRecord | null> {
    try {
        // getOrCreate returns an existing store for read-only tokens; it creates only for tokens allowed to.
        const store = await openNamedTrendStore(client, storeName);
        if (!store) return null;
        return parseAcksRecord(await store.getJson(ACKS_RECORD_KEY)).acks;
    } catch {
        return null;
    }
}
