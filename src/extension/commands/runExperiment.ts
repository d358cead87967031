// reglab.runExperiment: trains the active (or given, or picked) experiment file in a trainer
// process and shows it live in the panel. Needs a trusted workspace.
import * as vscode from 'vscode';
import type { RegLab } from '../reglab';
import type { TrainingService } from '../runs/trainingService';
import { requireTrust } from '../trust';
import { pickExperiment } from './pickExperiment';

async function saveIfDirty(uri: vscode.Uri): Promise<boolean> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return !doc?.isDirty || (await doc.save());
}

/** Shared by run and sweep: trust, pick the file, save it, open the panel, start. */
export async function launchTraining(reglab: RegLab, arg: unknown, verb: 'run' | 'sweep', start: (t: TrainingService, uri: vscode.Uri) => Promise<void>): Promise<void> {
  if (!(await requireTrust(verb === 'run' ? 'train experiments' : 'run sweeps'))) return;
  const uri = await pickExperiment(arg, verb);
  if (!uri || !(await saveIfDirty(uri))) return;
  const training = await reglab.training();
  reglab.panel.show();
  await start(training, uri);
}

export function runExperiment(reglab: RegLab, arg?: unknown): Promise<void> {
  return launchTraining(reglab, arg, 'run', (t, uri) => t.runExperiment(uri));
}
