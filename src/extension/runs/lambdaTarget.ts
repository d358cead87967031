// Remembers where a sweep came from (a Python optimizer call or an experiment file) and, once it
// finishes, the λ it chose, so reglab.applyLambda can write it back. Keeps the
// `reglab.canApplyLambda` context key in step.
import * as vscode from 'vscode';
import { ContextKey, Command } from '../commandIds';
import type { PythonOrigin } from '../pure/presetFromOptimizer';
import { lambdaCandidates, type CompareSpec, type LambdaCandidate } from '../pure/lambdaChoice';
import { formatNumber } from '../pure/decayTable';
import type { SweepSummary } from '../../core/sweep/types';

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

export class LambdaTarget {
  /** Python origins of experiment files created from "Try in RegLab" (experiment path -> origin). */
  private readonly pythonOrigins = new Map<string, PythonOrigin>();
  private choice: LambdaChoice | undefined;

  linkExperimentToPython(experimentFile: string, origin: PythonOrigin): void {
    this.pythonOrigins.set(experimentFile, origin);
  }

  /** Where a sweep of this experiment file should write λ back to. */
  originFor(experimentFile: string): LambdaOrigin {
    return this.pythonOrigins.get(experimentFile) ?? { kind: 'experiment', file: experimentFile };
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
}
