// Tables shared by the panel and the report: a sweep's trials with their status, and the
// experiment's key settings.
import { formatValue, sweptLabel } from '../../src/core/charts';
import type { SweepView } from '../../src/core/panel/protocol';
import { fmtNum, h } from './dom';

export interface TrialRow {
  variant: string;
  value: number;
  seed: number;
  status: string;
  metric?: number;
  epochsCompleted?: number;
  epochsPlanned?: number;
  reason?: string;
  runId: string;
}

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `status status-${status}` }, status);
}

/** Trials sorted by variant, value, seed; the chosen value's rows in bold; rows clickable when `onOpen` is given. */
export function trialsTable(sweep: SweepView, rows: TrialRow[], onOpen?: (runId: string) => void): HTMLTableElement {
  const multi = sweep.variants.length > 1;
  const chosen = (r: TrialRow) => sweep.selections.some((s) => s.variant === r.variant && s.chosen === r.value);
  const sorted = [...rows].sort((a, b) => a.variant.localeCompare(b.variant) || a.value - b.value || a.seed - b.seed);
  const head = h('tr', {}, ...(multi ? [h('th', {}, 'variant')] : []), h('th', { class: 'num' }, sweptLabel(sweep)), h('th', { class: 'num' }, 'seed'), h('th', {}, 'status'),
    h('th', { class: 'num' }, sweep.metric), h('th', { class: 'num' }, 'epochs'), h('th', {}, 'note'));
  const body = sorted.map((r) => {
    const tr = h('tr', { class: `${chosen(r) ? 'chosen' : ''}${onOpen ? ' clickable' : ''}`, tabindex: onOpen ? 0 : undefined, title: onOpen ? 'Open this trial' : undefined },
      ...(multi ? [h('td', {}, r.variant)] : []),
      h('td', { class: 'num' }, formatValue(r.value)),
      h('td', { class: 'num' }, r.seed),
      h('td', {}, statusBadge(r.status)),
      h('td', { class: 'num' }, fmtNum(r.metric)),
      h('td', { class: 'num' }, r.epochsPlanned ? `${r.epochsCompleted ?? 0}/${r.epochsPlanned}` : '—'),
      h('td', { class: 'muted' }, r.reason ?? ''));
    if (onOpen) {
      tr.addEventListener('click', () => onOpen(r.runId));
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') onOpen(r.runId); });
    }
    return tr;
  });
  return h('table', { class: 'trials' }, h('thead', {}, head), h('tbody', {}, ...body));
}

/** The experiment's regularization-relevant settings as a definition list. */
/** `swept`: for a sweep, what varies across its trials (the other rows are its base experiment). */
export function experimentFacts(exp: Record<string, any> | undefined, swept?: string): HTMLElement | null {
  if (!exp) return null;
  const o = exp.optimizer ?? {};
  const p = exp.penalty ?? {};
  const m = exp.model ?? {};
  const d = exp.data ?? {};
  const t = exp.training ?? {};
  const groups = typeof exp.paramGroups === 'string' ? exp.paramGroups : Array.isArray(exp.paramGroups) ? `${exp.paramGroups.length} explicit group(s)` : undefined;
  const penalties = [p.l1 ? `L1 ${p.l1} (${p.l1Mode ?? 'subgradient'})` : '', p.l2 ? `L2 ${p.l2}` : '', p.activationL1 ? `activation L1 ${p.activationL1}` : '', p.activationL2 ? `activation L2 ${p.activationL2}` : '']
    .filter(Boolean).join(', ');
  const facts: Array<[string, string | undefined]> = [
    ['data', d.name ? `${d.source} ${d.name}${d.samples ? `, ${d.samples} samples` : ''}` : d.source],
    ['model', Array.isArray(m.hidden) ? `hidden [${m.hidden.join(', ')}], ${m.activation}${m.norm && m.norm !== 'none' ? `, ${m.norm}` : ''}` : undefined],
    ['optimizer', o.type ? `${o.type} lr ${o.lr}${o.momentum ? `, momentum ${o.momentum}` : ''}, weight_decay ${o.weightDecay}` : undefined],
    ['param groups', groups],
    ['penalty', penalties ? `${penalties} on ${p.params ?? 'all'}` : 'none'],
    ['training', t.epochs ? `${t.epochs} epochs, batch ${t.batchSize}` : undefined],
    ['seed', exp.seed !== undefined ? String(exp.seed) : undefined],
    ['swept', swept],
  ];
  return h('dl', { class: 'facts' }, ...facts.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]));
}
