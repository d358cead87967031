// The per-group decay table of one optimizer construction, as Markdown for the hover. Pure: the
// same text can be checked in a unit test without VS Code.
import type { OptimizerReport, ParamGroupReport, ResolvedValue, TensorCounts } from '../../core/lint/types';

const SOURCE_LABEL: Record<ResolvedValue['source'], string> = {
  literal: 'literal',
  constant: 'constant',
  'argparse-default': 'argparse default',
  'parameter-default': 'parameter default',
  config: 'config',
  'dataclass-default': 'dataclass default',
  'optimizer-default': 'optimizer default',
  inherited: 'inherited from the optimizer',
  unresolved: 'unresolved',
};

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[`*_[\]<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

export function formatNumber(v: number): string {
  if (v === 0) return '0';
  // Six significant digits: enough to tell grid points apart, short enough to read.
  const r = Number(v.toPrecision(6));
  const a = Math.abs(r);
  return a < 1e-3 || a >= 1e4 ? r.toExponential().replace('e+', 'e') : String(r);
}

export function formatValue(v: ResolvedValue): string {
  const shown = v.value === null ? (v.expression ? `\`${v.expression}\`` : '?') : formatNumber(v.value);
  const why = v.detail ?? (v.expression && v.value !== null && v.source !== 'literal' ? `${SOURCE_LABEL[v.source]}: ${v.expression}` : SOURCE_LABEL[v.source]);
  return `${shown} (${cell(why)})`;
}

function counts(c: TensorCounts | null): string {
  if (!c) return 'unknown';
  const parts = [
    [c.weights, 'weight'], [c.biases, 'bias'], [c.norms, 'norm'], [c.embeddings, 'embedding'],
  ].filter(([n]) => (n as number) > 0).map(([n, what]) => `${n} ${what}${n === 1 ? '' : what === 'bias' ? 'es' : 's'}`);
  return parts.length ? parts.join(', ') : 'none';
}

function groupRow(g: ParamGroupReport): string {
  return `| ${g.index} | ${cell(g.params)} | ${g.selection} | ${formatValue(g.lr)} | ${formatValue(g.weightDecay)} | ${counts(g.decayed)} |`;
}

export function decayTableMarkdown(r: OptimizerReport): string {
  const lines = [
    `**${cell(r.optimizer)}** \`${r.qualifiedName}\` · ${r.decoupled ? 'decoupled weight decay (p ← p·(1 − lr·wd))' : 'coupled L2 (wd·p added to the gradient)'}`,
    '',
    `weight_decay ${formatValue(r.weightDecay)} · lr ${formatValue(r.lr)}${r.model ? ` · model \`${r.model}\`` : ''}`,
    '',
    '| group | parameters | kind | lr | weight_decay | decayed tensors |',
    '| ---: | --- | --- | --- | --- | --- |',
    ...r.groups.map(groupRow),
  ];
  const decayed: string[] = [];
  if (r.decayedBiases !== null && r.decayedBiases > 0) decayed.push(`${r.decayedBiases} bias tensor${r.decayedBiases === 1 ? '' : 's'}`);
  if (r.decayedNorms !== null && r.decayedNorms > 0) decayed.push(`${r.decayedNorms} norm tensor${r.decayedNorms === 1 ? '' : 's'}`);
  if (decayed.length) lines.push('', `⚠ weight decay reaches ${decayed.join(' and ')}.`);
  if (r.rules.length) lines.push('', `Rules: ${r.rules.map((id) => `\`${id}\``).join(', ')}`);
  return lines.join('\n');
}
