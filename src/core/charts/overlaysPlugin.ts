// A small Chart.js plugin for what the built-in charts lack: vertical ±SE error bars on points
// that carry `lo`/`hi`, vertical and horizontal reference lines with a label (the chosen λ, the
// one-standard-error threshold), and a break mark on the x axis (λ = 0 on a log axis).
// It only draws on the canvas it is given; no DOM access.
import type { Chart, Plugin } from 'chart.js';

export interface RefLine {
  /** Data value on the x (vertical line) or y (horizontal line) axis. */
  value: number;
  color: string;
  label?: string;
  dash?: number[];
}

export interface OverlayOptions {
  /** Draw error bars for points with numeric `lo` and `hi` (on visible datasets). */
  errorBars?: boolean;
  vlines?: RefLine[];
  hlines?: RefLine[];
  /** x value where the axis is broken (drawn as two short slashes on the x axis). */
  xBreak?: { value: number; color: string };
  font?: string;
  /** Fill behind labels so they stay readable where they cross a series. */
  labelBackground?: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    reglabOverlays?: OverlayOptions;
  }
}

type ErrorPoint = { lo?: unknown; hi?: unknown };

function drawErrorBars(chart: Chart) {
  const { ctx } = chart;
  const yScale = chart.scales.y;
  chart.data.datasets.forEach((ds, di) => {
    if (!chart.isDatasetVisible(di)) return;
    const meta = chart.getDatasetMeta(di);
    const color = (ds.borderColor as string) ?? '#888';
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = Math.max(1, Number(ds.borderWidth ?? 1.5));
    meta.data.forEach((el, i) => {
      const raw = ds.data[i] as ErrorPoint | null;
      if (!raw || typeof raw.lo !== 'number' || typeof raw.hi !== 'number') return;
      if (!Number.isFinite(raw.lo) || !Number.isFinite(raw.hi)) return;
      const x = el.x;
      const y0 = yScale.getPixelForValue(raw.lo);
      const y1 = yScale.getPixelForValue(raw.hi);
      const cap = 4;
      ctx.beginPath();
      ctx.moveTo(x, y0);
      ctx.lineTo(x, y1);
      ctx.moveTo(x - cap, y0);
      ctx.lineTo(x + cap, y0);
      ctx.moveTo(x - cap, y1);
      ctx.lineTo(x + cap, y1);
      ctx.stroke();
    });
    ctx.restore();
  });
}

function drawLines(chart: Chart, lines: RefLine[], vertical: boolean, font: string, labelBackground?: string) {
  const { ctx, chartArea: a } = chart;
  const scale = vertical ? chart.scales.x : chart.scales.y;
  const lineHeight = (Number.parseFloat(font) || 12) + 4;
  // Label boxes already drawn, per row: a label goes to the first row where it overlaps none.
  const rows: Array<Array<[number, number]>> = [];
  const row = (x0: number, x1: number) => {
    let r = 0;
    while (rows[r]?.some(([a, b]) => x0 < b + 6 && x1 > a - 6)) r++;
    (rows[r] ??= []).push([x0, x1]);
    return r;
  };
  const placedY: number[] = [];
  for (const line of lines) {
    const p = scale.getPixelForValue(line.value);
    if (!Number.isFinite(p)) continue;
    if (vertical ? p < a.left - 0.5 || p > a.right + 0.5 : p < a.top - 0.5 || p > a.bottom + 0.5) continue;
    ctx.save();
    ctx.strokeStyle = line.color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(line.dash ?? [5, 4]);
    ctx.beginPath();
    if (vertical) { ctx.moveTo(p, a.top); ctx.lineTo(p, a.bottom); } else { ctx.moveTo(a.left, p); ctx.lineTo(a.right, p); }
    ctx.stroke();
    if (line.label) {
      ctx.setLineDash([]);
      ctx.fillStyle = line.color;
      ctx.font = font;
      ctx.textBaseline = vertical ? 'top' : 'bottom';
      if (vertical) {
        const w = ctx.measureText(line.label).width;
        const right = p + 4 + w <= a.right;
        const x0 = right ? p + 4 : p - 4 - w;
        const slot = row(x0, x0 + w);
        ctx.textAlign = 'left';
        label(ctx, line.label, x0, a.top + 2 + slot * lineHeight, lineHeight, line.color, labelBackground);
      } else {
        // Horizontal labels stack upwards when two lines lie closer than a line of text.
        const slot = placedY.filter((q) => Math.abs(q - p) < lineHeight).length;
        placedY.push(p);
        // At the left end unless that would cover data (small λ can sit right on the line),
        // then at the right end if that is clear.
        ctx.textAlign = 'left';
        ctx.textBaseline = 'top';
        const w = ctx.measureText(line.label).width;
        const y = p - lineHeight - slot * lineHeight;
        const left = a.left + 4;
        const right = a.right - 4 - w;
        const x = coversData(chart, left, y, w, lineHeight) && !coversData(chart, right, y, w, lineHeight) ? right : left;
        label(ctx, line.label, x, y, lineHeight, line.color, labelBackground);
      }
    }
    ctx.restore();
  }
}

/** Whether a label box (x, y, w, h in pixels) would hide a drawn point or error bar. */
export function coversData(chart: Pick<Chart, 'data' | 'scales'>, x: number, y: number, w: number, h: number): boolean {
  const xs = chart.scales.x;
  const ys = chart.scales.y;
  if (!xs || !ys) return false;
  const pad = 5;
  for (const ds of chart.data.datasets) {
    for (const raw of ds.data as unknown[]) {
      const pt = raw as { x?: number; y?: number; lo?: number; hi?: number } | null;
      if (!pt || typeof pt.x !== 'number' || typeof pt.y !== 'number') continue;
      const px = xs.getPixelForValue(pt.x);
      if (px < x - pad || px > x + w + pad) continue;
      const ends = [pt.y, pt.lo, pt.hi].filter((v): v is number => typeof v === 'number').map((v) => ys.getPixelForValue(v));
      if (Math.max(...ends) >= y - pad && Math.min(...ends) <= y + h + pad) return true;
    }
  }
  return false;
}

function label(ctx: Chart['ctx'], text: string, x: number, y: number, h: number, color: string, background?: string) {
  if (background) {
    ctx.fillStyle = background;
    ctx.globalAlpha = 0.85;
    ctx.fillRect(x - 2, y - 1, ctx.measureText(text).width + 4, h - 2);
    ctx.globalAlpha = 1;
  }
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

function drawBreak(chart: Chart, brk: NonNullable<OverlayOptions['xBreak']>) {
  const { ctx, chartArea: a } = chart;
  const x = chart.scales.x.getPixelForValue(brk.value);
  if (!Number.isFinite(x)) return;
  ctx.save();
  ctx.strokeStyle = brk.color;
  ctx.lineWidth = 1.5;
  for (const dx of [-3, 3]) {
    ctx.beginPath();
    ctx.moveTo(x + dx - 3, a.bottom + 5);
    ctx.lineTo(x + dx + 3, a.bottom - 5);
    ctx.stroke();
  }
  ctx.restore();
}

export const overlaysPlugin: Plugin = {
  id: 'reglabOverlays',
  afterDatasetsDraw(chart, _args, options: OverlayOptions) {
    const font = options.font ?? '12px sans-serif';
    if (options.errorBars) drawErrorBars(chart);
    if (options.hlines?.length) drawLines(chart, options.hlines, false, font, options.labelBackground);
    if (options.vlines?.length) drawLines(chart, options.vlines, true, font, options.labelBackground);
    if (options.xBreak) drawBreak(chart, options.xBreak);
  },
};
