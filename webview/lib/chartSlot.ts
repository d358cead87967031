// Owns one Chart.js chart in a container: creates it, updates it in place when the data changes
// (no re-creation, no animation: live epochs and 50-run overlays stay smooth), and exports it.
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { overlaysPlugin, themeFromCssVariables, type ChartTheme } from '../../src/core/charts';
import { h } from './dom';

Chart.register(...registerables, overlaysPlugin);

/** Chart theme from the CSS variables VS Code (or the report's stylesheet) defines on <body>. */
export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const hc = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return themeFromCssVariables((name) => style.getPropertyValue(name), hc);
}

/** Calls `fn` when the colour theme changes (VS Code swaps body classes; the report follows prefers-color-scheme). */
export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', fn);
}

/** Everything of a config but its points (functions are left out by JSON: they follow the options). */
function signatureOf(config: ChartConfiguration<any, any, any>): string {
  return JSON.stringify([config.type, config.options, config.data.datasets.map((d: Record<string, unknown>) => ({ ...d, data: undefined }))]);
}

type Titled = { display?: boolean; text?: string | string[] };

function plainText(t: Titled | undefined): string {
  const text = t && t.display !== false ? t.text : undefined;
  return Array.isArray(text) ? text.join(' ') : text ?? '';
}

export class ChartSlot {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private head?: { title: HTMLElement; subtitle: HTMLElement };
  chart?: Chart;

  constructor(className = 'chart', label = 'chart') {
    this.canvas = h('canvas', { role: 'img', 'aria-label': label });
    this.element = h('div', { class: `chart-box ${className}` }, this.canvas);
  }

  /**
   * Shows the chart's title and subtitle as HTML above the canvas instead of in it: the
   * stylesheet ellipsizes them in a narrow panel (a long sweep name no longer crowds the plot)
   * and the full text is the element's tooltip. PNG exports still draw them into the image.
   */
  titlesInHeader(): this {
    if (this.head) return this;
    this.head = { title: h('div', { class: 'chart-title' }), subtitle: h('div', { class: 'chart-subtitle' }) };
    const area = h('div', { class: 'chart-canvas' });
    this.canvas.replaceWith(area);
    area.append(this.canvas);
    this.element.classList.add('with-head');
    this.element.prepend(h('div', { class: 'chart-head' }, this.head.title, this.head.subtitle));
    return this;
  }

  /** Moves the title and subtitle of `config` into the header; the canvas draws neither. */
  private takeTitles(config: ChartConfiguration<any, any, any>): ChartConfiguration<any, any, any> {
    const plugins = config.options?.plugins as { title?: Titled; subtitle?: Titled } | undefined;
    if (!this.head || !plugins) return config;
    for (const [el, t] of [[this.head.title, plugins.title], [this.head.subtitle, plugins.subtitle]] as const) {
      const text = plainText(t);
      el.textContent = text;
      el.title = text;
      el.hidden = !text;
    }
    return { ...config, options: { ...config.options, plugins: { ...plugins, title: { ...plugins.title, display: false }, subtitle: { ...plugins.subtitle, display: false } } } };
  }

  private signature = '';

  /**
   * Shows `config`. When only the data changed (a live epoch), the datasets' point arrays are
   * swapped in place and Chart.js skips re-resolving every option: several times faster with
   * dozens of series. A change of options, styles or series rebuilds the configuration.
   */
  set(config: ChartConfiguration<any, any, any>): Chart {
    config = this.takeTitles(config);
    const sig = signatureOf(config);
    if (this.chart && sig === this.signature) {
      config.data.datasets.forEach((d: { data: unknown }, i: number) => { this.chart!.data.datasets[i].data = d.data as never; });
      this.chart.update('none');
    } else if (this.chart && (this.chart.config as { type?: string }).type === config.type) {
      this.chart.data = config.data;
      this.chart.options = config.options ?? {};
      this.chart.update('none');
    } else {
      this.chart?.destroy();
      this.chart = new Chart(this.canvas, config);
    }
    this.signature = sig;
    return this.chart;
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }

  /** PNG of the chart on an opaque background (a transparent PNG is unreadable in the other theme). */
  toPng(background: string): string {
    const plugins = this.chart?.options.plugins as { title?: Titled; subtitle?: Titled } | undefined;
    if (this.head && this.chart && plugins?.title) {
      // The image keeps its title: draw the header's texts into the canvas for the copy only.
      plugins.title.display = !this.head.title.hidden;
      if (plugins.subtitle) plugins.subtitle.display = !this.head.subtitle.hidden;
      this.chart.update('none');
      try {
        return this.copy(background);
      } finally {
        plugins.title.display = false;
        if (plugins.subtitle) plugins.subtitle.display = false;
        this.chart.update('none');
      }
    }
    return this.copy(background);
  }

  private copy(background: string): string {
    const src = this.canvas;
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = src.height;
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    return out.toDataURL('image/png');
  }
}
