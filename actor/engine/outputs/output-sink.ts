/**
 * Where a finished analysis goes: `OUTPUT` (validated FleetReport), one dataset row per
 * Actor, and the `REPORT` HTML page. SDK-free interface; the Actor writes through the SDK
 * (its default storages, with the run's own token), the CLI and the extension through files.
 */
import { mkdir, writeFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FleetReport } from '../../../shared/contracts/fleet-report.js';
import { renderHtmlReport } from '../../../shared/report/render-html-report.js';
import { buildDatasetRows } from './dataset-rows.js';
import type { DatasetRow } from '../../../shared/contracts/dataset-row.js';

export const OUTPUT_KEY = 'OUTPUT';
export const REPORT_KEY = 'REPORT';
export const OUTPUT_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface OutputSink {
    setRecord(key: string, value: unknown, contentType: string): Promise<void>;
    pushRows(rows: DatasetRow[]): Promise<void>;
}

/** Where the outputs can be found afterwards: paths locally, API URLs on the platform. */
export interface OutputLocations {
    output: string;
    report: string;
    dataset: string;
}

export const METRIC_DEFINITIONS_URL =
    'https://github.com/apify-fleet-analytics/apify-fleet-analytics#metric-definitions';

/**
 * Writes the dataset rows, the REPORT and OUTPUT last, so a reader that sees OUTPUT can rely
 * on the rest being there.
 *
 * `report` must be validated against fleetReportSchema (buildFleetReport returns it so; a
 * report that breaks its own contract is a bug and fails there, before anything is written).
 * It is not parsed again here: on 2,000 Actors one parse of the ~6 MB report takes ~0.3 s.
 * OUTPUT is written as compact JSON text: the SDK would indent an object, which makes the
 * 2,000-Actor report 9.5 MB instead of 6 MB — over the key-value store's 9 MB record limit.
 */
export async function writeAnalysisOutputs(sink: OutputSink, report: FleetReport): Promise<FleetReport> {
    const rows = buildDatasetRows(report);
    if (rows.length > 0) await sink.pushRows(rows);
    await sink.setRecord(
        REPORT_KEY,
        renderHtmlReport(report, { definitionsUrl: METRIC_DEFINITIONS_URL }),
        'text/html; charset=utf-8',
    );
    await sink.setRecord(OUTPUT_KEY, JSON.stringify(report), OUTPUT_CONTENT_TYPE);
    return report;
}

/**
 * Local files in the Apify SDK's local layout (`<storageDir>/key_value_stores/default/OUTPUT.json`,
 * `REPORT.html`, `<storageDir>/datasets/default/000000001.json`…), so `apify run` users find
 * them where they expect. The default dataset is emptied first: one analysis, one set of rows.
 */
export async function createFileSystemOutputSink(
    storageDir: string,
): Promise<OutputSink & { locations: OutputLocations }> {
    const storeDir = join(storageDir, 'key_value_stores', 'default');
    const datasetDir = join(storageDir, 'datasets', 'default');
    await mkdir(storeDir, { recursive: true });
    await rm(datasetDir, { recursive: true, force: true });
    await mkdir(datasetDir, { recursive: true });
    return {
        locations: {
            output: join(storeDir, 'OUTPUT.json'),
            report: join(storeDir, 'REPORT.html'),
            dataset: datasetDir,
        },
        async setRecord(key, value, contentType) {
            const extension = contentType.startsWith('text/html')
                ? 'html'
                : contentType.startsWith('application/json')
                  ? 'json'
                  : 'txt';
            // JSON given as text (OUTPUT) is written as is; objects are indented for people.
            const body =
                extension === 'json' && typeof value !== 'string'
                    ? `${JSON.stringify(value, null, 2)}\n`
                    : String(value);
            await writeFile(join(storeDir, `${key}.${extension}`), body);
        },
        async pushRows(rows) {
            const existing = (await readdir(datasetDir)).filter((n) => /^\d{9}\.json$/.test(n)).length;
            await Promise.all(
                rows.map((row, i) =>
                    writeFile(
                        join(datasetDir, `${String(existing + i + 1).padStart(9, '0')}.json`),
                        `${JSON.stringify(row, null, 2)}\n`,
                    ),
                ),
            );
        },
    };
}
