// Options shared by every RegLab chart: theme colours on every text and grid line, no animation
// on large data, pre-parsed {x, y} points (parsing: false), nearest-point tooltips.
import type { ChartConfiguration, ChartDataset, ScaleOptionsByType } from 'chart.js';
import type { XY } from './decimate';
import { lineWidth, type ChartTheme } from './theme';

export type LineConfig = ChartConfiguration<'line', XY[]>;
export type LineDataset = ChartDataset<'line', XY[]>;

export interface AxisSpec {
  title: string;
  log?: boolean;
  min?: number;
  max?: number;
  position?: 'left' | 'right';
  /** Hide grid lines (for a second y axis). */
  noGrid?: boolean;
}

/** Log-axis tick labels: only 1, 2 and 5 × 10^k, written compactly (0.002, 5e-5, 20). */
export function logTickLabel(v: number): string {
  if (!(v > 0)) return '';
  const exact = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Math.round(exact);
  // Chart.js also puts ticks at 1.5 × 10^k: rounding alone would label them as if they were 2.
  if (Math.abs(exact - mantissa) > 1e-6 || (mantissa !== 1 && mantissa !== 2 && mantissa !== 5)) return '';
  if (v >= 1e-3 && v < 1e5) return String(Number(v.toPrecision(2)));
  return `${mantissa}e${Math.floor(Math.log10(v) + 1e-9)}`;
}

export function tooltipNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

export function axis(theme: ChartTheme, spec: AxisSpec): Partial<ScaleOptionsByType<'linear' | 'logarithmic'>> {
  const ticks: Record<string, unknown> = { color: theme.foreground, font: { family: theme.fontFamily, size: theme.fontSize - 1 }, maxTicksLimit: 8 };
  if (spec.log) {
    ticks.callback = (v: number | string) => logTickLabel(Number(v));
    ticks.autoSkip = false;
    delete ticks.maxTicksLimit;
  }
  return {
    type: spec.log ? 'logarithmic' : 'linear',
    position: spec.position,
    min: spec.min,
    max: spec.max,
    title: { display: true, text: spec.title, color: theme.muted, font: { family: theme.fontFamily, size: theme.fontSize } },
    ticks,
    grid: { color: theme.grid, display: !spec.noGrid, drawOnChartArea: !spec.noGrid },
    border: { color: theme.grid },
  } as unknown as Partial<ScaleOptionsByType<'linear' | 'logarithmic'>>;
}

export interface BaseSpec {
  title: string;
  subtitle?: string;
  x: AxisSpec;
  y: AxisSpec;
  y1?: AxisSpec;
}

export function lineConfig(theme: ChartTheme, spec: BaseSpec, datasets: LineDataset[]): LineConfig {
  const font = { family: theme.fontFamily, size: theme.fontSize };
  const scales: Record<string, unknown> = { x: axis(theme, spec.x), y: axis(theme, { position: 'left', ...spec.y }) };
  if (spec.y1) scales.y1 = axis(theme, { position: 'right', noGrid: true, ...spec.y1 });
  return {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      normalized: true,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: true,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      elements: { point: { radius: 0, hitRadius: 6, hoverRadius: 4 }, line: { borderWidth: lineWidth(theme), tension: 0 } },
      scales: scales as LineConfig['options'] extends infer O ? O extends { scales?: infer S } ? S : never : never,
      plugins: {
        title: { display: true, text: spec.title, color: theme.foreground, align: 'start', font: { ...font, size: theme.fontSize + 1, weight: 'bold' } },
        subtitle: { display: !!spec.subtitle, text: spec.subtitle ?? '', color: theme.muted, align: 'start', font, padding: { bottom: 6 } },
        legend: { labels: { color: theme.foreground, font, boxWidth: 28, boxHeight: 2, usePointStyle: false } },
        tooltip: {
          titleFont: font,
          bodyFont: font,
          // "epoch 12" / "value 0.31" and 4 significant digits instead of Chart.js's raw numbers.
          callbacks: {
            title: (items) => (items.length ? `${spec.x.title} ${tooltipNumber(items[0].parsed.x ?? NaN)}` : ''),
            label: (item) => `${item.dataset.label ?? ''}: ${tooltipNumber(item.parsed.y ?? NaN)}`,
          },
        },
      },
    },
  };
}

export function lineDataset(label: string, data: XY[], color: string, extra: Partial<LineDataset> = {}): LineDataset {
  return { label, data, borderColor: color, backgroundColor: color, pointRadius: 0, fill: false, ...extra };
}
