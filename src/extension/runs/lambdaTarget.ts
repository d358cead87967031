// Remembers where a sweep came from (a Python optimizer call or an experiment file) and, once it
// finishes, the λ it chose, so reglab.applyLambda can write it back. Keeps the
// `reglab.canApplyLambda` context key in step. The links from experiment files to Python calls
// live in the workspace's state (they survive a reload), follow renames of either file and go
// with a deleted experiment file.
import * as vscode from 'vscode';
import { ContextKey, Command } from '../commandIds';
import type { PythonOrigin } from '../pure/presetFromOptimizer';
import { lambdaCandidates, type CompareSpec, type LambdaCandidate } from '../pure/lambdaChoice';
import { formatNumber } from '../pure/decayTable';
import type { SweepSummary } from '../../core/sweep/types';
import { parseLinks, renamedPath, renameInLinks, withoutDeleted, type OriginLinks } from '../pure/originLinks';

const LINKS_KEY = 'reglab.pythonOrigins';

export type LambdaOrigin = PythonOrigin | { kind: 'experiment'; file: string };

export interface LambdaChoice {
  sweepName: string;
  origin: LambdaOrigin;
  candidates: LambdaCandidate[];
}

export function describeOrigin(o: LambdaOrigin): string {
  const rel = vscode.workspace.asRelativePath(o.file);
  return o.kind === 'python' ? `${o.optimizer}(...) in ${rel}:${o.call.line}` : rel;
}

export class LambdaTarget implements vscode.Disposable {
  private choice: LambdaChoice | undefined;
  private readonly subscription: vscode.Disposable;

  /** `state`: the workspace's Memento, where the experiment -> Python call links are kept. */
  constructor(private readonly state: vscode.Memento) {
    this.subscription = vscode.Disposable.from(
      vscode.workspace.onDidRenameFiles((e) => {
        for (const f of e.files) if (f.oldUri.scheme === 'file' && f.newUri.scheme === 'file') this.renamed(f.oldUri.fsPath, f.newUri.fsPath);
      }),
      vscode.workspace.onDidDeleteFiles((e) => {
        const before = this.links;
        let links = before;
        for (const f of e.files) if (f.scheme === 'file') links = withoutDeleted(links, f.fsPath);
        if (Object.keys(links).length !== Object.keys(before).length) this.save(links);
      }),
    );
  }

  private get links(): OriginLinks {
    return parseLinks(this.state.get(LINKS_KEY));
  }

  private save(links: OriginLinks): void {
    void this.state.update(LINKS_KEY, links);
  }

  /** An experiment saved from a "Try in RegLab" preset: its sweeps apply λ to that call. */
  linkExperimentToPython(experimentFile: string, origin: PythonOrigin): void {
    this.save({ ...this.links, [experimentFile]: origin });
  }

  /** A file or folder was renamed (experiment files and Python files both keep their links). */
  renamed(from: string, to: string): void {
    const before = this.links;
    const after = renameInLinks(before, from, to);
    if (JSON.stringify(after) !== JSON.stringify(before)) this.save(after);
    // A finished sweep's pending choice follows its source too.
    const file = this.choice ? renamedPath(this.choice.origin.file, from, to) : undefined;
    if (this.choice && file !== this.choice.origin.file) this.choice = { ...this.choice, origin: { ...this.choice.origin, file: file! } };
  }

  /** Where a sweep of this experiment file should write λ back to. */
  originFor(experimentFile: string): LambdaOrigin {
    return this.links[experimentFile] ?? { kind: 'experiment', file: experimentFile };
  }

  get current(): LambdaChoice | undefined {
    return this.choice;
  }

  /** A sweep finished: remember its choice and offer to apply it. */
  sweepFinished(summary: SweepSummary, origin: LambdaOrigin, compare: CompareSpec[] | undefined): void {
    const candidates = lambdaCandidates(summary, compare);
    if (!candidates.length) return;
    this.choice = { sweepName: summary.name, origin, candidates };
    void vscode.commands.executeCommand('setContext', ContextKey.CanApplyLambda, true);
    const first = candidates[0]!;
    const text = candidates.length === 1
      ? `RegLab: sweep "${summary.name}" chose λ = ${formatNumber(first.value)} (${first.why})`
      : `RegLab: sweep "${summary.name}" chose ${candidates.map((c) => `${c.variant || 'λ'} = ${formatNumber(c.value)}`).join(', ')}`;
    const apply = `Apply to ${describeOrigin(origin)}`;
    void vscode.window.showInformationMessage(text, apply).then((pick) => {
      if (pick === apply) void vscode.commands.executeCommand(Command.ApplyLambda);
    });
  }

  clear(): void {
    this.choice = undefined;
    void vscode.commands.executeCommand('setContext', ContextKey.CanApplyLambda, false);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
