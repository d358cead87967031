// reglab.stopAll: stops every run and sweep trial (running ones close their runs as `stopped`).
import * as vscode from 'vscode';
import type { RegLab } from '../reglab';

export function stopAll(reglab: RegLab): void {
  const training = reglab.trainingIfStarted;
  if (!training?.isRunning) {
    void vscode.window.setStatusBarMessage('RegLab: nothing is running', 3000);
    return;
  }
  training.stop();
}
