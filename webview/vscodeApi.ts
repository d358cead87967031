// The VS Code webview API, typed with the panel protocol. `acquireVsCodeApi` may be called once.
import type { HostToWebview, PanelView, WebviewToHost } from '../src/core/panel/protocol';
import type { FormValues } from './formModel';

/** What survives a reload of the webview (getState / setState): the view and the selection. */
export interface PersistedState {
  view: PanelView;
  focusedRunId?: string;
  overlayIds: string[];
  overlayMetric: 'valLoss' | 'trainLoss' | 'penalty' | 'valAccuracy';
  sweepId?: string;
  /** Sweep groups the user expanded in the runs list. */
  expandedSweeps?: string[];
  form?: FormValues;
  /** The "Try in RegLab" preset the form was filled from (sent back when the experiment is saved). */
  formPresetId?: string;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export class Host {
  private readonly api: VsCodeApi = acquireVsCodeApi();

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  onMessage(fn: (m: HostToWebview) => void): void {
    window.addEventListener('message', (e: MessageEvent) => fn(e.data as HostToWebview));
  }

  loadState(): Partial<PersistedState> {
    const s = this.api.getState();
    return s && typeof s === 'object' ? (s as Partial<PersistedState>) : {};
  }

  saveState(s: PersistedState): void {
    this.api.setState(s);
  }
}
