/**
 * What legitimately differs between two analyses of the same fleet at the same analysis
 * time: when the report was generated, how many requests it took (retries, cache hits,
 * resumed units), and the trend store it used. Everything else — metrics, signals, score,
 * plan — must be identical, whatever happened on the way.
 */
import type { FleetReport } from '../../shared/contracts/fleet-report.js';

export interface ComparableOptions {
    /**
     * 'name' (default): ignore only the store's name (two runs on two stores of the same kind);
     * 'all': ignore the whole trend-store info (a local analysis vs a platform run).
     */
    ignoreTrendStore?: 'name' | 'all';
}

export function comparableReport(report: FleetReport, options: ComparableOptions = {}) {
    const { collection, generatedAt: _generatedAt, ...rest } = report;
    const trendStore = options.ignoreTrendStore === 'all' ? null : { ...collection.trendStore, name: '' };
    return {
        ...rest,
        collection: { ...collection, apiRequests: 0, requestsByKind: {}, reusedDays: 0, fetchedDays: 0, trendStore },
    };
}
