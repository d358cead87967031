// The runs list (from .reglab/runs/, survives reloads: the host re-sends it) and the progress strip.
import type { RunListEntry } from '../../src/core/panel/protocol';
import { formatValue } from '../../src/core/charts';
import { fmtDuration, fmtNum, h } from '../lib/dom';
import { statusBadge } from '../lib/tables';
import type { ViewContext } from './context';

function runRow(ctx: ViewContext, r: RunListEntry, nested = false): HTMLElement {
  const ticked = ctx.ui.overlayIds.includes(r.id);
  const box = h('input', { type: 'checkbox', checked: ticked, 'aria-label': `overlay ${r.name}`, title: 'Compare in the overlay' });
  box.addEventListener('change', () => {
    ctx.ui.overlayIds = box.checked ? [...ctx.ui.overlayIds, r.id] : ctx.ui.overlayIds.filter((x) => x !== r.id);
    if (box.checked && !ctx.store.loaded.has(r.id)) ctx.host.post({ type: 'openRun', runIds: [r.id] });
    ctx.changed();
  });
  const label = r.sweep && nested ? `${r.sweep.variant ? `${r.sweep.variant} · ` : ''}λ ${formatValue(r.sweep.value)} · seed ${r.sweep.seed}` : r.name;
  const focused = ctx.ui.focusedRunId === r.id;
  const name = h('button', { class: `link run-link${focused ? ' focused' : ''}`, title: r.name, 'aria-current': focused ? 'true' : undefined,
    onclick: () => ctx.focusRun(r.id, ['curves', 'norms', 'sparsity', 'histograms'].includes(ctx.ui.view) ? ctx.ui.view : 'curves') }, label);
  // A run training now is running with its live epoch, whatever the last listing said.
  const live = ctx.store.progress.find((p) => p.runId === r.id && p.status === 'running');
  const done = live ? live.epoch : r.epochsCompleted ?? 0;
  const planned = live ? live.epochsPlanned : r.epochsPlanned;
  const epochs = planned ? `${done}/${planned}` : '';
  return h('li', { class: 'run-row', 'data-run-id': r.id }, box, name, statusBadge(live ? 'running' : r.status),
    h('span', { class: 'run-meta muted' }, [epochs, r.valLoss !== undefined ? `val ${fmtNum(r.valLoss)}` : ''].filter(Boolean).join(' · ')));
}

/** Newest first, whatever order the host sent (ids begin with the start time, so they sort too). */
function newestFirst(rs: RunListEntry[]): RunListEntry[] {
  const key = (r: RunListEntry) => r.startedAt || r.id;
  return [...rs].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

export function runsList(ctx: ViewContext): HTMLElement {
  const { runs } = ctx.store;
  const sweeps = runs.filter((r) => r.kind === 'sweep');
  const trialsOf = (id: string) => runs.filter((r) => r.kind === 'run' && r.sweep?.id === id)
    .sort((a, b) => (a.sweep!.variant ?? '').localeCompare(b.sweep!.variant ?? '') || a.sweep!.value - b.sweep!.value || a.sweep!.seed - b.sweep!.seed);
  const inSweep = new Set(sweeps.flatMap((s) => trialsOf(s.id).map((t) => t.id)));
  const plain = runs.filter((r) => r.kind === 'run' && !inSweep.has(r.id));
  const list = h('div', { class: 'runs-list' });
  list.append(h('div', { class: 'runs-head' }, h('h2', {}, 'Runs'),
    h('button', { class: 'icon', title: 'Reload the list from .reglab/runs/', 'aria-label': 'refresh', onclick: () => ctx.host.post({ type: 'refreshRuns' }) }, '⟳')));
  if (!runs.length) list.append(h('p', { class: 'muted' }, 'No runs yet. Run an experiment, or open the form to write one.'));
  for (const s of newestFirst(sweeps)) {
    const trials = trialsOf(s.id);
    const open = ctx.ui.sweepId === s.id;
    const expanded = (ctx.ui.expandedSweeps ?? []).includes(s.id);
    // The host's latest sweep summary (sent as trials end and when the sweep ends) is fresher than the listing.
    const view = ctx.store.sweeps.get(s.id);
    const status = view?.status ?? s.status;
    // Trials done / planned (the listing counts them in epochsCompleted / epochsPlanned) until the sweep completed.
    const count = status !== 'completed' && s.epochsPlanned ? `${s.epochsCompleted ?? 0}/${s.epochsPlanned} trials` : `${s.epochsPlanned ?? trials.length} trials`;
    const head = h('summary', {},
      h('button', { class: `link sweep-link${open ? ' focused' : ''}`, onclick: (e: Event) => { e.preventDefault(); ctx.ui.sweepId = s.id; ctx.ui.view = 'sweep'; ctx.ui.expandedSweeps = [...new Set([...(ctx.ui.expandedSweeps ?? []), s.id])]; if (!ctx.store.sweeps.has(s.id)) ctx.host.post({ type: 'openSweep', sweepId: s.id }); ctx.changed(); } }, `λ sweep · ${s.name}`),
      statusBadge(status), h('span', { class: 'muted trial-count' }, count));
    const group = h('details', { class: 'sweep-group', open: expanded || undefined, 'data-sweep-id': s.id }, head, h('ul', {}, ...trials.map((t) => runRow(ctx, t, true))));
    // The list is redrawn on every change: remember which groups the user opened or closed.
    group.addEventListener('toggle', () => {
      if (group.open === expanded) return; // the initial state we drew, not a user action
      const rest = (ctx.ui.expandedSweeps ?? []).filter((x) => x !== s.id);
      ctx.ui.expandedSweeps = group.open ? [...rest, s.id] : rest;
      ctx.changed();
    });
    list.append(group);
  }
  if (plain.length) list.append(h('ul', {}, ...newestFirst(plain).map((r) => runRow(ctx, r))));
  return list;
}

export function progressStrip(ctx: ViewContext): HTMLElement | null {
  const entries = ctx.store.progress.filter((p) => p.status === 'running');
  if (!entries.length) return null;
  return h('section', { class: 'progress', 'aria-label': 'running' },
    h('div', { class: 'progress-head' }, h('strong', {}, `${entries.length} running`),
      h('button', { class: 'danger', onclick: () => ctx.host.post({ type: 'stop' }) }, 'Stop all')),
    h('ul', {}, ...entries.map((p) => h('li', { class: 'progress-row' },
      h('button', { class: 'link', onclick: () => ctx.focusRun(p.runId, 'curves') }, p.name),
      h('progress', { max: p.epochsPlanned, value: p.epoch }),
      h('span', { class: 'muted' }, `epoch ${p.epoch}/${p.epochsPlanned} · ETA ${fmtDuration(ctx.store.eta(p))}`),
      h('button', { class: 'secondary small', title: `Stop ${p.name}`, onclick: () => ctx.host.post({ type: 'stop', runId: p.runId }) }, 'Stop')))));
}
