// The line above a run's charts: name, status, epoch progress, and a Stop button while it runs.
import { fmtNum, h } from '../lib/dom';
import { statusBadge } from '../lib/tables';
import type { ViewContext } from './context';

export function runHeader(ctx: ViewContext, runId: string): HTMLElement {
  const run = ctx.store.loaded.get(runId);
  const entry = ctx.store.entry(runId);
  const metrics = run?.metrics ?? [];
  const last = metrics[metrics.length - 1];
  const planned = run?.summary?.epochsPlanned ?? entry?.epochsPlanned;
  const running = ctx.store.isRunning(runId);
  const status = running ? 'running' : run?.summary?.status ?? entry?.status ?? 'incomplete';
  const bits = [
    last ? `epoch ${last.epoch}${planned ? `/${planned}` : ''}` : 'no epoch yet',
    last ? `train ${fmtNum(last.trainLoss)} · val ${fmtNum(last.valLoss)}${last.penalty ? ` · penalty ${fmtNum(last.penalty)}` : ''}` : '',
    run?.summary?.divergence ? `diverged at epoch ${run.summary.divergence.epoch}: ${run.summary.divergence.message}` : '',
    run?.summary?.reason ?? '',
  ].filter(Boolean).join(' · ');
  return h('div', { class: 'run-header' },
    h('span', { class: 'run-name' }, ctx.store.name(runId)), statusBadge(status), h('span', { class: 'muted' }, bits),
    running ? h('button', { class: 'secondary stop', title: 'Stop this run', onclick: () => ctx.host.post({ type: 'stop', runId }) }, 'Stop') : null);
}
