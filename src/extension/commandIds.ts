// Every command RegLab registers. The ids are the public contract (spec: Package and commands);
// package.json `contributes.commands` declares the same ids.
export const enum Command {
  /** Open (or reveal) the RegLab panel: runs list, curves, norms, sweeps, experiment form. */
  OpenPanel = 'reglab.openPanel',
  /** Train the active `*.reglab.json` (or a picked one) in a trainer process. */
  RunExperiment = 'reglab.runExperiment',
  /** Run the λ sweep of the active (or picked) experiment in parallel trainer processes. */
  RunSweep = 'reglab.runSweep',
  /** Stop every running run and sweep trial. */
  StopAll = 'reglab.stopAll',
  /** Lint every Python file of the workspace (respecting files.exclude), with progress. */
  LintWorkspace = 'reglab.lintWorkspace',
  /** Write the λ a sweep chose back into the source it came from, as an undoable edit. */
  ApplyLambda = 'reglab.applyLambda',
  /** Open the PyTorch script equivalent to an experiment file in an untitled editor. */
  ExportPytorch = 'reglab.exportPytorch',
  /** (CodeLens) Open the panel with an experiment preset from a Python optimizer call. */
  TryInRegLab = 'reglab.tryInRegLab',
  /** (CodeLens) Apply a lint fix to a document. */
  ApplyLintFix = 'reglab.applyLintFix',
  /** (CodeLens) Show the per-group decay table of an optimizer call (its hover). */
  ShowDecayTable = 'reglab.showDecayTable',
}

/** Context keys used in package.json `when` clauses. */
export const enum ContextKey {
  /** True while a run or sweep is in progress. */
  Running = 'reglab.running',
  /** True when a finished sweep has a chosen λ and a source to write it to. */
  CanApplyLambda = 'reglab.canApplyLambda',
}
