// The RegLab status bar item: running trials, overall progress and the backend in use while
// training; a quiet shortcut to the panel afterwards. Clicking it opens the panel.
import * as vscode from 'vscode';
import { Command } from '../commandIds';

export interface StatusSnapshot {
  running: number;
  finished: number;
  total: number;
  /** 0..1 over every planned epoch. */
  progress: number;
  backend?: string;
  etaMs?: number;
}

function eta(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const s = Math.round(ms / 1000);
  return s >= 60 ? ` · ${Math.floor(s / 60)} min ${s % 60} s left` : ` · ${s} s left`;
}

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('reglab.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'RegLab';
    this.item.command = Command.OpenPanel;
  }

  get text(): string {
    return this.item.text;
  }

  update(s: StatusSnapshot): void {
    const backend = s.backend ? ` · ${s.backend}` : '';
    if (s.running > 0 || s.finished < s.total) {
      const pct = Math.round(s.progress * 100);
      this.item.text = `$(sync~spin) RegLab ${s.running} running · ${s.finished}/${s.total} done · ${pct}%${backend}`;
      this.item.tooltip = new vscode.MarkdownString(`**RegLab** training: ${s.running} trainer process${s.running === 1 ? '' : 'es'}, ${s.finished} of ${s.total} runs finished, ${pct}% of epochs${eta(s.etaMs)}.\n\nBackend: ${s.backend ?? 'starting…'}. Click to open the panel; **RegLab: Stop All Runs** stops them.`);
    } else {
      this.item.text = `$(graph-line) RegLab${backend}`;
      this.item.tooltip = `RegLab: ${s.total} run${s.total === 1 ? '' : 's'} finished${s.backend ? ` on the ${s.backend} backend` : ''}. Click to open the panel.`;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
