// `reglab report <run-or-sweep-folder> [--out FILE]`: writes one self-contained HTML report
// (charts, data and scripts inline; no network) of a run or a sweep.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliUsageError, parseCommandArgs } from '../args';
import { loadReportAssets, loadReportData, renderReportHtml, ReportInputError } from '../../core/report';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string', short: 'o' } });
  if (positionals.length !== 1) throw new CliUsageError(`expected one run or sweep folder, got ${positionals.length}`);
  const folder = positionals[0];
  let data;
  try {
    data = loadReportData(folder);
  } catch (err) {
    if (err instanceof ReportInputError) { process.stderr.write(`reglab report: ${err.message}\n`); return 1; }
    throw err;
  }
  for (const w of data.warnings) process.stderr.write(`reglab report: warning: ${w}\n`);
  const out = path.resolve(values.out ?? path.join(folder, 'report.html'));
  const html = renderReportHtml(data, loadReportAssets());
  writeFileSync(out, html);
  process.stderr.write(`reglab report: wrote ${out} (${(html.length / 1024).toFixed(0)} KB)\n`);
  return 0;
}
