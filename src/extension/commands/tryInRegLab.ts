// (CodeLens "Try in RegLab") Opens the panel's experiment form with a preset from a Python
// optimizer call: its optimizer type, lr, λ and grouping on a sandbox model, with a λ sweep.
// The call's location is remembered so a sweep of the saved experiment can apply λ back to it.
import * as vscode from 'vscode';
import type { OptimizerReport } from '../../core/lint/types';
import type { RegLab } from '../reglab';
import { presetFromOptimizer } from '../pure/presetFromOptimizer';
import { callAnchor } from '../pure/callAnchor';
import { readSettings } from '../settings';
import { log } from '../log';

export function tryInRegLab(reglab: RegLab, uri: unknown, report: unknown): void {
  if (!(uri instanceof vscode.Uri) || !report || typeof (report as OptimizerReport).optimizer !== 'string') return;
  const file = uri.scheme === 'file' ? uri.fsPath : uri.toString();
  const preset = presetFromOptimizer(report as OptimizerReport, file, readSettings(uri).defaultGrid);
  // The call's text, to find it again when λ is applied after the file changed.
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc) preset.origin.anchor = callAnchor(doc.getText(), report as OptimizerReport);
  // Shown by the panel ("Preset from …").
  const source = `${(report as OptimizerReport).optimizer}(...) at ${vscode.workspace.asRelativePath(uri)}:${(report as OptimizerReport).line}`;
  // Sent back with the saved experiment: links the file to this call, whatever it is named.
  const presetId = reglab.panel.rememberPreset(preset.origin);
  reglab.panel.show();
  reglab.panel.post({ type: 'experimentPreset', experiment: preset.experiment, source, presetId });
  reglab.panel.post({ type: 'show', view: 'experiment' });
  for (const n of preset.notes) reglab.panel.post({ type: 'notice', level: 'info', message: n });
  log.info(`Try in RegLab: preset ${String(preset.experiment.name)} from ${file}:${(report as OptimizerReport).line}`);
}
