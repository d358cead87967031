// Reads what a <canvas> in a webview actually shows. Axes, grid lines and labels are drawn in
// greys; data series in the theme's chart colours. A curve with data therefore shows up as
// chromatic pixels spread over many columns, while legend swatches cover only a few.
import type { FrameLocator } from 'playwright-core';

export interface CanvasInk {
  width: number;
  height: number;
  /** Pixels that differ from the most common colour (the background). */
  nonBackground: number;
  /** Chromatic pixels (max - min channel > 60): series, not axes or text. */
  chromatic: number;
  /** Columns (x) with at least one chromatic pixel: how far across the plot the series run. */
  chromaticColumns: number;
}

/** The part of a canvas element used here (the project compiles without the DOM library). */
interface Canvas2D {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Ink statistics of every canvas matching `selector` in the frame, in document order. */
export async function canvasInk(frame: FrameLocator, selector = 'canvas'): Promise<CanvasInk[]> {
  return frame.locator(selector).evaluateAll((els) =>
    (els as unknown as Canvas2D[]).map((c) => {
      const ctx = c.getContext('2d');
      const empty = { width: c.width, height: c.height, nonBackground: 0, chromatic: 0, chromaticColumns: 0 };
      if (!ctx || !c.width || !c.height) return empty;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      let bg = 0;
      let bgCount = -1;
      for (const [k, n] of counts) if (n > bgCount) { bg = k; bgCount = n; }
      const columns = new Set<number>();
      let nonBackground = 0;
      let chromatic = 0;
      for (let i = 0, p = 0; i < data.length; i += 4, p++) {
        const key = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
        if (key === bg || data[i + 3] < 40) continue;
        nonBackground++;
        const hi = Math.max(data[i], data[i + 1], data[i + 2]);
        const lo = Math.min(data[i], data[i + 1], data[i + 2]);
        if (hi - lo > 60) { chromatic++; columns.add(p % c.width); }
      }
      return { width: c.width, height: c.height, nonBackground, chromatic, chromaticColumns: columns.size };
    }),
  );
}
