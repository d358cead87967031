// Colours and fonts for the charts, resolved by the caller from VS Code's CSS variables
// (--vscode-charts-*, --vscode-foreground, ...) so light, dark and high-contrast themes all read
// well. The report defines the same variables itself (light and dark via prefers-color-scheme).

export interface ChartTheme {
  /** Text: titles, legends, tick labels. */
  foreground: string;
  /** Secondary text (axis titles, subtitles). */
  muted: string;
  /** Grid lines and axis borders. */
  grid: string;
  /** Chart background (used for point outlines so markers stand off lines). */
  background: string;
  /** Series colours in order; overlays cycle through them (and through dash patterns). */
  series: string[];
  /** Marks the chosen λ. */
  accent: string;
  /** Failed / diverged trials. */
  danger: string;
  fontFamily: string;
  fontSize: number;
  /** High-contrast themes get thicker lines. */
  highContrast: boolean;
}

/** The VS Code variables the theme reads, in the order of `series`. */
export const SERIES_VARIABLES = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
] as const;

/** VS Code's own default chart colours (dark theme), used when a variable is missing. */
const FALLBACK_SERIES = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

/**
 * Builds a theme from CSS variables. `get(name)` returns the variable's value (e.g.
 * getComputedStyle(document.body).getPropertyValue(name)) or '' when it is not set.
 */
export function themeFromCssVariables(get: (name: string) => string, highContrast = false): ChartTheme {
  const v = (name: string, fallback: string) => get(name).trim() || fallback;
  const series = SERIES_VARIABLES.map((name, i) => v(name, FALLBACK_SERIES[i]));
  const foreground = v('--vscode-foreground', '#cccccc');
  const size = Number.parseFloat(v('--vscode-font-size', '13'));
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid: v('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    background: v('--vscode-editor-background', '#1e1e1e'),
    series,
    accent: v('--vscode-charts-red', FALLBACK_SERIES[4]),
    danger: v('--vscode-errorForeground', '#f14c4c'),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.isFinite(size) && size > 0 ? size : 13,
    highContrast,
  };
}

/** Series colour i, cycling through the palette. */
export function seriesColor(theme: ChartTheme, i: number): string {
  return theme.series[((i % theme.series.length) + theme.series.length) % theme.series.length];
}

/** Dash patterns used once the palette has been cycled through (overlays of many runs). */
const DASHES: number[][] = [[], [6, 3], [2, 2], [10, 3, 2, 3]];
export function cycleDash(theme: ChartTheme, i: number): number[] {
  return DASHES[Math.floor(i / theme.series.length) % DASHES.length];
}

/** A colour with an alpha channel, for faded points; works for #rgb, #rrggbb and rgb(...). */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (hex) {
    const h = hex[1].length === 3 ? hex[1].split('').map((x) => x + x).join('') : hex[1];
    const [r, g, b] = [0, 2, 4].map((k) => Number.parseInt(h.slice(k, k + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return c;
}

export function lineWidth(theme: ChartTheme, base = 1.5): number {
  return theme.highContrast ? base + 1 : base;
}
