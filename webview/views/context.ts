// What every view of the panel gets from the app, and what a view is.
import type { ChartTheme } from '../../src/core/charts';
import type { PanelView } from '../../src/core/panel/protocol';
import type { ChartSlot } from '../lib/chartSlot';
import type { Store } from '../store';
import type { Host, PersistedState } from '../vscodeApi';

export interface ViewContext {
  store: Store;
  ui: PersistedState;
  theme: ChartTheme;
  host: Host;
  /** Shows a run (asks the host for its data when it is not loaded). */
  focusRun(id: string, view?: PanelView): void;
  /** Wraps a chart with its PNG export button. */
  chartBox(slot: ChartSlot, exportName: string): HTMLElement;
  /** Persists `ui` (getState/setState) and redraws. */
  changed(): void;
  notify(level: 'info' | 'warning' | 'error', message: string): void;
}

export interface View {
  /** The view's DOM is rebuilt only when this key changes; otherwise `update` refreshes it in place. */
  key(ctx: ViewContext): string;
  mount(ctx: ViewContext, el: HTMLElement): void;
  update(ctx: ViewContext): void;
  destroy(): void;
  /** The data behind the view, for "Export CSV". */
  csv?(ctx: ViewContext): { csv: string; name: string } | undefined;
}

export function emptyState(title: string, hint: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'empty';
  const h = document.createElement('p');
  h.className = 'empty-title';
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = hint;
  el.append(h, p);
  return el;
}

/** File-name-safe stem from a run or sweep name. */
export function fileStem(name: string): string {
  return name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'reglab';
}
