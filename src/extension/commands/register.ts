// Registers every command; each lives in its own file. All registrations go to subscriptions.
import * as vscode from 'vscode';
import { Command } from '../commandIds';
import type { RegLab } from '../reglab';
import { log } from '../log';
import { openPanel } from './openPanel';
import { runExperiment } from './runExperiment';
import { runSweep } from './runSweep';
import { stopAll } from './stopAll';
import { lintWorkspace } from './lintWorkspace';
import { applyLambda } from './applyLambda';
import { exportPytorch } from './exportPytorch';
import { tryInRegLab } from './tryInRegLab';
import { applyLintFix } from './applyLintFix';
import { showDecayTable } from './showDecayTable';

type Handler = (...args: unknown[]) => unknown;

function guarded(id: Command, fn: Handler): Handler {
  return async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (err) {
      log.error(`${id} failed`, err);
      void vscode.window.showErrorMessage(`RegLab: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };
}

export function registerCommands(reglab: RegLab): vscode.Disposable[] {
  const handlers: Record<Command, Handler> = {
    [Command.OpenPanel]: () => openPanel(reglab),
    [Command.RunExperiment]: (uri) => runExperiment(reglab, uri),
    [Command.RunSweep]: (uri) => runSweep(reglab, uri),
    [Command.StopAll]: () => stopAll(reglab),
    [Command.LintWorkspace]: () => lintWorkspace(reglab),
    [Command.ApplyLambda]: () => applyLambda(reglab),
    [Command.ExportPytorch]: (uri) => exportPytorch(uri),
    [Command.TryInRegLab]: (uri, report) => tryInRegLab(reglab, uri, report),
    [Command.ApplyLintFix]: (uri, version, fix) => applyLintFix(uri, version, fix),
    [Command.ShowDecayTable]: (uri, position) => showDecayTable(uri, position),
  };
  return (Object.entries(handlers) as Array<[Command, Handler]>).map(([id, fn]) => vscode.commands.registerCommand(id, guarded(id, fn)));
}
