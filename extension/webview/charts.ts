/**
 * Weekly trend charts with Chart.js 4, registering only the parts used (tree-shaken: line and
 * bar charts, category/linear scales, tooltip) instead of `chart.js/auto`.
 *
 * Canvas cannot read CSS variables, so the colours are read from the computed style of the
 * page (VS Code sets `--vscode-*` on <html>) and re-read when the theme changes (VS Code
 * swaps the body class `vscode-light` / `vscode-dark` / `vscode-high-contrast`).
 */
import {
    BarController,
    BarElement,
    CategoryScale,
    Chart,
    LinearScale,
    LineController,
    LineElement,
    PointElement,
    Tooltip,
    type ChartConfiguration,
} from 'chart.js';
import { formatSeriesValue, type TrendSeries } from './view-models/chart-series.js';

Chart.register(
    LineController,
    LineElement,
    PointElement,
    BarController,
    BarElement,
    CategoryScale,
    LinearScale,
    Tooltip,
);

interface ThemeColors {
    foreground: string;
    grid: string;
    font: string;
    series: Record<TrendSeries['id'], string>;
}

function cssVariable(name: string, fallback: string): string {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
}

function readThemeColors(): ThemeColors {
    const foreground = cssVariable('--vscode-foreground', '#616161');
    return {
        foreground: cssVariable('--vscode-descriptionForeground', foreground),
        grid: cssVariable(
            '--vscode-editorWidget-border',
            cssVariable('--vscode-widget-border', 'rgba(128,128,128,0.35)'),
        ),
        font: cssVariable('--vscode-font-family', 'system-ui, sans-serif'),
        series: {
            score: cssVariable('--vscode-charts-blue', '#1a85ff'),
            failureRate: cssVariable('--vscode-charts-red', '#e51400'),
            cost: cssVariable('--vscode-charts-purple', '#652d90'),
        },
    };
}

function buildConfig(
    series: TrendSeries,
    colors: ThemeColors,
): ChartConfiguration<'line' | 'bar', (number | null)[], string> {
    const color = colors.series[series.id];
    const isBar = series.id === 'cost';
    return {
        type: isBar ? 'bar' : 'line',
        data: {
            labels: series.labels,
            datasets: [
                {
                    label: series.title,
                    data: series.values,
                    borderColor: color,
                    backgroundColor: color,
                    pointBackgroundColor: color,
                    pointRadius: 3,
                    borderWidth: 2,
                    tension: 0.25,
                    spanGaps: false,
                },
            ],
        },
        options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: {
                legend: { display: false },
                tooltip: {
                    callbacks: {
                        label: (item) => `${series.title}: ${formatSeriesValue(series.unit, Number(item.raw))}`,
                    },
                },
            },
            scales: {
                x: {
                    grid: { display: false },
                    ticks: { color: colors.foreground, font: { family: colors.font } },
                    border: { color: colors.grid },
                },
                y: {
                    beginAtZero: true,
                    ...(series.unit === 'points' || series.unit === 'percent'
                        ? { suggestedMax: series.unit === 'points' ? 100 : 10 }
                        : {}),
                    ...(series.unit === 'points' ? { max: 100 } : {}),
                    grid: { color: colors.grid },
                    border: { display: false },
                    ticks: {
                        color: colors.foreground,
                        font: { family: colors.font },
                        maxTicksLimit: 5,
                        callback: (value) =>
                            series.unit === 'points'
                                ? String(Math.round(Number(value)))
                                : formatSeriesValue(series.unit, Number(value)),
                    },
                },
            },
        },
    };
}

/** Owns the Chart instances of the trend view: created on demand, rebuilt on theme change. */
export class TrendCharts {
    private readonly charts = new Map<
        HTMLCanvasElement,
        { chart: Chart<'line' | 'bar', (number | null)[], string>; series: TrendSeries }
    >();
    private readonly themeObserver: MutationObserver;

    constructor() {
        this.themeObserver = new MutationObserver(() => this.rebuildAll());
        this.themeObserver.observe(document.body, {
            attributes: true,
            attributeFilter: ['class', 'data-vscode-theme-kind'],
        });
    }

    /** Binds each canvas (by `data-series`) to its series; canvases no longer in the page are released. */
    update(root: ParentNode, series: readonly TrendSeries[]): void {
        const colors = readThemeColors();
        const seen = new Set<HTMLCanvasElement>();
        for (const canvas of root.querySelectorAll<HTMLCanvasElement>('canvas[data-series]')) {
            const data = series.find((s) => s.id === canvas.dataset.series);
            if (!data) continue;
            seen.add(canvas);
            const existing = this.charts.get(canvas);
            if (
                existing &&
                existing.series.labels.join() === data.labels.join() &&
                existing.series.values.join() === data.values.join()
            )
                continue;
            existing?.chart.destroy();
            this.charts.set(canvas, { chart: new Chart(canvas, buildConfig(data, colors)), series: data });
        }
        for (const [canvas, { chart }] of this.charts) {
            if (!seen.has(canvas)) {
                chart.destroy();
                this.charts.delete(canvas);
            }
        }
    }

    private rebuildAll(): void {
        const colors = readThemeColors();
        for (const [canvas, entry] of this.charts) {
            entry.chart.destroy();
            this.charts.set(canvas, {
                chart: new Chart(canvas, buildConfig(entry.series, colors)),
                series: entry.series,
            });
        }
    }

    dispose(): void {
        this.themeObserver.disconnect();
        for (const { chart } of this.charts.values()) chart.destroy();
        this.charts.clear();
    }
}
