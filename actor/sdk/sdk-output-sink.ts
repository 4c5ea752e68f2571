/** Where the Actor writes OUTPUT, REPORT and the dataset rows on the platform: the run's default storages. */
import { Actor } from 'apify';
import type { OutputSink } from '../engine/outputs/output-sink.js';

export const sdkOutputSink: OutputSink = {
    // The SDK serialises objects as JSON itself and accepts a content type only for strings.
    setRecord: (key, value, contentType) =>
        typeof value === 'string' ? Actor.setValue(key, value, { contentType }) : Actor.setValue(key, value),
    pushRows: (rows) => Actor.pushData(rows),
};
