// reglab.stopAll: stops every run and sweep trial (running ones close their runs as `stopped`)
// and ends the idle (warm) trainer processes kept for the next run.
import * as vscode from 'vscode';
import type { RegLab } from '../reglab';

export function stopAll(reglab: RegLab): void {
  const training = reglab.trainingIfStarted;
  training?.closeIdleTrainers('Stop All');
  if (!training?.isRunning) {
    void vscode.window.setStatusBarMessage('RegLab: nothing is running', 3000);
    return;
  }
  training.stop();
}
