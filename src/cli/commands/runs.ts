// `reglab runs [--out DIR] [--json]`: lists the runs and sweeps in the store (`--out`, else
// `.reglab/runs` of the workspace containing the current folder). Damaged files are reported on
// stderr and skipped; listing never fails because of them (exit 0).
import path from 'node:path';
import { parseCommandArgs, printJson, CliUsageError } from '../args';
import { DEFAULT_STORE_DIR, storeRoot, workspaceOfDir } from '../../core/runs/layout';
import { listStore } from '../../core/runs/listRuns';

function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  return Math.abs(v) >= 1e-3 || v === 0 ? Number(v.toPrecision(4)).toString() : v.toExponential(2);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' }, json: { type: 'boolean', default: false } });
  if (positionals.length) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
  const root = values.out ? storeRoot(process.cwd(), values.out) : path.join(workspaceOfDir(process.cwd()), DEFAULT_STORE_DIR);
  const listing = listStore(root);
  for (const w of listing.warnings) process.stderr.write(`reglab runs: warning: ${w}\n`);
  if (values.json) {
    printJson(listing);
    return 0;
  }
  const out: string[] = [];
  if (!listing.runs.length && !listing.sweeps.length) out.push(`no runs in ${root}`);
  if (listing.sweeps.length) {
    out.push(`Sweeps in ${root}:`);
    const rows = [['ID', 'STATUS', 'PARAM', 'TRIALS', 'CHOSEN']];
    for (const s of listing.sweeps) {
      const counts = Object.entries(s.counts ?? {}).map(([k, n]) => `${n} ${k}`).join(', ');
      const chosen = (s.selections ?? []).map((c) => `${c.variant ? `${c.variant}:` : ''}${c.baseline ? 'baseline' : `${fmt(c.chosen)} (${c.rule})`}`).join(' ');
      rows.push([s.id, s.status, s.param, counts || '0', chosen || '-']);
    }
    out.push(table(rows), '');
  }
  if (listing.runs.length) {
    out.push(`Runs in ${root}:`);
    const rows = [['ID', 'STATUS', 'EPOCHS', 'TRAIN', 'VAL', 'SWEEP']];
    for (const r of listing.runs) {
      rows.push([r.id, r.live ? 'running' : r.status, `${r.epochsCompleted}/${r.epochsPlanned}`, fmt(r.final?.trainLoss), fmt(r.final?.valLoss), r.sweep ? r.sweep.id.slice(0, 19) : '']);
    }
    out.push(table(rows));
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
