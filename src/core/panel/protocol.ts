// The message protocol between the RegLab panel (webview) and the extension host.
// One module, imported by both sides: the host posts `HostToWebview` messages, the webview posts
// `WebviewToHost` messages. Everything that arrives from the webview is untrusted and goes through
// `parseWebviewMessage` before the host acts on it. Pure types and validators: no DOM, no vscode.
import type { EpochMetrics, RunStatus, RunSummary } from '../train/types';
import type { SweepSelection } from '../sweep/types';

/** Bump when a message changes shape; the webview sends it in `ready`. */
export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Shared payloads

/** One row of the runs list (a run, a sweep trial, or a sweep). */
export interface RunListEntry {
  /** Stable id the host understands (e.g. the folder path relative to the runs root). */
  id: string;
  kind: 'run' | 'sweep';
  name: string;
  status: RunStatus | 'running';
  startedAt?: string;
  epochsCompleted?: number;
  epochsPlanned?: number;
  /** Final (or best) validation loss, for sorting and a glance. */
  valLoss?: number;
  /** For sweep trials: the sweep's id, the swept value, seed and compare variant. */
  sweep?: { id: string; param: string; value: number; seed: number; variant?: string };
}

/**
 * Sweep result as the panel and report draw it: the sweep summary (sweep.json) reduced to what is
 * charted. `sweepViewFromSummary` in src/core/charts builds it from a SweepSummary.
 */
export interface SweepView {
  id: string;
  name: string;
  /** Field path being swept, e.g. "optimizer.weightDecay". */
  param: string;
  metric: 'valLoss' | 'valAccuracy' | 'trainLoss';
  select: 'min' | '1se';
  status?: string;
  /** One entry per compare variant (a single entry named "" when there is no `compare`). */
  variants: SweepVariantView[];
  /** Variant name -> the field its λ goes into, when a `compare` variant sets its own `param`. */
  variantParams?: Record<string, string>;
  /** The selection rule's outcome per variant: the chosen value and the sentence saying why. */
  selections: SweepSelectionView[];
  notes?: string[];
}
/** A sweep's selection outcome as the panel shows it: the store's record, named by its variant. */
export type SweepSelectionView = Pick<SweepSelection, 'chosen' | 'best' | 'bestMean' | 'bestSe' | 'threshold' | 'why'> & {
  variant: string;
};
export interface SweepVariantView {
  name: string;
  points: SweepPointView[];
}
export type TrialStatus = RunStatus | 'running' | 'pending';
export interface SweepPointView {
  value: number;
  /** Mean of the metric over the seeds that finished (undefined when none did). */
  mean?: number;
  /** Standard error of that mean (sd / sqrt(n)); 0 when n = 1. */
  se?: number;
  n: number;
  /** Why the point cannot be chosen (a trial diverged, failed, ...). */
  excluded?: string;
  trials: Array<{ runId: string; seed: number; status: TrialStatus; metric?: number; reason?: string; epochsCompleted?: number; epochsPlanned?: number }>;
}

/** Progress of one running run or trial. */
export interface ProgressEntry {
  runId: string;
  name: string;
  epoch: number;
  epochsPlanned: number;
  /** Estimated milliseconds to completion, when the host knows it. */
  etaMs?: number;
  status: RunStatus | 'running';
}

// ---------------------------------------------------------------------------------------------
// Host -> webview

export type HostToWebview =
  /** The full runs list (replaces the previous one). */
  | { type: 'runs'; runs: RunListEntry[] }
  /** Everything recorded for one run (answer to `openRun`, or pushed when a run starts). */
  | { type: 'runData'; runId: string; summary?: RunSummary; metrics: EpochMetrics[]; live?: boolean }
  /** One more epoch of a live run. */
  | { type: 'epoch'; runId: string; metrics: EpochMetrics }
  /** The epochs live runs reported since the last such message (the host batches them: a few posts a second). */
  | { type: 'epochs'; runs: Array<{ runId: string; metrics: EpochMetrics[] }> }
  /** A run finished (or failed/stopped): its final summary. */
  | { type: 'runFinished'; runId: string; summary: RunSummary }
  /** Progress of everything currently running (empty when idle). */
  | { type: 'progress'; entries: ProgressEntry[] }
  /** A sweep's result (or its partial result while it runs). */
  | { type: 'sweep'; sweep: SweepView }
  /** Open the experiment form prefilled (e.g. "Try in RegLab" from a Python optimizer call). */
  | { type: 'experimentPreset'; experiment: Record<string, unknown>; source?: string; presetId?: string }
  /** Which view to show (e.g. after "Run" from a CodeLens). */
  | { type: 'show'; view: PanelView; runId?: string; sweepId?: string }
  /** A short message for the user (save done, error). */
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

export type PanelView = 'runs' | 'curves' | 'norms' | 'sparsity' | 'histograms' | 'sweep' | 'overlay' | 'experiment';
export const PANEL_VIEWS: readonly PanelView[] = ['runs', 'curves', 'norms', 'sparsity', 'histograms', 'sweep', 'overlay', 'experiment'];

// ---------------------------------------------------------------------------------------------
// Webview -> host

export type WebviewToHost =
  /** The webview has loaded and can receive messages (the host queues posts until then). */
  | { type: 'ready'; protocol: number }
  /** Please send `runs` again (re-read .reglab/runs/). */
  | { type: 'refreshRuns' }
  /** Please send `runData` for these runs (selection / overlay / restore after reload). */
  | { type: 'openRun'; runIds: string[] }
  /** The user clicked a point of the sweep chart: open that trial (reveal its run). */
  | { type: 'openTrial'; sweepId: string; runId: string }
  /** Please send `sweep` for this sweep. */
  | { type: 'openSweep'; sweepId: string }
  /** Stop one run/trial/sweep, or everything when `runId` is absent. */
  | { type: 'stop'; runId?: string }
  /** Save a chart image: a `data:image/png;base64,...` URL. */
  | { type: 'savePng'; dataUrl: string; suggestedName: string }
  /** Save a CSV export of a chart's data. */
  | { type: 'saveCsv'; csv: string; suggestedName: string }
  /** Save the experiment from the form as *.reglab.json; optionally run or sweep it afterwards. */
  /** `presetId`: the experimentPreset the form was filled from (links the saved file to its Python call). */
  | { type: 'saveExperiment'; experiment: Record<string, unknown>; suggestedName: string; then?: 'run' | 'sweep'; presetId?: string }
  /** An error inside the webview, for the RegLab log. */
  | { type: 'log'; level: 'info' | 'warning' | 'error'; message: string };

export type WebviewMessageType = WebviewToHost['type'];

// ---------------------------------------------------------------------------------------------
// Validation of what arrives from the webview

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

/** Upper bounds that keep a misbehaving webview from handing the host huge strings. */
export const LIMITS = {
  id: 4096,
  name: 255,
  text: 8 * 1024,
  csv: 64 * 1024 * 1024,
  png: 64 * 1024 * 1024,
  runIds: 1000,
} as const;

const SAFE_FILE_NAME = /^[^/\\:*?"<>|\u0000-\u001f]+$/;

class Invalid extends Error {}

function obj(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Invalid('expected an object');
  return v as Record<string, unknown>;
}
function str(o: Record<string, unknown>, key: string, max: number): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Invalid(`field "${key}": expected a string`);
  if (v.length === 0 || v.length > max) throw new Invalid(`field "${key}": expected 1..${max} characters, got ${v.length}`);
  return v;
}
function optStr(o: Record<string, unknown>, key: string, max: number): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, max);
}
function oneOf<T extends string>(o: Record<string, unknown>, key: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new Invalid(`field "${key}": expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
  return v as T;
}
function fileName(o: Record<string, unknown>, key: string, ext: string): string {
  const v = str(o, key, LIMITS.name);
  if (!SAFE_FILE_NAME.test(v) || v === '.' || v === '..') throw new Invalid(`field "${key}": expected a plain file name without folders`);
  if (!v.endsWith(ext)) throw new Invalid(`field "${key}": expected a name ending in ${ext}`);
  return v;
}

/**
 * Checks a message from the webview. Returns a typed copy holding only the known fields, or an
 * error that names the field and what was expected. Never throws.
 */
export function parseWebviewMessage(raw: unknown): ParseResult<WebviewToHost> {
  try {
    const o = obj(raw);
    const type = o.type;
    switch (type) {
      case 'ready': {
        const protocol = o.protocol;
        if (typeof protocol !== 'number' || !Number.isInteger(protocol)) throw new Invalid('field "protocol": expected an integer');
        return { ok: true, message: { type, protocol } };
      }
      case 'refreshRuns':
        return { ok: true, message: { type } };
      case 'openRun': {
        const ids = o.runIds;
        if (!Array.isArray(ids) || ids.length > LIMITS.runIds) throw new Invalid(`field "runIds": expected an array of at most ${LIMITS.runIds} ids`);
        const runIds = ids.map((id, i) => {
          if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.id) throw new Invalid(`field "runIds[${i}]": expected a non-empty string`);
          return id;
        });
        return { ok: true, message: { type, runIds } };
      }
      case 'openTrial':
        return { ok: true, message: { type, sweepId: str(o, 'sweepId', LIMITS.id), runId: str(o, 'runId', LIMITS.id) } };
      case 'openSweep':
        return { ok: true, message: { type, sweepId: str(o, 'sweepId', LIMITS.id) } };
      case 'stop': {
        const runId = optStr(o, 'runId', LIMITS.id);
        return { ok: true, message: runId === undefined ? { type } : { type, runId } };
      }
      case 'savePng': {
        const dataUrl = str(o, 'dataUrl', LIMITS.png);
        if (!dataUrl.startsWith('data:image/png;base64,')) throw new Invalid('field "dataUrl": expected a data:image/png;base64 URL');
        return { ok: true, message: { type, dataUrl, suggestedName: fileName(o, 'suggestedName', '.png') } };
      }
      case 'saveCsv':
        return { ok: true, message: { type, csv: str(o, 'csv', LIMITS.csv), suggestedName: fileName(o, 'suggestedName', '.csv') } };
      case 'saveExperiment': {
        const experiment = obj(o.experiment);
        const then = o.then === undefined ? undefined : oneOf(o, 'then', ['run', 'sweep'] as const);
        const presetId = optStr(o, 'presetId', LIMITS.name);
        const message: WebviewToHost = { type, experiment, suggestedName: fileName(o, 'suggestedName', '.reglab.json') };
        if (then) message.then = then;
        if (presetId) message.presetId = presetId;
        return { ok: true, message };
      }
      case 'log':
        return { ok: true, message: { type, level: oneOf(o, 'level', ['info', 'warning', 'error'] as const), message: str(o, 'message', LIMITS.text) } };
      default:
        throw new Invalid(`field "type": unknown message type ${JSON.stringify(type)}`);
    }
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: `invalid message from the RegLab panel: ${err.message}` };
    return { ok: false, error: `invalid message from the RegLab panel: ${String(err)}` };
  }
}

/** Light check on the webview side that a host message has a known type (the host is trusted). */
export function isHostMessage(raw: unknown): raw is HostToWebview {
  if (typeof raw !== 'object' || raw === null) return false;
  const t = (raw as { type?: unknown }).type;
  return t === 'runs' || t === 'runData' || t === 'epoch' || t === 'epochs' || t === 'runFinished' || t === 'progress'
    || t === 'sweep' || t === 'experimentPreset' || t === 'show' || t === 'notice';
}
